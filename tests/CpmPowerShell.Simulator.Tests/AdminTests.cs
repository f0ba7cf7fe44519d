using System.Net;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>The /_sim/ control API: token expiry, counters, request log, reset, config, records.</summary>
public sealed class AdminTests
{
    [Fact]
    public async Task Expire_tokens_refuses_issued_access_tokens_and_optionally_refresh_tokens()
    {
        await using var sim = await OwnSimulator.StartAsync();
        var client = sim.Client;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("_sim/expire-tokens", auth: false)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/schedules/")).Status);

        var refreshed = await client.PostFormAsync("api/token/refresh/", ("refresh", client.Refresh));
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        client.Access = (string)refreshed.Json["access"];
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/schedules/")).Status);

        await client.PostAsync("_sim/expire-tokens", new { refresh = true }, auth: false);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostFormAsync("api/token/refresh/", ("refresh", client.Refresh))).Status);
        await client.LoginAsync(); // the API key still works
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/schedules/")).Status);
    }

    [Fact]
    public async Task Stats_and_the_request_log_count_api_calls_without_secrets()
    {
        await using var sim = await OwnSimulator.StartAsync();
        var client = sim.Client;
        await client.GetAsync("api/schedules/?ordering=name");
        await client.PostAsync("api/schedules/", new { name = "counted", every_how_many = 1, user = 1 });
        await client.GetAsync("api/schedules/", auth: false);

        var stats = (await client.GetAsync("_sim/stats", auth: false)).Json;
        Assert.Equal(4, (long)stats["requests"]);
        Assert.Equal(1, (long)stats["tokenObtains"]);
        Assert.Equal(1, (long)stats["writes"]);
        Assert.Equal(1, (long)stats["unauthorized"]);
        Assert.Equal(2, (long)stats["byMethod"]["GET"]);
        Assert.Equal(3, (long)stats["byPath"]["/api/schedules/"]);
        Assert.Equal(1, (long)stats["byOperation"]["POST /api/schedules/"]);

        var log = await client.GetAsync("_sim/requests?last=50", auth: false);
        Assert.Equal(4, log.Json.Count());
        Assert.Equal("?ordering=name", (string)log.Json[1]["query"]);
        Assert.True((bool)log.Json[2]["hasBody"]);
        Assert.DoesNotContain(client.Access, log.Text);
        Assert.DoesNotContain(SimulatorOptions.DefaultApiKey, log.Text);

        await client.PostAsync("_sim/stats/reset", auth: false);
        Assert.Equal(0, (long)(await client.GetAsync("_sim/stats", auth: false)).Json["requests"]);
        Assert.Empty((await client.GetAsync("_sim/requests", auth: false)).Json);
    }

    [Fact]
    public async Task Reset_reseeds_and_clears_faults()
    {
        await using var sim = await OwnSimulator.StartAsync();
        var client = sim.Client;
        await client.DeleteAsync("api/schedules/1/");
        await client.PostAsync("_sim/faults", new { errorRate = 0.5 }, auth: false);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("_sim/reset", new { seed = 12 }, auth: false)).Status);
        Assert.Equal(0.0, (double)(await client.GetAsync("_sim/faults", auth: false)).Json["errorRate"]);
        Assert.Equal(12, (await client.GetAsync("api/schedules/")).Json.Count()); // the token survived the reset
        Assert.Equal(12, sim.Host.Count("/api/schedules/"));
    }

    [Fact]
    public async Task Config_changes_token_lifetimes_at_run_time()
    {
        await using var sim = await OwnSimulator.StartAsync(login: false);
        var config = await sim.Client.PostAsync("_sim/config", new { accessLifetimeSeconds = 1, refreshLifetimeSeconds = 100 }, auth: false);
        Assert.Equal(1, (int)config.Json["accessLifetimeSeconds"]);
        Assert.Null(config.Json["apiKey"]);
        await sim.Client.LoginAsync();
        await Task.Delay(1100);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sim.Client.GetAsync("api/schedules/")).Status);
    }

    [Fact]
    public async Task Records_can_be_stored_where_the_api_cannot_create_them()
    {
        await using var sim = await OwnSimulator.StartAsync();
        var seeded = ((JArray)(await sim.Client.GetAsync("api/alerts/")).Json).Count; // alerts are seeded (issue 11)
        var ids = await sim.Host.AddRecordsAsync(sim.Client, "/api/alerts/",
            new { category = "Backup", title = "Backup failed" }, new { id = 40, category = "Backup", title = "Backup partial" });
        Assert.Equal(new[] { seeded + 1, 40 }, ids.Select(i => (int)i));
        var alerts = (JArray)(await sim.Client.GetAsync("api/alerts/")).Json;
        Assert.Equal(seeded + 2, alerts.Count);
        Assert.Equal(HttpStatusCode.OK, (await sim.Client.GetAsync("api/alerts/40/")).Status);

        var notCollection = await sim.Client.PostAsync("_sim/records", new { path = "/api/system/version/", records = new[] { new { } } }, auth: false);
        Assert.Equal(HttpStatusCode.NotFound, notCollection.Status);
    }
}
