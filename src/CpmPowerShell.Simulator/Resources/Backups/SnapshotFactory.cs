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
        ["snapshot_type"] = "ebs",
        ["succeeded"] = false,
    };

    /// <summary>
    /// The fields that follow the backup's status (those a view has): end time and success once the backup
    /// ended, the backup status on volume snapshots, the deletion time once all were deleted.
    /// </summary>
    public static void ApplyStatus(JObject snapshot, BackupRun run, int index, char status)
    {
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
