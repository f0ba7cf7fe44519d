using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;

namespace CpmPowerShell.Simulator.Resources.Recoveries;

/// <summary>A recovery's log (14.4): its start, then how it ended, as far as the clock has come.</summary>
static class RecoveryLogs
{
    public static IEnumerable<LogEntry> For(Record recovery, RecoveryRun? run, DateTimeOffset now) =>
        (run == null ? FromRecord(recovery) : FromRun(run)).Where(entry => entry.Time <= now);

    static IEnumerable<LogEntry> FromRun(RecoveryRun run)
    {
        var what = RecoveryRun.Noun(run.Type);
        yield return new LogEntry(run.Start, "Info", $"Recovery of {what} {run.Source} from backup {run.BackupId} started.");
        if (run.AbortedAt is { } aborted)
        {
            yield return new LogEntry(aborted, "Warning", "Recovery from S3 aborted.");
            yield break;
        }
        yield return run.Final switch
        {
            'R' => new LogEntry(run.End, "Info", $"Recovery finished: {run.RecoveredIds('R')}."),
            'A' => new LogEntry(run.End, "Warning", $"Recovery partly succeeded: {run.RecoveredIds('A')}."),
            _ => new LogEntry(run.End, "Error", $"Recovery of {what} {run.Source} failed."),
        };
    }

    /// <summary>A record stored through the control API: its start, and its status when it has ended (no end time is known).</summary>
    static IEnumerable<LogEntry> FromRecord(Record recovery)
    {
        if (!Timestamps.TryParse((string?)recovery["recovery_time"], out var start)) yield break;
        yield return new LogEntry(start, "Info", "Recovery started.");
        switch ((string?)recovery["status"])
        {
            case "R": yield return new LogEntry(start, "Info", "Recovery finished."); break;
            case "A": yield return new LogEntry(start, "Warning", "Recovery partly succeeded."); break;
            case "F": yield return new LogEntry(start, "Error", "Recovery failed."); break;
        }
    }
}
