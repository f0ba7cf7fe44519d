using Xunit;
using System.Net.Http;
using CpmPowerShell.Client.Tests.Runtime.Fakes;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client.Tests.Runtime;

/// <summary>
/// Redirects over real TLS with the client's own handler: what the client follows, re-sends and refuses.
/// A redirect that leaves the connection's scheme, host and port is never followed.
/// </summary>
public class RedirectTests
{
    static string Token(int seconds)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Jwt.Make(new JObject { ["exp"] = now + seconds, ["iat"] = now, ["user_id"] = 1 });
    }

    /// <summary>The token call answers a pair; anything else goes to route(method and path, head).</summary>
    static Func<string, string> Cpm(Func<string, string, string> route) => head =>
    {
        if (head.StartsWith("POST /api/token/obtain/api_key/"))
            return TinyTlsServer.Response(200, "OK", new JObject { ["access"] = Token(3600), ["refresh"] = Token(86400) }.ToString());
        var line = head.Substring(0, head.IndexOf(" HTTP/1.1", StringComparison.Ordinal));
        return route(line, head);
    };

    static string Redirect(int status, string location) =>
        TinyTlsServer.Response(status, status == 307 ? "Temporary Redirect" : status == 301 ? "Moved Permanently" : "Found", "", $"Location: {location}\r\n");

    static bool HasBearer(string head) => head.Split("\r\n").Any(h => h.StartsWith("Authorization: Bearer ey", StringComparison.OrdinalIgnoreCase));

    static CpmClient Client(TinyTlsServer server) => new(new CpmClientOptions
    {
        BaseUri = server.BaseUri,
        ApiKey = CpmSecret.FromString("k"),
        CertificateThumbprint = server.Sha256,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        Timeout = TimeSpan.FromSeconds(10),
    });

    [Fact]
    public async Task A_redirect_to_another_port_is_refused_and_names_its_target()
    {
        string target = null;
        using var cpm = new TinyTlsServer(Cpm((line, _) => Redirect(302, target)));
        // Same certificate, so only the redirect rule (not the pin) can keep the client away from it.
        using var other = new TinyTlsServer(_ => TinyTlsServer.Response(200, "OK", """[{"id":99}]"""), cpm.Certificate);
        target = $"https://127.0.0.1:{other.Port}/api/policies/";
        using var client = Client(cpm);

        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/")));

        Assert.Equal(CpmErrorKind.RedirectRefused, error.Kind);
        Assert.Equal(302, error.StatusCode);
        Assert.Contains("GET /api/policies/", error.Message);
        Assert.Contains(target, error.Message);
        Assert.Empty(other.Heads); // nothing was sent there, data or token
    }

    [Theory]
    [InlineData("https://example.invalid/api/policies/")]
    [InlineData("http://127.0.0.1:{port}/api/policies/")]
    public async Task A_redirect_to_another_host_or_scheme_is_refused(string location)
    {
        using var cpm = new TinyTlsServer(Cpm((line, _) => null));
        var target = location.Replace("{port}", cpm.Port.ToString());
        using var redirecting = new TinyTlsServer(Cpm((line, _) => Redirect(301, target)));
        using var client = Client(redirecting);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/")));
        Assert.Equal(CpmErrorKind.RedirectRefused, error.Kind);
        Assert.Contains(target, error.Message);
    }

    [Fact]
    public async Task A_same_origin_redirect_of_a_get_is_followed_with_the_token()
    {
        using var cpm = new TinyTlsServer(Cpm((line, head) =>
        {
            if (!HasBearer(head)) return TinyTlsServer.Response(401, "Unauthorized", """{"detail":"Authentication credentials were not provided."}""");
            if (line == "GET /api/policies/?search=x") return Redirect(302, "/api/v2/policies/?search=x");
            if (line == "GET /api/v2/policies/?search=x") return TinyTlsServer.Response(200, "OK", """[{"id":5}]""");
            return TinyTlsServer.Response(404, "Not Found", """{"detail":"Not found."}""");
        }));
        using var client = Client(cpm);

        var result = await client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/").WithQuery("search", "x"));

        Assert.Equal(5, (int)result[0]["id"]);
        var calls = cpm.Heads.Where(h => !h.StartsWith("POST /api/token/")).ToList();
        Assert.Equal(2, calls.Count);
        Assert.All(calls, h => Assert.True(HasBearer(h)));
    }

    [Fact]
    public async Task A_same_origin_redirect_of_a_post_is_not_followed()
    {
        using var cpm = new TinyTlsServer(Cpm((line, _) => line.StartsWith("POST /api/policies/")
            ? Redirect(307, "/api/v2/policies/")
            : TinyTlsServer.Response(201, "Created", """{"id":6}""")));
        using var client = Client(cpm);

        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<JObject>(new CpmRequest(HttpMethod.Post, "policies/") { Body = new { name = "n" } }));

        Assert.Equal(CpmErrorKind.RedirectRefused, error.Kind);
        Assert.Contains("/api/v2/policies/", error.Message);
        Assert.DoesNotContain(cpm.Heads, h => h.StartsWith("POST /api/v2/"));
    }

    [Fact]
    public async Task A_redirect_loop_ends_after_a_few_hops()
    {
        using var cpm = new TinyTlsServer(Cpm((line, _) => Redirect(302, "/api/policies/")));
        using var client = Client(cpm);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/")));
        Assert.Equal(CpmErrorKind.RedirectRefused, error.Kind);
        Assert.InRange(cpm.Heads.Count(h => h.StartsWith("GET /api/policies/")), 2, 6);
    }
}
