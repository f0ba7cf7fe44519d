using Xunit;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using CpmPowerShell.Client.Tests.Runtime.Fakes;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client.Tests.Runtime;

public class RetryTests
{
    const string Path = "/api/policies/";

    static FakeCpmServer Server()
    {
        var server = new FakeCpmServer();
        server.RouteJson("GET", Path, new[] { new { id = 1 } });
        server.RouteJson("PUT", "/api/policies/1/", new { id = 1 });
        server.RouteJson("POST", Path, new { id = 2 }, HttpStatusCode.Created);
        return server;
    }

    static bool At(SeenRequest r) => r.Path == Path;
    static bool At(SeenRequest r, string method) => r.Path == Path && r.Method == method;

    static HttpResponseMessage Throttled(TimeSpan? after = null, DateTimeOffset? date = null)
    {
        var response = FakeCpmServer.Status(429, "{\"detail\":\"Request was throttled.\"}");
        if (after != null) response.Headers.RetryAfter = new RetryConditionHeaderValue(after.Value);
        if (date != null) response.Headers.RetryAfter = new RetryConditionHeaderValue(date.Value);
        return response;
    }

    static HttpRequestException Reset() => new("The response ended prematurely.", new IOException("Connection reset by peer"));
    static HttpRequestException Refused() => new("Connection refused (cpm.test:443)", new SocketException((int)SocketError.ConnectionRefused));

    [Fact]
    public async Task Get_retries_server_errors_then_succeeds()
    {
        var server = Server();
        server.FaultTimes(2, At, _ => FakeCpmServer.Status(503));
        using var client = TestClients.Create(server);
        var result = await client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/"));
        Assert.Single(result);
        Assert.Equal(3, server.SeenAt(Path).Count());
        Assert.Equal(2, client.Statistics.Retries);
        Assert.Equal(4, client.Statistics.Requests); // sign-in + three attempts
    }

    [Fact]
    public async Task Get_gives_up_after_max_retries_and_says_so()
    {
        var server = Server();
        server.FaultTimes(10, At, _ => FakeCpmServer.Status(500, "{\"detail\":\"Database is locked.\"}"));
        using var client = TestClients.Create(server, o => o.MaxRetries = 2);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/")));
        Assert.Equal(CpmErrorKind.ServerError, error.Kind);
        Assert.Equal(500, error.StatusCode);
        Assert.Equal(3, server.SeenAt(Path).Count());
        Assert.Equal("GET /api/policies/ failed with 500 Internal Server Error: Database is locked. Gave up after 2 retries.", error.Message);
    }

    [Fact]
    public async Task Put_is_retried_with_a_fresh_message_and_the_same_body()
    {
        var server = Server();
        server.Fault(r => r.Method == "PUT", _ => FakeCpmServer.Status(502));
        using var client = TestClients.Create(server);
        await client.SendAsync(new CpmRequest(HttpMethod.Put, "policies/{id}/").WithPath("id", 1).Also(r => r.Body = new { name = "prod", enabled = true }));
        var puts = server.SeenAt("/api/policies/1/").ToList();
        Assert.Equal(2, puts.Count);
        Assert.NotSame(puts[0].Message, puts[1].Message);
        Assert.Equal("{\"name\":\"prod\",\"enabled\":true}", puts[0].Body);
        Assert.Equal(puts[0].Body, puts[1].Body);
    }

    [Fact]
    public async Task Post_is_not_replayed_after_a_server_error()
    {
        var server = Server();
        server.Fault(r => At(r, "POST"), _ => FakeCpmServer.Status(503));
        using var client = TestClients.Create(server);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<JObject>(new CpmRequest(HttpMethod.Post, "policies/") { Body = new { name = "x" } }));
        Assert.Equal(CpmErrorKind.ServerError, error.Kind);
        Assert.Single(server.SeenAt(Path));
        Assert.Contains("not retried", error.Message);
        Assert.Contains("may have been applied", error.Message);
        Assert.True(error.MayHaveBeenApplied);
        Assert.Equal(0, client.Statistics.Retries);
    }

    [Fact]
    public async Task Post_is_not_replayed_when_throttled()
    {
        var server = Server();
        server.Fault(r => At(r, "POST"), _ => Throttled(TimeSpan.FromSeconds(3)));
        using var client = TestClients.Create(server);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<JObject>(new CpmRequest(HttpMethod.Post, "policies/")));
        Assert.Equal(CpmErrorKind.Throttled, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
        Assert.Single(server.SeenAt(Path));
        Assert.Contains("not retried", error.Message);
        Assert.Contains("wait 3 s", error.Message);
    }

    [Fact]
    public async Task Post_is_not_replayed_after_a_dropped_connection()
    {
        var server = Server();
        server.Fault(r => At(r, "POST"), _ => throw Reset());
        using var client = TestClients.Create(server);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<JObject>(new CpmRequest(HttpMethod.Post, "policies/")));
        Assert.Equal(CpmErrorKind.Network, error.Kind);
        Assert.Null(error.StatusCode);
        Assert.Single(server.SeenAt(Path));
        Assert.Contains("Connection reset by peer", error.Message);
        Assert.Contains("may have been applied", error.Message);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task Post_is_sent_again_when_the_connection_was_refused_since_the_server_never_saw_it()
    {
        var server = Server();
        server.Fault(r => At(r, "POST"), _ => throw Refused());
        using var client = TestClients.Create(server);
        await client.SendAsync<JObject>(new CpmRequest(HttpMethod.Post, "policies/"));
        Assert.Equal(2, server.SeenAt(Path).Count());
        Assert.Equal(1, client.Statistics.Retries);
    }

    [Fact]
    public async Task Methods_built_from_text_are_judged_the_same_way()
    {
        // The generated client writes new HttpMethod("GET"), not HttpMethod.Get.
        var server = Server();
        server.Fault(r => At(r, "GET"), _ => FakeCpmServer.Status(503));
        server.Fault(r => At(r, "POST"), _ => FakeCpmServer.Status(503));
        using var client = TestClients.Create(server);
        await client.SendAsync<JArray>(new CpmRequest(new HttpMethod("GET"), "policies/"));
        await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<JObject>(new CpmRequest(new HttpMethod("POST"), "policies/")));
        Assert.Equal(2, server.SeenAt(Path).Count(r => r.Method == "GET"));
        Assert.Equal(1, server.SeenAt(Path).Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task Idempotent_can_be_set_per_request()
    {
        var server = Server();
        server.Fault(r => At(r, "POST"), _ => FakeCpmServer.Status(503));
        server.Fault(r => At(r, "GET"), _ => FakeCpmServer.Status(503));
        using var client = TestClients.Create(server);
        await client.SendAsync<JObject>(new CpmRequest(HttpMethod.Post, "policies/") { Idempotent = true });
        await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/") { Idempotent = false }));
        Assert.Equal(2, server.SeenAt(Path).Count(r => r.Method == "POST"));
        Assert.Equal(1, server.SeenAt(Path).Count(r => r.Method == "GET"));
    }

    [Fact]
    public async Task Get_retries_network_faults()
    {
        var server = Server();
        server.Fault(At, _ => throw Reset());
        server.Fault(At, _ => throw new HttpRequestException("socket", new SocketException((int)SocketError.ConnectionReset)));
        using var client = TestClients.Create(server);
        await client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/"));
        Assert.Equal(3, server.SeenAt(Path).Count());
        Assert.Equal(2, client.Statistics.Retries);
    }

    [Fact]
    public async Task Get_reports_a_network_failure_with_what_to_check()
    {
        var server = Server();
        server.FaultTimes(5, At, _ => throw Reset());
        using var client = TestClients.Create(server, o => o.MaxRetries = 1);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/")));
        Assert.Equal(CpmErrorKind.Network, error.Kind);
        Assert.Contains("after 1 retry", error.Message);
        Assert.Contains("proxy or firewall", error.Message);
        Assert.DoesNotContain("may have been applied", error.Message);
    }

    [Fact]
    public async Task Retry_after_in_seconds_is_honoured()
    {
        var server = Server();
        server.Fault(At, _ => Throttled(TimeSpan.FromSeconds(1)));
        using var client = TestClients.Create(server);
        var watch = Stopwatch.StartNew();
        await client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/"));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950), watch.Elapsed.ToString());
        Assert.Equal(2, server.SeenAt(Path).Count());
    }

    [Fact]
    public async Task Retry_after_as_a_date_is_honoured()
    {
        var server = Server();
        // HTTP dates have whole seconds: ask for a moment at least a second away.
        server.Fault(At, _ =>
        {
            var response = FakeCpmServer.Status(503);
            response.Headers.RetryAfter = new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(2));
            return response;
        });
        using var client = TestClients.Create(server);
        var watch = Stopwatch.StartNew();
        await client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/"));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), watch.Elapsed.ToString());
        Assert.Equal(2, server.SeenAt(Path).Count());
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_limit_stops_retrying_and_is_reported()
    {
        var server = Server();
        server.Fault(At, _ => Throttled(TimeSpan.FromSeconds(120)));
        using var client = TestClients.Create(server, o => o.MaxRetryDelay = TimeSpan.FromSeconds(30));
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/")));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(CpmErrorKind.Throttled, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Single(server.SeenAt(Path));
        Assert.Contains("asked to wait 120 s", error.Message);
        Assert.Contains("30 s", error.Message);
    }

    [Fact]
    public async Task Max_retries_zero_sends_once()
    {
        var server = Server();
        server.Fault(At, _ => FakeCpmServer.Status(503));
        using var client = TestClients.Create(server, o => o.MaxRetries = 0);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/")));
        Assert.Equal(503, error.StatusCode);
        Assert.Single(server.SeenAt(Path));
        Assert.Equal(0, client.Statistics.Retries);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        var server = Server();
        using var client = TestClients.Create(server);
        await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<JObject>(new CpmRequest(HttpMethod.Get, "missing/")));
        Assert.Single(server.SeenAt("/api/missing/"));
    }

    [Fact]
    public async Task Each_attempt_has_its_own_timeout_and_the_error_says_how_to_raise_it()
    {
        var server = Server();
        server.Hang(At);
        server.Hang(At);
        using var client = TestClients.Create(server, o => { o.Timeout = TimeSpan.FromMilliseconds(200); o.MaxRetries = 1; });
        await client.ConnectAsync();
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/")));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), watch.Elapsed.ToString());
        Assert.Equal(CpmErrorKind.Timeout, error.Kind);
        Assert.Equal(2, server.SeenAt(Path).Count());
        Assert.Contains("0.2 s", error.Message);
        Assert.Contains("-TimeoutSec", error.Message);
    }

    [Fact]
    public async Task A_slow_attempt_is_retried_and_the_next_one_succeeds()
    {
        var server = Server();
        server.Hang(At);
        using var client = TestClients.Create(server, o => o.Timeout = TimeSpan.FromMilliseconds(300));
        var result = await client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/"));
        Assert.Single(result);
        Assert.Equal(1, client.Statistics.Retries);
    }

    [Fact]
    public async Task Caller_cancellation_stays_a_cancellation()
    {
        var server = Server();
        server.Hang(At);
        using var client = TestClients.Create(server);
        await client.ConnectAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/"), cancel.Token));
        Assert.Single(server.SeenAt(Path));
        Assert.Equal(0, client.Statistics.Retries);
    }

    [Fact]
    public async Task Cancellation_during_a_retry_wait_stays_a_cancellation()
    {
        var server = Server();
        server.Fault(At, _ => Throttled(TimeSpan.FromSeconds(4)));
        using var client = TestClients.Create(server);
        await client.ConnectAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/"), cancel.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3));
    }
}

static class RequestExtensions
{
    public static CpmRequest Also(this CpmRequest request, Action<CpmRequest> change)
    {
        change(request);
        return request;
    }
}
