using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Policies;

/// <summary>
/// Seed policies: "prod" (enabled; three EC2 instances and a volume), "dev" (an instance backed up by AMI only,
/// a volume; DR on), "staging" (a target of every kind, a
/// volume of its instance, a custom tag, an initial AMI of its instance; DR, copy to S3 and scripts are turned on
/// by <see cref="PolicyCopyOptionsHandler"/>) and a disabled
/// "legacy-archive", then one more per five schedules beyond the default five. Owners and schedules are
/// the seeded users and schedules when they exist. Deterministic for a given seed.
/// </summary>
static class PolicySeedData
{
    /// <summary>A policy body with the bodies of its instance and volume targets.</summary>
    public sealed record SeedPolicy(JObject Body, IReadOnlyList<JObject> Instances, IReadOnlyList<JObject> Volumes)
    {
        /// <summary>Targets of the other kinds, by kind.</summary>
        public IReadOnlyList<(string Kind, JObject Body)> Others { get; init; } = Array.Empty<(string, JObject)>();
        /// <summary>Volumes of the first instance target (13.39).</summary>
        public IReadOnlyList<JObject> InstanceVolumes { get; init; } = Array.Empty<JObject>();
        public IReadOnlyList<JObject> CustomTags { get; init; } = Array.Empty<JObject>();
    }

    public static IEnumerable<SeedPolicy> Generate(SeedContext seed, IReadOnlyCollection<long> userIds, IReadOnlyCollection<long> scheduleIds)
    {
        long User(long id) => userIds.Contains(id) ? id : 1;
        long[] Schedules(params long[] ids) => ids.Where(scheduleIds.Contains).ToArray();

        // Seeded schedule ids cycle through the units: 1 minutes, 2 hourly, 3 daily, 4 weekly, 5 monthly.
        yield return Policy("prod", "Production web and database servers", User(1), 1, true, 30, Schedules(3, 2),
            new[] { Instance("web-01", "us-east-1"), Instance("web-02", "us-east-1"), Instance("db-01", "us-east-1") },
            new[] { Volume("shared-data", "us-east-1") });
        yield return Policy("dev", "Developer sandboxes", User(2), 2, true, 7, Schedules(3),
            new[] { Instance("dev-box-01", "eu-west-1", amiBackupOption: "O") }, new[] { Volume("dev-scratch", "eu-west-1") });
        // staging protects one target of every kind, so every target endpoint has a record to show.
        yield return Policy("staging", "Release candidates before production", User(3), 1, true, 14, Schedules(4),
            new[] { Instance("staging-app-01", "us-west-2", amiBackupOption: "S") }, Array.Empty<JObject>()) with
        {
            Others = new (string, JObject)[]
            {
                ("dynamodb_tables", new JObject { ["aws_region"] = "us-west-2", ["aws_resource_name"] = "staging-sessions" }),
                ("efs", new JObject { ["aws_region"] = "us-west-2", ["aws_resource_id"] = FakeAws.Id("fs", "staging-shared") }),
                ("rds_clusters", new JObject { ["aws_region"] = "us-west-2", ["aws_resource_id"] = "staging-aurora" }),
                ("rds_databases", new JObject { ["aws_region"] = "us-west-2", ["aws_resource_id"] = "staging-orders-db" }),
                ("redshift_clusters", new JObject { ["aws_region"] = "us-west-2", ["aws_resource_id"] = "staging-warehouse" }),
                ("s3syncs", new JObject { ["name"] = "staging-assets-sync", ["destination_bucket_name"] = "staging-assets-copy" }),
            },
            InstanceVolumes = new[] { new JObject { ["aws_resource_id"] = FakeAws.Id("vol", "staging-app-01-data") } },
            CustomTags = new[] { new JObject { ["tag_name"] = "cpm-backup", ["tag_value"] = "staging", ["name_is_prefix"] = false, ["value_is_prefix"] = false } },
        };
        yield return Policy("legacy-archive", "Retired ERP system, kept for audits", User(1), 1, false, 3, Schedules(5),
            new[] { Instance("legacy-erp-01", "us-east-1") }, Array.Empty<JObject>());

        var regions = new[] { "us-east-1", "us-west-2", "eu-west-1", "eu-central-1" };
        var extra = Math.Max(0, seed.Size - 5) / 5;
        for (var i = 1; i <= extra; i++)
        {
            var name = $"policy-{i + 4:D4}";
            var region = regions[seed.Random.Next(regions.Length)];
            var instances = Enumerable.Range(1, seed.Random.Next(1, 4)).Select(n => Instance($"{name}-vm-{n:D2}", region)).ToArray();
            var volumes = seed.Random.Next(3) == 0 ? new[] { Volume($"{name}-data", region) } : Array.Empty<JObject>();
            var owner = userIds.Count == 0 ? 1 : userIds.ElementAt(seed.Random.Next(userIds.Count));
            var schedule = scheduleIds.Count == 0 ? Array.Empty<long>() : new[] { scheduleIds.ElementAt((i - 1) % scheduleIds.Count) };
            yield return Policy(name, null, owner, 1 + seed.Random.Next(2), seed.Random.Next(8) > 0, 5 + seed.Random.Next(26), schedule, instances, volumes);
        }
    }

    static SeedPolicy Policy(string name, string? description, long user, int account, bool enabled, int generations,
        long[] schedules, JObject[] instances, JObject[] volumes) =>
        new(new JObject
        {
            ["name"] = name,
            ["description"] = description,
            ["user"] = user,
            ["account"] = account,
            ["enabled"] = enabled,
            ["generations"] = generations,
            ["auto_remove_resource"] = "N",
            ["schedules"] = new JArray(schedules),
        }, instances, volumes);

    static JObject Instance(string name, string region, string amiBackupOption = "N") =>
        new() { ["aws_resource_id"] = FakeAws.Id("i", name), ["aws_region"] = region, ["name"] = name, ["ami_backup_option"] = amiBackupOption };

    static JObject Volume(string name, string region) =>
        new() { ["aws_resource_id"] = FakeAws.Id("vol", name), ["aws_region"] = region, ["name"] = name };
}
