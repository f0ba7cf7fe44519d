using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>Chapters 1.2 and 25: obtaining, refreshing and presenting tokens.</summary>
public sealed class TokenTests : IClassFixture<SimulatorFixture>
{
    readonly SimulatorFixture fixture;
    public TokenTests(SimulatorFixture fixture) => this.fixture = fixture;

    SimClient Anonymous() => new(fixture.Host);

    [Fact]
    public async Task Obtain_accepts_a_form_body_as_in_the_guide()
    {
        using var client = Anonymous();
        var reply = await client.PostFormAsync("api/token/obtain/api_key/", ("api_key", SimulatorOptions.DefaultApiKey));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.StartsWith("eyJ", (string)reply.Json["access"]);
        Assert.StartsWith("eyJ", (string)reply.Json["refresh"]);
    }

    [Fact]
    public async Task Obtain_accepts_json_and_gives_simplejwt_claims()
    {
        using var client = Anonymous();
        var reply = await client.PostAsync("api/token/obtain/api_key/", new { api_key = SimulatorOptions.DefaultApiKey });
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var access = Claims((string)reply.Json["access"]);
        var refresh = Claims((string)reply.Json["refresh"]);
        Assert.Equal("access", (string)access["token_type"]);
        Assert.Equal("refresh", (string)refresh["token_type"]);
        Assert.Equal(1, (int)access["user_id"]);
        Assert.Equal(32, ((string)access["jti"]).Length);
        Assert.Equal(3600, (long)access["exp"] - (long)access["iat"]);
        Assert.Equal(86400, (long)refresh["exp"] - (long)refresh["iat"]);
    }

    [Fact]
    public async Task Obtain_with_a_wrong_key_is_401_and_without_a_key_is_400()
    {
        using var client = Anonymous();
        var wrong = await client.PostFormAsync("api/token/obtain/api_key/", ("api_key", "nope"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal("Bearer realm=\"api\"", wrong.Header("WWW-Authenticate"));

        var missing = await client.PostAsync("api/token/obtain/api_key/", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal(("This field is required.", "required"), missing.FieldError("api_key"));
    }

    [Fact]
    public async Task Refresh_gives_a_new_access_token_only()
    {
        using var client = await Anonymous().LoginAsync();
        var form = await client.PostFormAsync("api/token/refresh/", ("refresh", client.Refresh));
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Null(form.Json["refresh"]);
        var json = await client.PostAsync("api/token/refresh/", new { refresh = client.Refresh }, auth: false);
        Assert.Equal(HttpStatusCode.OK, json.Status);

        client.Access = (string)json.Json["access"];
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/users/")).Status);
    }

    [Fact]
    public async Task Refresh_refuses_garbage_and_access_tokens()
    {
        using var client = await Anonymous().LoginAsync();
        var garbage = await client.PostFormAsync("api/token/refresh/", ("refresh", "not-a-token"));
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.Status);
        Assert.Equal("token_not_valid", (string)garbage.Json["code"]);
        var access = await client.PostFormAsync("api/token/refresh/", ("refresh", client.Access));
        Assert.Equal(HttpStatusCode.Unauthorized, access.Status);
    }

    [Fact]
    public async Task Calls_without_a_valid_access_token_are_401_with_a_challenge()
    {
        using var client = await Anonymous().LoginAsync();
        var none = await client.GetAsync("api/schedules/", auth: false);
        Assert.Equal(HttpStatusCode.Unauthorized, none.Status);
        Assert.Equal("Bearer realm=\"api\"", none.Header("WWW-Authenticate"));
        Assert.Equal("Authentication credentials were not provided.", (string)none.Json["detail"]);

        client.Access = client.Refresh; // a refresh token is not an access token
        var wrongType = await client.GetAsync("api/schedules/");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongType.Status);
        Assert.Equal("Given token not valid for any token type", (string)wrongType.Json["detail"]);
        Assert.Equal("token_not_valid", (string)wrongType.Json["code"]);

        client.Access = fixture.Client.Access[..^2] + "xx"; // forged signature
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/schedules/")).Status);
    }

    [Fact]
    public async Task Access_tokens_expire_after_their_lifetime_and_refresh_renews_them()
    {
        await using var sim = await OwnSimulator.StartAsync(new SimulatorOptions { AccessLifetimeSeconds = 1 });
        var client = sim.Client;
        await Task.Delay(2100);
        var expired = await client.GetAsync("api/schedules/");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);
        Assert.Equal("token_not_valid", (string)expired.Json["code"]);

        var refreshed = await client.PostFormAsync("api/token/refresh/", ("refresh", client.Refresh));
        client.Access = (string)refreshed.Json["access"];
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/schedules/")).Status);
    }

    static JObject Claims(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload += new string('=', (4 - payload.Length % 4) % 4);
        return JObject.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
    }
}
