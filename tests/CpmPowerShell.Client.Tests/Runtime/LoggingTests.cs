using Xunit;
using System.Net.Http;
using CpmPowerShell.Client.Tests.Runtime.Fakes;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client.Tests.Runtime;

public class LoggingTests
{
    static FakeCpmServer Server()
    {
        var server = new FakeCpmServer();
        server.RouteJson("GET", "/api/policies/", new { count = 0, next = (string)null, previous = (string)null, results = Array.Empty<object>() });
        return server;
    }

    [Fact]
    public async Task Verbose_shows_method_url_status_and_time()
    {
        var server = Server();
        using var client = TestClients.Create(server);
        var log = new LogCapture();
        using (CpmClient.BeginLogScope(log.Sink))
            await client.GetPageAsync<JObject>(new CpmRequest(HttpMethod.Get, "policies/"), 1, 100);
        Assert.Contains(log.Of(CpmLogLevel.Verbose), l => System.Text.RegularExpressions.Regex.IsMatch(l,
            @"^GET https://cpm\.test/api/policies/\?page=1&page_size=100 -> 200 OK \(\d+ ms\)$"));
        Assert.Contains(log.Of(CpmLogLevel.Verbose), l => l.StartsWith("POST https://cpm.test/api/token/obtain/api_key/ -> 200 OK"));
        Assert.Contains(log.Of(CpmLogLevel.Verbose), l => l.StartsWith("Signed in to https://cpm.test/ with the API key as user 7"));
        Assert.Contains(log.Of(CpmLogLevel.Debug), l => l.StartsWith("Response body: {\"count\":0"));
    }

    [Fact]
    public async Task Calls_outside_a_scope_log_nothing_and_a_disposed_scope_stops()
    {
        var server = Server();
        using var client = TestClients.Create(server);
        var log = new LogCapture();
        await client.ConnectAsync();
        using (CpmClient.BeginLogScope(log.Sink)) { }
        await client.SendAsync<JObject>(new CpmRequest(HttpMethod.Get, "policies/"));
        Assert.Empty(log.Lines);
    }

    [Fact]
    public async Task Lines_from_thread_pool_continuations_reach_the_scope_that_made_the_call()
    {
        var server = Server();
        using var client = TestClients.Create(server);
        await client.ConnectAsync();
        var first = new LogCapture();
        var second = new LogCapture();

        async Task RunInScope(LogCapture capture, int calls)
        {
            using (CpmClient.BeginLogScope(capture.Sink))
            {
                await Task.Yield();
                await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => Task.Run(() => client.SendAsync<JObject>(new CpmRequest(HttpMethod.Get, "policies/")))));
            }
        }
        await Task.WhenAll(Task.Run(() => RunInScope(first, 3)), Task.Run(() => RunInScope(second, 5)));

        Assert.Equal(3, first.Of(CpmLogLevel.Verbose).Count(l => l.StartsWith("GET ")));
        Assert.Equal(5, second.Of(CpmLogLevel.Verbose).Count(l => l.StartsWith("GET ")));
    }

    [Fact]
    public async Task Without_debug_the_bodies_are_left_out()
    {
        var server = Server();
        using var client = TestClients.Create(server);
        var log = new LogCapture();
        using (CpmClient.BeginLogScope(log.Sink, includeDebug: false))
            await client.SendAsync<JObject>(new CpmRequest(HttpMethod.Get, "policies/"));
        Assert.NotEmpty(log.Of(CpmLogLevel.Verbose));
        Assert.Empty(log.Of(CpmLogLevel.Debug));
    }

    [Fact]
    public async Task A_throwing_sink_does_not_break_the_call()
    {
        var server = Server();
        using var client = TestClients.Create(server);
        using (CpmClient.BeginLogScope((_, _) => throw new InvalidOperationException("sink broke")))
            await client.SendAsync<JObject>(new CpmRequest(HttpMethod.Get, "policies/"));
    }

    [Fact]
    public async Task Retries_are_narrated()
    {
        var server = Server();
        server.Fault(r => r.Path == "/api/policies/", _ => FakeCpmServer.Status(503));
        using var client = TestClients.Create(server);
        var log = new LogCapture();
        using (CpmClient.BeginLogScope(log.Sink))
            await client.SendAsync<JObject>(new CpmRequest(HttpMethod.Get, "policies/"));
        Assert.Contains(log.Of(CpmLogLevel.Verbose), l => l.StartsWith("Retrying GET /api/policies/ in ") && l.Contains("(retry 1 of 3) after 503 Service Unavailable"));
    }
}
