using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Policies;

/// <summary>
/// What CPM would have read from AWS about a target it was given by id or name: a name tag, instance or
/// volume type, image, platform, size, database engine, node type. The simulator has no AWS, so these are derived from the resource id
/// (stable across runs); fields the caller sent win.
/// </summary>
static class TargetDetails
{
    static readonly string[] Roles = { "web", "api", "db", "worker", "cache", "batch" };
    static readonly string[] Platforms = { "Linux/UNIX", "Linux/UNIX", "Linux/UNIX", "Windows" };

    public static JObject Instance(JObject body, string? name = null)
    {
        var id = (string)body["aws_resource_id"]!;
        var windows = FakeAws.Pick(Platforms, id) == "Windows";
        var details = new JObject
        {
            ["name"] = name ?? $"{FakeAws.Pick(Roles, id)}-{FakeAws.Number(id, 1, 20):D2}",
            ["aws_resource_type"] = FakeAws.Pick(FakeAws.InstanceTypes, id),
            ["resource_type"] = "EC2 Instance",
            ["image_id"] = FakeAws.Id("ami", id),
            ["platform"] = windows ? "Windows" : "Linux/UNIX",
            ["root_device_type"] = "ebs",
            ["aws_root_device"] = windows ? "/dev/sda1" : "/dev/xvda",
            ["state"] = "running",
            ["tagged"] = false,
            ["has_product_code"] = false,
            ["ami_backup_option"] = "N",
            ["ami_reboot_option"] = false,
            ["force_full_s3_copy"] = false,
            ["which_volumes"] = "A",
            ["application_consistent_backup"] = new JObject
            {
                ["agent_script_timeout"] = 100,
                ["collect_script_output"] = false,
                ["enable_agent_scripts"] = false,
                ["enable_agent_vss"] = false,
                ["use_remote_agent"] = false,
                ["vss_volumes"] = null,
            },
        };
        return Overlay(details, body);
    }

    public static JObject Volume(JObject body, string? name = null)
    {
        var id = (string)body["aws_resource_id"]!;
        var type = FakeAws.Pick(FakeAws.VolumeTypes, id);
        var capacity = FakeAws.Number("size:" + id, 1, 50) * 10;
        var details = new JObject
        {
            ["name"] = name ?? $"data-{FakeAws.Number(id, 1, 99):D2}",
            ["aws_resource_type"] = type,
            ["resource_type"] = "EBS Volume",
            ["capacity"] = capacity,
            ["iops"] = type == "io1" ? 3000 : type == "gp2" ? Math.Max(100, capacity * 3) : 0,
            ["encrypted"] = FakeAws.Number("enc:" + id, 0, 1) == 1,
            ["status"] = "in-use",
            ["tagged"] = false,
            ["zone"] = Zone(body, id),
        };
        return Overlay(details, body);
    }

    /// <summary>A volume attached to a protected instance (13.39): the volume's details in the instance's zone, with a device name.</summary>
    public static JObject InstanceVolume(JObject body, string? region)
    {
        var id = (string)body["aws_resource_id"]!;
        var details = Volume(new JObject { ["aws_resource_id"] = id, ["aws_region"] = region });
        details["device"] = "/dev/sd" + FakeAws.Pick(new[] { "f", "g", "h", "i", "j", "k" }, "device:" + id);
        return Overlay(details, body);
    }

    /// <summary>A DynamoDB table: named, not given by id, so the name is its AWS id too.</summary>
    public static JObject DynamoDbTable(JObject body)
    {
        var name = (string)body["aws_resource_name"]!;
        var region = (string?)body["aws_region"];
        var details = new JObject
        {
            ["aws_resource_id"] = name,
            ["resource_type"] = ResourceTypes["dynamodb_tables"],
            ["table_arn"] = $"arn:aws:dynamodb:{region}:{FakeAws.AccountNumber("1")}:table/{name}",
            ["partition_key"] = FakeAws.Pick(new[] { "id", "pk", "customer_id", "order_id" }, name),
            ["sort_key"] = FakeAws.Number("sort:" + name, 0, 1) == 1 ? "created_at" : null,
            ["status"] = "ACTIVE",
            ["storage"] = FakeAws.Number("storage:" + name, 1, 500),
            ["tagged"] = false,
        };
        return Overlay(details, body);
    }

    public static JObject Efs(JObject body)
    {
        var id = (string)body["aws_resource_id"]!;
        var details = new JObject
        {
            ["name"] = $"{FakeAws.Pick(new[] { "shared", "home", "media", "build" }, id)}-fs-{FakeAws.Number(id, 1, 20):D2}",
            ["resource_type"] = ResourceTypes["efs"],
            ["encrypted"] = FakeAws.Number("enc:" + id, 0, 1) == 1,
            ["num_mount_targets"] = FakeAws.Number("mounts:" + id, 1, 3),
            ["size_in_bytes"] = (long)FakeAws.Number("size:" + id, 1, 4096) * 1024 * 1024,
            ["status"] = "available",
            ["tagged"] = false,
            // AWS Backup does the work for EFS; CPM's defaults are the default vault, kept with the policy's generations.
            ["backup_vault_name"] = "Default",
            ["backup_iam_role_arn"] = $"arn:aws:iam::{FakeAws.AccountNumber("1")}:role/service-role/AWSBackupDefaultServiceRole",
            ["expire_option"] = "P",
            ["expire_option_value"] = null,
            ["move_to_cold_storage_option"] = "N",
            ["move_to_cold_storage_option_value"] = null,
        };
        return Overlay(details, body);
    }

    public static JObject RdsCluster(JObject body)
    {
        var id = (string)body["aws_resource_id"]!;
        var details = new JObject
        {
            ["resource_type"] = ResourceTypes["rds_clusters"],
            ["engine"] = FakeAws.Pick(new[] { "aurora-mysql", "aurora-postgresql" }, id),
            ["status"] = "available",
            ["storage"] = FakeAws.Number("storage:" + id, 1, 100) * 10,
            ["tagged"] = false,
            ["zone"] = Zone(body, id),
        };
        return Overlay(details, body);
    }

    public static JObject RdsDatabase(JObject body)
    {
        var id = (string)body["aws_resource_id"]!;
        var storageType = FakeAws.Pick(new[] { "gp2", "gp3", "io1" }, "type:" + id);
        var storage = FakeAws.Number("storage:" + id, 2, 100) * 10;
        var details = new JObject
        {
            ["resource_type"] = ResourceTypes["rds_databases"],
            ["aws_resource_class"] = FakeAws.Pick(new[] { "db.t3.medium", "db.m5.large", "db.r5.large", "db.t3.large" }, id),
            ["engine"] = FakeAws.Pick(new[] { "mysql", "postgres", "mariadb", "sqlserver-se", "oracle-se2" }, id),
            ["iops"] = storageType == "io1" ? 3000 : storageType == "gp2" ? Math.Max(100, storage * 3) : 3000,
            ["multi_az"] = FakeAws.Number("az:" + id, 0, 1) == 1,
            ["publicly_accessible"] = false,
            ["status"] = "available",
            ["storage"] = storage,
            ["storage_type"] = storageType,
            ["tagged"] = false,
            ["zone"] = Zone(body, id),
        };
        return Overlay(details, body);
    }

    public static JObject RedshiftCluster(JObject body)
    {
        var id = (string)body["aws_resource_id"]!;
        var nodeType = FakeAws.Pick(new[] { "dc2.large", "ra3.xlplus", "ra3.4xlarge" }, id);
        var details = new JObject
        {
            ["resource_type"] = ResourceTypes["redshift_clusters"],
            ["aws_resource_type"] = nodeType,
            ["node_type"] = nodeType,
            ["nodes"] = FakeAws.Number("nodes:" + id, 1, 4),
            ["node_storage"] = nodeType == "dc2.large" ? 160 : 32000,
            ["encrypted"] = FakeAws.Number("enc:" + id, 0, 1) == 1,
            ["publicly_accessible"] = false,
            ["status"] = "available",
            ["tagged"] = false,
            ["zone"] = Zone(body, id),
        };
        return Overlay(details, body);
    }

    /// <summary>An S3 sync: CPM's defaults (standard storage class, source prefix kept, nothing deleted at the destination).</summary>
    public static JObject S3Sync(JObject body)
    {
        var details = new JObject
        {
            ["delete_extra"] = false,
            ["keep_source_prefix"] = true,
            ["storage_class"] = "S",
            ["is_encrypted"] = FakeAws.Number("enc:" + (string?)body["destination_bucket_name"], 0, 1) == 1,
            ["status"] = "active",
        };
        return Overlay(details, body);
    }

    /// <summary>The resource_type each kind's records carry (and the combined list shows).</summary>
    public static readonly IReadOnlyDictionary<string, string> ResourceTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["instances"] = "EC2 Instance",
        ["volumes"] = "EBS Volume",
        ["dynamodb_tables"] = "DynamoDB Table",
        ["efs"] = "EFS",
        ["rds_clusters"] = "RDS Cluster",
        ["rds_databases"] = "RDS Database",
        ["redshift_clusters"] = "Redshift Cluster",
        ["s3syncs"] = "S3 Sync",
    };

    static string Zone(JObject body, string id) => (string?)body["aws_region"] + FakeAws.Pick(new[] { "a", "b", "c" }, id);

    /// <summary>The body's fields over the derived ones (nested objects field by field).</summary>
    static JObject Overlay(JObject details, JObject body)
    {
        foreach (var (name, value) in body)
        {
            if (value == null || value.Type == JTokenType.Null) continue;
            if (value is JObject nested && details[name] is JObject defaults)
                foreach (var (field, fieldValue) in nested) defaults[field] = fieldValue?.DeepClone();
            else details[name] = value.DeepClone();
        }
        return details;
    }
}
