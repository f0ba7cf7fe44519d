using System.Diagnostics;
using System.Net;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>Chapters 1.7 to 1.9: paging, filtering, search and ordering.</summary>
public sealed class ListTests : IAsyncLifetime
{
    OwnSimulator sim;
    SimClient client;

    public async Task InitializeAsync()
    {
        sim = await OwnSimulator.StartAsync(new SimulatorOptions { Seed = 25 });
        client = sim.Client;
    }

    public async Task DisposeAsync() => await sim.DisposeAsync();

    [Fact]
    public async Task Without_paging_the_list_is_a_bare_array()
    {
        var all = await client.GetAsync("api/schedules/");
        Assert.Equal(JTokenType.Array, all.Json.Type);
        Assert.Equal(25, all.Json.Count());

        // page alone, or page_size 0, leaves paging off: the guide says a size of zero disables it.
        Assert.Equal(JTokenType.Array, (await client.GetAsync("api/schedules/?page=2")).Json.Type);
        Assert.Equal(JTokenType.Array, (await client.GetAsync("api/schedules/?page=1&page_size=0")).Json.Type);
    }

    [Fact]
    public async Task With_paging_the_envelope_links_pages_absolutely()
    {
        var first = await client.GetAsync("api/schedules/?page=1&page_size=10");
        Assert.Equal(25, (int)first.Json["count"]);
        Assert.Equal(10, first.Json["results"].Count());
        Assert.Equal(JTokenType.Null, first.Json["previous"].Type);
        Assert.Equal($"{sim.Host.BaseUri}api/schedules/?page=2&page_size=10", (string)first.Json["next"]);

        var second = await client.GetAsync("api/schedules/?page=2&page_size=10&ordering=name");
        Assert.Equal($"{sim.Host.BaseUri}api/schedules/?ordering=name&page_size=10", (string)second.Json["previous"]);

        var last = await client.GetAsync("api/schedules/?page=3&page_size=10");
        Assert.Equal(5, last.Json["results"].Count());
        Assert.Equal(JTokenType.Null, last.Json["next"].Type);

        // Following next to the end yields every record once.
        var ids = new List<int>();
        var url = "api/schedules/?page=1&page_size=7";
        while (url != null)
        {
            var page = await client.GetAsync(url);
            ids.AddRange(page.Json["results"].Select(r => (int)r["id"]));
            url = page.Json["next"].Type == JTokenType.Null ? null : (string)page.Json["next"];
        }
        Assert.Equal(Enumerable.Range(1, 25), ids);
    }

    [Fact]
    public async Task A_page_out_of_range_is_404()
    {
        foreach (var page in new[] { "4", "0", "-1", "abc" })
        {
            var reply = await client.GetAsync($"api/schedules/?page={page}&page_size=10");
            Assert.Equal(HttpStatusCode.NotFound, reply.Status);
            Assert.Equal("Invalid page.", (string)reply.Json["detail"]);
        }
        Assert.Equal(5, (await client.GetAsync("api/schedules/?page=last&page_size=10")).Json["results"].Count());
        Assert.Equal(0, (int)(await client.GetAsync("api/schedules/?page=1&page_size=10&user=12345")).Json["count"]);
    }

    [Fact]
    public async Task Filters_match_exactly()
    {
        var all = (JArray)(await client.GetAsync("api/schedules/")).Json;
        var mine = (JArray)(await client.GetAsync("api/schedules/?user=1")).Json;
        Assert.Equal(all.Count(s => (int)s["user"] == 1), mine.Count);
        Assert.All(mine, s => Assert.Equal(1, (int)s["user"]));
        // Seeded policy 1 ("prod") uses the hourly and daily schedules; a policy that does not exist uses none.
        Assert.Equal(new[] { 2, 3 }, ((JArray)(await client.GetAsync("api/schedules/?policy=1")).Json).Select(s => (int)s["id"]));
        Assert.Empty((await client.GetAsync("api/schedules/?policy=424242")).Json);
    }

    [Fact]
    public async Task Search_is_case_insensitive_over_the_documented_fields()
    {
        var daily = (JArray)(await client.GetAsync("api/schedules/?search=DAILY")).Json;
        Assert.Equal(5, daily.Count);
        Assert.All(daily, s => Assert.StartsWith("daily-", (string)s["name"]));
        Assert.Single((await client.GetAsync("api/schedules/?search=daily 0003")).Json); // every term must match
    }

    [Fact]
    public async Task Ordering_takes_several_fields_and_descending()
    {
        var ordered = (JArray)(await client.GetAsync("api/schedules/?ordering=every_unit,-every_how_many")).Json;
        var keys = ordered.Select(s => ((string)s["every_unit"], (int)s["every_how_many"])).ToList();
        var expected = keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenByDescending(k => k.Item2).ToList();
        Assert.Equal(expected, keys);

        var byName = (JArray)(await client.GetAsync("api/schedules/?ordering=-name,no_such_field")).Json;
        Assert.Equal(byName.Select(s => (string)s["name"]).OrderByDescending(n => n, StringComparer.Ordinal), byName.Select(s => (string)s["name"]));

        var byOwner = (JArray)(await client.GetAsync("api/schedules/?ordering=username")).Json;
        var users = (JArray)(await client.GetAsync("api/users/")).Json;
        string Owner(JToken s) => (string)users.First(u => (int)u["id"] == (int)s["user"])["username"];
        Assert.Equal(byOwner.Select(Owner).OrderBy(n => n, StringComparer.OrdinalIgnoreCase), byOwner.Select(Owner));
    }

    [Fact, Trait("Category", "Slow")] // seconds of real time: left out by -ExcludeTag Slow
    public async Task Twenty_thousand_records_page_quickly()
    {
        sim.Host.Reset(20_000);
        var watch = Stopwatch.StartNew();
        var count = 0;
        var url = "api/schedules/?page=1&page_size=100";
        while (url != null)
        {
            var page = await client.GetAsync(url);
            count += page.Json["results"].Count();
            url = page.Json["next"].Type == JTokenType.Null ? null : (string)page.Json["next"];
        }
        Assert.Equal(20_000, count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"200 pages took {watch.Elapsed}");
    }
}
