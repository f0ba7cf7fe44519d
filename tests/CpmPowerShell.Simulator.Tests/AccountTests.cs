using System.Net;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>Chapter 4: backup and DR accounts, the all-accounts view, write-only secrets, permission checks, clone VPC.</summary>
public sealed class AccountTests : IClassFixture<SimulatorFixture>
{
    readonly SimClient client;
    public AccountTests(SimulatorFixture fixture) => client = fixture.Client;

    [Fact]
    public async Task Seeded_accounts_show_in_their_own_lists_and_in_all_accounts()
    {
        var all = (JArray)(await client.GetAsync("api/accounts/")).Json;
        Assert.Contains(all, a => (string)a["name"] == "prod-backup" && !(bool)a["is_dr_account"]);
        Assert.Contains(all, a => (string)a["name"] == "dr-vault" && (bool)a["is_dr_account"]);
        Assert.DoesNotContain((JArray)(await client.GetAsync("api/accounts/backup/")).Json, a => (bool)a["is_dr_account"]);
        Assert.All((JArray)(await client.GetAsync("api/accounts/dr/")).Json, a => Assert.True((bool)a["is_dr_account"]));
        Assert.Equal("dr-vault", (string)(await client.GetAsync("api/accounts/3/")).Json["name"]);
    }

    [Fact]
    public async Task Search_uses_the_fields_the_guide_names_by_label()
    {
        // The guide lists the search fields as "Name" and "AWS access key".
        var byKey = (JArray)(await client.GetAsync("api/accounts/backup/?search=AKIASIMDEV")).Json;
        Assert.Equal("dev-backup", (string)byKey.Single()["name"]);
        var byName = (JArray)(await client.GetAsync("api/accounts/?search=vault")).Json;
        Assert.Equal("dr-vault", (string)byName.Single()["name"]);
    }

    [Fact]
    public async Task Secrets_are_write_only()
    {
        var created = await client.PostAsync("api/accounts/backup/", new { name = "secret-1", authentication = "C", aws_access_key = "AKIATESTSECRET0001", aws_secret_key = "wJalrXUtnFEMI/K7MDENG", user = 1 });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.DoesNotContain("wJalrXUtnFEMI", created.Text);
        var role = await client.PostAsync("api/accounts/dr/", new { name = "secret-2", authentication = "A", role_name = "CpmRole", account_number = "123456789012", assume_from_account = 1, external_id = "shared-ext-id-42", user = 1 });
        Assert.Equal(HttpStatusCode.Created, role.Status);
        var id = (int)role.Json["id"];
        foreach (var path in new[] { $"api/accounts/dr/{id}/", $"api/accounts/{id}/", "api/accounts/", "api/accounts/dr/" })
        {
            var read = await client.GetAsync(path);
            Assert.DoesNotContain("shared-ext-id-42", read.Text);
            Assert.DoesNotContain("external_id", read.Text);
        }
        // An update that leaves the access key alone keeps the stored secret key.
        var renamed = await client.PutAsync($"api/accounts/backup/{(int)created.Json["id"]}/", new { name = "secret-1b", authentication = "C" });
        Assert.Equal(HttpStatusCode.OK, renamed.Status);
    }

    [Fact]
    public async Task Rules_name_keys_role_and_owner()
    {
        Assert.Equal("invalid", (await client.PostAsync("api/accounts/backup/", new { name = "bad name", authentication = "R", user = 1 })).FieldError("name").Code);
        Assert.Equal("unique", (await client.PostAsync("api/accounts/backup/", new { name = "prod-backup", authentication = "R", user = 1 })).FieldError("name").Code);
        Assert.Equal("required", (await client.PostAsync("api/accounts/backup/", new { name = "key-only", authentication = "C", aws_access_key = "AKIAKEYONLY000001", user = 1 })).FieldError("aws_secret_key").Code);
        Assert.Equal("invalid", (await client.PostAsync("api/accounts/backup/", new { name = "secret-only", authentication = "R", aws_secret_key = "abcdefgh", user = 1 })).FieldError("aws_secret_key").Code);
        var arn = await client.PostAsync("api/accounts/backup/", new { name = "arn", authentication = "A", role_name = "arn:aws:iam::123456789012:role/X", account_number = "123456789012", assume_from_account = 1, user = 1 });
        Assert.Equal("invalid", arn.FieldError("role_name").Code);
        Assert.Equal("invalid", (await client.PostAsync("api/accounts/backup/", new { name = "short-number", authentication = "R", account_number = "1234", user = 1 })).FieldError("account_number").Code);
        Assert.Equal("invalid", (await client.PostAsync("api/accounts/backup/", new { name = "no-owner", authentication = "R", user = 999 })).FieldError("user").Code);
    }

    [Fact]
    public async Task Deleting_an_account_policies_use_is_refused_and_unknown_accounts_are_404()
    {
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync("api/accounts/backup/1/")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync("api/accounts/1/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("api/accounts/dr/1/")).Status); // 1 is a backup account
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("api/accounts/999/snapshots/")).Status);
        var spare = await client.PostAsync("api/accounts/backup/", new { name = "spare", authentication = "R", user = 1 });
        var id = (int)spare.Json["id"];
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/accounts/{id}/snapshots/")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/accounts/{id}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"api/accounts/backup/{id}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"api/accounts/{id}/")).Status);
    }

    [Fact]
    public async Task Permission_check_answers_per_account_as_set_by_the_control_api()
    {
        var spare = await client.PostAsync("api/accounts/backup/", new { name = "perm-check", authentication = "R", user = 1 });
        var id = (int)spare.Json["id"];
        var set = await client.PostAsync("_sim/aws-permissions", new { account = id, missing = new[] { "ec2:CreateSnapshot" } }, auth: false);
        Assert.Equal(HttpStatusCode.OK, set.Status);
        var rows = (JArray)(await client.GetAsync($"api/accounts/backup/{id}/check_aws_permissions/")).Json;
        var groups = rows.Single()["groups"]!.Select(g => (string)g).ToList();
        Assert.Contains("Backup/ec2:CreateSnapshot: Missing", groups);
        Assert.Contains("Backup/ec2:DescribeInstances: OK", groups);
        // Another account is not affected.
        Assert.DoesNotContain("Missing", (await client.GetAsync("api/accounts/backup/2/check_aws_permissions/")).Text);
        var csv = await client.GetAsync($"api/accounts/backup/{id}/check_aws_permissions/download/");
        Assert.StartsWith("text/csv", csv.Header("Content-Type"));
        Assert.Contains("ec2:CreateSnapshot,Missing", csv.Text);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("_sim/aws-permissions", new { account = 999, missing = new string[0] }, auth: false)).Status);
    }

    [Fact]
    public async Task Clone_vpc_writes_a_log_and_checks_its_target()
    {
        Assert.Equal("invalid", (await client.PostAsync("api/accounts/backup/2/clone_vpc/", new { from_vpc = 1, to_account = 999, to_region = "eu-west-1", to_vpc = "x" })).FieldError("to_account").Code);
        Assert.Equal("invalid", (await client.PostAsync("api/accounts/backup/2/clone_vpc/", new { from_vpc = 1, to_account = 1, to_region = "Europe", to_vpc = "x" })).FieldError("to_region").Code);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("api/accounts/backup/2/clone_vpc/", new { from_vpc = 4, to_account = 1, to_region = "eu-west-1", to_vpc = "copy" })).Status);
        var log = (JArray)(await client.GetAsync("api/accounts/backup/2/clone_vpc_log/")).Json;
        Assert.Equal(3, log.Count);
        Assert.Empty((JArray)(await client.GetAsync("api/accounts/backup/2/clone_vpc_log/?to_region=us-west-2")).Json);
        var csv = await client.GetAsync("api/accounts/backup/2/clone_vpc_log/", accept: "text/csv");
        Assert.Contains("completed", csv.Text);
    }
}
