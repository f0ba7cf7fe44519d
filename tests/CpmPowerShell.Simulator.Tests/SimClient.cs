using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CpmPowerShell.Simulator;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>An answer from the simulator, read in full.</summary>
public sealed class Reply
{
    public HttpStatusCode Status { get; init; }
    public HttpResponseMessage Message { get; init; }
    public byte[] Bytes { get; init; }
    public string Text => Encoding.UTF8.GetString(Bytes);
    /// <summary>The body as JSON, timestamps left as the text the server sent.</summary>
    public JToken Json
    {
        get
        {
            using var reader = new JsonTextReader(new StringReader(Text)) { DateParseHandling = DateParseHandling.None };
            return JToken.ReadFrom(reader);
        }
    }
    public string MediaType => Message.Content.Headers.ContentType?.MediaType;
    public string Header(string name) =>
        Message.Headers.TryGetValues(name, out var values) || Message.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;

    /// <summary>The message and code of the first error on a field, in the guide's error format.</summary>
    public (string Message, string Code) FieldError(string field)
    {
        var error = Json["errors"]?[0]?[field]?[0];
        Assert.True(error != null, $"No error on '{field}' in {Text}");
        return ((string)error["message"], (string)error["code"]);
    }
}

/// <summary>An HttpClient that trusts only the simulator's certificate (pinned by SHA-256), with token handling.</summary>
public sealed class SimClient : IDisposable
{
    readonly HttpClient http;

    public SimClient(SimulatorHost host)
    {
        Host = host;
        var expected = host.CertificateSha256;
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate != null && Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(certificate.GetRawCertData())) == expected },
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        };
        http = new HttpClient(handler) { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(20) };
    }

    public SimulatorHost Host { get; }
    public string Access { get; set; }
    public string Refresh { get; set; }

    public async Task<SimClient> LoginAsync(string apiKey = SimulatorOptions.DefaultApiKey)
    {
        var reply = await PostFormAsync("api/token/obtain/api_key/", ("api_key", apiKey));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Access = (string)reply.Json["access"];
        Refresh = (string)reply.Json["refresh"];
        return this;
    }

    public Task<Reply> GetAsync(string path, string accept = null, bool auth = true) => SendAsync(HttpMethod.Get, path, null, accept, auth);
    public Task<Reply> PostAsync(string path, object body = null, bool auth = true) => SendAsync(HttpMethod.Post, path, body, null, auth);
    public Task<Reply> PutAsync(string path, object body) => SendAsync(HttpMethod.Put, path, body);
    public Task<Reply> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public Task<Reply> PostFormAsync(string path, params (string Name, string Value)[] fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        return SendAsync(request);
    }

    /// <summary>Sends JSON (a string is sent as is, anything else serialised).</summary>
    public Task<Reply> SendAsync(HttpMethod method, string path, object body = null, string accept = null, bool auth = true)
    {
        var request = new HttpRequestMessage(method, path);
        if (body != null)
            request.Content = new StringContent(body as string ?? JsonConvert.SerializeObject(body), Encoding.UTF8, "application/json");
        if (accept != null) request.Headers.TryAddWithoutValidation("Accept", accept);
        if (auth && Access != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Access);
        return SendAsync(request);
    }

    public async Task<Reply> SendAsync(HttpRequestMessage request)
    {
        var response = await http.SendAsync(request);
        return new Reply { Status = response.StatusCode, Message = response, Bytes = await response.Content.ReadAsByteArrayAsync() };
    }

    public void Dispose() => http.Dispose();
}

/// <summary>A clock the test sets.</summary>
public sealed class FixedClock : TimeProvider
{
    public FixedClock(DateTimeOffset now) => Now = now;
    public DateTimeOffset Now { get; set; }
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>One simulator for a whole test class (tests in a class run one at a time).</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    public SimulatorHost Host { get; private set; }
    public SimClient Client { get; private set; }

    public async Task InitializeAsync()
    {
        Host = await SimulatorHost.StartAsync(new SimulatorOptions());
        Client = await new SimClient(Host).LoginAsync();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>A private simulator for tests that change faults, lifetimes or data wholesale.</summary>
public sealed class OwnSimulator : IAsyncDisposable
{
    public SimulatorHost Host { get; private init; }
    public SimClient Client { get; private init; }

    public static async Task<OwnSimulator> StartAsync(SimulatorOptions options = null, bool login = true)
    {
        var host = await SimulatorHost.StartAsync(options ?? new SimulatorOptions());
        var client = new SimClient(host);
        if (login) await client.LoginAsync();
        return new OwnSimulator { Host = host, Client = client };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
