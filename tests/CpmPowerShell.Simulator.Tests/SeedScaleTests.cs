using System.Diagnostics;
using System.Net;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>Runs alone (after the parallel classes), so its timings measure the simulator rather than the other tests.</summary>
[CollectionDefinition(nameof(SeedScaleTests), DisableParallelization = true)]
public sealed class SeedScaleCollection { }

/// <summary>--seed-backups: the history size, honoured by reset, and fast enough at 20000 for benchmarks.</summary>
[Collection(nameof(SeedScaleTests))]
public sealed class SeedScaleTests
{
    readonly ITestOutputHelper output;
    public SeedScaleTests(ITestOutputHelper output) => this.output = output;

    [Fact, Trait("Category", "Slow")] // seconds of real time: left out by -ExcludeTag Slow
    public async Task Twenty_thousand_backups_start_in_seconds_and_page_quickly()
    {
        var watch = Stopwatch.StartNew();
        await using var sim = await OwnSimulator.StartAsync(new SimulatorOptions { SeedBackups = 20000 });
        var started = watch.Elapsed;
        Assert.Equal(20000, sim.Host.Count("/api/backups/"));

        // Pages are read whole but looked at only after the clock stops: the test's own JSON parsing is not the server's time.
        watch.Restart();
        var pages = new List<Reply>();
        for (var page = 1; page <= 200; page++) pages.Add(await sim.Client.GetAsync($"api/backups/?page={page}&page_size=100"));
        var firstWalk = watch.Elapsed;
        Assert.All(pages, reply => Assert.Equal(HttpStatusCode.OK, reply.Status));
        Assert.Equal(20000, (int)pages[^1].Json["count"]);
        Assert.Equal(20000, pages.SelectMany(reply => (JArray)reply.Json["results"]).Select(b => (int)b["id"]).Distinct().Count());

        watch.Restart();
        var filteredPages = new List<Reply>();
        for (var page = 1; page <= 160; page++)
            filteredPages.Add(await sim.Client.GetAsync($"api/backups/?page={page}&page_size=100&status=B&ordering=-start_time"));
        var filteredWalk = watch.Elapsed;
        var filtered = filteredPages.SelectMany(reply => (JArray)reply.Json["results"]).Select(b => (int)b["id"]).ToList();
        Assert.Equal(16000, filtered.Count); // 16 in 20 seeded backups succeed
        Assert.Equal(JTokenType.Null, filteredPages[^1].Json["next"].Type);
        Assert.Equal(filtered.OrderByDescending(i => i), filtered);

        output.WriteLine($"start with 20000 backups: {started.TotalMilliseconds:F0} ms; 200-page walk: {firstWalk.TotalMilliseconds:F0} ms; filtered and ordered walk: {filteredWalk.TotalMilliseconds:F0} ms");
        // Generous limits so a slow CI machine passes; the numbers above are what to look at.
        Assert.True(started < TimeSpan.FromSeconds(10), $"start took {started}");
        Assert.True(firstWalk < TimeSpan.FromSeconds(10), $"walk took {firstWalk}");
        Assert.True(filteredWalk < TimeSpan.FromSeconds(10), $"filtered walk took {filteredWalk}");
    }

    [Fact]
    public async Task Reset_honours_seed_backups()
    {
        await using var sim = await OwnSimulator.StartAsync(new SimulatorOptions { SeedBackups = 7 });
        var client = sim.Client;
        Assert.Equal(7, sim.Host.Count("/api/backups/"));
        var (_, _) = await client.StartBackupAsync(await client.PolicyIdAsync("prod"));
        await client.SetOutcomeAsync(new { backup = "F" });

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("_sim/reset", new { seedBackups = 30 }, auth: false)).Status);
        Assert.Equal(30, ((JArray)(await client.GetAsync("api/backups/")).Json).Count);
        Assert.Equal("B", (string)(await client.GetAsync("_sim/outcomes", auth: false)).Json["backup"]); // outcomes were reset too
        Assert.Equal(30, (int)(await client.GetAsync("_sim/config", auth: false)).Json["seedBackups"]);

        await client.PostAsync("_sim/reset", new { }, auth: false);
        Assert.Equal(7, sim.Host.Count("/api/backups/")); // back to the start-up size
        sim.Host.Reset(seedBackups: 0);
        Assert.Empty((JArray)(await client.GetAsync("api/backups/")).Json);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("_sim/reset", new { seedBackups = -1 }, auth: false)).Status);
    }
}
