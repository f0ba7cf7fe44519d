using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Recoveries;

/// <summary>
/// Recovery records (chapter 14) and the runs behind them: started from a backup's snapshot, moved along
/// with the clock like backups (no timers), aborted. Callers hold the store lock.
/// </summary>
sealed class RecoveryLedger
{
    public const string CollectionPath = "/api/recoveries/";

    readonly ResourceContext context;
    readonly Dictionary<string, RecoveryRun> runs = new(StringComparer.Ordinal);
    readonly List<RecoveryRun> running = new();

    public RecoveryLedger(ResourceContext context) => this.context = context;

    DataStore Store => context.Store;

    public RecoveryRun? Run(string id) => runs.GetValueOrDefault(id);

    public Record? Find(string? id) => id == null ? null : Store.FindCollection(CollectionPath)?.Get(id);

    public void Clear()
    {
        runs.Clear();
        running.Clear();
    }

    /// <summary>Starts recovering a resource of a backup now; its outcome is the one set for the backup's policy.</summary>
    public Record Start(Record backup, char type, string source, int count, DateTimeOffset now, string? newName = null, bool fromS3 = false)
    {
        var policy = Json.ScalarText(backup["policy"]);
        var record = Add(backup, type, source, count, now, context.Runs.RecoveryDuration, context.Runs.RecoveryOutcome(policy), newName, fromS3);
        running.Add(runs[record.Id]);
        Advance(now); // a zero duration ends at once
        return record;
    }

    /// <summary>Stores a recovery that has already ended (seed data).</summary>
    public void AddFinished(Record backup, char type, string source, DateTimeOffset start, TimeSpan duration, char final)
    {
        var record = Add(backup, type, source, 1, start, duration, final);
        Write(record, runs[record.Id], final);
    }

    Record Add(Record backup, char type, string source, int count, DateTimeOffset start, TimeSpan duration, char final, string? newName = null, bool fromS3 = false)
    {
        var frozen = (bool?)backup["is_freezer_item"] == true;
        var body = new JObject
        {
            ["account"] = backup["account"]?.DeepClone(),
            ["backup_marked_for_deletion"] = backup["marked_for_deletion"]?.DeepClone() ?? false,
            ["backup_record"] = long.Parse(backup.Id, System.Globalization.CultureInfo.InvariantCulture),
            ["backup_time"] = backup["start_time"]?.DeepClone(),
            ["frozen_item_name"] = frozen ? backup["name"]?.DeepClone() : null,
            ["glacier_retrieve_status"] = new JObject { ["progress_percent"] = new JArray(), ["status"] = "Z" },
            ["policy"] = backup["policy"]?.DeepClone(),
            ["recovered_resource_ids"] = null,
            ["recovery_time"] = Timestamps.Format(start),
            ["recovery_type"] = type.ToString(),
            ["s3_recover_status"] = new JObject { ["progress_percent"] = new JArray(), ["status"] = fromS3 ? "P" : "Z" },
            ["status"] = "P",
            ["user"] = backup["user"]?.DeepClone(),
        };
        var record = context.Generic.Insert(CollectionPath, CollectionPath, body, (long?)backup["user"] ?? 1, start);
        runs[record.Id] = new RecoveryRun
        {
            Id = record.Id,
            BackupId = backup.Id,
            Type = type,
            Source = source,
            Count = count,
            Start = start,
            Duration = duration,
            Final = final,
            NewName = newName,
            FromS3 = fromS3,
        };
        return record;
    }

    public void Advance(DateTimeOffset now)
    {
        for (var i = running.Count - 1; i >= 0; i--)
        {
            var run = running[i];
            var record = Find(run.Id);
            var status = run.StatusAt(now);
            if (record != null && status != run.Applied) Write(record, run, status);
            if (record == null || status != 'P') running.RemoveAt(i);
        }
    }

    void Write(Record record, RecoveryRun run, char status)
    {
        record.Data["status"] = status.ToString();
        record.Data["recovered_resource_ids"] = run.RecoveredIds(status);
        // A recovery from S3 says how its part in S3 went.
        if (run.FromS3 && record["s3_recover_status"] is JObject s3)
            s3["status"] = status switch { 'P' => "P", 'R' => "S", 'A' => "R", _ => "F" };
        Store.FindCollection(CollectionPath)!.Update(record);
        run.Applied = status;
    }

    /// <summary>14.5: a recovery from S3 stops; its S3 status says aborted and the recovery fails.</summary>
    public void Abort(Record recovery, DateTimeOffset now)
    {
        if (recovery["s3_recover_status"] is JObject s3) s3["status"] = "A";
        recovery.Data["status"] = "F";
        Store.FindCollection(CollectionPath)!.Update(recovery);
        if (runs.GetValueOrDefault(recovery.Id) is { } run)
        {
            run.AbortedAt = now;
            run.Applied = 'F';
            running.Remove(run);
        }
    }

    public void Forget(string id)
    {
        if (runs.Remove(id, out var run)) running.Remove(run);
    }
}
