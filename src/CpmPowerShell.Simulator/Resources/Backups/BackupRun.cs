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
    /// <summary>Snapshot record ids are FirstSnapshotId + entry index (reserved at start, so they are stable).</summary>
    public required long FirstSnapshotId { get; init; }
    /// <summary>
    /// The snapshot records the backup makes: first one per target (entry i is target i, so a target's main
    /// record id is FirstSnapshotId + i), then AMIs, DR copies and S3 copies (see <see cref="SnapshotPlan"/>).
    /// </summary>
    public required IReadOnlyList<SnapshotEntry> Entries { get; init; }
    /// <summary>The policy's DR was on: the record's dr_status follows the backup (C when it ended well).</summary>
    public bool Dr { get; init; }
    /// <summary>The policy copies to S3: copy_to_s3 records and the record's s3_copy_status follow the backup.</summary>
    public bool CopyToS3 { get; init; }
    public string? RepositoryId { get; init; }
    /// <summary>The policy runs backup scripts: script logs are made (with their output when collected).</summary>
    public bool Scripts { get; init; }
    public bool ScriptOutput { get; init; }
    /// <summary>A copy to S3 said to be running by the control API (POST /_sim/s3-work {"backup": id}).</summary>
    public bool CopyRunning { get; set; }
    public DateTimeOffset? CopyAbortedAt { get; set; }
    /// <summary>The S3 copy was deleted with the policy's snapshots (13.13/13.15).</summary>
    public bool CopyDeleted { get; set; }

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

    /// <summary>
    /// The copy to S3's status code: Z without one or while the backup runs, P while the control API says it
    /// runs, A once aborted, D once deleted, K (skipped) after a failed backup, else S (completed).
    /// </summary>
    public char CopyStatus(char backupStatus)
    {
        if (!CopyToS3) return 'Z';
        if (CopyDeleted) return 'D';
        if (CopyAbortedAt != null) return 'A';
        if (CopyRunning) return 'P';
        if (IsRunning(backupStatus)) return 'Z';
        return Final == 'F' ? 'K' : 'S';
    }

    /// <summary>DR status: N without DR, P while the backup runs, F after a failed backup, else C (completed).</summary>
    public char DrStatus(char backupStatus) =>
        !Dr ? 'N' : IsRunning(backupStatus) ? 'P' : Final == 'F' ? 'F' : 'C';

    /// <summary>When a target's snapshot completes: spread evenly over the In Progress part.</summary>
    public DateTimeOffset SnapshotTime(int index) =>
        Start + Duration / 4 + (Duration - Duration / 4) * ((index + 1.0) / (Targets.Count + 1));
}
