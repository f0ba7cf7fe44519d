using System.Net;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>Chapter 6: alerts kept as state, listed newest first, read, deleted one by one or all at once.</summary>
public sealed class AlertTests : IClassFixture<SimulatorFixture>
{
    readonly SimulatorFixture fixture;
    public AlertTests(SimulatorFixture fixture) => this.fixture = fixture;

    [Fact]
    public async Task Alerts_are_listed_newest_first_read_and_deleted()
    {
        await using var sim = await OwnSimulator.StartAsync(); // deletes: a simulator of its own
        var client = sim.Client;
        var alerts = (JArray)(await client.GetAsync("api/alerts/")).Json;
        Assert.True(alerts.Count >= 6);
        Assert.Equal(new[] { "C", "E", "I", "W" }, alerts.Select(a => (string)a["severity"]).Distinct().OrderBy(s => s));
        var times = alerts.Select(a => (string)a["alert_time"]).ToList();
        Assert.Equal(times.OrderByDescending(t => t, StringComparer.Ordinal), times);

        var id = (int)alerts[0]["id"];
        Assert.Equal((string)alerts[0]["title"], (string)(await client.GetAsync($"api/alerts/{id}/")).Json["title"]);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/alerts/{id}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"api/alerts/{id}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"api/alerts/{id}/")).Status);
        Assert.Equal(alerts.Count - 1, ((JArray)(await client.GetAsync("api/alerts/")).Json).Count);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("api/alerts/")).Status);
        Assert.Empty((JArray)(await client.GetAsync("api/alerts/")).Json);
    }

    [Fact]
    public async Task Alerts_page_as_other_lists()
    {
        var page = (await fixture.Client.GetAsync("api/alerts/?page=1&page_size=2")).Json;
        Assert.Equal(2, ((JArray)page["results"]).Count);
        Assert.True((int)page["count"] >= 6);
    }
}
