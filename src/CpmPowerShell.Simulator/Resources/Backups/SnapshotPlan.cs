namespace CpmPowerShell.Simulator.Resources.Backups;

/// <summary>
/// One snapshot record a backup makes: its kind (the path segment under /api/backups/{id}/snapshots/),
/// the index of the target it comes from, and for a DR copy the region it was copied to.
/// </summary>
sealed record SnapshotEntry(string Kind, int Target, string? DrRegion = null)
{
    public bool IsDr => DrRegion != null;
    /// <summary>Copies to S3 have a list of their own (7.7) and are not in the general list (7.5).</summary>
    public bool InGeneralList => Kind != SnapshotPlan.CopyToS3;
}

/// <summary>
/// Which snapshot records a backup makes, from its targets and the policy's options when it starts: the
/// target's own snapshot; an initial AMI of an instance whose ami_backup_option is S (first backup of the
/// policy only) or an AMI of one whose option is O; DR copies of volumes, EFS, RDS and AMIs into each DR
/// region when DR is on; a copy to S3 of each EBS snapshot (instances and volumes) when copy to S3 is on.
/// </summary>
static class SnapshotPlan
{
    public const string CopyToS3 = "copy_to_s3";

    /// <summary>Every snapshot kind with records (the copies to S3 aside), as in the paths.</summary>
    public static readonly string[] Kinds =
    {
        "instances", "volumes", "dynamodb_tables", "efs", "rds_clusters", "rds_databases", "redshift_clusters",
        "initial_amis", "only_amis", "dr_initial_amis", "only_dr_amis", "dr_volumes", "dr_efs", "dr_rds_clusters", "dr_rds_databases",
    };

    /// <summary>The general list's snapshot_type of each kind, which tells a client the kind (and its endpoints).</summary>
    public static readonly IReadOnlyDictionary<string, string> SnapshotTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["instances"] = "instance",
        ["volumes"] = "ebs",
        ["dr_volumes"] = "ebs_copy",
        ["dynamodb_tables"] = "dynamodb",
        ["efs"] = "efs",
        ["dr_efs"] = "efs_copy",
        ["rds_clusters"] = "rds_cluster",
        ["dr_rds_clusters"] = "rds_cluster_copy",
        ["rds_databases"] = "rds",
        ["dr_rds_databases"] = "rds_copy",
        ["redshift_clusters"] = "redshift",
        ["initial_amis"] = "initial_ami",
        ["dr_initial_amis"] = "initial_ami_copy",
        ["only_amis"] = "ami",
        ["only_dr_amis"] = "ami_copy",
        [CopyToS3] = "ebs_s3",
    };

    /// <summary>The kind of a target's DR copies (null for kinds that have none).</summary>
    static string? DrKind(string kind) => kind switch
    {
        "volumes" => "dr_volumes",
        "efs" => "dr_efs",
        "rds_clusters" => "dr_rds_clusters",
        "rds_databases" => "dr_rds_databases",
        _ => null,
    };

    public static IReadOnlyList<SnapshotEntry> For(IReadOnlyList<BackupTarget> targets, IReadOnlyList<string> drRegions, bool firstBackup, bool copyToS3)
    {
        var entries = targets.Select((target, i) => new SnapshotEntry(target.Kind, i)).ToList();
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            if (target.IsInstance)
            {
                var (ami, drAmi) = (string?)target.Target["ami_backup_option"] switch
                {
                    "S" when firstBackup => ("initial_amis", "dr_initial_amis"),
                    "O" => ("only_amis", "only_dr_amis"),
                    _ => ((string?)null, (string?)null),
                };
                if (ami == null) continue;
                entries.Add(new SnapshotEntry(ami, i));
                entries.AddRange(drRegions.Select(region => new SnapshotEntry(drAmi!, i, region)));
            }
            else if (DrKind(target.Kind) is { } dr)
                entries.AddRange(drRegions.Select(region => new SnapshotEntry(dr, i, region)));
        }
        if (copyToS3)
            for (var i = 0; i < targets.Count; i++)
                if (targets[i].IsEbs) entries.Add(new SnapshotEntry(CopyToS3, i));
        return entries;
    }

    /// <summary>AWS region names by the ids GET /api/regions/ would list (1-based; the simulator has no region records of its own).</summary>
    static readonly string[] RegionNames =
    {
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2", "eu-west-3",
        "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2", "sa-east-1",
    };

    public static string RegionName(long id) => RegionNames[(int)((id - 1) % RegionNames.Length)];
}
