using System.Diagnostics;
using System.Net;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>Fault injection, by options and through POST /_sim/faults.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task FailNext_rules_fail_matching_calls_in_order()
    {
        await using var sim = await OwnSimulator.StartAsync();
        var client = sim.Client;
        var set = await client.PostAsync("_sim/faults", new
        {
            failNext = new object[]
            {
                new { status = 503, count = 2, method = "GET", pathPrefix = "/api/schedules/" },
                new { status = 500, count = 1 },
            },
        }, auth: false);
        Assert.Equal(HttpStatusCode.OK, set.Status);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("api/schedules/")).Status);
        Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync("api/users/")).Status); // first rule does not match
        var second = await client.GetAsync("api/schedules/1/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.Status);
        Assert.Equal("1", second.Header("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/schedules/")).Status);
        Assert.Equal(3, (long)(await client.GetAsync("_sim/stats", auth: false)).Json["faultsInjected"]);
    }

    [Fact]
    public async Task Throttling_answers_429_with_Retry_After()
    {
        await using var sim = await OwnSimulator.StartAsync();
        sim.Host.Faults = new Faults.FaultConfig { ThrottleRate = 1, RetryAfterSeconds = 7 };
        var reply = await sim.Client.GetAsync("api/schedules/");
        Assert.Equal((HttpStatusCode)429, reply.Status);
        Assert.Equal("7", reply.Header("Retry-After"));
        Assert.Contains("throttled", (string)reply.Json["detail"]);

        // Token calls are spared unless asked for.
        Assert.Equal(HttpStatusCode.OK, (await sim.Client.PostFormAsync("api/token/refresh/", ("refresh", sim.Client.Refresh))).Status);
        sim.Host.Faults = new Faults.FaultConfig { ThrottleRate = 1, IncludeTokenCalls = true };
        Assert.Equal((HttpStatusCode)429, (await sim.Client.PostFormAsync("api/token/refresh/", ("refresh", sim.Client.Refresh))).Status);
    }

    [Fact]
    public async Task Error_rate_from_options_uses_the_error_status()
    {
        await using var sim = await OwnSimulator.StartAsync(new SimulatorOptions { Faults = { ErrorRate = 1, ErrorStatus = 502 } });
        Assert.Equal(HttpStatusCode.BadGateway, (await sim.Client.GetAsync("api/schedules/")).Status);
        Assert.Equal(HttpStatusCode.OK, (await sim.Client.GetAsync("_sim/stats", auth: false)).Status); // admin calls are never faulted
    }

    [Fact]
    public async Task Dropped_connections_get_no_answer()
    {
        await using var sim = await OwnSimulator.StartAsync();
        await sim.Client.PostAsync("_sim/faults", new { failNext = new[] { new { drop = true, count = 1 } } }, auth: false);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => sim.Client.GetAsync("api/schedules/"));
        Assert.Equal(HttpStatusCode.OK, (await sim.Client.GetAsync("api/schedules/")).Status);
        var log = await sim.Client.GetAsync("_sim/requests?last=2", auth: false);
        Assert.Equal(0, (int)log.Json[0]["status"]);
    }

    [Fact]
    public async Task Latency_delays_every_call()
    {
        await using var sim = await OwnSimulator.StartAsync();
        await sim.Client.PostAsync("_sim/faults", new { latencyMs = 300 }, auth: false);
        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await sim.Client.GetAsync("api/schedules/")).Status);
        Assert.True(watch.ElapsedMilliseconds >= 290, $"took {watch.ElapsedMilliseconds} ms");

        Assert.Equal(HttpStatusCode.OK, (await sim.Client.DeleteAsync("_sim/faults")).Status);
        Assert.Equal(0, (int)(await sim.Client.GetAsync("_sim/faults", auth: false)).Json["latencyMs"]);
    }
}
