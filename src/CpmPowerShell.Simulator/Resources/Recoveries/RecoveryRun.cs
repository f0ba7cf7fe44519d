namespace CpmPowerShell.Simulator.Resources.Recoveries;

/// <summary>
/// What the simulator remembers about a recovery beyond its record: In Progress (P) for its duration, then
/// its final status (R success, A partial, F failure); an aborted recovery from S3 fails at once.
/// </summary>
sealed class RecoveryRun
{
    public required string Id { get; init; }
    public required string BackupId { get; init; }
    /// <summary>The recovery_type code: I instance, V volume, R RDS database, A RDS cluster, C Redshift, D DynamoDB, E EFS.</summary>
    public required char Type { get; init; }
    /// <summary>The AWS id of the backed-up resource.</summary>
    public required string Source { get; init; }
    /// <summary>How many resources are made (num_instances_to_recover).</summary>
    public required int Count { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required TimeSpan Duration { get; init; }
    public required char Final { get; init; }
    /// <summary>The name the body gave the new resource (RDS, Redshift, DynamoDB), else null for a new AWS id.</summary>
    public string? NewName { get; init; }
    public bool FromS3 { get; init; }
    public char Applied { get; set; } = 'P';
    public DateTimeOffset? AbortedAt { get; set; }

    public DateTimeOffset End => Start + Duration;

    public char StatusAt(DateTimeOffset now) => AbortedAt != null ? 'F' : now - Start < Duration ? 'P' : Final;

    /// <summary>What kind of resource a recovery makes, for log lines.</summary>
    public static string Noun(char type) => type switch
    {
        'I' => "instance", 'V' => "volume", 'R' => "RDS database", 'A' => "RDS cluster", 'C' => "Redshift cluster", 'D' => "DynamoDB table", 'E' => "EFS file system", _ => "resource",
    };

    /// <summary>
    /// The guide's "ID (original: ORIGINAL ID),..." list once ended: every new resource on success, all but the
    /// last of several on partial success, none on failure.
    /// </summary>
    public string? RecoveredIds(char status)
    {
        var made = status switch { 'R' => Count, 'A' => Math.Max(1, Count - 1), _ => 0 };
        if (made == 0) return null;
        var prefix = Type switch { 'I' => "i", 'V' => "vol", 'E' => "fs", _ => "res" };
        return string.Join(",", Enumerable.Range(1, made).Select(n =>
            (NewName is { } name ? (made > 1 ? $"{name}-{n}" : name) : FakeAws.Id(prefix, $"recovery:{Id}:{n}")) + $" (original: {Source})"));
    }
}
