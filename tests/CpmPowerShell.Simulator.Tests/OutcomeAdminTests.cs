using System.Net;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>/_sim/outcomes and the run durations in /_sim/config.</summary>
public sealed class OutcomeAdminTests : IClassFixture<SimulatorFixture>
{
    readonly SimClient client;
    public OutcomeAdminTests(SimulatorFixture fixture) => client = fixture.Client;

    [Fact]
    public async Task Outcomes_are_checked_set_per_policy_and_cleared()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("_sim/outcomes", new { backup = "X" }, auth: false)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("_sim/outcomes", new { recovery = "B" }, auth: false)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("_sim/outcomes", new { policy = 1 }, auth: false)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("_sim/outcomes", "[1]", auth: false)).Status);

        var set = await client.PostAsync("_sim/outcomes", new { backup = "A", recovery = "F", policy = 2 }, auth: false);
        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal("B", (string)set.Json["backup"]);
        Assert.Equal(new JObject { ["backup"] = "A", ["recovery"] = "F" }, set.Json["policies"]["2"]);

        var cleared = (await client.PostAsync("_sim/outcomes", new { backup = (string)null, policy = 2 }, auth: false)).Json;
        Assert.Equal(new JObject { ["recovery"] = "F" }, cleared["policies"]["2"]);

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync("_sim/outcomes")).Status);
        var now = (await client.GetAsync("_sim/outcomes", auth: false)).Json;
        Assert.Empty((JObject)now["policies"]);
        Assert.Equal("R", (string)now["recovery"]);
        Assert.Contains("POST /_sim/outcomes", (await client.GetAsync("_sim", auth: false)).Text);
    }

    [Fact]
    public async Task Config_shows_and_changes_run_durations()
    {
        var config = (await client.GetAsync("_sim/config", auth: false)).Json;
        Assert.Equal(3.0, (double)config["backupSeconds"]);
        Assert.Equal(12, (int)config["seedBackups"]);
        var changed = await client.PostAsync("_sim/config", new { backupSeconds = 3, recoverySeconds = 1.5 }, auth: false);
        Assert.Equal(1.5, (double)changed.Json["recoverySeconds"]);
        await client.PostAsync("_sim/config", new { recoverySeconds = 3 }, auth: false);
    }
}
