using Xunit;
using System.Net;
using System.Net.Http;
using CpmPowerShell.Client.Tests.Runtime.Fakes;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client.Tests.Runtime;

public class RedactionTests
{
    [Theory]
    [InlineData("api_key")]
    [InlineData("access")]
    [InlineData("refresh")]
    [InlineData("password")]
    [InlineData("new_password")]
    [InlineData("aws_secret_key")]
    [InlineData("ses_secret_key")]
    [InlineData("http_proxy_password_encrypted")]
    [InlineData("token")]
    [InlineData("Refresh_Token")]
    [InlineData("activation_key")]
    [InlineData("external_id")]
    public void Secret_names(string name) => Assert.True(CpmRedactor.IsSecretName(name));

    [Theory]
    [InlineData("name")]
    [InlineData("aws_access_key")]
    [InlineData("key")]
    [InlineData("encryption_key")]
    [InlineData("publicly_accessible")]
    public void Ordinary_names(string name) => Assert.False(CpmRedactor.IsSecretName(name));

    [Fact]
    public void Json_bodies_lose_secret_values_at_any_depth()
    {
        var redacted = CpmRedactor.TryRedactJson("""{"name":"a","password":"p4ss","nested":[{"aws_secret_key":"s3cr3t","n":1}],"access":null}""");
        Assert.Equal("""{"name":"a","password":"********","nested":[{"aws_secret_key":"********","n":1}],"access":null}""", redacted);
    }

    [Fact]
    public void Error_structures_under_a_secret_name_stay_readable_but_plain_values_do_not()
    {
        Assert.Equal("""{"errors":[{"password":[{"message":"Too short.","code":"min_length"}]}]}""",
            CpmRedactor.TryRedactJson("""{"errors":[{"password":[{"message":"Too short.","code":"min_length"}]}]}"""));
        Assert.Equal("""{"password":["********"],"token":{"value":"x"}}""", CpmRedactor.TryRedactJson("""{"password":["p4ss"],"token":{"value":"x"}}"""));
    }

    [Fact]
    public void Secret_values_of_a_body_are_collected()
    {
        Assert.Equal(new[] { "Hunter2!", "abc def" }, CpmRedactor.SecretValuesOf("""{"user":{"new_password":"Hunter2!","name":"bob"},"token":"abc def","password":"ab"}""", form: false));
        Assert.Equal(new[] { "k e y" }, CpmRedactor.SecretValuesOf("api_key=k%20e+y&x=1", form: true));
    }

    [Fact]
    public void Form_query_and_free_text_lose_secrets()
    {
        var redactor = new CpmRedactor();
        redactor.AddSecret("my-literal-key-123");
        Assert.Equal("api_key=********&x=1", redactor.RedactBody("api_key=abc%20def&x=1", "application/x-www-form-urlencoded"));
        Assert.Equal("https://h/api/x/?token=********&page=1", redactor.RedactUrl("https://h/api/x/?token=abc&page=1"));
        var jwt = Jwt.Make(new JObject { ["user_id"] = 1 });
        Assert.Equal("Bearer ******** and ********!", redactor.Scrub($"Bearer {jwt} and my-literal-key-123!"));
        // Cut-off JSON is not parseable; the pairs are still found.
        Assert.Equal("{\"refresh\":\"********\",\"na", redactor.RedactBody("{\"refresh\":\"abc\",\"na", "application/json"));
    }

    [Fact]
    public async Task No_log_line_or_error_ever_shows_the_api_key_tokens_or_passwords()
    {
        var server = new FakeCpmServer();
        server.RotateRefreshTokens = true;
        server.AccessLifetime = TimeSpan.FromSeconds(2);
        server.RouteJson("GET", "/api/policies/", Array.Empty<object>());
        // A careless server that echoes what it received in its errors.
        server.Route("POST", "/api/users/", r => FakeCpmServer.Json(HttpStatusCode.BadRequest,
            new { errors = new[] { new Dictionary<string, object> { ["password"] = new[] { new { message = "Too weak: " + JObject.Parse(r.Body)["password"], code = "weak" } } } } }));
        server.Route("GET", "/api/echo/", r => FakeCpmServer.Json(HttpStatusCode.InternalServerError,
            new { detail = $"Failed for {r.Authorization} with key {FakeCpmServer.ApiKey}" }));

        var log = new LogCapture();
        var errors = new List<Exception>();
        using (CpmClient.BeginLogScope(log.Sink))
        {
            using var client = TestClients.Create(server, o => o.MaxRetries = 1);
            await client.ConnectAsync();
            await client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/"));
            await Task.Delay(1200); // let the 2 s token come due: a refresh is logged too
            await client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/"));
            errors.Add(await Assert.ThrowsAsync<CpmApiException>(() =>
                client.SendAsync<JObject>(new CpmRequest(HttpMethod.Post, "users/") { Body = new { username = "bob", password = "Hunter2-Secret!" } })));
            errors.Add(await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<JObject>(new CpmRequest(HttpMethod.Get, "echo/"))));

            // The token call itself failing, with a server that quotes the key back.
            server.Fault(r => r.Path == "/api/token/obtain/api_key/", r => FakeCpmServer.Json(HttpStatusCode.Unauthorized, new { detail = "bad key " + r.Body }));
            using var second = TestClients.Create(server);
            errors.Add(await Assert.ThrowsAsync<CpmApiException>(() => second.ConnectAsync()));
            server.FaultTimes(5, r => r.Path == "/api/token/obtain/api_key/", r => FakeCpmServer.Json(HttpStatusCode.InternalServerError, new { detail = "crashed on " + r.Body }));
            errors.Add(await Assert.ThrowsAsync<CpmApiException>(() => second.ConnectAsync()));
        }

        Assert.True(server.Refreshes >= 1);
        Assert.True(errors[0].Message.Contains("password: Too weak: ********"), errors[0].Message);
        Assert.Contains(log.Lines, l => l.Level == CpmLogLevel.Debug && l.Line.Contains("api_key=********"));
        Assert.Contains(log.Lines, l => l.Level == CpmLogLevel.Debug && l.Line.Contains("\"access\":\"********\""));
        Assert.Contains(log.Lines, l => l.Level == CpmLogLevel.Debug && l.Line.Contains("\"password\":\"********\""));

        var secrets = server.IssuedTokens.Append(FakeCpmServer.ApiKey).Append(Uri.EscapeDataString(FakeCpmServer.ApiKey)).Append("Hunter2-Secret!").ToList();
        var texts = log.Lines.Select(l => l.Line)
            .Concat(errors.Select(e => e.ToString()))
            .Concat(errors.OfType<CpmApiException>().SelectMany(e => e.FieldErrors.Select(f => f.Message).Append(e.ServerMessage ?? "")))
            .ToList();
        foreach (var text in texts)
            foreach (var secret in secrets)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret leaked into: {text}");
        Assert.DoesNotContain(texts, t => t.Contains("Bearer ey", StringComparison.Ordinal));
    }

    [Fact]
    public void Secrets_and_tokens_print_as_asterisks()
    {
        Assert.Equal("********", CpmSecret.FromString("abc").ToString());
        using var client = TestClients.Create(new FakeCpmServer());
        Assert.DoesNotContain(FakeCpmServer.ApiKey, client.ToString());
    }
}
