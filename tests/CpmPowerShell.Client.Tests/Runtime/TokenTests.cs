using Xunit;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using CpmPowerShell.Client.Tests.Runtime.Fakes;

namespace CpmPowerShell.Client.Tests.Runtime;

public class TokenTests
{
    static CpmRequest Policies() => new(HttpMethod.Get, "/api/policies/");

    static FakeCpmServer ServerWithPolicies(TimeProvider clock = null)
    {
        var server = new FakeCpmServer();
        if (clock != null) server.Clock = clock;
        server.RouteJson("GET", "/api/policies/", new[] { new { id = 1, name = "prod" } });
        server.Route("POST", "/api/policies/", r => FakeCpmServer.Json(HttpStatusCode.Created, new { id = 2 }));
        return server;
    }

    [Fact]
    public async Task Connect_obtains_a_pair_with_the_api_key_form_encoded()
    {
        var server = ServerWithPolicies();
        using var client = TestClients.Create(server);
        Assert.False(client.IsConnected);
        await client.ConnectAsync();

        var obtain = Assert.Single(server.SeenAt("/api/token/obtain/api_key/"));
        Assert.Equal("POST", obtain.Method);
        Assert.Equal("application/x-www-form-urlencoded", obtain.ContentType);
        Assert.Equal("api_key=" + Uri.EscapeDataString(FakeCpmServer.ApiKey), obtain.Body);
        Assert.Null(obtain.Authorization);
        Assert.True(client.IsConnected);
        Assert.Equal(7, client.UserId);
        Assert.InRange(client.AccessTokenExpires!.Value, DateTimeOffset.UtcNow.AddMinutes(58), DateTimeOffset.UtcNow.AddMinutes(60));
        Assert.InRange(client.RefreshTokenExpires!.Value, DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(24));
        Assert.Equal(1, client.Statistics.TokensObtained);
        Assert.Equal(1, client.Statistics.Requests);
    }

    [Fact]
    public async Task The_first_call_signs_in_by_itself_and_sends_the_bearer_token()
    {
        var server = ServerWithPolicies();
        using var client = TestClients.Create(server);
        await client.SendAsync<List<object>>(Policies());
        Assert.Equal(1, server.Obtains);
        Assert.StartsWith("Bearer ey", server.SeenAt("/api/policies/").Single().Authorization);
        Assert.Equal(0, server.Rejected401);
    }

    [Fact]
    public async Task A_refused_api_key_says_so_without_showing_it()
    {
        var server = ServerWithPolicies();
        using var client = TestClients.Create(server, o => o.ApiKey = CpmSecret.FromString("wrong-key-123456"));
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.ConnectAsync());
        Assert.Equal(CpmErrorKind.Unauthorized, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.Contains("API key", error.Message);
        Assert.Contains("No active account", error.Message);
        Assert.DoesNotContain("wrong-key-123456", error.ToString());
        Assert.Equal(1, client.Statistics.Requests); // a refusal is not retried
    }

    [Fact]
    public async Task Access_token_is_renewed_shortly_before_it_expires()
    {
        var clock = new ManualClock();
        var server = ServerWithPolicies(clock);
        using var client = TestClients.Create(server);
        await client.ConnectAsync();

        clock.Advance(TimeSpan.FromMinutes(50));
        await client.SendAsync<List<object>>(Policies());
        Assert.Equal(0, server.Refreshes);

        clock.Advance(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(10)); // 59:10 — inside the last minute
        await client.SendAsync<List<object>>(Policies());
        Assert.Equal(1, server.Refreshes);
        Assert.Equal(0, server.Rejected401); // renewed before the server had to refuse anything
        Assert.Equal(1, client.Statistics.TokensRefreshed);
        Assert.Equal(clock.GetUtcNow().AddHours(1).AddSeconds(-1), client.AccessTokenExpires);
    }

    [Fact]
    public async Task Long_runbook_refreshes_hourly_and_signs_in_again_when_the_refresh_token_is_spent()
    {
        var clock = new ManualClock();
        var server = ServerWithPolicies(clock);
        using var client = TestClients.Create(server);
        await client.ConnectAsync();

        // 30 hours of a call every ten minutes: 1 h access tokens, 24 h refresh token.
        for (var i = 0; i < 180; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(10));
            await client.SendAsync<List<object>>(Policies());
        }
        Assert.Equal(0, server.Rejected401);
        Assert.Equal(2, server.Obtains);            // the first sign-in, and once after ~24 h
        Assert.InRange(server.Refreshes, 25, 30);   // about one an hour otherwise
    }

    [Fact]
    public async Task A_refused_refresh_token_leads_to_a_new_sign_in()
    {
        var server = ServerWithPolicies();
        using var client = TestClients.Create(server);
        await client.ConnectAsync();
        server.RevokeAccessTokens();
        server.RevokeRefreshTokens();

        await client.SendAsync<List<object>>(Policies());
        Assert.Equal(2, server.Obtains);
        Assert.Equal(0, server.Refreshes);
        Assert.Single(server.SeenAt("/api/token/refresh/")); // tried, refused, then the API key
    }

    [Fact]
    public async Task A_rotated_refresh_token_is_kept()
    {
        var clock = new ManualClock();
        var server = ServerWithPolicies(clock);
        server.RotateRefreshTokens = true; // the old refresh token stops working once used
        using var client = TestClients.Create(server);
        await client.ConnectAsync();
        var firstRefreshExpiry = client.RefreshTokenExpires;
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(59.5));
            await client.SendAsync<List<object>>(Policies());
        }
        Assert.Equal(3, server.Refreshes);
        Assert.Equal(1, server.Obtains);
        Assert.True(client.RefreshTokenExpires > firstRefreshExpiry);
    }

    [Fact]
    public async Task A_401_renews_once_and_replays_once_even_for_a_post()
    {
        var server = ServerWithPolicies();
        using var client = TestClients.Create(server);
        await client.ConnectAsync();
        server.RevokeAccessTokens(); // e.g. the CPM server restarted

        var created = await client.SendAsync<Newtonsoft.Json.Linq.JObject>(new CpmRequest(HttpMethod.Post, "policies/") { Body = new { name = "new" } });
        Assert.Equal(2, (int)created["id"]);
        var posts = server.SeenAt("/api/policies/").ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal(posts[0].Body, posts[1].Body);
        Assert.NotEqual(posts[0].Authorization, posts[1].Authorization);
        Assert.NotSame(posts[0].Message, posts[1].Message);
        Assert.Equal(1, server.Refreshes);
    }

    [Fact]
    public async Task A_401_that_renewal_does_not_cure_is_reported_after_one_replay()
    {
        var server = ServerWithPolicies();
        server.RouteJson("GET", "/api/users/", new { detail = "User is disabled." }, HttpStatusCode.Unauthorized);
        using var client = TestClients.Create(server);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<object>(new CpmRequest(HttpMethod.Get, "users/")));
        Assert.Equal(CpmErrorKind.Unauthorized, error.Kind);
        Assert.Equal(2, server.SeenAt("/api/users/").Count());
        Assert.Contains("User is disabled", error.Message);
        Assert.Contains("API key", error.Message);
    }

    [Fact]
    public async Task Twenty_parallel_calls_refused_together_renew_once()
    {
        var server = ServerWithPolicies();
        server.RefreshLatency = TimeSpan.FromMilliseconds(50);
        using var client = TestClients.Create(server);
        await client.ConnectAsync();
        server.RevokeAccessTokens();

        using var start = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await client.SendAsync<List<object>>(Policies());
        })).ToArray();
        start.Set();
        await Task.WhenAll(calls);

        Assert.Equal(1, server.Refreshes);
        Assert.Equal(1, server.Obtains);
        Assert.Equal(1, client.Statistics.TokensRefreshed);
    }

    [Fact]
    public async Task Twenty_parallel_calls_near_expiry_renew_once()
    {
        var clock = new ManualClock();
        var server = ServerWithPolicies(clock);
        server.RefreshLatency = TimeSpan.FromMilliseconds(50);
        using var client = TestClients.Create(server);
        await client.ConnectAsync();
        clock.Advance(TimeSpan.FromMinutes(59.5));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => client.SendAsync<List<object>>(Policies()))));
        Assert.Equal(1, server.Refreshes);
        Assert.Equal(0, server.Rejected401);
    }

    [Fact]
    public async Task With_two_second_tokens_a_fifteen_second_loop_never_fails_and_refreshes_instead_of_signing_in()
    {
        var server = ServerWithPolicies();
        server.AccessLifetime = TimeSpan.FromSeconds(2);
        using var client = TestClients.Create(server, o => o.MaxRetries = 0); // nothing may hide a failure
        var calls = 0;
        var watch = Stopwatch.StartNew();
        // Two loops side by side, as a runbook with parallel work would run.
        async Task LoopAsync()
        {
            while (watch.Elapsed < TimeSpan.FromSeconds(15))
            {
                await client.SendAsync<List<object>>(Policies());
                Interlocked.Increment(ref calls);
                await Task.Delay(10);
            }
        }
        await Task.WhenAll(LoopAsync(), LoopAsync());

        Assert.Equal(1, server.Obtains);
        Assert.InRange(server.Refreshes, 8, 40);  // a renewal every half second or so
        Assert.True(calls > 10 * server.Refreshes, $"{calls} calls, {server.Refreshes} refreshes");
    }
}
