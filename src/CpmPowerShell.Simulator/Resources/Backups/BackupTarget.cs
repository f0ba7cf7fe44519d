using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Backups;

/// <summary>
/// A policy target as it was when a backup started: its kind (the policy target kind, which is also the
/// snapshot kind in the paths: "instances", "volumes", "efs", "rds_clusters"...) and the target record's
/// fields (never changed afterwards, so seeded backups of one policy can share them).
/// </summary>
sealed record BackupTarget(string Kind, JObject Target)
{
    /// <summary>The AWS id; a DynamoDB table is known by its name.</summary>
    public string ResourceId => (string?)Target["aws_resource_id"] ?? (string?)Target["aws_resource_name"] ?? "";
    public string? Name => (string?)Target["name"] ?? (string?)Target["aws_resource_name"] ?? (string?)Target["aws_resource_id"];
    public string? Region => (string?)Target["aws_region"];
    public bool IsInstance => Kind == "instances";
    /// <summary>Instances and volumes are EBS snapshots (those are copied to S3).</summary>
    public bool IsEbs => Kind is "instances" or "volumes";

    /// <summary>"instance i-0abc (web-01)", for log lines.</summary>
    public string Describe() => $"{Noun(Kind)} {ResourceId}" + (Name is { Length: > 0 } name && name != ResourceId ? $" ({name})" : "");

    public static string Noun(string kind) => kind switch
    {
        "instances" => "instance",
        "volumes" => "volume",
        "efs" => "EFS file system",
        "rds_clusters" => "RDS cluster",
        "rds_databases" => "RDS database",
        "redshift_clusters" => "Redshift cluster",
        "dynamodb_tables" => "DynamoDB table",
        _ => kind,
    };
}
