using System.Net;
using Newtonsoft.Json.Linq;
using static CpmPowerShell.Simulator.Tests.BackupHelpers;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>
/// Copies of a backup in S3 (7.7/7.8), aborting one (7.2), recovering from one (7.45, 7.68) and the logs of
/// backup scripts (7.3/7.4), all following the policy's options.
/// </summary>
public sealed class BackupCopyAndScriptTests : PinnedSimulatorTest
{
    async Task<int> ProdCopyingToS3Async()
    {
        var prod = await client.PolicyIdAsync("prod");
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"api/policies/{prod}/copy_to_s3/", new { enabled = true, repository = 1 })).Status);
        return prod;
    }

    async Task<int> EndedBackupAsync(int policy)
    {
        var (_, id) = await client.StartBackupAsync(policy);
        clock.Now = clock.Now.AddSeconds(40);
        return id;
    }

    Task<Reply> S3WorkAsync(object body) => client.PostAsync("_sim/s3-work", body, auth: false);

    [Fact]
    public async Task A_policy_that_copies_to_S3_gets_a_copy_of_each_EBS_snapshot_once_the_backup_ends()
    {
        var prod = await ProdCopyingToS3Async();
        var (_, id) = await client.StartBackupAsync(prod);
        Assert.Equal("Z", (string)(await client.BackupAsync(id))["s3_copy_status"]["status"]);
        var copies = (JArray)(await client.GetAsync($"api/backups/{id}/snapshots/copy_to_s3/")).Json;
        Assert.Equal(4, copies.Count); // three instances and a volume
        Assert.All(copies, c => Assert.Equal("1", (string)c["repository_id"]));
        Assert.All(copies, c => Assert.Equal(id.ToString(), (string)c["backup_id"]));
        Assert.DoesNotContain((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/")).Json, s => (string)s["snapshot_type"] == "ebs_s3");

        clock.Now = clock.Now.AddSeconds(40);
        var status = (await client.BackupAsync(id))["s3_copy_status"];
        Assert.Equal("S", (string)status["status"]);
        Assert.Equal(100, (int)status["progress_percent"]);
        var copy = (await client.GetAsync($"api/backups/{id}/snapshots/copy_to_s3/{copies[0]["id"]}/")).Json;
        Assert.Equal("S", (string)copy["status"]);
        Assert.Equal("true", (string)copy["succeeded"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"api/backups/{id}/snapshots/copy_to_s3/999999/")).Status);
        Assert.Contains((JArray)(await client.GetAsync("api/backups/?s3_copy_status=S")).Json, b => (int)b["id"] == id);

        var dev = await EndedBackupAsync(await client.PolicyIdAsync("dev"));
        Assert.Empty((JArray)(await client.GetAsync($"api/backups/{dev}/snapshots/copy_to_s3/")).Json);
        Assert.Equal("Z", (string)(await client.BackupAsync(dev))["s3_copy_status"]["status"]);
    }

    [Fact]
    public async Task A_running_copy_to_S3_can_be_aborted_and_nothing_else()
    {
        var id = await EndedBackupAsync(await ProdCopyingToS3Async());
        var refused = await client.PostAsync($"api/backups/{id}/copy_to_s3/abort/");
        Assert.Equal((HttpStatusCode)412, refused.Status);
        Assert.Contains("nothing to abort", (string)refused.Json["detail"]);

        var running = await S3WorkAsync(new { backup = id, copy = true });
        Assert.Equal(HttpStatusCode.OK, running.Status);
        Assert.Equal("P", (string)running.Json["s3_copy_status"]["status"]);
        Assert.Equal("P", (string)(await client.BackupAsync(id))["s3_copy_status"]["status"]);
        Assert.All((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/copy_to_s3/")).Json, c => Assert.Equal("P", (string)c["status"]));

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"api/backups/{id}/copy_to_s3/abort/")).Status);
        Assert.Equal("A", (string)(await client.BackupAsync(id))["s3_copy_status"]["status"]);
        Assert.All((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/copy_to_s3/")).Json, c => Assert.Equal("A", (string)c["status"]));
        Assert.Equal((HttpStatusCode)412, (await client.PostAsync($"api/backups/{id}/copy_to_s3/abort/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("api/backups/424242/copy_to_s3/abort/")).Status);

        // The control API: a copy that finishes; a backup without a copy; a bad body.
        await S3WorkAsync(new { backup = id, copy = true });
        Assert.Equal("S", (string)(await S3WorkAsync(new { backup = id, copy = false })).Json["s3_copy_status"]["status"]);
        var dev = await EndedBackupAsync(await client.PolicyIdAsync("dev"));
        Assert.Equal(HttpStatusCode.NotFound, (await S3WorkAsync(new { backup = dev, copy = true })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await S3WorkAsync(new { backup = id })).Status);
    }

    [Fact]
    public async Task Recovery_from_S3_needs_a_finished_copy()
    {
        var id = await EndedBackupAsync(await ProdCopyingToS3Async());
        var instance = (int)((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/instances/")).Json)[0]["id"];
        var volume = (int)((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/volumes/")).Json)[0]["id"];
        var started = clock.Now;
        var reply = await client.PostAsync($"api/backups/{id}/snapshots/instances/{instance}/recover_from_s3/", new { zone = "us-east-1a" });
        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        Assert.Equal("I", (string)reply.Json["recovery_type"]);
        Assert.Equal("P", (string)reply.Json["s3_recover_status"]["status"]);
        clock.Now = started.AddSeconds(20);
        var done = (await client.GetAsync($"api/recoveries/{reply.Json["id"]}/")).Json;
        Assert.Equal("R", (string)done["status"]);
        Assert.Equal("S", (string)done["s3_recover_status"]["status"]);

        // The native snapshots may be gone (13.14 keeps the copy in S3): recovering from S3 still works.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/policies/{await client.PolicyIdAsync("prod")}/snapshots/native/")).Status);
        Assert.Equal("M", (string)(await client.BackupAsync(id))["status"]);
        var fromS3 = await client.PostAsync($"api/backups/{id}/snapshots/volumes/{volume}/recover_from_s3/", new { region = "us-east-1", zone = "us-east-1b" });
        Assert.Equal(HttpStatusCode.Accepted, fromS3.Status);
        Assert.Equal("V", (string)fromS3.Json["recovery_type"]);
        Assert.Equal((HttpStatusCode)412, (await client.PostAsync($"api/backups/{id}/snapshots/volumes/{volume}/recover/", new { })).Status);
        var badRegion = await client.PostAsync($"api/backups/{id}/snapshots/volumes/{volume}/recover_from_s3/", new { region = "US East" });
        Assert.Equal(HttpStatusCode.BadRequest, badRegion.Status);
        Assert.Contains("region name", badRegion.FieldError("region").Message);

        // No copy in S3: 412.
        var dev = await EndedBackupAsync(await client.PolicyIdAsync("dev"));
        var devInstance = (int)((JArray)(await client.GetAsync($"api/backups/{dev}/snapshots/instances/")).Json)[0]["id"];
        Assert.Equal((HttpStatusCode)412, (await client.PostAsync($"api/backups/{dev}/snapshots/instances/{devInstance}/recover_from_s3/", new { })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"api/backups/{dev}/snapshots/instances/999999/recover_from_s3/", new { })).Status);
    }

    [Fact]
    public async Task A_policy_that_runs_scripts_gets_script_logs_with_their_output_when_collected()
    {
        var prod = await client.PolicyIdAsync("prod");
        var none = await EndedBackupAsync(prod);
        Assert.Empty((JArray)(await client.GetAsync($"api/backups/{none}/script_logs/")).Json);

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"api/policies/{prod}/options/", new { enable_agent_scripts = true, collect_script_output = true })).Status);
        var id = await EndedBackupAsync(prod);
        var logs = (JArray)(await client.GetAsync($"api/backups/{id}/script_logs/")).Json;
        Assert.Equal(new[] { "before_prod", "after_prod", "complete_prod" }, logs.Select(l => (string)l["title"]).ToArray());
        Assert.All(logs, l => Assert.Contains("exit code 0", (string)l["log"]));
        var one = await client.GetAsync($"api/backups/{id}/script_logs/{logs[1]["id"]}/");
        Assert.Equal(HttpStatusCode.OK, one.Status);
        Assert.Equal("after_prod", (string)one.Json["title"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"api/backups/{id}/script_logs/999999/")).Status);

        await client.PutAsync($"api/policies/{prod}/options/", new { collect_script_output = false });
        var quiet = await EndedBackupAsync(prod);
        Assert.All((JArray)(await client.GetAsync($"api/backups/{quiet}/script_logs/")).Json, l => Assert.Contains("does not collect", (string)l["log"]));
    }
}
