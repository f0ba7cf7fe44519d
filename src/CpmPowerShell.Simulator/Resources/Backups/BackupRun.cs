namespace CpmPowerShell.Simulator.Resources.Backups;

/// <summary>
/// What the simulator remembers about a backup beyond its record: when it started, how long it runs, how it
/// will end and what it covers. The record's status is worked out from these and the clock: Initializing
/// for the first quarter of the duration, In Progress until the end, then the final status (or All
/// Snapshots Deleted once they were deleted). No timer runs; the ledger brings records up to date when a
/// call comes in.
/// </summary>
sealed class BackupRun
{
    public required string Id { get; init; }
    public required string PolicyId { get; init; }
    public required string? PolicyName { get; init; }
    public required string? Username { get; init; }
    public required string? AccountId { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required TimeSpan Duration { get; init; }
    /// <summary>B, A, S or F.</summary>
    public required char Final { get; init; }
    public required IReadOnlyList<BackupTarget> Targets { get; init; }
    /// <summary>Snapshot record ids are FirstSnapshotId + target index (reserved at start, so they are stable).</summary>
    public required long FirstSnapshotId { get; init; }

    /// <summary>Whether the snapshot records exist yet (seeded backups make them on first use, to start fast).</summary>
    public bool Materialized { get; set; }
    /// <summary>The status last written to the records.</summary>
    public char Applied { get; set; }
    public DateTimeOffset? SnapshotsDeletedAt { get; set; }
    /// <summary>The status once the snapshots were deleted: D, or M when a copy in S3 is left (13.14).</summary>
    public char DeletedStatus { get; set; } = 'D';
    public DateTimeOffset? FrozenAt { get; set; }
    public string? FrozenName { get; set; }

    public DateTimeOffset End => Start + Duration;

    public char StatusAt(DateTimeOffset now)
    {
        if (SnapshotsDeletedAt != null) return DeletedStatus;
        var elapsed = now - Start;
        if (elapsed < Duration / 4) return 'I';
        return elapsed < Duration ? 'P' : Final;
    }

    public static bool IsRunning(char status) => status is 'I' or 'P';

    /// <summary>Successful and partly successful backups can be recovered from.</summary>
    public static bool IsRecoverable(char status) => status is 'B' or 'A' or 'S';

    /// <summary>
    /// Whether a target's snapshot succeeded, once the backup has ended: none when it failed, all but the
    /// last when not all snapshots succeeded (S), all otherwise (A is "partial" for other reasons, such as scripts).
    /// </summary>
    public bool SnapshotSucceeded(int index) => Final switch
    {
        'F' => false,
        'S' => index != Targets.Count - 1,
        _ => true,
    };

    /// <summary>When a target's snapshot completes: spread evenly over the In Progress part.</summary>
    public DateTimeOffset SnapshotTime(int index) =>
        Start + Duration / 4 + (Duration - Duration / 4) * ((index + 1.0) / (Targets.Count + 1));
}
