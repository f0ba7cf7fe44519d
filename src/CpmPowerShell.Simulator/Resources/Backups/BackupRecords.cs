using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Backups;

/// <summary>The fields of a backup record (7.70) and how they follow its status.</summary>
static class BackupRecords
{
    /// <summary>
    /// A new record of a backup of a policy, built in its final shape in one pass (tens of thousands are
    /// seeded, so no intermediate body is made): the documented fields in the spec's order, then the
    /// tracker id, with the fields that follow the status already set for it. Name and description are set
    /// only for freezer items.
    /// </summary>
    public static JObject Create(ResourceSchema schema, long id, Record policy, BackupRun run, char status, long tracker)
    {
        var recoverable = BackupRun.IsRecoverable(status);
        var data = new JObject
        {
            ["account"] = policy["account"]?.DeepClone(),
            ["description"] = null,
            ["dr_account_regions"] = null,
            ["dr_regions"] = null,
            ["dr_status"] = run.DrStatus(status).ToString(),
            ["end_time"] = BackupRun.IsRunning(status) ? null : Timestamps.Format(run.End),
            ["glacier_archive_status"] = new JObject { ["progress_percent"] = "0", ["status"] = "Z" },
            ["id"] = id,
            ["is_freezer_item"] = false,
            ["is_recoverable"] = recoverable,
            ["is_retry"] = false,
            ["marked_for_deletion"] = false,
            ["move_to_freezer_enabled"] = recoverable,
            ["name"] = null,
            ["performed_quiecse"] = false,
            ["policy"] = long.Parse(policy.Id, System.Globalization.CultureInfo.InvariantCulture),
            ["retry_scheduled"] = false,
            ["s3_copy_status"] = CopyStatus(run, status),
            ["start_time"] = Timestamps.Format(run.Start),
            ["status"] = status.ToString(),
            ["user"] = policy["user"]?.DeepClone(),
        };
        // Fields a later spec adds get the engine's neutral value, so records always have the documented shape.
        foreach (var property in schema.Properties)
            if (!data.ContainsKey(property.Name)) data[property.Name] = RecordShaper.DefaultValue(property.Name, property.Type);
        // Not a documented field of the record, but the list filters on it, so it is shown.
        data["tracker_id"] = tracker;
        return data;
    }

    /// <summary>Writes a status and what goes with it: the end time once ended, recoverability, the freezer button.</summary>
    public static void Apply(JObject data, BackupRun run, char status)
    {
        data["status"] = status.ToString();
        data["end_time"] = BackupRun.IsRunning(status) ? null : Timestamps.Format(run.End);
        var recoverable = BackupRun.IsRecoverable(status);
        data["is_recoverable"] = recoverable;
        data["move_to_freezer_enabled"] = recoverable && (bool?)data["is_freezer_item"] != true;
        data["dr_status"] = run.DrStatus(status).ToString();
        if (run.CopyToS3) data["s3_copy_status"] = CopyStatus(run, status);
    }

    /// <summary>The copy to S3's status and progress (half way while it runs).</summary>
    static JObject CopyStatus(BackupRun run, char status)
    {
        var copy = run.CopyStatus(status);
        return new JObject { ["progress_percent"] = copy switch { 'S' or 'D' => 100, 'P' or 'A' => 50, _ => 0 }, ["status"] = copy.ToString() };
    }
}
