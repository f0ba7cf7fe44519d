using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;

namespace CpmPowerShell.Simulator.Resources.Backups;

/// <summary>
/// The backup list filters (7.1) the generic engine cannot do from the record alone: tracker_id (shown but
/// not a documented field), s3_copy_status (a code inside an object), start_time (compared as instants, so
/// any offset works) and search_by_* (a case-insensitive part of the AWS id or name of a covered resource).
/// </summary>
static class BackupFilters
{
    /// <summary>search_by_* -> the snapshot kind it looks in (S3 sync has no snapshot records, so it never matches).</summary>
    static readonly Dictionary<string, string?> SearchKinds = new(StringComparer.Ordinal)
    {
        ["search_by_instance"] = "instances",
        ["search_by_volume"] = "volumes",
        ["search_by_aurora"] = "rds_clusters",
        ["search_by_rds"] = "rds_databases",
        ["search_by_redshift"] = "redshift_clusters",
        ["search_by_dynamo_db"] = "dynamodb_tables",
        ["search_by_efs"] = "efs",
        ["search_by_s3_sync"] = null,
    };

    public static void Register(ListCustomization list, BackupLedger ledger)
    {
        list.Filters["tracker_id"] = value => record => Json.ScalarText(record["tracker_id"]) == value;
        list.Filters["s3_copy_status"] = value => record => (string?)record["s3_copy_status"]?["status"] == value;
        list.Filters["start_time"] = StartTime;
        list.OrderKeys["s3_copy_status"] = record => record["s3_copy_status"]?["status"];
        foreach (var (name, kind) in SearchKinds)
            list.Filters[name] = term => record => kind != null && ledger.BackedUp(record.Id, kind).Any(resource =>
                resource.Id?.Contains(term, StringComparison.OrdinalIgnoreCase) == true
                || resource.Name?.Contains(term, StringComparison.OrdinalIgnoreCase) == true);
    }

    static Func<Record, bool> StartTime(string value)
    {
        if (!Timestamps.TryParse(value, out var wanted)) return record => ListQuery.Matches(record["start_time"], value);
        return record => Timestamps.TryParse((string?)record["start_time"], out var start) && start == wanted;
    }
}
