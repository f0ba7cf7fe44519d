using System.Net;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>13.7-13.10: copy to S3 and DR options of a policy.</summary>
public sealed class PolicyCopyOptionTests : IClassFixture<SimulatorFixture>
{
    readonly SimClient client;
    public PolicyCopyOptionTests(SimulatorFixture fixture) => client = fixture.Client;

    async Task<int> NewPolicyAsync(string name) =>
        (int)(await client.PostAsync("api/policies/", new { name, account = 1 })).Json["id"];

    async Task<int> NewRepositoryAsync(string name)
    {
        var reply = await client.PostAsync("api/s3_repositories/", new { name, account = 1, aws_bucket_name = name + "-bucket", aws_region = "us-east-1" });
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return (int)reply.Json["id"];
    }

    async Task<JObject> PolicyAsync(int id) => (JObject)(await client.GetAsync($"api/policies/{id}/")).Json;

    [Fact]
    public async Task Copy_to_s3_starts_off_with_nested_parts_and_merges_field_by_field()
    {
        var id = await NewPolicyAsync("s3-copy");
        var options = (await client.GetAsync($"api/policies/{id}/copy_to_s3/")).Json;
        Assert.False((bool)options["enabled"]);
        Assert.Equal(JTokenType.Null, options["repository"].Type);
        Assert.Equal(1, (int)options["copy_interval"]);
        Assert.Equal("STANDARD", (string)options["s3_storage_class"]);
        Assert.True((bool)options["retention_generation_based"]["enabled"]);
        Assert.Equal(4, (int)options["retention_generation_based"]["num_generations"]);
        Assert.Equal("Y", (string)options["retain_in_glacier"]["retain_unit"]);

        var repository = await NewRepositoryAsync("copies");
        var changed = await client.PutAsync($"api/policies/{id}/copy_to_s3/", new { enabled = true, repository, retention_generation_based = new { num_generations = 10 } });
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.True((bool)changed.Json["enabled"]);
        Assert.Equal(repository, (int)changed.Json["repository"]);
        Assert.Equal(10, (int)changed.Json["retention_generation_based"]["num_generations"]);
        Assert.True((bool)changed.Json["retention_generation_based"]["enabled"]); // the other nested field is kept
        Assert.Equal("STANDARD", (string)(await client.GetAsync($"api/policies/{id}/copy_to_s3/")).Json["s3_storage_class"]);
        Assert.True((bool)(await PolicyAsync(id))["copy_to_s3_enabled"]);

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"api/policies/{id}/copy_to_s3/", new { enabled = false })).Status);
        Assert.False((bool)(await PolicyAsync(id))["copy_to_s3_enabled"]);
    }

    [Fact]
    public async Task Copy_to_s3_needs_a_repository_and_sensible_numbers()
    {
        var id = await NewPolicyAsync("s3-copy-checked");
        var refused = await client.PutAsync($"api/policies/{id}/copy_to_s3/", new { enabled = true });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("repository", refused.FieldError("repository").Message);
        Assert.Equal("does_not_exist", (await client.PutAsync($"api/policies/{id}/copy_to_s3/", new { enabled = true, repository = 424242 })).FieldError("repository").Code);
        Assert.Equal("min_value", (await client.PutAsync($"api/policies/{id}/copy_to_s3/", new { copy_interval = 0 })).FieldError("copy_interval").Code);
        Assert.Equal("min_value", (await client.PutAsync($"api/policies/{id}/copy_to_s3/", new { retention_time_based = new { every_how_many = 0 } })).FieldError("retention_time_based.every_how_many").Code);
        Assert.Equal("invalid_choice", (await client.PutAsync($"api/policies/{id}/copy_to_s3/", new { s3_storage_class = "COLD" })).FieldError("s3_storage_class").Code);
        Assert.False((bool)(await client.GetAsync($"api/policies/{id}/copy_to_s3/")).Json["enabled"]); // nothing was kept
        Assert.False((bool)(await PolicyAsync(id))["copy_to_s3_enabled"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/policies/424242/copy_to_s3/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsync("api/policies/424242/copy_to_s3/", new { enabled = false })).Status);
    }

    [Fact]
    public async Task Dr_options_start_off_merge_and_set_the_policys_flag()
    {
        var id = await NewPolicyAsync("dr-options");
        var options = (await client.GetAsync($"api/policies/{id}/dr/")).Json;
        Assert.False((bool)options["dr_enabled"]);
        Assert.Equal(24, (int)options["dr_timeout_hours"]);
        Assert.Empty(options["dr_regions"]);
        Assert.True((bool)options["cross_account_dr"]["dr_keep_original_snapshots"]);

        var changed = await client.PutAsync($"api/policies/{id}/dr/", new { dr_enabled = true, dr_regions = new[] { 3, 5 }, cross_account_dr = new { dr_account = 2 } });
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal(new[] { 3, 5 }, changed.Json["dr_regions"].Select(r => (int)r));
        Assert.Equal(2, (int)changed.Json["cross_account_dr"]["dr_account"]);
        Assert.True((bool)changed.Json["cross_account_dr"]["dr_keep_original_snapshots"]); // kept
        Assert.Equal(24, (int)changed.Json["dr_timeout_hours"]);
        Assert.True((bool)(await PolicyAsync(id))["dr_enabled"]);

        Assert.Equal("min_value", (await client.PutAsync($"api/policies/{id}/dr/", new { dr_timeout_hours = 0 })).FieldError("dr_timeout_hours").Code);
        Assert.Equal("min_value", (await client.PutAsync($"api/policies/{id}/dr/", new { dr_frequency = 0 })).FieldError("dr_frequency").Code);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsync($"api/policies/{id}/dr/", new { dr_regions = new object[] { "us-east-1" } })).Status);
        Assert.Equal("invalid", (await client.PutAsync($"api/policies/{id}/dr/", new { dr_regions = new[] { 0 } })).FieldError("dr_regions").Code);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsync($"api/policies/{id}/dr/", new { cross_account_dr = new { dr_account = -3 } })).Status);

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"api/policies/{id}/dr/", new { dr_enabled = false })).Status);
        Assert.False((bool)(await PolicyAsync(id))["dr_enabled"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/policies/424242/dr/")).Status);
    }
}
