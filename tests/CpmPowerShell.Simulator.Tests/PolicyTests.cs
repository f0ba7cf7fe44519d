using System.Net;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>Chapter 13: policies, their targets, options and run times.</summary>
public sealed class PolicyTests : IClassFixture<SimulatorFixture>
{
    readonly SimClient client;
    public PolicyTests(SimulatorFixture fixture) => client = fixture.Client;

    [Fact]
    public async Task Seed_has_prod_with_instances_and_a_volume_and_dev()
    {
        var policies = (JArray)(await client.GetAsync("api/policies/")).Json;
        var prod = policies.Single(p => (string)p["name"] == "prod");
        Assert.True((bool)prod["enabled"]);
        Assert.NotEmpty(prod["schedules"]);
        Assert.Contains(policies, p => (string)p["name"] == "dev");
        Assert.Contains(policies, p => (bool)p["enabled"] == false);

        var instances = (JArray)(await client.GetAsync($"api/policies/{prod["id"]}/targets/instances/")).Json;
        Assert.True(instances.Count >= 2);
        Assert.All(instances, i => Assert.Matches("^i-[0-9a-f]{17}$", (string)i["aws_resource_id"]));
        Assert.Contains(instances, i => (string)i["name"] == "web-01");
        var volumes = (JArray)(await client.GetAsync($"api/policies/{prod["id"]}/targets/volumes/")).Json;
        Assert.Matches("^vol-[0-9a-f]{17}$", (string)Assert.Single(volumes)["aws_resource_id"]);
    }

    [Fact]
    public async Task Create_checks_names_and_schedules_and_fills_defaults()
    {
        var created = await client.PostAsync("api/policies/", new { name = "web-tier", account = 1, schedules = new[] { 1 } });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.True((bool)created.Json["enabled"]); // enabled unless told otherwise
        Assert.Equal(5, (int)created.Json["generations"]);
        Assert.Equal(1, (int)created.Json["user"]); // the caller owns it
        Assert.NotNull((string)created.Json["last_modified"]);

        Assert.Equal("unique", (await client.PostAsync("api/policies/", new { name = "web-tier", account = 1 })).FieldError("name").Code);
        Assert.Equal("invalid", (await client.PostAsync("api/policies/", new { name = "web tier!", account = 1 })).FieldError("name").Code);
        Assert.Equal("does_not_exist", (await client.PostAsync("api/policies/", new { name = "x1", account = 1, schedules = new[] { 999 } })).FieldError("schedules").Code);
        Assert.Equal("min_value", (await client.PostAsync("api/policies/", new { name = "x2", account = 1, generations = 0 })).FieldError("generations").Code);
        Assert.Equal("required", (await client.PostAsync("api/policies/", new { name = "x3" })).FieldError("account").Code);

        var id = (int)created.Json["id"];
        var renamed = await client.PutAsync($"api/policies/{id}/", new { name = "web-tier-2", enabled = false });
        Assert.Equal(HttpStatusCode.OK, renamed.Status);
        Assert.False((bool)renamed.Json["enabled"]);
        Assert.Equal(new[] { 1 }, renamed.Json["schedules"].Select(s => (int)s)); // kept
        Assert.Equal("unique", (await client.PutAsync($"api/policies/{id}/", new { name = "prod" })).FieldError("name").Code);

        // Schedules used by that policy, through the schedules' policy filter.
        Assert.Equal(new[] { 1 }, (await client.GetAsync($"api/schedules/?policy={id}")).Json.Select(s => (int)s["id"]));
    }

    [Fact]
    public async Task Targets_are_added_listed_combined_and_removed()
    {
        var id = (int)(await client.PostAsync("api/policies/", new { name = "targets-demo", account = 1 })).Json["id"];
        var instance = await client.PostAsync($"api/policies/{id}/targets/instances/", new { aws_resource_id = "i-0123456789abcdef0", aws_region = "us-east-1", which_volumes = "X" });
        Assert.Equal(HttpStatusCode.Created, instance.Status);
        Assert.Equal("X", (string)instance.Json["which_volumes"]); // what was sent wins over derived details
        Assert.Equal("EC2 Instance", (string)instance.Json["resource_type"]);
        Assert.StartsWith("ami-", (string)instance.Json["image_id"]);
        Assert.Equal(100, (int)instance.Json["application_consistent_backup"]["agent_script_timeout"]);
        var volume = await client.PostAsync($"api/policies/{id}/targets/volumes/", new { aws_resource_id = "vol-0123456789abcdef0", aws_region = "us-east-1" });
        Assert.Equal(HttpStatusCode.Created, volume.Status);
        Assert.True((int)volume.Json["capacity"] > 0);
        Assert.StartsWith("us-east-1", (string)volume.Json["zone"]);

        Assert.Equal("unique", (await client.PostAsync($"api/policies/{id}/targets/instances/", new { aws_resource_id = "i-0123456789abcdef0", aws_region = "us-east-1" })).FieldError("aws_resource_id").Code);
        Assert.Equal("invalid", (await client.PostAsync($"api/policies/{id}/targets/instances/", new { aws_resource_id = "vol-0123456789abcdef0", aws_region = "us-east-1" })).FieldError("aws_resource_id").Code);
        Assert.Equal("invalid", (await client.PostAsync($"api/policies/{id}/targets/volumes/", new { aws_resource_id = "vol-01234567", aws_region = "Mars" })).FieldError("aws_region").Code);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("api/policies/424242/targets/volumes/", new { aws_resource_id = "vol-01234567", aws_region = "us-east-1" })).Status);

        // 13.24: both kinds in one list with distinct ids, in the combined shape.
        var all = (JArray)(await client.GetAsync($"api/policies/{id}/targets/")).Json;
        Assert.Equal(new[] { (int)instance.Json["id"], (int)volume.Json["id"] }, all.Select(t => (int)t["id"]));
        Assert.Equal(new[] { "EC2 Instance", "EBS Volume" }, all.Select(t => (string)t["resource_type"]));
        Assert.Equal("in-use", (string)all[1]["state"]);
        Assert.True(((JObject)all[1]).ContainsKey("which_volumes")); // every documented field, even where a kind has none
        var paged = await client.GetAsync($"api/policies/{id}/targets/?page=2&page_size=1");
        Assert.Equal(2, (int)paged.Json["count"]);
        Assert.Equal((int)volume.Json["id"], (int)paged.Json["results"][0]["id"]);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/policies/{id}/targets/instances/{instance.Json["id"]}/")).Status);
        Assert.Single((await client.GetAsync($"api/policies/{id}/targets/")).Json);
    }

    [Fact]
    public async Task Options_have_cpm_defaults_and_can_be_changed()
    {
        var id = await client.PolicyIdAsync("dev");
        var options = await client.GetAsync($"api/policies/{id}/options/");
        Assert.Equal(3, (int)options.Json["number_of_retries"]);
        Assert.Equal("B", (string)options.Json["considered_successful"]);

        var changed = await client.PutAsync($"api/policies/{id}/options/", new { number_of_retries = 5, considered_successful = "A" });
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal(5, (int)changed.Json["number_of_retries"]);
        Assert.Equal(20, (int)changed.Json["minutes_between_retries"]); // kept
        Assert.Equal(5, (int)(await client.GetAsync($"api/policies/{id}/options/")).Json["number_of_retries"]);

        Assert.Equal("invalid_choice", (await client.PutAsync($"api/policies/{id}/options/", new { considered_successful = "Z" })).FieldError("considered_successful").Code);
        Assert.Equal("min_value", (await client.PutAsync($"api/policies/{id}/options/", new { number_of_retries = -1 })).FieldError("number_of_retries").Code);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/policies/424242/options/")).Status);
    }

    [Fact]
    public async Task Run_times_merge_the_policys_schedules()
    {
        var hourly = (int)(await client.PostAsync("api/schedules/", new { name = "p-hourly", every_unit = "H", every_how_many = 1, user = 1, start_date = "2020-01-01T00:00:00Z" })).Json["id"];
        var daily = (int)(await client.PostAsync("api/schedules/", new { name = "p-daily", every_unit = "D", every_how_many = 1, user = 1, start_date = "2020-01-01T00:30:00Z" })).Json["id"];
        var id = (int)(await client.PostAsync("api/policies/", new { name = "timed", account = 1, schedules = new[] { hourly, daily } })).Json["id"];

        // No target yet: the guide says such a policy has no run times.
        Assert.Empty((await client.GetAsync($"api/policies/{id}/run_times/?days_ahead=1")).Json);
        await client.PostAsync($"api/policies/{id}/targets/volumes/", new { aws_resource_id = "vol-0aaaaaaaaaaaaaaaa", aws_region = "us-east-1" });

        var rows = (JArray)(await client.GetAsync($"api/policies/{id}/run_times/?days_ahead=1")).Json;
        var times = rows.Select(r => DateTimeOffset.Parse((string)r["time"])).ToList();
        Assert.Equal(times.OrderBy(t => t), times);
        Assert.InRange(rows.Count(r => (string)r["schedule_name"] == "p-hourly"), 24, 25);
        Assert.Single(rows, r => (string)r["schedule_name"] == "p-daily");
        Assert.Equal("UTC", (string)rows[0]["system_timezone"]);

        Assert.Equal("required", (await client.GetAsync($"api/policies/{id}/run_times/")).FieldError("days_ahead").Code);
        Assert.Equal("min_value", (await client.GetAsync($"api/policies/{id}/run_times/?days_ahead=-1")).FieldError("days_ahead").Code);

        await client.PutAsync($"api/policies/{id}/", new { name = "timed", enabled = false });
        Assert.Empty((await client.GetAsync($"api/policies/{id}/run_times/?days_ahead=1")).Json);
    }

    [Fact]
    public async Task Deleting_a_policy_takes_its_backups_but_not_freezer_items()
    {
        await using var sim = await OwnSimulator.StartAsync();
        var own = sim.Client;
        var dev = await own.PolicyIdAsync("dev");
        var backups = (JArray)(await own.GetAsync($"api/backups/?policy={dev}")).Json;
        var frozen = backups.Where(b => (bool)b["is_freezer_item"]).Select(b => (int)b["id"]).ToList();
        Assert.Single(frozen); // the seeded dozen has one, in dev
        Assert.True(backups.Count > 1);

        Assert.Equal(HttpStatusCode.NoContent, (await own.DeleteAsync($"api/policies/{dev}/")).Status);
        Assert.Equal(frozen, ((JArray)(await own.GetAsync($"api/backups/?policy={dev}")).Json).Select(b => (int)b["id"]));
        var gone = backups.Select(b => (int)b["id"]).Except(frozen).First();
        Assert.Equal(HttpStatusCode.NotFound, (await own.GetAsync($"api/backups/{gone}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await own.GetAsync($"api/policies/{dev}/targets/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await own.GetAsync($"api/policies/{dev}/options/")).Status);
    }

    [Fact]
    public async Task Backup_now_of_unknown_or_disabled_policies_is_refused()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("api/policies/424242/backups/")).Status);
        var disabled = (int)(await client.PostAsync("api/policies/", new { name = "off", account = 1, enabled = false })).Json["id"];
        var refused = await client.PostAsync($"api/policies/{disabled}/backups/");
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.Status);
        Assert.Empty(refused.Bytes);
    }
}
