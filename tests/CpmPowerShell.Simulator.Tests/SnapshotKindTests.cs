using System.Net;
using Newtonsoft.Json.Linq;
using static CpmPowerShell.Simulator.Tests.BackupHelpers;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>
/// Chapter 7's snapshot kinds (EFS, RDS, Redshift, DynamoDB, AMIs and their DR copies): which records a
/// backup makes from the policy's targets and options, the combined list (7.5) and deleting one of any kind.
/// </summary>
public sealed class SnapshotKindTests : PinnedSimulatorTest
{
    static readonly string[] LocalKinds = { "efs", "rds_clusters", "rds_databases", "redshift_clusters", "dynamodb_tables" };

    async Task<JArray> ListAsync(int backup, string kind = null) =>
        (JArray)(await client.GetAsync($"api/backups/{backup}/snapshots/" + (kind == null ? "" : kind + "/"))).Json;

    /// <summary>A backup of staging (a target of every kind) that has ended.</summary>
    async Task<int> EndedStagingBackupAsync()
    {
        var (_, id) = await client.StartBackupAsync(await client.PolicyIdAsync("staging"));
        clock.Now = clock.Now.AddSeconds(40);
        return id;
    }

    [Fact]
    public async Task A_backup_makes_a_record_of_every_kind_it_protects_and_the_combined_list_tells_the_kind()
    {
        var staging = await client.PolicyIdAsync("staging");
        // Seeded staging copies to DR and S3: turned off here, so only its own kinds are made.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"api/policies/{staging}/dr/", new { dr_enabled = false })).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"api/policies/{staging}/copy_to_s3/", new { enabled = false })).Status);
        var (_, id) = await client.StartBackupAsync(staging);
        foreach (var kind in LocalKinds)
        {
            var record = (JObject)Assert.Single(await ListAsync(id, kind));
            Assert.Equal(id.ToString(), (string)record["backup_id"]);
            Assert.Equal("us-west-2", (string)record["region"]);
            Assert.Equal("staging", (string)record["policy_name"]);
            Assert.Equal("I", (string)record["status"]);
            Assert.False((bool)record["succeeded"]);
            Assert.False(string.IsNullOrEmpty((string)record["snapshot_id"]));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"api/backups/{id}/snapshots/{kind}/{record["id"]}/")).Status);
        }
        Assert.Equal("staging-sessions", (string)(await ListAsync(id, "dynamodb_tables"))[0]["backed_up_resource_id"]);
        Assert.Equal("Default", (string)(await ListAsync(id, "efs"))[0]["backup_vault_name"]);
        Assert.Equal("staging-warehouse", (string)(await ListAsync(id, "redshift_clusters"))[0]["cluster_id"]);
        Assert.Equal(5439, (int)(await ListAsync(id, "redshift_clusters"))[0]["port"]);
        foreach (var kind in new[] { "dr_efs", "dr_volumes", "dr_rds_clusters", "dr_rds_databases", "initial_amis", "only_amis", "copy_to_s3" })
            Assert.Empty(await ListAsync(id, kind)); // DR and S3 are off; the initial AMI came with the first backup

        var all = await ListAsync(id);
        Assert.Equal(new[] { "dynamodb", "efs", "instance", "rds", "rds_cluster", "redshift" }, all.Select(s => (string)s["snapshot_type"]).OrderBy(t => t).ToArray());
        Assert.Equal(all.Select(s => (int)s["id"]).Distinct().Count(), all.Count);

        clock.Now = clock.Now.AddSeconds(40);
        Assert.All(await ListAsync(id), s => Assert.True((bool)s["succeeded"]));
        var efs = (await ListAsync(id, "efs"))[0];
        Assert.Equal("B", (string)efs["status"]);
        Assert.True((bool)efs["succeeded"]);
        Assert.NotNull((string)efs["end_time"]);
        // The search filters find backups by the new kinds' resources.
        Assert.Contains((JArray)(await client.GetAsync("api/backups/?search_by_aurora=staging-aurora")).Json, b => (int)b["id"] == id);
        Assert.Contains((JArray)(await client.GetAsync("api/backups/?search_by_dynamo_db=sessions")).Json, b => (int)b["id"] == id);
    }

    [Fact]
    public async Task Seeded_backups_of_staging_have_records_of_every_kind_DR_copies_copies_in_S3_and_script_logs()
    {
        var staging = await client.PolicyIdAsync("staging");
        var backups = (JArray)(await client.GetAsync($"api/backups/?policy={staging}&ordering=id")).Json;
        var first = (int)backups[0]["id"];
        var last = (int)backups.Last(b => (string)b["status"] == "B")["id"];
        foreach (var kind in LocalKinds) Assert.Single(await ListAsync(last, kind));
        foreach (var kind in new[] { "dr_efs", "dr_rds_clusters", "dr_rds_databases" })
            Assert.Equal("us-east-1", (string)Assert.Single(await ListAsync(last, kind))["region"]);
        Assert.All(await ListAsync(last), s => Assert.True((bool)s["succeeded"]));
        Assert.Equal("C", (string)(await client.BackupAsync(last))["dr_status"]);
        Assert.Equal("S", (string)(await client.BackupAsync(last))["s3_copy_status"]["status"]);
        Assert.Equal("S", (string)Assert.Single(await ListAsync(last, "copy_to_s3"))["status"]);
        Assert.Equal(3, ((JArray)(await client.GetAsync($"api/backups/{last}/script_logs/")).Json).Count);
        // The initial AMI (and its DR copy) came with staging's first backup only.
        Assert.Single(await ListAsync(first, "initial_amis"));
        Assert.Single(await ListAsync(first, "dr_initial_amis"));
        Assert.Empty(await ListAsync(last, "initial_amis"));
        // dev backs up its instance by AMI only and copies to DR.
        var dev = await client.PolicyIdAsync("dev");
        var devBackup = (int)((JArray)(await client.GetAsync($"api/backups/?policy={dev}")).Json)[0]["id"];
        Assert.Single(await ListAsync(devBackup, "only_amis"));
        Assert.Equal("us-east-1", (string)Assert.Single(await ListAsync(devBackup, "only_dr_amis"))["region"]);
        Assert.Equal("us-east-1", (string)Assert.Single(await ListAsync(devBackup, "dr_volumes"))["region"]);
        // Policies without DR or copies to S3 have none.
        var prod = await client.PolicyIdAsync("prod");
        var prodBackup = (int)((JArray)(await client.GetAsync($"api/backups/?policy={prod}")).Json)[0]["id"];
        Assert.Empty(await ListAsync(prodBackup, "dr_volumes"));
        Assert.Empty(await ListAsync(prodBackup, "copy_to_s3"));
        Assert.Empty((JArray)(await client.GetAsync($"api/backups/{prodBackup}/script_logs/")).Json);
    }

    [Fact]
    public async Task With_DR_on_the_backup_copies_volumes_EFS_and_RDS_into_each_DR_region()
    {
        var prod = await client.PolicyIdAsync("prod");
        var staging = await client.PolicyIdAsync("staging");
        foreach (var policy in new[] { prod, staging })
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"api/policies/{policy}/dr/", new { dr_enabled = true, dr_regions = new[] { 4, 6 } })).Status);
        var (_, prodBackup) = await client.StartBackupAsync(prod);
        var (_, stagingBackup) = await client.StartBackupAsync(staging);
        Assert.Equal("P", (string)(await client.BackupAsync(stagingBackup))["dr_status"]);

        var volumes = await ListAsync(prodBackup, "dr_volumes");
        Assert.Equal(new[] { "eu-west-1", "us-west-2" }, volumes.Select(v => (string)v["region"]).OrderBy(r => r).ToArray());
        var local = (await ListAsync(prodBackup, "volumes"))[0];
        Assert.All(volumes, v => Assert.Equal((string)local["snapshot_id"], (string)v["original_snap"]));
        Assert.All(volumes, v => Assert.Equal((string)local["backed_up_resource_id"], (string)v["backed_up_resource_id"]));
        foreach (var kind in new[] { "dr_efs", "dr_rds_clusters", "dr_rds_databases" })
            Assert.Equal(2, (await ListAsync(stagingBackup, kind)).Count);
        Assert.Empty(await ListAsync(stagingBackup, "dr_initial_amis")); // the instance takes no AMIs
        Assert.Contains(await ListAsync(stagingBackup), s => (string)s["snapshot_type"] == "rds_copy" && (string)s["region"] == "eu-west-1");

        clock.Now = clock.Now.AddSeconds(40);
        var ended = await client.BackupAsync(stagingBackup);
        Assert.Equal("C", (string)ended["dr_status"]);
        Assert.All(await ListAsync(stagingBackup, "dr_rds_databases"), s => Assert.True((bool)s["succeeded"]));

        await client.SetOutcomeAsync(new { backup = "F" });
        var (_, failed) = await client.StartBackupAsync(staging);
        clock.Now = clock.Now.AddSeconds(40);
        Assert.Equal("F", (string)(await client.BackupAsync(failed))["dr_status"]);
        var withoutDr = (int)(await client.PostAsync("api/policies/", new { name = "no-dr", account = 1 })).Json["id"];
        Assert.Equal("N", (string)(await client.BackupAsync((await client.StartBackupAsync(withoutDr)).BackupId))["dr_status"]);
    }

    [Fact]
    public async Task Initial_AMIs_come_with_the_first_backup_only_and_AMI_only_instances_with_every_backup()
    {
        var policy = (int)(await client.PostAsync("api/policies/", new { name = "amis", account = 1 })).Json["id"];
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"api/policies/{policy}/targets/instances/", new { aws_resource_id = "i-0aaaaaaaaaaaaaaa1", aws_region = "eu-west-1", ami_backup_option = "S" })).Status);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"api/policies/{policy}/targets/instances/", new { aws_resource_id = "i-0aaaaaaaaaaaaaaa2", aws_region = "eu-west-1", ami_backup_option = "O" })).Status);
        await client.PutAsync($"api/policies/{policy}/dr/", new { dr_enabled = true, dr_regions = new[] { 1 } });

        var (_, first) = await client.StartBackupAsync(policy);
        var initial = (JObject)Assert.Single(await ListAsync(first, "initial_amis"));
        Assert.Equal("i-0aaaaaaaaaaaaaaa1", (string)initial["backed_up_resource_id"]);
        Assert.StartsWith("ami-", (string)initial["aws_image_id"]);
        var drInitial = (JObject)Assert.Single(await ListAsync(first, "dr_initial_amis"));
        Assert.Equal("us-east-1", (string)drInitial["region"]);
        Assert.Equal((string)initial["aws_image_id"], (string)drInitial["original_aws_image_id"]);
        Assert.Equal("i-0aaaaaaaaaaaaaaa2", (string)Assert.Single(await ListAsync(first, "only_amis"))["backed_up_resource_id"]);
        Assert.Single(await ListAsync(first, "only_dr_amis"));

        clock.Now = clock.Now.AddSeconds(40);
        var (_, second) = await client.StartBackupAsync(policy);
        Assert.Empty(await ListAsync(second, "initial_amis"));
        Assert.Empty(await ListAsync(second, "dr_initial_amis"));
        Assert.Single(await ListAsync(second, "only_amis"));
        Assert.Contains(await ListAsync(second), s => (string)s["snapshot_type"] == "ami_copy");
    }

    [Fact]
    public async Task One_record_of_any_kind_can_be_deleted_and_the_last_one_deletes_the_backup()
    {
        var (_, running) = await client.StartBackupAsync(await client.PolicyIdAsync("staging"));
        var efsId = (int)(await ListAsync(running, "efs"))[0]["id"];
        Assert.Equal(HttpStatusCode.BadRequest, (await client.DeleteAsync($"api/backups/{running}/snapshots/efs/{efsId}/")).Status);
        clock.Now = clock.Now.AddSeconds(40);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/backups/{running}/snapshots/efs/{efsId}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"api/backups/{running}/snapshots/efs/{efsId}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"api/backups/{running}/snapshots/rds_clusters/{efsId}/")).Status); // an id of another kind
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"api/backups/424242/snapshots/efs/{efsId}/")).Status);
        Assert.Equal(Utc(clock.Now), (string)(await client.GetAsync($"api/backups/{running}/snapshots/efs/{efsId}/")).Json["deletion_time"]);
        Assert.Equal(Utc(clock.Now), (string)(await ListAsync(running)).Single(s => (int)s["id"] == efsId)["deletion_time"]);
        Assert.Equal("B", (string)(await client.BackupAsync(running))["status"]);
        // Recovering from the deleted record is refused.
        Assert.Equal((HttpStatusCode)412, (await client.PostAsync($"api/backups/{running}/snapshots/efs/{efsId}/recover/", new { })).Status);

        foreach (var kind in LocalKinds.Skip(1))
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/backups/{running}/snapshots/{kind}/{(await ListAsync(running, kind))[0]["id"]}/")).Status);
        Assert.Equal("B", (string)(await client.BackupAsync(running))["status"]); // the instance is left
        await client.DeleteAsync($"api/backups/{running}/snapshots/"); // 7.6 takes the rest
        Assert.Equal("D", (string)(await client.BackupAsync(running))["status"]);
        Assert.All(await ListAsync(running, "dynamodb_tables"), s => Assert.NotNull((string)s["deletion_time"]));
    }

    [Fact]
    public async Task Deleting_all_snapshots_of_a_backup_or_a_policy_covers_every_kind()
    {
        var id = await EndedStagingBackupAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/backups/{id}/snapshots/")).Status);
        foreach (var kind in LocalKinds)
            Assert.Equal(Utc(clock.Now), (string)(await ListAsync(id, kind))[0]["deletion_time"]);

        var other = await EndedStagingBackupAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/policies/{await client.PolicyIdAsync("staging")}/snapshots/")).Status);
        foreach (var kind in LocalKinds)
            Assert.Equal(Utc(clock.Now), (string)(await ListAsync(other, kind))[0]["deletion_time"]);
    }
}
