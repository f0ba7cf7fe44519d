using System.Net;
using Newtonsoft.Json.Linq;
using static CpmPowerShell.Simulator.Tests.BackupHelpers;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>13.13-13.17 and 13.23: deleting all snapshots of a policy, and aborting its S3 work.</summary>
public sealed class PolicyS3WorkTests : PinnedSimulatorTest
{
    async Task<JObject> SetWorkAsync(object work)
    {
        var reply = await client.PostAsync("_sim/s3-work", work, auth: false);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        return (JObject)reply.Json;
    }

    async Task<JObject> PolicyAsync(int id) => (JObject)(await client.GetAsync($"api/policies/{id}/")).Json;

    async Task<JArray> BackupsOfAsync(int policy) => (JArray)(await client.GetAsync($"api/backups/?policy={policy}")).Json;

    [Fact]
    public async Task Aborts_need_running_work_and_clear_it()
    {
        var prod = await client.PolicyIdAsync("prod");
        var nothing = await client.PostAsync($"api/policies/{prod}/archive/abort/");
        Assert.Equal(HttpStatusCode.PreconditionFailed, nothing.Status);
        Assert.Contains("archive", (string)nothing.Json["detail"]);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PostAsync($"api/policies/{prod}/cleanup_s3/abort/")).Status);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PostAsync($"api/policies/{prod}/s3_operations/abort/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("api/policies/424242/archive/abort/")).Status);

        var flags = await SetWorkAsync(new { policy = prod, archive = true, cleanup = true });
        Assert.True((bool)flags["s3_operation_in_progress"]);
        var policy = await PolicyAsync(prod);
        Assert.True((bool)policy["is_archive_active"]);
        Assert.True((bool)policy["is_s3_cleanup_active"]);
        Assert.True((bool)policy["s3_operation_in_progress"]);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"api/policies/{prod}/archive/abort/")).Status);
        policy = await PolicyAsync(prod);
        Assert.False((bool)policy["is_archive_active"]);
        Assert.True((bool)policy["s3_operation_in_progress"]); // the cleanup still runs
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PostAsync($"api/policies/{prod}/archive/abort/")).Status);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"api/policies/{prod}/cleanup_s3/abort/")).Status);
        policy = await PolicyAsync(prod);
        Assert.False((bool)policy["is_s3_cleanup_active"]);
        Assert.False((bool)policy["s3_operation_in_progress"]);
    }

    [Fact]
    public async Task Aborting_any_s3_operation_clears_all_of_them()
    {
        var dev = await client.PolicyIdAsync("dev");
        await SetWorkAsync(new { policy = dev, copy = true });
        Assert.True((bool)(await PolicyAsync(dev))["s3_operation_in_progress"]);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PostAsync($"api/policies/{dev}/archive/abort/")).Status); // a copy is no archive

        await SetWorkAsync(new { policy = dev, archive = true, cleanup = true });
        var aborted = await client.PostAsync($"api/policies/{dev}/s3_operations/abort/");
        Assert.Equal(HttpStatusCode.Created, aborted.Status);
        Assert.Equal(new[] { "archive", "cleanup", "copy" }, aborted.Json["aborted"].Select(a => (string)a));
        var policy = await PolicyAsync(dev);
        Assert.False((bool)policy["is_archive_active"]);
        Assert.False((bool)policy["is_s3_cleanup_active"]);
        Assert.False((bool)policy["s3_operation_in_progress"]);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PostAsync($"api/policies/{dev}/s3_operations/abort/")).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("_sim/s3-work", new { policy = 424242, archive = true }, auth: false)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("_sim/s3-work", new { archive = true }, auth: false)).Status);
    }

    [Fact]
    public async Task Deleting_all_snapshots_of_a_policy_marks_its_backups_deleted_but_not_freezer_items()
    {
        var dev = await client.PolicyIdAsync("dev");
        var before = await BackupsOfAsync(dev);
        var frozen = before.Single(b => (bool)b["is_freezer_item"]);
        var (_, running) = await client.StartBackupAsync(dev);

        var refused = await client.DeleteAsync($"api/policies/{dev}/snapshots/");
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.Status);
        Assert.Contains("running", (string)refused.Json["detail"]);
        foreach (var backup in before) // nothing changed
            Assert.Equal((string)backup["status"], (string)(await client.BackupAsync((int)backup["id"]))["status"]);
        Assert.Contains(before, b => (string)b["status"] != "D" && !(bool)b["is_freezer_item"]);

        clock.Now = T0.AddSeconds(100);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/policies/{dev}/snapshots/")).Status);
        foreach (var backup in await BackupsOfAsync(dev))
            Assert.Equal((int)backup["id"] == (int)frozen["id"] ? (string)frozen["status"] : "D", (string)backup["status"]);
        var snapshots = (JArray)(await client.GetAsync($"api/backups/{running}/snapshots/")).Json;
        Assert.NotEmpty(snapshots);
        Assert.All(snapshots, s => Assert.Equal(Utc(T0.AddSeconds(100)), (string)s["deletion_time"]));
        Assert.All((JArray)(await client.GetAsync($"api/backups/{frozen["id"]}/snapshots/")).Json, s => Assert.Equal(JTokenType.Null, s["deletion_time"].Type));
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("api/policies/424242/snapshots/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("api/policies/424242/snapshots/native/")).Status);
    }

    [Fact]
    public async Task Native_deletion_leaves_s3_copies_and_s3_deletion_takes_them()
    {
        // A policy of its own with backups stored as CPM would show them: one moved to S3, one copied, one native only.
        var policy = (int)(await client.PostAsync("api/policies/", new { name = "s3-history", account = 1 })).Json["id"];
        var ids = await sim.Host.AddRecordsAsync(client, "/api/backups/",
            new { policy, status = "M", s3_copy_status = new { status = "S", progress_percent = 100 } },
            new { policy, status = "B", s3_copy_status = new { status = "S", progress_percent = 100 } },
            new { policy, status = "B", s3_copy_status = new { status = "Z", progress_percent = 0 } },
            new { policy, status = "G", s3_copy_status = new { status = "S", progress_percent = 100 }, glacier_archive_status = new { status = "S", progress_percent = "100" } });
        async Task<string[]> Statuses() => await Task.WhenAll(ids.Select(async id => (string)(await client.BackupAsync((int)id))["status"]));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/policies/{policy}/snapshots/native/")).Status);
        Assert.Equal(new[] { "M", "M", "D", "G" }, await Statuses());
        Assert.Equal("S", (string)(await client.BackupAsync((int)ids[1]))["s3_copy_status"]["status"]); // the copy stays

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/policies/{policy}/snapshots/s3/")).Status);
        Assert.Equal(new[] { "D", "D", "D", "D" }, await Statuses());
        Assert.Equal("D", (string)(await client.BackupAsync((int)ids[1]))["s3_copy_status"]["status"]);
        Assert.Equal("D", (string)(await client.BackupAsync((int)ids[3]))["glacier_archive_status"]["status"]);
        Assert.Equal("Z", (string)(await client.BackupAsync((int)ids[2]))["s3_copy_status"]["status"]); // never copied
    }
}
