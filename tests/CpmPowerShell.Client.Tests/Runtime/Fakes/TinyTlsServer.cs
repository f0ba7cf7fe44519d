using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client.Tests.Runtime.Fakes;

/// <summary>
/// A real TLS endpoint on 127.0.0.1 with a self-signed certificate, so the client's certificate callback runs
/// for real. It answers the token call with a token pair and anything else with an empty JSON list.
/// </summary>
public sealed class TinyTlsServer : IDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource stop = new();

    public TinyTlsServer()
    {
        Certificate = CreateCertificate();
        listener.Start();
        _ = AcceptLoopAsync();
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
            var body = head.StartsWith("POST /api/token/obtain/api_key/")
                ? new JObject { ["access"] = Token(3600), ["refresh"] = Token(86400) }.ToString()
                : "[]";
            var bytes = Encoding.UTF8.GetBytes(body);
            var response = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
            await ssl.WriteAsync(Encoding.ASCII.GetBytes(response));
            await ssl.WriteAsync(bytes);
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
