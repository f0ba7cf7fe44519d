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

    [Fact, Trait("Category", "Slow")] // seconds of real time: left out by -ExcludeTag Slow
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

    // Faults in the middle of a retry: each attempt must carry a token that is valid when it is sent.

    [Fact]
    public async Task A_retry_after_a_backoff_that_outlived_the_renewed_token_sends_a_fresh_one()
    {
        var clock = new ManualClock();
        var server = ServerWithPolicies(clock);
        using var client = TestClients.Create(server);
        await client.ConnectAsync();
        server.RevokeAccessTokens(); // the first attempt gets a 401 and renews
        // The replay meets a 503, and the backoff lasts longer than the renewed token lives.
        server.Fault(r => r.Path == "/api/policies/" && r.Authorization != null && server.Refreshes == 1, _ =>
        {
            clock.Advance(TimeSpan.FromMinutes(61));
            return FakeCpmServer.Status(503);
        });

        var policies = await client.SendAsync<List<object>>(Policies());

        Assert.Single(policies);
        Assert.Equal(1, server.Rejected401);  // only the revoked token; the retry went out with a renewed one
        Assert.Equal(2, server.Refreshes);    // after the 401, and before the retry
        Assert.Equal(3, server.SeenAt("/api/policies/").Count());
    }

    [Fact]
    public async Task A_401_at_a_later_attempt_is_renewed_and_replayed_too()
    {
        var server = ServerWithPolicies();
        using var client = TestClients.Create(server);
        await client.ConnectAsync();
        server.RevokeAccessTokens();
        // After the first renewal the server restarts during a retry: the token it renewed is gone again.
        server.Fault(r => r.Path == "/api/policies/" && server.Refreshes == 1, _ =>
        {
            server.RevokeAccessTokens();
            return FakeCpmServer.Status(503);
        });

        var policies = await client.SendAsync<List<object>>(Policies());

        Assert.Single(policies);
        Assert.Equal(2, server.Rejected401);
        Assert.Equal(2, server.Refreshes);
    }

    [Fact]
    public async Task A_server_that_always_answers_401_ends_after_one_renewal_and_one_replay()
    {
        var server = ServerWithPolicies();
        server.Route("GET", "/api/policies/", _ => FakeCpmServer.Status(401, "{\"detail\":\"Authentication credentials were not provided.\"}"));
        using var client = TestClients.Create(server, o => o.MaxRetries = 5);
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<List<object>>(Policies()));
        Assert.Equal(CpmErrorKind.Unauthorized, error.Kind);
        Assert.Equal(2, server.SeenAt("/api/policies/").Count());
        Assert.Equal(1, server.Refreshes);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), watch.Elapsed.ToString());
    }

    [Fact]
    public async Task A_server_alternating_401_and_503_ends_within_the_retry_bound()
    {
        var server = ServerWithPolicies();
        var answers = 0;
        server.Route("GET", "/api/policies/", _ => Interlocked.Increment(ref answers) % 2 == 1
            ? FakeCpmServer.Status(401, "{\"detail\":\"Token is invalid.\"}")
            : FakeCpmServer.Status(503));
        using var client = TestClients.Create(server, o => o.MaxRetries = 2);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<List<object>>(Policies()));
        Assert.Contains(error.Kind, new[] { CpmErrorKind.Unauthorized, CpmErrorKind.ServerError });
        // Three attempts (one and two retries), each at most one renewal and one replay.
        Assert.InRange(server.SeenAt("/api/policies/").Count(), 3, 6);
        Assert.InRange(server.Refreshes, 1, 3);
    }

    [Fact, Trait("Category", "Slow")] // seconds of real time: left out by -ExcludeTag Slow
    public async Task With_two_second_tokens_and_half_the_answers_503_with_a_two_second_retry_after_no_call_fails()
    {
        var server = ServerWithPolicies();
        server.AccessLifetime = TimeSpan.FromSeconds(2);
        var random = new Random(8);
        server.Route("GET", "/api/policies/", _ =>
        {
            bool busy;
            lock (random) busy = random.NextDouble() < 0.5;
            if (!busy) return FakeCpmServer.Json(HttpStatusCode.OK, new[] { new { id = 1 } });
            var response = FakeCpmServer.Status(503);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(2));
            return response;
        });
        using var client = TestClients.Create(server, o => o.MaxRetries = 20);
        var calls = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(7))
        {
            await client.SendAsync<List<object>>(Policies());
            calls++;
        }
        Assert.True(calls > 1, calls.ToString());
        Assert.True(client.Statistics.Retries > 0, "no 503 was met");
        Assert.Equal(0, server.Rejected401); // every attempt, retries included, carried a live token
    }
}
