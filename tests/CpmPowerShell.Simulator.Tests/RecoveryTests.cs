using System.Net;
using Newtonsoft.Json.Linq;
using static CpmPowerShell.Simulator.Tests.BackupHelpers;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>7.44, 7.67 and chapter 14: recovering from a backup and the recovery records.</summary>
public sealed class RecoveryTests : PinnedSimulatorTest
{
    /// <summary>An ended backup of prod and its first instance and volume snapshot ids.</summary>
    async Task<(int Backup, int Instance, int Volume)> EndedProdBackupAsync()
    {
        var (_, id) = await client.StartBackupAsync(await client.PolicyIdAsync("prod"));
        clock.Now = clock.Now.AddSeconds(40);
        var instance = (int)((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/instances/")).Json)[0]["id"];
        var volume = (int)((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/volumes/")).Json)[0]["id"];
        return (id, instance, volume);
    }

    [Fact]
    public async Task Instance_recovery_runs_then_succeeds_with_new_ids()
    {
        var (backup, instance, _) = await EndedProdBackupAsync();
        var source = (string)(await client.GetAsync($"api/backups/{backup}/snapshots/instances/{instance}/")).Json["backed_up_resource_id"];
        var started = clock.Now;
        var reply = await client.PostAsync($"api/backups/{backup}/snapshots/instances/{instance}/recover/",
            new { instance_type = "t3.large", num_instances_to_recover = 2, placement = "Z", zone = "us-east-1a" });
        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        var recovery = (JObject)reply.Json;
        Assert.Equal("P", (string)recovery["status"]);
        Assert.Equal("I", (string)recovery["recovery_type"]);
        Assert.Equal(backup, (int)recovery["backup_record"]);
        Assert.Equal(await client.PolicyIdAsync("prod"), (int)recovery["policy"]);
        Assert.Equal(Utc(started), (string)recovery["recovery_time"]);
        Assert.Equal(Utc(T0), (string)recovery["backup_time"]);
        Assert.Equal(JTokenType.Null, recovery["recovered_resource_ids"].Type);
        Assert.Equal("Z", (string)recovery["s3_recover_status"]["status"]);
        var id = (int)recovery["id"];
        Assert.Equal(Utc(started), (string)(await client.GetAsync($"api/policies/{recovery["policy"]}/")).Json["last_recovery_time"]);

        clock.Now = started.AddSeconds(19);
        Assert.Equal("P", (string)(await client.GetAsync($"api/recoveries/{id}/")).Json["status"]);
        Assert.Single((JArray)(await client.GetAsync("api/recoveries/?status=P")).Json);

        clock.Now = started.AddSeconds(20);
        var done = (await client.GetAsync($"api/recoveries/{id}/")).Json;
        Assert.Equal("R", (string)done["status"]);
        var recovered = ((string)done["recovered_resource_ids"]).Split(',');
        Assert.Equal(2, recovered.Length);
        Assert.All(recovered, r => Assert.Matches($@"^i-[0-9a-f]{{17}} \(original: {source}\)$", r));
        Assert.Empty((JArray)(await client.GetAsync("api/recoveries/?status=P")).Json);
        Assert.Contains((JArray)(await client.GetAsync($"api/recoveries/?policy={done["policy"]}")).Json, r => (int)r["id"] == id);
    }

    [Fact]
    public async Task Volume_recovery_can_be_told_to_fail()
    {
        var (backup, _, volume) = await EndedProdBackupAsync();
        await client.SetOutcomeAsync(new { recovery = "F" });
        var reply = await client.PostAsync($"api/backups/{backup}/snapshots/volumes/{volume}/recover/", new { attach_behaviour = "attach_free", zone = "us-east-1b" });
        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        Assert.Equal("V", (string)reply.Json["recovery_type"]);
        clock.Now = clock.Now.AddSeconds(20);
        var done = (await client.GetAsync($"api/recoveries/{reply.Json["id"]}/")).Json;
        Assert.Equal("F", (string)done["status"]);
        Assert.Equal(JTokenType.Null, done["recovered_resource_ids"].Type);

        await client.SetOutcomeAsync(new { recovery = "A", policy = (int)done["policy"] });
        reply = await client.PostAsync($"api/backups/{backup}/snapshots/volumes/{volume}/recover/", new { });
        clock.Now = clock.Now.AddSeconds(20);
        Assert.Equal("A", (string)(await client.GetAsync($"api/recoveries/{reply.Json["id"]}/")).Json["status"]);
    }

    [Fact]
    public async Task Recovery_needs_an_ended_good_backup_and_a_live_snapshot()
    {
        var prod = await client.PolicyIdAsync("prod");
        var (_, running) = await client.StartBackupAsync(prod);
        var runningSnapshot = (int)((JArray)(await client.GetAsync($"api/backups/{running}/snapshots/instances/")).Json)[0]["id"];
        var refused = await client.PostAsync($"api/backups/{running}/snapshots/instances/{runningSnapshot}/recover/", new { });
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.Status);
        Assert.Empty(refused.Bytes);
        clock.Now = T0.AddSeconds(40);

        // Body checks (400) and unknown snapshots (404) come first, as documented.
        Assert.Equal("invalid_choice", (await client.PostAsync($"api/backups/{running}/snapshots/instances/{runningSnapshot}/recover/", new { instance_type = "t9.huge" })).FieldError("instance_type").Code);
        Assert.Equal("min_value", (await client.PostAsync($"api/backups/{running}/snapshots/instances/{runningSnapshot}/recover/", new { num_instances_to_recover = 0 })).FieldError("num_instances_to_recover").Code);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"api/backups/{running}/snapshots/instances/424242/recover/", new { })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"api/backups/424242/snapshots/instances/{runningSnapshot}/recover/", new { })).Status);

        // A failed backup, and the failed snapshot of a partly failed one.
        await client.SetOutcomeAsync(new { backup = "F", policy = prod });
        var (_, failed) = await client.StartBackupAsync(prod);
        clock.Now = T0.AddSeconds(80);
        var failedSnapshot = (int)((JArray)(await client.GetAsync($"api/backups/{failed}/snapshots/instances/")).Json)[0]["id"];
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PostAsync($"api/backups/{failed}/snapshots/instances/{failedSnapshot}/recover/", new { })).Status);

        await client.SetOutcomeAsync(new { backup = "S", policy = prod });
        var (_, partial) = await client.StartBackupAsync(prod);
        clock.Now = T0.AddSeconds(120);
        var volume = (int)((JArray)(await client.GetAsync($"api/backups/{partial}/snapshots/volumes/")).Json)[0]["id"]; // the last target: failed
        var instance = (int)((JArray)(await client.GetAsync($"api/backups/{partial}/snapshots/instances/")).Json)[0]["id"];
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PostAsync($"api/backups/{partial}/snapshots/volumes/{volume}/recover/", new { })).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"api/backups/{partial}/snapshots/instances/{instance}/recover/", new { })).Status);

        // Deleted snapshots.
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"api/backups/{running}/snapshots/instances/{runningSnapshot}/recover/", new { })).Status);
        await client.DeleteAsync($"api/backups/{running}/snapshots/");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PostAsync($"api/backups/{running}/snapshots/instances/{runningSnapshot}/recover/", new { })).Status);
    }

    [Fact]
    public async Task Recovery_logs_delete_and_s3_abort()
    {
        var (backup, instance, _) = await EndedProdBackupAsync();
        var started = clock.Now;
        var id = (int)(await client.PostAsync($"api/backups/{backup}/snapshots/instances/{instance}/recover/", new { })).Json["id"];
        Assert.Single((JArray)(await client.GetAsync($"api/recoveries/{id}/logs/")).Json);
        clock.Now = started.AddSeconds(20);
        var logs = (JArray)(await client.GetAsync($"api/recoveries/{id}/logs/")).Json;
        Assert.Equal(2, logs.Count);
        Assert.Contains("(original: ", (string)logs[1]["log"]);
        var csv = await client.GetAsync($"api/recoveries/{id}/logs/", accept: "text/csv");
        Assert.Equal("log_time,log_type,log", csv.Text.Split("\r\n")[0]);
        Assert.Equal(3, csv.Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        // Ours are not recoveries from S3: nothing to abort.
        var notS3 = await client.PostAsync($"api/recoveries/{id}/recover_from_s3/abort/");
        Assert.Equal(HttpStatusCode.BadRequest, notS3.Status);
        Assert.Contains("S3", notS3.FieldError("non_field_errors").Message);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("api/recoveries/424242/recover_from_s3/abort/")).Status);

        // One stored as running from S3 can be aborted once.
        var ids = await sim.Host.AddRecordsAsync(client, "/api/recoveries/",
            new { status = "P", recovery_type = "I", recovery_time = Utc(T0), s3_recover_status = new { status = "P", progress_percent = new[] { 40 } } });
        var s3 = (int)ids[0];
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"api/recoveries/{s3}/recover_from_s3/abort/")).Status);
        var aborted = (await client.GetAsync($"api/recoveries/{s3}/")).Json;
        Assert.Equal("F", (string)aborted["status"]);
        Assert.Equal("A", (string)aborted["s3_recover_status"]["status"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync($"api/recoveries/{s3}/recover_from_s3/abort/")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/recoveries/{id}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"api/recoveries/{id}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"api/recoveries/{id}/logs/")).Status);
    }

    [Fact]
    public async Task Seed_has_a_recovery_history()
    {
        var recoveries = (JArray)(await client.GetAsync("api/recoveries/")).Json;
        Assert.Equal(new[] { "F", "R" }, recoveries.Select(r => (string)r["status"]).OrderBy(s => s));
        foreach (var recovery in recoveries)
            Assert.Equal("B", (string)(await client.BackupAsync((int)recovery["backup_record"]))["status"]);
    }
}
