using System.Text.RegularExpressions;
using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Resources.Policies;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Recoveries;

/// <summary>
/// Checks on recovery bodies beyond the schema, where AWS's rules are clear: names of the new RDS,
/// Redshift and DynamoDB resources, zones and regions, ports, sizes, IAM role ARNs and instance ids.
/// </summary>
static partial class RecoveryRules
{
    [GeneratedRegex("^[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]$")]
    private static partial Regex ZoneName();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::[0-9]{12}:role/\S+$")]
    private static partial Regex RoleArn();

    public static void Check(ApiRequest request, ValidationErrors errors)
    {
        var body = request.Body;
        foreach (var field in new[] { "aws_resource_id", "aws_dbinstance_id" })
            if ((string?)body[field] is { } name && !TargetRules.IsClusterIdentifier(name))
                errors.Invalid(field, $"\"{name}\" is not a valid identifier: 1-63 letters, digits and hyphens, starting with a letter, no '--' and no hyphen at the end.");
        if ((string?)body["aws_resource_name"] is { } table && !TargetRules.IsTableName(table))
            errors.Invalid("aws_resource_name", $"\"{table}\" is not a DynamoDB table name: 3-255 letters, digits, '_', '-' or '.'.");
        if ((string?)body["zone"] is { Length: > 0 } zone && !ZoneName().IsMatch(zone))
            errors.Invalid("zone", $"\"{zone}\" is not an availability zone such as us-east-1a.");
        if ((string?)body["region"] is { Length: > 0 } region && !TargetRules.IsRegionName(region))
            errors.Invalid("region", $"\"{region}\" is not an AWS region name such as us-east-1.");
        if ((string?)body["iam_role_arn"] is { Length: > 0 } role && !RoleArn().IsMatch(role))
            errors.Invalid("iam_role_arn", "Enter an IAM role ARN such as arn:aws:iam::123456789012:role/restore-role.");
        if ((string?)body["attach_to"] is { Length: > 0 } instance && !TargetRules.IsInstanceId(instance))
            errors.Invalid("attach_to", "Enter the id of the EC2 instance to attach the volume to (i- and 8 or 17 hex digits).");
        Range(body, "port", 1150, 65535, errors);
        Range(body, "capacity", 1, 65536, errors);
        Range(body, "iops", 100, 256000, errors);
    }

    static void Range(JObject body, string field, long min, long max, ValidationErrors errors)
    {
        if (body[field] is not { Type: JTokenType.Integer } value) return;
        if ((long)value < min) errors.Add(field, $"Ensure this value is greater than or equal to {min}.", "min_value");
        else if ((long)value > max) errors.Add(field, $"Ensure this value is less than or equal to {max}.", "max_value");
    }
}
