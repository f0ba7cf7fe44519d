using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;

namespace CpmPowerShell.Simulator.Resources.Backups;

/// <summary>
/// A backup's log (7.73), worked out from its run and the clock so it grows as the backup goes on: the
/// start, one line per snapshot, the end, then any freezing or snapshot deletion. A record stored through
/// the control API has no run; its log is told from its start and end times.
/// </summary>
static class BackupLogs
{
    public static IEnumerable<LogEntry> For(Record backup, BackupRun? run, DateTimeOffset now) =>
        (run == null ? FromRecord(backup) : FromRun(run)).Where(entry => entry.Time <= now);

    static IEnumerable<LogEntry> FromRun(BackupRun run)
    {
        var count = run.Targets.Count;
        yield return new LogEntry(run.Start, "Info", $"Backup of policy {run.PolicyName} started: {count} target(s) to back up.");
        if (count > 0) yield return new LogEntry(run.Start + run.Duration / 4, "Info", "Taking snapshots.");
        for (var i = 0; i < count; i++)
            yield return run.SnapshotSucceeded(i)
                ? new LogEntry(run.SnapshotTime(i), "Info", $"Snapshot of {run.Targets[i].Describe()} completed.")
                : new LogEntry(run.SnapshotTime(i), "Error", $"Snapshot of {run.Targets[i].Describe()} failed.");
        yield return Ended(run.End, run.Final);
        if (run.FrozenAt is { } frozen) yield return new LogEntry(frozen, "Info", $"Backup moved to the freezer as {run.FrozenName}.");
        if (run.SnapshotsDeletedAt is { } deleted)
            yield return new LogEntry(deleted, "Info", run.DeletedStatus == 'M'
                ? "The native snapshots of this backup were deleted; its copy in S3 is kept."
                : "All snapshots of this backup were deleted.");
    }

    static IEnumerable<LogEntry> FromRecord(Record backup)
    {
        if (Timestamps.TryParse((string?)backup["start_time"], out var start)) yield return new LogEntry(start, "Info", "Backup started.");
        if (Timestamps.TryParse((string?)backup["end_time"], out var end))
            yield return Ended(end, ((string?)backup["status"] ?? "B").FirstOrDefault('B'));
    }

    static LogEntry Ended(DateTimeOffset time, char status) => status switch
    {
        'B' => new LogEntry(time, "Info", "Backup finished successfully."),
        'A' => new LogEntry(time, "Warning", "Backup finished with warnings: snapshots were taken but backup scripts reported errors."),
        'S' => new LogEntry(time, "Warning", "Backup finished, but not all snapshots succeeded."),
        'F' => new LogEntry(time, "Error", "Backup failed."),
        _ => new LogEntry(time, "Info", $"Backup ended with status {status}."),
    };
}
