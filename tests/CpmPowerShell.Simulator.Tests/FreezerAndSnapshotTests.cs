using System.Net;
using Newtonsoft.Json.Linq;
using static CpmPowerShell.Simulator.Tests.BackupHelpers;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>7.6, 7.41-7.43, 7.66, 7.69, 7.71, 7.72 and 12.1: freezing records and deleting snapshots.</summary>
public sealed class FreezerAndSnapshotTests : PinnedSimulatorTest
{
    async Task<int> EndedBackupAsync(string policy = "prod")
    {
        var (_, id) = await client.StartBackupAsync(await client.PolicyIdAsync(policy));
        clock.Now = clock.Now.AddSeconds(40);
        return id;
    }

    static string NonFieldError(Reply reply)
    {
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        return reply.FieldError("non_field_errors").Message;
    }

    [Fact]
    public async Task Move_to_freezer_then_rename_and_delete()
    {
        var id = await EndedBackupAsync();
        Assert.Contains("freezer", NonFieldError(await client.PutAsync($"api/backups/{id}/", new { name = "n", description = "d" })));
        Assert.Contains("freezer", NonFieldError(await client.DeleteAsync($"api/backups/{id}/")));

        Assert.Equal("required", (await client.PostAsync($"api/backups/{id}/to_freezer/", new { name = "keep-me" })).FieldError("description").Code);
        Assert.Equal("invalid", (await client.PostAsync($"api/backups/{id}/to_freezer/", new { name = "keep me", description = "x" })).FieldError("name").Code);

        var frozen = await client.PostAsync($"api/backups/{id}/to_freezer/", new { name = "keep-me", description = "Before the upgrade" });
        Assert.Equal(HttpStatusCode.Created, frozen.Status);
        Assert.Equal("keep-me", (string)frozen.Json["name"]);
        Assert.Equal(id, (int)frozen.Json["id"]);
        Assert.False(((JObject)frozen.Json).ContainsKey("is_recoverable")); // the documented answer is a subset of the record
        var record = await client.BackupAsync(id);
        Assert.True((bool)record["is_freezer_item"]);
        Assert.False((bool)record["move_to_freezer_enabled"]);
        Assert.Contains("already", NonFieldError(await client.PostAsync($"api/backups/{id}/to_freezer/", new { name = "again", description = "x" })));
        Assert.Contains((JArray)(await client.GetAsync("api/freezer/")).Json, b => (int)b["id"] == id);
        Assert.Contains((JArray)(await client.GetAsync($"api/backups/{id}/logs/")).Json, l => ((string)l["log"]).Contains("keep-me"));

        var renamed = await client.PutAsync($"api/backups/{id}/", new { name = "kept", description = "Renamed" });
        Assert.Equal(HttpStatusCode.OK, renamed.Status);
        Assert.Equal("kept", (string)renamed.Json["name"]);
        Assert.Equal("required", (await client.PutAsync($"api/backups/{id}/", new { name = "kept" })).FieldError("description").Code);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/backups/{id}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"api/backups/{id}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"api/backups/{id}/")).Status);
    }

    [Fact]
    public async Task Only_ended_recoverable_backups_go_to_the_freezer()
    {
        var (_, running) = await client.StartBackupAsync(await client.PolicyIdAsync("prod"));
        Assert.Contains("status", NonFieldError(await client.PostAsync($"api/backups/{running}/to_freezer/", new { name = "early", description = "x" })));
        await client.SetOutcomeAsync(new { backup = "F" });
        var failed = await EndedBackupAsync("dev");
        Assert.Contains("status", NonFieldError(await client.PostAsync($"api/backups/{failed}/to_freezer/", new { name = "broken", description = "x" })));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("api/backups/424242/to_freezer/", new { name = "x", description = "x" })).Status);
    }

    [Fact]
    public async Task Deleting_all_snapshots_marks_the_backup_deleted()
    {
        var (_, id) = await client.StartBackupAsync(await client.PolicyIdAsync("prod"));
        Assert.Contains("running", NonFieldError(await client.DeleteAsync($"api/backups/{id}/snapshots/")));
        clock.Now = T0.AddSeconds(100);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/backups/{id}/snapshots/")).Status);
        var record = await client.BackupAsync(id);
        Assert.Equal("D", (string)record["status"]);
        Assert.False((bool)record["is_recoverable"]);
        Assert.All((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/")).Json, s => Assert.Equal(Utc(T0.AddSeconds(100)), (string)s["deletion_time"]));
        Assert.Equal("D", (string)((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/volumes/")).Json)[0]["status"]);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/backups/{id}/snapshots/")).Status); // again: nothing left, fine
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("api/backups/424242/snapshots/")).Status);
        Assert.Contains((JArray)(await client.GetAsync($"api/backups/{id}/logs/")).Json, l => ((string)l["log"]).Contains("deleted"));
    }

    [Fact]
    public async Task Deleting_the_last_volume_snapshot_marks_the_backup_deleted()
    {
        var policy = (int)(await client.PostAsync("api/policies/", new { name = "volumes-only", account = 1 })).Json["id"];
        await client.PostAsync($"api/policies/{policy}/targets/volumes/", new { aws_resource_id = "vol-0aaaaaaaaaaaaaaa1", aws_region = "eu-west-1" });
        await client.PostAsync($"api/policies/{policy}/targets/volumes/", new { aws_resource_id = "vol-0aaaaaaaaaaaaaaa2", aws_region = "eu-west-1" });
        var id = await EndedBackupAsync("volumes-only");
        var volumes = (JArray)(await client.GetAsync($"api/backups/{id}/snapshots/volumes/")).Json;
        Assert.Equal(2, volumes.Count);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/backups/{id}/snapshots/volumes/{volumes[0]["id"]}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"api/backups/{id}/snapshots/volumes/{volumes[0]["id"]}/")).Status);
        Assert.NotNull((string)(await client.GetAsync($"api/backups/{id}/snapshots/volumes/{volumes[0]["id"]}/")).Json["deletion_time"]);
        Assert.Equal("B", (string)(await client.BackupAsync(id))["status"]);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/backups/{id}/snapshots/volumes/{volumes[1]["id"]}/")).Status);
        Assert.Equal("D", (string)(await client.BackupAsync(id))["status"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"api/backups/{id}/snapshots/volumes/424242/")).Status);
    }

    [Fact]
    public async Task Snapshot_lists_filter_by_resource_region_and_time()
    {
        var id = await EndedBackupAsync();
        var instances = (JArray)(await client.GetAsync($"api/backups/{id}/snapshots/instances/")).Json;
        var web = (string)instances[0]["backed_up_resource_id"];
        Assert.Single((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/instances/?resource={web}")).Json);

        var volume = (string)((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/volumes/")).Json)[0]["backed_up_resource_id"];
        Assert.Single((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/volumes/?aws_resource_id={volume}&aws_region=us-east-1&user=1&account=1")).Json);
        Assert.Empty((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/volumes/?aws_region=eu-west-1")).Json);
        Assert.Single((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/volumes/?from_time={Utc(T0)}&to_time={Utc(T0)}")).Json);
        Assert.Empty((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/volumes/?from_time={Utc(T0.AddSeconds(1))}")).Json);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"api/backups/424242/snapshots/volumes/")).Status);
    }

    [Fact]
    public async Task Instance_images_nics_and_similar_images()
    {
        var id = await EndedBackupAsync();
        var instances = (JArray)(await client.GetAsync($"api/backups/{id}/snapshots/instances/")).Json;
        var snapshot = instances[0];
        var ami = (JArray)(await client.GetAsync($"api/backups/{id}/snapshots/instances/{snapshot["id"]}/ami/")).Json;
        Assert.Equal((string)snapshot["aws_image_id"], (string)Assert.Single(ami)["aws_image_id"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"api/backups/{id}/snapshots/instances/424242/ami/")).Status);

        var similar = (JArray)(await client.GetAsync($"api/backups/{id}/snapshots/instances/{snapshot["id"]}/find_similar_ami/")).Json;
        Assert.Equal(new[] { "E", "N" }, similar.Select(s => (string)s["match_type"]));
        Assert.Single((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/instances/{snapshot["id"]}/find_similar_ami/?exact_match=true")).Json);
        Assert.Empty((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/instances/{snapshot["id"]}/find_similar_ami/?aws_region=ap-south-1")).Json);

        // NICs: whatever the instance has, each with an eni id; the same instance always answers the same.
        var nics = new List<JToken>();
        foreach (var instance in instances)
            nics.AddRange((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/instances/{instance["id"]}/aws_additional_nics/")).Json);
        Assert.All(nics, n => Assert.StartsWith("eni-", (string)n["id"]));
    }
}
