using System.Net;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>13.24-13.63: every kind of policy target gets AWS-like details, its checks, and a place in the combined list.</summary>
public sealed class PolicyTargetTests : IClassFixture<SimulatorFixture>
{
    readonly SimClient client;
    public PolicyTargetTests(SimulatorFixture fixture) => client = fixture.Client;

    async Task<int> NewPolicyAsync(string name) =>
        (int)(await client.PostAsync("api/policies/", new { name, account = 1 })).Json["id"];

    async Task<JObject> AddAsync(int policy, string kind, object body)
    {
        var reply = await client.PostAsync($"api/policies/{policy}/targets/{kind}/", body);
        Assert.True(reply.Status == HttpStatusCode.Created, reply.Text);
        return (JObject)reply.Json;
    }

    [Fact]
    public async Task Seeded_staging_has_a_target_of_every_kind_an_instance_volume_and_a_custom_tag()
    {
        var staging = await client.PolicyIdAsync("staging");
        var all = (JArray)(await client.GetAsync($"api/policies/{staging}/targets/")).Json;
        Assert.Equal(new[] { "EC2 Instance", "DynamoDB Table", "EFS", "RDS Cluster", "RDS Database", "Redshift Cluster", "S3 Sync" },
            all.Select(t => (string)t["resource_type"]));
        var instance = (int)all[0]["id"];
        var volumes = (JArray)(await client.GetAsync($"api/policies/{staging}/targets/instances/{instance}/volumes/")).Json;
        Assert.Matches("^vol-", (string)Assert.Single(volumes)["aws_resource_id"]);
        var tags = (JArray)(await client.GetAsync($"api/policies/{staging}/custom_tags/")).Json;
        Assert.Equal("cpm-backup", (string)Assert.Single(tags)["tag_name"]);
    }

    [Fact]
    public async Task Every_kind_gets_derived_details_that_are_stable()
    {
        var id = await NewPolicyAsync("all-kinds");
        var table = await AddAsync(id, "dynamodb_tables", new { aws_region = "us-east-1", aws_resource_name = "orders" });
        Assert.Equal("DynamoDB Table", (string)table["resource_type"]);
        Assert.Equal("orders", (string)table["aws_resource_id"]);
        Assert.Matches(@"^arn:aws:dynamodb:us-east-1:\d{12}:table/orders$", (string)table["table_arn"]);
        Assert.Equal("ACTIVE", (string)table["status"]);
        Assert.NotNull((string)table["partition_key"]);

        var efs = await AddAsync(id, "efs", new { aws_region = "eu-west-1", aws_resource_id = "fs-0123abcd" });
        Assert.Equal("EFS", (string)efs["resource_type"]);
        Assert.Matches(@"^[a-z]+-fs-\d{2}$", (string)efs["name"]);
        Assert.True((long)efs["size_in_bytes"] > 0);
        Assert.InRange((int)efs["num_mount_targets"], 1, 3);
        Assert.Equal("P", (string)efs["expire_option"]);
        Assert.Equal("Default", (string)efs["backup_vault_name"]);

        var cluster = await AddAsync(id, "rds_clusters", new { aws_region = "us-west-2", aws_resource_id = "orders-aurora" });
        Assert.Equal("RDS Cluster", (string)cluster["resource_type"]);
        Assert.StartsWith("aurora-", (string)cluster["engine"]);
        Assert.StartsWith("us-west-2", (string)cluster["zone"]);
        Assert.True((int)cluster["storage"] > 0);

        var database = await AddAsync(id, "rds_databases", new { aws_region = "us-west-2", aws_resource_id = "crm-db" });
        Assert.Equal("RDS Database", (string)database["resource_type"]);
        Assert.StartsWith("db.", (string)database["aws_resource_class"]);
        Assert.Equal("available", (string)database["status"]);
        Assert.NotNull((string)database["storage_type"]);

        var redshift = await AddAsync(id, "redshift_clusters", new { aws_region = "us-east-1", aws_resource_id = "analytics" });
        Assert.Equal("Redshift Cluster", (string)redshift["resource_type"]);
        Assert.Equal((string)redshift["node_type"], (string)redshift["aws_resource_type"]);
        Assert.InRange((int)redshift["nodes"], 1, 4);

        var sync = await AddAsync(id, "s3syncs", new { name = "logs-sync", destination_bucket_name = "backup-logs", storage_class = "I" });
        Assert.Equal("I", (string)sync["storage_class"]); // what was sent wins
        Assert.True((bool)sync["keep_source_prefix"]);
        Assert.NotNull((string)sync["creation_date"]);

        // The same resource in another policy has the same details (derived from its id, not drawn at random).
        var other = await NewPolicyAsync("all-kinds-2");
        var again = await AddAsync(other, "rds_databases", new { aws_region = "us-west-2", aws_resource_id = "crm-db" });
        foreach (var field in new[] { "engine", "aws_resource_class", "storage", "zone", "multi_az" })
            Assert.Equal(database[field], again[field]);
        Assert.Equal(efs["name"], (await AddAsync(other, "efs", new { aws_region = "eu-west-1", aws_resource_id = "fs-0123abcd" }))["name"]);
    }

    [Fact]
    public async Task Ids_names_and_regions_are_checked_per_kind()
    {
        var id = await NewPolicyAsync("checked-kinds");
        async Task<(string Message, string Code)> Refused(string kind, string field, object body)
        {
            var reply = await client.PostAsync($"api/policies/{id}/targets/{kind}/", body);
            Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
            return reply.FieldError(field);
        }

        Assert.Equal("invalid", (await Refused("efs", "aws_resource_id", new { aws_region = "us-east-1", aws_resource_id = "i-0123abcd" })).Code);
        Assert.Equal("invalid", (await Refused("rds_clusters", "aws_resource_id", new { aws_region = "us-east-1", aws_resource_id = "1cluster" })).Code);
        Assert.Equal("invalid", (await Refused("rds_databases", "aws_resource_id", new { aws_region = "us-east-1", aws_resource_id = "db--x" })).Code);
        Assert.Equal("invalid", (await Refused("redshift_clusters", "aws_resource_id", new { aws_region = "us-east-1", aws_resource_id = "dw_1" })).Code);
        Assert.Equal("invalid", (await Refused("dynamodb_tables", "aws_resource_name", new { aws_region = "us-east-1", aws_resource_name = "a b" })).Code);
        foreach (var kind in new[] { "dynamodb_tables", "efs", "rds_clusters", "rds_databases", "redshift_clusters" })
            Assert.Contains("region", (await Refused(kind, "aws_region", new { aws_region = "Mars", aws_resource_id = "fs-0123abcd", aws_resource_name = "tbl" })).Message);
        Assert.Equal("required", (await Refused("s3syncs", "destination_bucket_name", new { name = "s" })).Code);
        Assert.Equal("required", (await Refused("s3syncs", "name", new { destination_bucket_name = "bucket-1" })).Code);
        Assert.Equal("invalid", (await Refused("s3syncs", "destination_bucket_name", new { name = "s", destination_bucket_name = "Upper_Case" })).Code);

        // Each resource at most once per policy; RDS, Redshift and DynamoDB names are per region.
        await AddAsync(id, "rds_clusters", new { aws_region = "us-east-1", aws_resource_id = "web-aurora" });
        Assert.Equal("unique", (await Refused("rds_clusters", "aws_resource_id", new { aws_region = "us-east-1", aws_resource_id = "web-aurora" })).Code);
        await AddAsync(id, "rds_clusters", new { aws_region = "eu-west-1", aws_resource_id = "web-aurora" });
        await AddAsync(id, "dynamodb_tables", new { aws_region = "us-east-1", aws_resource_name = "orders" });
        Assert.Equal("unique", (await Refused("dynamodb_tables", "aws_resource_name", new { aws_region = "us-east-1", aws_resource_name = "orders" })).Code);
        await AddAsync(id, "efs", new { aws_region = "us-east-1", aws_resource_id = "fs-0123abcd" });
        Assert.Equal("unique", (await Refused("efs", "aws_resource_id", new { aws_region = "us-east-1", aws_resource_id = "fs-0123abcd" })).Code);
        await AddAsync(id, "s3syncs", new { name = "sync-a", destination_bucket_name = "bucket-a" });
        Assert.Equal("unique", (await Refused("s3syncs", "name", new { name = "sync-a", destination_bucket_name = "bucket-b" })).Code);
        Assert.Equal("min_value", (await Refused("efs", "expire_option_value", new { aws_region = "us-east-1", aws_resource_id = "fs-0123abce", expire_option = "D" })).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("api/policies/424242/targets/efs/", new { aws_region = "us-east-1", aws_resource_id = "fs-0123abcd" })).Status);
    }

    [Fact]
    public async Task Efs_and_s3_sync_updates_merge_and_are_checked_again()
    {
        var id = await NewPolicyAsync("updated-kinds");
        var efs = await AddAsync(id, "efs", new { aws_region = "us-east-1", aws_resource_id = "fs-0fedcba987654321a" });
        var path = $"api/policies/{id}/targets/efs/{efs["id"]}/";
        var changed = await client.PutAsync(path, new { expire_option = "W", expire_option_value = 6 });
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal("W", (string)changed.Json["expire_option"]);
        Assert.Equal(efs["name"], changed.Json["name"]); // kept
        Assert.Equal("Default", (string)changed.Json["backup_vault_name"]);
        // A time unit without how many, counting what is stored: the stored 6 still counts, a 0 does not.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(path, new { expire_option = "M" })).Status);
        Assert.Equal("min_value", (await client.PutAsync(path, new { expire_option_value = 0 })).FieldError("expire_option_value").Code);
        Assert.Equal("min_value", (await client.PutAsync(path, new { move_to_cold_storage_option = "D" })).FieldError("move_to_cold_storage_option_value").Code);
        Assert.Equal(6, (int)(await client.GetAsync(path)).Json["expire_option_value"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsync($"api/policies/{id}/targets/efs/424242/", new { expire_option = "N" })).Status);

        var first = await AddAsync(id, "s3syncs", new { name = "sync-1", destination_bucket_name = "bucket-one" });
        await AddAsync(id, "s3syncs", new { name = "sync-2", destination_bucket_name = "bucket-two" });
        var syncPath = $"api/policies/{id}/targets/s3syncs/{first["id"]}/";
        var renamed = await client.PutAsync(syncPath, new { name = "sync-1", destination_bucket_name = "bucket-three", delete_extra = true });
        Assert.Equal(HttpStatusCode.OK, renamed.Status);
        Assert.True((bool)renamed.Json["delete_extra"]);
        Assert.Equal("bucket-three", (string)renamed.Json["destination_bucket_name"]);
        Assert.Equal("unique", (await client.PutAsync(syncPath, new { name = "sync-2", destination_bucket_name = "bucket-three" })).FieldError("name").Code);
        Assert.Equal("invalid", (await client.PutAsync(syncPath, new { name = "sync-1", destination_bucket_name = "-bad-" })).FieldError("destination_bucket_name").Code);
    }

    [Fact]
    public async Task Instance_volumes_belong_to_their_instance()
    {
        var id = await NewPolicyAsync("instance-volumes");
        var instance = await AddAsync(id, "instances", new { aws_resource_id = "i-0aaaabbbbccccdddd", aws_region = "eu-central-1", which_volumes = "I" });
        var path = $"api/policies/{id}/targets/instances/{instance["id"]}/volumes/";
        var volume = await client.PostAsync(path, new { aws_resource_id = "vol-0aaaabbbbccccdddd" });
        Assert.Equal(HttpStatusCode.Created, volume.Status);
        Assert.Equal("EBS Volume", (string)volume.Json["resource_type"]);
        Assert.StartsWith("eu-central-1", (string)volume.Json["zone"]); // the instance's region
        Assert.StartsWith("/dev/sd", (string)volume.Json["device"]);
        Assert.True((int)volume.Json["capacity"] > 0);

        Assert.Equal("unique", (await client.PostAsync(path, new { aws_resource_id = "vol-0aaaabbbbccccdddd" })).FieldError("aws_resource_id").Code);
        Assert.Equal("invalid", (await client.PostAsync(path, new { aws_resource_id = "i-0aaaabbbbccccdddd" })).FieldError("aws_resource_id").Code);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"api/policies/{id}/targets/instances/424242/volumes/", new { aws_resource_id = "vol-0aaaabbbbccccdddd" })).Status);

        // Not a target of the policy itself: the combined list has the instance only.
        var all = (JArray)(await client.GetAsync($"api/policies/{id}/targets/")).Json;
        Assert.Equal((int)instance["id"], (int)Assert.Single(all)["id"]);
    }

    [Fact]
    public async Task Combined_list_shows_every_kind_with_type_name_region_and_id()
    {
        var id = await NewPolicyAsync("combined-kinds");
        await AddAsync(id, "instances", new { aws_resource_id = "i-0123456789abcdef1", aws_region = "us-east-1" });
        await AddAsync(id, "volumes", new { aws_resource_id = "vol-0123456789abcdef1", aws_region = "us-east-1" });
        await AddAsync(id, "dynamodb_tables", new { aws_region = "us-east-1", aws_resource_name = "sessions" });
        var efs = await AddAsync(id, "efs", new { aws_region = "us-east-2", aws_resource_id = "fs-0badcafe" });
        await AddAsync(id, "rds_clusters", new { aws_region = "us-east-1", aws_resource_id = "billing-aurora" });
        await AddAsync(id, "rds_databases", new { aws_region = "us-east-1", aws_resource_id = "billing-db" });
        await AddAsync(id, "redshift_clusters", new { aws_region = "us-east-1", aws_resource_id = "warehouse" });
        await AddAsync(id, "s3syncs", new { name = "reports-sync", destination_bucket_name = "reports-copy" });

        var all = (JArray)(await client.GetAsync($"api/policies/{id}/targets/")).Json;
        Assert.Equal(new[] { "EC2 Instance", "EBS Volume", "DynamoDB Table", "EFS", "RDS Cluster", "RDS Database", "Redshift Cluster", "S3 Sync" },
            all.Select(t => (string)t["resource_type"]));
        Assert.Equal(8, all.Select(t => (int)t["id"]).Distinct().Count());
        Assert.Equal("sessions", (string)all[2]["name"]);
        Assert.Equal("sessions", (string)all[2]["aws_resource_id"]);
        Assert.Equal((string)efs["name"], (string)all[3]["name"]);
        Assert.Equal("us-east-2", (string)all[3]["aws_region"]);
        Assert.Equal("fs-0badcafe", (string)all[3]["aws_resource_id"]);
        Assert.Equal("billing-aurora", (string)all[4]["name"]);
        Assert.Equal("warehouse", (string)all[6]["aws_resource_id"]);
        Assert.Equal("reports-sync", (string)all[7]["name"]);
        Assert.Equal("available", (string)all[5]["state"]);
        Assert.All(all.Take(7), t => Assert.False(string.IsNullOrEmpty((string)t["aws_region"])));
    }
}
