using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client.Tests.Runtime.Fakes;

/// <summary>
/// A real TLS endpoint on 127.0.0.1 with a self-signed certificate, so the client's certificate callback (and
/// the real handler's redirect rules) run for real. It answers the token call with a token pair and anything
/// else with an empty JSON list, unless a responder given at construction answers first.
/// </summary>
public sealed class TinyTlsServer : IDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource stop = new();
    readonly Func<string, string> respond;
    readonly System.Collections.Concurrent.ConcurrentQueue<string> heads = new();

    /// <param name="respond">Given the request head ("GET /path HTTP/1.1" and headers), a whole HTTP response, or null for the default.</param>
    /// <param name="certificate">Another server's certificate, so that a pin of that server also fits this one.</param>
    public TinyTlsServer(Func<string, string> respond = null, X509Certificate2 certificate = null)
    {
        this.respond = respond;
        Certificate = certificate ?? CreateCertificate();
        listener.Start();
        _ = AcceptLoopAsync();
    }

    /// <summary>The heads of the requests answered, in order.</summary>
    public IReadOnlyList<string> Heads => heads.ToList();

    /// <summary>A whole HTTP/1.1 response that closes the connection.</summary>
    public static string Response(int status, string reason, string body = "", string headers = "", string mediaType = "application/json")
    {
        var length = Encoding.UTF8.GetByteCount(body);
        return $"HTTP/1.1 {status} {reason}\r\nContent-Type: {mediaType}\r\nContent-Length: {length}\r\n{headers}Connection: close\r\n\r\n{body}";
    }

    public X509Certificate2 Certificate { get; }
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;
    public Uri BaseUri => new($"https://127.0.0.1:{Port}/");
    public string Sha256 => Convert.ToHexString(SHA256.HashData(Certificate.RawData));
    public string Sha1 => Convert.ToHexString(SHA1.HashData(Certificate.RawData));

    public static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=cpm-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PFX so SslStream can use the private key on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient tcp;
            try { tcp = await listener.AcceptTcpClientAsync(stop.Token); }
            catch { return; }
            _ = ServeAsync(tcp);
        }
    }

    async Task ServeAsync(TcpClient tcp)
    {
        using (tcp)
        try
        {
            using var ssl = new SslStream(tcp.GetStream());
            await ssl.AuthenticateAsServerAsync(Certificate);
            var head = await ReadHeadAsync(ssl);
            heads.Enqueue(head);
            var response = respond?.Invoke(head) ?? Response(200, "OK", head.StartsWith("POST /api/token/obtain/api_key/")
                ? new JObject { ["access"] = Token(3600), ["refresh"] = Token(86400) }.ToString()
                : "[]");
            await ssl.WriteAsync(Encoding.UTF8.GetBytes(response));
            await ssl.FlushAsync();
        }
        catch
        {
            // The client refused the certificate: the handshake fails here, which is the point.
        }
    }

    static async Task<string> ReadHeadAsync(Stream stream)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (!text.ToString().Contains("\r\n\r\n"))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0) break;
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        var all = text.ToString();
        var split = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var length = all.Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l.Substring(15).Trim())).FirstOrDefault();
        var have = all.Length - split - 4;
        while (have < length)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0) break;
            have += read;
        }
        return all;
    }

    static string Token(int seconds)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Jwt.Make(new JObject { ["exp"] = now + seconds, ["iat"] = now, ["user_id"] = 1 });
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        Certificate.Dispose();
    }
}
