using System.Net;
using Newtonsoft.Json.Linq;
using static CpmPowerShell.Simulator.Tests.BackupHelpers;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>The recover endpoints of every snapshot kind (7.12-7.63): records, lifecycle, outcomes and refusals.</summary>
public sealed class RecoveryKindTests : PinnedSimulatorTest
{
    /// <summary>Every kind with a recover endpoint, its recovery_type and a body that passes.</summary>
    public static TheoryData<string, string, string> Kinds => new()
    {
        { "efs", "E", """{"target_efs":"N","performance_mode":"generalPurpose","preserve_tags":true}""" },
        { "dr_efs", "E", """{"target_efs":"O","iam_role_arn":"arn:aws:iam::123456789012:role/restore"}""" },
        { "rds_clusters", "A", """{"aws_resource_id":"staging-aurora-copy","aws_dbinstance_id":"staging-aurora-copy-1","zone":"us-west-2a"}""" },
        { "dr_rds_clusters", "A", """{"aws_resource_id":"aurora-dr","aws_dbinstance_id":"aurora-dr-1"}""" },
        { "rds_databases", "R", """{"aws_resource_id":"orders-rehearsal","port":3306,"multi_az":false,"storage_type":"gp2"}""" },
        { "dr_rds_databases", "R", """{"aws_resource_id":"orders-dr","zone":"eu-west-1a"}""" },
        { "redshift_clusters", "C", """{"aws_resource_id":"warehouse-rehearsal","port":5439}""" },
        { "dynamodb_tables", "D", """{"aws_resource_name":"staging-sessions-restored"}""" },
        { "dr_volumes", "V", """{"zone":"eu-west-1b","attach_behaviour":"attach_free"}""" },
    };

    async Task<int> PolicyWithDrAsync(string name)
    {
        var policy = await client.PolicyIdAsync(name);
        await client.PutAsync($"api/policies/{policy}/dr/", new { dr_enabled = true, dr_regions = new[] { 6 } });
        return policy;
    }

    /// <summary>An ended backup (of staging, or of prod for DR volumes) with DR on, and its first record of the kind.</summary>
    async Task<(int Backup, JObject Snapshot)> EndedBackupAsync(string kind)
    {
        var policy = await PolicyWithDrAsync(kind == "dr_volumes" ? "prod" : "staging");
        var (_, id) = await client.StartBackupAsync(policy);
        clock.Now = clock.Now.AddSeconds(40);
        var snapshot = (JObject)((JArray)(await client.GetAsync($"api/backups/{id}/snapshots/{kind}/")).Json)[0];
        return (id, snapshot);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_recovery_of_every_kind_runs_then_ends_as_told(string kind, string type, string body)
    {
        var (backup, snapshot) = await EndedBackupAsync(kind);
        var url = $"api/backups/{backup}/snapshots/{kind}/{snapshot["id"]}/recover/";
        var started = clock.Now;
        var reply = await client.PostAsync(url, JObject.Parse(body));
        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        Assert.Equal(type, (string)reply.Json["recovery_type"]);
        Assert.Equal("P", (string)reply.Json["status"]);
        Assert.Equal(backup, (int)reply.Json["backup_record"]);
        clock.Now = started.AddSeconds(20);
        var done = (await client.GetAsync($"api/recoveries/{reply.Json["id"]}/")).Json;
        Assert.Equal("R", (string)done["status"]);
        Assert.EndsWith($"(original: {snapshot["backed_up_resource_id"]})", (string)done["recovered_resource_ids"]);
        var named = (string)JObject.Parse(body)["aws_resource_id"] ?? (string)JObject.Parse(body)["aws_resource_name"];
        if (named != null) Assert.StartsWith(named + " ", (string)done["recovered_resource_ids"]);
        Assert.Contains((JArray)(await client.GetAsync($"api/recoveries/{reply.Json["id"]}/logs/")).Json, l => ((string)l["log"]).Contains("started"));

        await client.SetOutcomeAsync(new { recovery = "F" });
        var failing = await client.PostAsync(url, JObject.Parse(body));
        clock.Now = clock.Now.AddSeconds(20);
        Assert.Equal("F", (string)(await client.GetAsync($"api/recoveries/{failing.Json["id"]}/")).Json["status"]);
    }

    [Fact]
    public async Task A_failed_backup_or_a_deleted_record_cannot_be_recovered_from()
    {
        var staging = await client.PolicyIdAsync("staging");
        await client.SetOutcomeAsync(new { backup = "F" });
        var (_, failed) = await client.StartBackupAsync(staging);
        clock.Now = clock.Now.AddSeconds(40);
        var rds = (int)((JArray)(await client.GetAsync($"api/backups/{failed}/snapshots/rds_databases/")).Json)[0]["id"];
        Assert.Equal((HttpStatusCode)412, (await client.PostAsync($"api/backups/{failed}/snapshots/rds_databases/{rds}/recover/", new { aws_resource_id = "x1" })).Status);

        await client.SetOutcomeAsync(new { backup = "B" });
        var (backup, snapshot) = await EndedBackupAsync("redshift_clusters");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/backups/{backup}/snapshots/redshift_clusters/{snapshot["id"]}/")).Status);
        Assert.Equal((HttpStatusCode)412, (await client.PostAsync($"api/backups/{backup}/snapshots/redshift_clusters/{snapshot["id"]}/recover/", new { aws_resource_id = "w1" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"api/backups/{backup}/snapshots/redshift_clusters/999999/recover/", new { aws_resource_id = "w1" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"api/backups/424242/snapshots/efs/1/recover/", new { })).Status);
    }

    [Fact]
    public async Task Recovery_bodies_are_checked()
    {
        var (backup, rds) = await EndedBackupAsync("rds_databases");
        var url = $"api/backups/{backup}/snapshots/rds_databases/{rds["id"]}/recover/";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(url, new { port = 3306 })).Status); // aws_resource_id is required
        var bad = await client.PostAsync(url, new { aws_resource_id = "1-bad--name-", zone = "us-west-2", port = 80, storage_type = "magnetic" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("invalid", bad.FieldError("aws_resource_id").Code);
        Assert.Contains("availability zone", bad.FieldError("zone").Message);
        Assert.Equal("min_value", bad.FieldError("port").Code);
        Assert.Equal("invalid_choice", bad.FieldError("storage_type").Code);
        Assert.Empty((JArray)(await client.GetAsync("api/recoveries/?status=P")).Json);

        var table = (int)((JArray)(await client.GetAsync($"api/backups/{backup}/snapshots/dynamodb_tables/")).Json)[0]["id"];
        var noName = await client.PostAsync($"api/backups/{backup}/snapshots/dynamodb_tables/{table}/recover/", new { aws_resource_name = "no spaces allowed" });
        Assert.Equal(HttpStatusCode.BadRequest, noName.Status);
        Assert.Contains("DynamoDB table name", noName.FieldError("aws_resource_name").Message);
        var efs = (int)((JArray)(await client.GetAsync($"api/backups/{backup}/snapshots/efs/")).Json)[0]["id"];
        var role = await client.PostAsync($"api/backups/{backup}/snapshots/efs/{efs}/recover/", new { iam_role_arn = "restore-role", target_efs = "X" });
        Assert.Equal(HttpStatusCode.BadRequest, role.Status);
        Assert.Contains("IAM role ARN", role.FieldError("iam_role_arn").Message);
        Assert.Equal("invalid_choice", role.FieldError("target_efs").Code);
    }
}
