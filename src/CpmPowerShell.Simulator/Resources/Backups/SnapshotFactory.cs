using System.Globalization;
using CpmPowerShell.Simulator.Engine;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Backups;

/// <summary>
/// The snapshot records of a backup, one per target: the instance view (7.39), the volume view (7.64) and
/// the general list (7.5), all sharing the target's snapshot id. Values CPM would read from AWS are derived
/// from the target (see <see cref="FakeAws"/>).
/// </summary>
static class SnapshotFactory
{
    public static JObject Instance(BackupRun run, BackupTarget target)
    {
        var t = target.Target;
        var id = target.ResourceId;
        return new JObject
        {
            ["account_id"] = AccountId(run),
            ["aws_architecture"] = "x86_64",
            ["aws_disable_api_termination"] = false,
            ["aws_image_id"] = t["image_id"]?.DeepClone() ?? FakeAws.Id("ami", id),
            ["aws_instance_type"] = t["aws_resource_type"]?.DeepClone(),
            ["aws_ip_address"] = FakeAws.PrivateIp(id),
            ["aws_kernel_id"] = null,
            ["aws_key_name"] = (run.PolicyName ?? "cpm") + "-key",
            ["aws_monitored"] = false,
            ["aws_ram_disk_id"] = null,
            ["aws_root_device"] = t["aws_root_device"]?.DeepClone() ?? "/dev/xvda",
            ["aws_security_groups"] = new JArray(FakeAws.Id("sg", id)),
            ["aws_shutdown_behaviour"] = "stop",
            ["aws_subnet_id"] = FakeAws.Id("subnet", target.Region + ":" + FakeAws.Number(id, 1, 3)),
            ["aws_user_data"] = null,
            ["aws_virtualization_type"] = "hvm",
            ["backed_up_resource_id"] = id,
            ["backed_up_resource_name"] = target.Name,
            ["ebs_optimized"] = true,
            ["ena_support"] = true,
            ["instance_profile_arn"] = null,
            ["is_root_device_ebs"] = true,
            ["platform"] = t["platform"]?.DeepClone(),
            ["region"] = target.Region,
            ["tenancy"] = "default",
        };
    }

    public static JObject Volume(BackupRun run, BackupTarget target, long snapshotId)
    {
        var t = target.Target;
        var account = AccountName(run);
        return new JObject
        {
            ["account_id"] = AccountId(run),
            ["account_name"] = account,
            ["aws_account_number"] = FakeAws.AccountNumber(run.AccountId),
            ["backed_up_resource_id"] = target.ResourceId,
            ["backed_up_resource_name"] = target.Name,
            ["backup_id"] = run.Id,
            ["capacity"] = t["capacity"]?.DeepClone(),
            ["cbt_changed_size_mb"] = null,
            ["cbt_valid_size_mb"] = null,
            ["deletion_time"] = null,
            ["device"] = null,
            ["encrypted"] = t["encrypted"]?.DeepClone() ?? false,
            ["end_time"] = null,
            ["instance_id"] = null,
            ["instance_name"] = null,
            ["iops"] = t["iops"]?.DeepClone(),
            ["policy_name"] = run.PolicyName,
            ["region"] = target.Region,
            ["snapshot_account_id"] = AccountId(run),
            ["snapshot_account_name"] = account,
            ["snapshot_aws_account_number"] = FakeAws.AccountNumber(run.AccountId),
            ["snapshot_id"] = SnapshotAwsId(run, snapshotId),
            ["snapshot_type"] = "ebs",
            ["start_time"] = Timestamps.Format(run.Start),
            ["status"] = "I",
            ["succeeded"] = false,
            ["type"] = t["aws_resource_type"]?.DeepClone(),
            ["username"] = run.Username,
            ["zone"] = t["zone"]?.DeepClone(),
        };
    }

    /// <summary>The general list's view. backed_up_resource_id names the instance or volume, as in the typed views.</summary>
    public static JObject General(BackupRun run, BackupTarget target) => new()
    {
        ["account_name"] = AccountName(run),
        ["aws_image_id"] = target.IsInstance ? target.Target["image_id"]?.DeepClone() : null,
        ["backed_up_resource_id"] = target.ResourceId,
        ["deletion_time"] = null,
        ["end_time"] = null,
        ["region"] = target.Region,
        ["snapshot_type"] = SnapshotPlan.SnapshotTypes[target.Kind],
        ["succeeded"] = false,
    };

    /// <summary>
    /// A record of any kind but the instance and volume views (EFS, RDS, Redshift, DynamoDB, AMIs, DR copies,
    /// copies to S3): every field any of these kinds documents, which the engine trims to the kind's own
    /// schema (and to the general list's). A DR copy is in its DR region and names the snapshot it copies.
    /// </summary>
    public static JObject Other(BackupRun run, SnapshotEntry entry, BackupTarget target, long snapshotId)
    {
        var t = target.Target;
        var account = AccountName(run);
        var region = entry.DrRegion ?? target.Region;
        var zone = entry.IsDr ? region + "a" : (string?)t["zone"] ?? region + "a";
        var source = FakeAws.Id("snap", run.Id + ":" + (run.FirstSnapshotId + entry.Target)); // the target's own snapshot
        var engine = (string?)t["engine"] ?? "";
        var data = new JObject
        {
            ["account_id"] = AccountId(run),
            ["account_name"] = account,
            ["aws_account_number"] = FakeAws.AccountNumber(run.AccountId),
            ["backed_up_resource_id"] = target.ResourceId,
            ["backed_up_resource_name"] = target.Name,
            ["backup_id"] = run.Id,
            ["deletion_time"] = null,
            ["end_time"] = null,
            ["instance_id"] = target.IsInstance ? target.ResourceId : null,
            ["instance_name"] = target.IsInstance ? target.Name : null,
            ["policy_name"] = run.PolicyName,
            ["region"] = region,
            ["snapshot_account_id"] = AccountId(run),
            ["snapshot_account_name"] = account,
            ["snapshot_aws_account_number"] = FakeAws.AccountNumber(run.AccountId),
            ["snapshot_id"] = AwsSnapshotId(entry, target, run, snapshotId, region),
            ["snapshot_type"] = SnapshotPlan.SnapshotTypes[entry.Kind],
            ["start_time"] = Timestamps.Format(run.Start),
            ["status"] = "I",
            ["succeeded"] = false,
            ["username"] = run.Username,
            ["zone"] = zone,
            ["dr_account"] = null,
            ["original_snapshot_id"] = entry.IsDr ? source : null,
            ["original_snap"] = entry.IsDr ? source : null,
            // EBS
            ["capacity"] = t["capacity"]?.DeepClone(),
            ["device"] = t["device"]?.DeepClone(),
            ["encrypted"] = t["encrypted"]?.DeepClone() ?? false,
            ["iops"] = t["iops"]?.DeepClone(),
            ["type"] = t["aws_resource_type"]?.DeepClone(),
            // AMIs
            ["aws_image_id"] = entry.Kind.Contains("ami", StringComparison.Ordinal) ? FakeAws.Id("ami", $"{run.Id}:{snapshotId}") : null,
            ["original_aws_image_id"] = entry.IsDr ? FakeAws.Id("ami", $"{run.Id}:{LocalAmiId(run, entry)}") : null,
            // EFS
            ["backup_vault_name"] = t["backup_vault_name"]?.DeepClone(),
            ["backup_iam_role_arn"] = t["backup_iam_role_arn"]?.DeepClone(),
            ["expire_time"] = null,
            ["move_to_cold_storage_time"] = null,
            ["original_kms_key_id"] = (bool?)t["encrypted"] == true ? FakeAws.Id("key", target.ResourceId) : null,
            ["performance_mode"] = "generalPurpose",
            // RDS and Redshift
            ["cluster_id"] = target.ResourceId,
            ["db_instance_class"] = t["aws_resource_class"]?.DeepClone() ?? (target.Kind == "rds_clusters" ? "db.r5.large" : null),
            ["multi_az"] = t["multi_az"]?.DeepClone(),
            ["port"] = target.Kind == "redshift_clusters" ? 5439 : engine.Contains("postgres", StringComparison.Ordinal) ? 5432 : engine.StartsWith("sqlserver", StringComparison.Ordinal) ? 1433 : engine.StartsWith("oracle", StringComparison.Ordinal) ? 1521 : 3306,
            ["publicly_accessible"] = t["publicly_accessible"]?.DeepClone() ?? false,
            ["storage_type"] = t["storage_type"]?.DeepClone(),
            ["subnet_group_name"] = "default",
            ["aws_node_type"] = t["node_type"]?.DeepClone(),
            ["aws_nodes"] = t["nodes"]?.DeepClone(),
            // Copies to S3
            ["repository_id"] = run.RepositoryId,
            ["tier"] = "S",
            ["archive_status"] = null,
            ["retrieve_status"] = null,
            ["retrieve_expiration"] = null,
            ["encryption_key_alias"] = null,
        };
        return data;
    }

    /// <summary>The record id of the local AMI a DR AMI copies (same target, same kind without "dr_").</summary>
    static long LocalAmiId(BackupRun run, SnapshotEntry entry)
    {
        var local = entry.Kind == "dr_initial_amis" ? "initial_amis" : "only_amis";
        var index = run.Entries.ToList().FindIndex(e => e.Target == entry.Target && e.Kind == local);
        return run.FirstSnapshotId + index;
    }

    /// <summary>The AWS name of what a record stands for: a recovery point, a DB or cluster snapshot, a table backup, an image or an EBS snapshot.</summary>
    static string AwsSnapshotId(SnapshotEntry entry, BackupTarget target, BackupRun run, long snapshotId, string? region)
    {
        var key = run.Id + ":" + snapshotId;
        var account = FakeAws.AccountNumber(run.AccountId);
        return target.Kind switch
        {
            "efs" => $"arn:aws:backup:{region}:{account}:recovery-point:{FakeAws.Id("rp", key)}",
            "dynamodb_tables" => $"arn:aws:dynamodb:{region}:{account}:table/{target.ResourceId}/backup/{FakeAws.Id("backup", key)}",
            "rds_clusters" or "rds_databases" or "redshift_clusters" => $"cpm-{target.ResourceId}-{run.Id}-{snapshotId}".ToLowerInvariant(),
            _ when entry.Kind.Contains("ami", StringComparison.Ordinal) => FakeAws.Id("ami", key),
            _ => FakeAws.Id("snap", key),
        };
    }

    /// <summary>
    /// The fields that follow the backup's status (those a view has): end time and success once the backup
    /// ended, the backup status on volume snapshots, the deletion time once all were deleted.
    /// </summary>
    public static void ApplyStatus(JObject snapshot, BackupRun run, SnapshotEntry entry, char status)
    {
        var index = entry.Target;
        if (entry.Kind == SnapshotPlan.CopyToS3)
        {
            // A copy to S3 follows the copy, which starts when the backup ended.
            var copy = run.CopyStatus(status);
            snapshot["status"] = copy.ToString();
            snapshot["succeeded"] = copy is 'S' or 'D' ? "true" : "false";
            snapshot["end_time"] = copy is 'S' or 'A' or 'D' ? Timestamps.Format(run.End) : null;
            if (copy == 'D' && snapshot["deletion_time"]?.Type is null or JTokenType.Null) snapshot["deletion_time"] = Timestamps.Format(run.SnapshotsDeletedAt ?? run.End);
            return;
        }
        var ended = !BackupRun.IsRunning(status);
        if (snapshot.ContainsKey("end_time")) snapshot["end_time"] = ended ? Timestamps.Format(run.SnapshotTime(index)) : null;
        if (snapshot.ContainsKey("succeeded")) snapshot["succeeded"] = ended && run.SnapshotSucceeded(index);
        if (snapshot.ContainsKey("status")) snapshot["status"] = status.ToString();
        if (snapshot.ContainsKey("deletion_time") && run.SnapshotsDeletedAt != null && snapshot["deletion_time"]?.Type is null or JTokenType.Null)
            snapshot["deletion_time"] = Timestamps.Format(run.SnapshotsDeletedAt!.Value);
    }

    static JToken AccountId(BackupRun run) =>
        long.TryParse(run.AccountId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? new JValue(id) : JValue.CreateNull();

    static string AccountName(BackupRun run) => "aws-account-" + (run.AccountId ?? "0");

    static string SnapshotAwsId(BackupRun run, long snapshotId) => FakeAws.Id("snap", run.Id + ":" + snapshotId);
}
