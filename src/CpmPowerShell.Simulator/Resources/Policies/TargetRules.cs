using System.Text.RegularExpressions;
using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Policies;

/// <summary>
/// Checks on policy targets beyond the schema, where AWS's own rules are clear: id formats (i-, vol-, fs-),
/// RDS and Redshift identifiers, DynamoDB table and S3 bucket names, region names, EFS retention values,
/// and at most one entry per resource (and region) in a policy, or per volume in an instance.
/// </summary>
static partial class TargetRules
{
    [GeneratedRegex("^i-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex InstanceId();

    [GeneratedRegex("^vol-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex VolumeId();

    [GeneratedRegex("^fs-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex FileSystemId();

    /// <summary>RDS and Redshift: 1-63 letters, digits and hyphens, starting with a letter, no "--", no hyphen at the end.</summary>
    [GeneratedRegex("^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)$")]
    private static partial Regex ClusterIdentifier();

    [GeneratedRegex("^[A-Za-z0-9_.-]{3,255}$")]
    private static partial Regex TableName();

    /// <summary>S3 bucket names: 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();

    [GeneratedRegex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$")]
    private static partial Regex RegionName();

    public static bool IsClusterIdentifier(string text) => ClusterIdentifier().IsMatch(text);
    public static bool IsTableName(string text) => TableName().IsMatch(text);
    public static bool IsRegionName(string text) => RegionName().IsMatch(text);
    public static bool IsInstanceId(string text) => InstanceId().IsMatch(text);

    /// <summary>Time-based options that need a number of units with them.</summary>
    const string TimeUnits = "DWMY";

    /// <summary>
    /// Checks a target of a kind ("instance_volumes" for 13.39) against the others already in its collection.
    /// <paramref name="self"/> is the record being changed by a PUT (not counted as a duplicate).
    /// </summary>
    public static void Check(string kind, JObject body, IReadOnlyList<Record> others, Record? self, ValidationErrors errors)
    {
        switch (kind)
        {
            case "instances": Id(body, errors, InstanceId(), "an EC2 instance id (i- and 8 or 17 hex digits)"); break;
            case "volumes" or "instance_volumes": Id(body, errors, VolumeId(), "an EBS volume id (vol- and 8 or 17 hex digits)"); break;
            case "efs": Id(body, errors, FileSystemId(), "an EFS file system id (fs- and 8 or 17 hex digits)"); EfsOptions(body, errors); break;
            case "rds_clusters": Id(body, errors, ClusterIdentifier(), "an RDS cluster identifier: letters, digits and hyphens, starting with a letter"); break;
            case "rds_databases": Id(body, errors, ClusterIdentifier(), "an RDS DB instance identifier: letters, digits and hyphens, starting with a letter"); break;
            case "redshift_clusters": Id(body, errors, ClusterIdentifier(), "a Redshift cluster identifier: letters, digits and hyphens, starting with a letter"); break;
            case "dynamodb_tables":
                if ((string?)body["aws_resource_name"] is { } table && !TableName().IsMatch(table))
                    errors.Invalid("aws_resource_name", "Enter a DynamoDB table name: 3-255 letters, digits, '_', '-' or '.'.");
                break;
            case "s3syncs":
                // The target is named after the bucket it syncs from, so both names are bucket names.
                foreach (var field in new[] { "name", "destination_bucket_name" })
                    if ((string?)body[field] is { } bucket && !BucketName().IsMatch(bucket))
                        errors.Invalid(field, $"\"{bucket}\" is not an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.");
                break;
        }
        if ((string?)body["aws_region"] is { } region && !RegionName().IsMatch(region))
            errors.Invalid("aws_region", $"\"{region}\" is not an AWS region name such as us-east-1.");
        Unique(kind, body, others, self, errors);
    }

    static void Id(JObject body, ValidationErrors errors, Regex pattern, string expected)
    {
        if ((string?)body["aws_resource_id"] is { } id && !pattern.IsMatch(id))
            errors.Invalid("aws_resource_id", $"Enter {expected}.");
    }

    /// <summary>Retention in days, weeks, months or years needs how many (at least 1).</summary>
    static void EfsOptions(JObject body, ValidationErrors errors)
    {
        foreach (var (option, value) in new[] { ("expire_option", "expire_option_value"), ("move_to_cold_storage_option", "move_to_cold_storage_option_value") })
            if ((string?)body[option] is { Length: 1 } code && TimeUnits.Contains(code[0])
                && (body[value] is not { Type: JTokenType.Integer } number || (long)number < 1))
                errors.Add(value, $"Ensure this value is greater than or equal to 1 when {option} is '{code}'.", "min_value");
    }

    /// <summary>The field that names the resource, and whether the region is part of its identity.</summary>
    static (string Field, bool Regional) Identity(string kind) => kind switch
    {
        "dynamodb_tables" => ("aws_resource_name", true),
        "rds_clusters" or "rds_databases" or "redshift_clusters" => ("aws_resource_id", true), // identifiers are unique per region only
        "s3syncs" => ("name", false),
        _ => ("aws_resource_id", false),
    };

    static void Unique(string kind, JObject body, IReadOnlyList<Record> others, Record? self, ValidationErrors errors)
    {
        var (field, regional) = Identity(kind);
        if (errors.Has(field) || (string?)body[field] is not { } value) return;
        var region = (string?)body["aws_region"];
        if (others.Any(t => t != self && (string?)t[field] == value && (!regional || (string?)t["aws_region"] == region)))
            errors.Add(field, kind == "instance_volumes"
                ? "This volume is already a target of the instance."
                : "This resource is already a target of the policy.", "unique");
    }
}
