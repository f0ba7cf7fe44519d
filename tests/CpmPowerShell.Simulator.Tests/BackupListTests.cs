using System.Net;
using Newtonsoft.Json.Linq;
using static CpmPowerShell.Simulator.Tests.BackupHelpers;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>7.1 and 7.70: the seeded backup history and every documented filter of the list.</summary>
public sealed class BackupListTests : IAsyncLifetime
{
    readonly FixedClock clock = new(T0);
    OwnSimulator sim;
    SimClient client;

    public async Task InitializeAsync()
    {
        sim = await StartPinnedAsync(clock, seedBackups: 60);
        client = sim.Client;
    }

    public async Task DisposeAsync() => await sim.DisposeAsync();

    async Task<JArray> ListAsync(string query = "") => (JArray)(await client.GetAsync("api/backups/" + query)).Json;

    [Fact]
    public async Task Seed_is_ended_history_with_mixed_statuses()
    {
        var all = await ListAsync();
        Assert.Equal(60, all.Count);
        Assert.Equal(60, sim.Host.Count("/api/backups/"));
        Assert.Equal(new[] { "A", "B", "D", "F", "S" }, all.Select(b => (string)b["status"]).Distinct().OrderBy(s => s));
        Assert.All(all, b => Assert.True(DateTimeOffset.Parse((string)b["end_time"]) < T0));
        Assert.All(all, b => Assert.Equal(b["status"].ToString() is "B" or "A" or "S", (bool)b["is_recoverable"]));
        var starts = all.Select(b => (string)b["start_time"]).ToList();
        Assert.Equal(starts.OrderBy(s => s, StringComparer.Ordinal), starts); // id order is start order
        Assert.Equal(4, all.Select(b => (int)b["policy"]).Distinct().Count());
        Assert.Equal(2, all.Count(b => (bool)b["is_freezer_item"]));
        Assert.Equal(60, all.Select(b => (long)b["tracker_id"]).Distinct().Count());
    }

    [Fact]
    public async Task Filters_by_tracker_status_policy_user_and_freezer()
    {
        var all = await ListAsync();
        var some = all[17];
        Assert.Equal((int)some["id"], (int)Assert.Single(await ListAsync($"?tracker_id={some["tracker_id"]}"))["id"]);
        Assert.Empty(await ListAsync("?tracker_id=1"));

        var failed = await ListAsync("?status=F");
        Assert.Equal(all.Count(b => (string)b["status"] == "F"), failed.Count);
        Assert.NotEmpty(failed);

        var prod = await client.PolicyIdAsync("prod");
        var ofProd = await ListAsync($"?policy={prod}");
        Assert.Equal(15, ofProd.Count);
        Assert.All(ofProd, b => Assert.Equal(prod, (int)b["policy"]));
        Assert.Equal(all.Count(b => (int)b["user"] == 2), (await ListAsync("?user=2")).Count);
        Assert.Equal(all.Count(b => (int)b["account"] == 2), (await ListAsync("?account=2")).Count);
        Assert.Equal(2, (await ListAsync("?is_freezer_item=true")).Count);
        Assert.Equal(58, (await ListAsync("?is_freezer_item=false")).Count);
        Assert.Equal((int)all[3]["id"], (int)Assert.Single(await ListAsync($"?id={all[3]["id"]}"))["id"]);
        // Seeded staging copies to DR and S3, dev to DR (all of their backups ended well); the others do neither.
        var ofStaging = await ListAsync($"?policy={await client.PolicyIdAsync("staging")}");
        Assert.Equal(30, (await ListAsync("?dr_status=N")).Count);
        Assert.Equal(45, (await ListAsync("?s3_copy_status=Z")).Count);
        Assert.Equal(ofStaging.Select(b => (int)b["id"]), (await ListAsync("?s3_copy_status=S")).Select(b => (int)b["id"]));
        Assert.Equal(30, (await ListAsync("?dr_status=C")).Count);
        Assert.Single(await ListAsync($"?status=F&policy={(int)failed[0]["policy"]}&id={failed[0]["id"]}"));
    }

    [Fact]
    public async Task Start_time_filter_compares_instants()
    {
        var some = (await ListAsync())[5];
        var start = DateTimeOffset.Parse((string)some["start_time"]);
        var inParis = Uri.EscapeDataString(start.ToOffset(TimeSpan.FromHours(1)).ToString("yyyy-MM-ddTHH:mm:sszzz"));
        Assert.Equal((int)some["id"], (int)Assert.Single(await ListAsync($"?start_time={inParis}"))["id"]);
    }

    [Fact]
    public async Task Search_by_resource_looks_at_what_each_backup_covered()
    {
        var prod = await client.PolicyIdAsync("prod");
        var dev = await client.PolicyIdAsync("dev");
        var web = (JArray)(await client.GetAsync($"api/policies/{prod}/targets/instances/")).Json;
        var webId = (string)web.Single(i => (string)i["name"] == "web-01")["aws_resource_id"];

        var byId = await ListAsync($"?search_by_instance={webId[..10].ToUpperInvariant()}"); // part of the id, any case
        Assert.Equal(15, byId.Count);
        Assert.All(byId, b => Assert.Equal(prod, (int)b["policy"]));
        Assert.Equal(15, (await ListAsync("?search_by_instance=WEB-01")).Count); // the name tag
        Assert.All(await ListAsync("?search_by_volume=dev-scratch"), b => Assert.Equal(dev, (int)b["policy"]));
        Assert.Equal(15, (await ListAsync("?search_by_volume=dev-scratch")).Count);
        Assert.Empty(await ListAsync("?search_by_instance=no-such-thing"));
        Assert.Empty(await ListAsync("?search_by_rds=web"));
        Assert.Empty(await ListAsync("?search_by_s3_sync=web"));

        // A backup whose snapshot records exist (it was read) is searched through them; same answer.
        await client.GetAsync($"api/backups/{byId[0]["id"]}/snapshots/");
        Assert.Equal(15, (await ListAsync($"?search_by_instance={webId}")).Count);
    }

    [Fact]
    public async Task Search_ordering_and_paging_work_on_backups()
    {
        var frozen = await ListAsync("?search=keep");
        Assert.Equal(2, frozen.Count);
        Assert.All(frozen, b => Assert.True((bool)b["is_freezer_item"]));

        var newestFirst = await ListAsync("?ordering=-start_time");
        Assert.Equal((await ListAsync()).Select(b => (int)b["id"]).Reverse(), newestFirst.Select(b => (int)b["id"]));
        var byStatus = await ListAsync("?ordering=status,-end_time");
        Assert.Equal(byStatus.Select(b => (string)b["status"]).OrderBy(s => s, StringComparer.Ordinal), byStatus.Select(b => (string)b["status"]));

        var page = await client.GetAsync("api/backups/?page=2&page_size=20&status=B");
        Assert.Equal((await ListAsync("?status=B")).Count, (int)page.Json["count"]);
        Assert.Equal(20, page.Json["results"].Count());
    }

    [Fact]
    public async Task Read_and_freezer_list()
    {
        var some = (await ListAsync())[0];
        var read = await client.BackupAsync((int)some["id"]);
        Assert.Equal(some.ToString(), read.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/backups/424242/")).Status);

        var freezer = (JArray)(await client.GetAsync("api/freezer/")).Json;
        Assert.Equal(2, freezer.Count);
        Assert.All(freezer, b => Assert.Contains("-keep-", (string)b["name"]));
        Assert.Equal(2, (int)(await client.GetAsync("api/freezer/?page=1&page_size=1")).Json["count"]);
        Assert.Single((JArray)(await client.GetAsync($"api/freezer/?search={freezer[1]["name"]}")).Json);
    }
}
