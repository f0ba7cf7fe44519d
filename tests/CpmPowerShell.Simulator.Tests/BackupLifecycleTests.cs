using System.Net;
using Newtonsoft.Json.Linq;
using static CpmPowerShell.Simulator.Tests.BackupHelpers;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>13.6 and chapter 7: a backup started now moves through its statuses with the (pinned) clock.</summary>
public sealed class BackupLifecycleTests : PinnedSimulatorTest
{
    [Fact]
    public async Task Backup_goes_from_initializing_to_in_progress_to_successful()
    {
        var prod = await client.PolicyIdAsync("prod");
        var (tracker, id) = await client.StartBackupAsync(prod);
        Assert.NotEqual(id, tracker); // tracker ids are their own sequence

        var record = await client.BackupAsync(id);
        Assert.Equal("I", (string)record["status"]);
        Assert.Equal(prod, (int)record["policy"]);
        Assert.Equal(1, (int)record["user"]);
        Assert.Equal(1, (int)record["account"]);
        Assert.Equal(Utc(T0), (string)record["start_time"]);
        Assert.Equal(JTokenType.Null, record["end_time"].Type);
        Assert.False((bool)record["is_recoverable"]);
        Assert.False((bool)record["is_freezer_item"]);
        Assert.Equal("N", (string)record["dr_status"]);
        Assert.Equal(tracker, (long)record["tracker_id"]);

        clock.Now = T0.AddSeconds(9);
        Assert.Equal("I", (string)(await client.BackupAsync(id))["status"]);
        clock.Now = T0.AddSeconds(10); // a quarter of 40 s
        Assert.Equal("P", (string)(await client.BackupAsync(id))["status"]);
        Assert.Single((await client.GetAsync($"api/backups/?status=P&policy={prod}")).Json);

        clock.Now = T0.AddSeconds(40);
        record = await client.BackupAsync(id);
        Assert.Equal("B", (string)record["status"]);
        Assert.Equal(Utc(T0.AddSeconds(40)), (string)record["end_time"]);
        Assert.True((bool)record["is_recoverable"]);
        Assert.True((bool)record["move_to_freezer_enabled"]);
        Assert.Empty((await client.GetAsync($"api/backups/?status=P&policy={prod}")).Json);
    }

    [Fact]
    public async Task Running_backup_blocks_another_of_the_same_policy_with_412()
    {
        var prod = await client.PolicyIdAsync("prod");
        var (first, _) = await client.StartBackupAsync(prod);
        var refused = await client.PostAsync($"api/policies/{prod}/backups/");
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.Status);
        Assert.Empty(refused.Bytes);

        clock.Now = T0.AddSeconds(20); // in progress: still refused
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PostAsync($"api/policies/{prod}/backups/")).Status);
        var (other, _) = await client.StartBackupAsync(await client.PolicyIdAsync("dev")); // another policy may run
        Assert.True(other > first);

        clock.Now = T0.AddSeconds(40);
        var (second, _) = await client.StartBackupAsync(prod);
        Assert.True(second > other);

        var legacy = await client.PolicyIdAsync("legacy-archive"); // seeded disabled
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PostAsync($"api/policies/{legacy}/backups/")).Status);
    }

    [Fact]
    public async Task Snapshot_records_follow_the_policy_targets()
    {
        var prod = await client.PolicyIdAsync("prod");
        var targets = (JArray)(await client.GetAsync($"api/policies/{prod}/targets/instances/")).Json;
        var (_, id) = await client.StartBackupAsync(prod);

        var instances = (JArray)(await client.GetAsync($"api/backups/{id}/snapshots/instances/")).Json;
        Assert.Equal(targets.Select(t => (string)t["aws_resource_id"]), instances.Select(i => (string)i["backed_up_resource_id"]));
        var web = instances.Single(i => (string)i["backed_up_resource_name"] == "web-01");
        Assert.Equal("us-east-1", (string)web["region"]);
        Assert.False(string.IsNullOrEmpty((string)web["aws_instance_type"]));
        Assert.StartsWith("ami-", (string)web["aws_image_id"]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"api/backups/{id}/snapshots/instances/{web["id"]}/")).Status);

        var volume = (JObject)Assert.Single((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/volumes/")).Json);
        Assert.Equal("I", (string)volume["status"]);
        Assert.False((bool)volume["succeeded"]);
        Assert.Equal("prod", (string)volume["policy_name"]);
        Assert.StartsWith("snap-", (string)volume["snapshot_id"]);
        Assert.Equal(id.ToString(), (string)volume["backup_id"]);

        var all = (JArray)(await client.GetAsync($"api/backups/{id}/snapshots/")).Json;
        Assert.Equal(instances.Count + 1, all.Count);
        Assert.Equal(all.Count, all.Select(s => (int)s["id"]).Distinct().Count());

        clock.Now = T0.AddSeconds(40);
        volume = (JObject)(await client.GetAsync($"api/backups/{id}/snapshots/volumes/{volume["id"]}/")).Json;
        Assert.Equal("B", (string)volume["status"]);
        Assert.True((bool)volume["succeeded"]);
        Assert.NotNull((string)volume["end_time"]);
        Assert.All((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/")).Json, s => Assert.True((bool)s["succeeded"]));
    }

    [Fact]
    public async Task Outcomes_make_backups_fail_or_partly_succeed_per_policy()
    {
        var prod = await client.PolicyIdAsync("prod");
        var dev = await client.PolicyIdAsync("dev");
        await client.SetOutcomeAsync(new { backup = "F", policy = prod });
        await client.SetOutcomeAsync(new { backup = "S" }); // every other policy
        var (_, failed) = await client.StartBackupAsync(prod);
        var (_, partial) = await client.StartBackupAsync(dev);
        clock.Now = T0.AddSeconds(40);

        var record = await client.BackupAsync(failed);
        Assert.Equal("F", (string)record["status"]);
        Assert.False((bool)record["is_recoverable"]);
        Assert.NotNull((string)record["end_time"]);
        Assert.All((JArray)(await client.GetAsync($"api/backups/{failed}/snapshots/")).Json, s => Assert.False((bool)s["succeeded"]));

        record = await client.BackupAsync(partial);
        Assert.Equal("S", (string)record["status"]);
        Assert.True((bool)record["is_recoverable"]);
        // dev's instance and volume, then the instance's AMI and the DR copies (seeded dev copies to DR), which follow their source.
        var snapshots = (JArray)(await client.GetAsync($"api/backups/{partial}/snapshots/")).Json;
        Assert.Equal(new[] { "instance", "ebs", "ami", "ami_copy", "ebs_copy" }, snapshots.Select(s => (string)s["snapshot_type"]));
        Assert.Equal(new[] { true, false, true, true, false }, snapshots.Select(s => (bool)s["succeeded"]));

        var outcomes = (await client.GetAsync("_sim/outcomes", auth: false)).Json;
        Assert.Equal("S", (string)outcomes["backup"]);
        Assert.Equal("F", (string)outcomes["policies"][prod.ToString()]["backup"]);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync("_sim/outcomes")).Status);
        clock.Now = T0.AddSeconds(80);
        var (_, good) = await client.StartBackupAsync(prod);
        clock.Now = T0.AddSeconds(120);
        Assert.Equal("B", (string)(await client.BackupAsync(good))["status"]);
    }

    [Fact]
    public async Task Logs_grow_with_the_backup_as_json_and_csv()
    {
        var prod = await client.PolicyIdAsync("prod");
        await client.SetOutcomeAsync(new { backup = "S", policy = prod });
        var (_, id) = await client.StartBackupAsync(prod);

        var early = (JArray)(await client.GetAsync($"api/backups/{id}/logs/")).Json;
        var line = (JObject)Assert.Single(early);
        Assert.Equal(new[] { "log_time", "log_type", "log" }, line.Properties().Select(p => p.Name));
        Assert.Equal(Utc(T0), (string)line["log_time"]);
        Assert.Contains("prod", (string)line["log"]);

        clock.Now = T0.AddSeconds(25);
        var middle = (JArray)(await client.GetAsync($"api/backups/{id}/logs/")).Json;
        Assert.InRange(middle.Count, 3, 5);

        clock.Now = T0.AddSeconds(40);
        var done = (JArray)(await client.GetAsync($"api/backups/{id}/logs/")).Json;
        Assert.Equal(2 + 4 + 1, done.Count); // started, snapshots begin, four snapshots, ended
        Assert.Equal("Error", (string)done[done.Count - 2]["log_type"]); // the last snapshot failed
        Assert.Equal("Warning", (string)done[done.Count - 1]["log_type"]);
        Assert.Equal(done.Select(l => (string)l["log_time"]).OrderBy(t => t, StringComparer.Ordinal), done.Select(l => (string)l["log_time"]));

        var csv = await client.GetAsync($"api/backups/{id}/logs/", accept: "text/csv");
        Assert.Equal(HttpStatusCode.OK, csv.Status);
        Assert.Equal("text/csv", csv.MediaType);
        var rows = csv.Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("log_time,log_type,log", rows[0]);
        Assert.Equal(done.Count + 1, rows.Length);
        Assert.StartsWith(Utc(T0) + ",Info,", rows[1]);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/backups/424242/logs/")).Status);
    }

    [Fact]
    public async Task Zero_seconds_ends_at_once_and_durations_change_at_run_time()
    {
        var config = await client.PostAsync("_sim/config", new { backupSeconds = 0 }, auth: false);
        Assert.Equal(0.0, (double)config.Json["backupSeconds"]);
        var (_, id) = await client.StartBackupAsync(await client.PolicyIdAsync("staging"));
        Assert.Equal("B", (string)(await client.BackupAsync(id))["status"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("_sim/config", new { backupSeconds = -1 }, auth: false)).Status);
    }
}
