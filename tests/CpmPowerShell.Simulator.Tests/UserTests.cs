using System.Net;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>Chapter 26 (users) and 10 (delegates): write-only passwords, root-only calls, own password changes.</summary>
public sealed class UserTests : IClassFixture<SimulatorFixture>
{
    readonly SimClient root;
    public UserTests(SimulatorFixture fixture) => root = fixture.Client;

    /// <summary>A client logged in as another user or delegate, with a key from /_sim/api-keys.</summary>
    async Task<SimClient> LoginAsAsync(long userId)
    {
        var key = await root.PostAsync("_sim/api-keys", new { user = userId }, auth: false);
        Assert.Equal(HttpStatusCode.OK, key.Status);
        return await new SimClient(root.Host).LoginAsync((string)key.Json["apiKey"]);
    }

    [Fact]
    public async Task Passwords_are_stored_but_never_returned()
    {
        var created = await root.PostAsync("api/users/", new { username = "wo-user", password = "Secret-Pass-1", profile = new { is_managed_user = true, max_accounts = 2 } });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.DoesNotContain("Secret-Pass-1", created.Text);
        Assert.Null(created.Json["password"]);
        Assert.Equal("managed", (string)created.Json["user_type"]);
        Assert.DoesNotContain("Secret-Pass-1", (await root.GetAsync("api/users/")).Text);
        Assert.DoesNotContain("Secret-Pass-1", (await root.GetAsync($"api/users/{created.Json["id"]}/")).Text);
    }

    [Fact]
    public async Task Weak_passwords_and_taken_usernames_are_400s_naming_the_field()
    {
        Assert.Equal("password_too_short", (await root.PostAsync("api/users/", new { username = "weak-1", password = "short", profile = new { } })).FieldError("password").Code);
        Assert.Equal("password_entirely_numeric", (await root.PostAsync("api/users/", new { username = "weak-2", password = "1234567890", profile = new { } })).FieldError("password").Code);
        Assert.Equal("unique", (await root.PostAsync("api/users/", new { username = "auditor", password = "Good-Pass-1", profile = new { } })).FieldError("username").Code);
    }

    [Fact]
    public async Task Own_password_change_checks_the_current_one()
    {
        var id = (long)(await root.PostAsync("api/users/", new { username = "self-1", password = "First-Pass-1", profile = new { } })).Json["id"];
        using var user = await LoginAsAsync(id);
        var wrong = await user.PostAsync("api/users/me/change_password/", new { old_password = "Not-It-123", new_password = "Second-Pass-2" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal("invalid", wrong.FieldError("old_password").Code);
        var tooShort = await user.PostAsync("api/users/me/change_password/", new { old_password = "First-Pass-1", new_password = "x" });
        Assert.Equal("password_too_short", tooShort.FieldError("new_password").Code);
        Assert.Equal(HttpStatusCode.Created, (await user.PostAsync("api/users/me/change_password/", new { old_password = "First-Pass-1", new_password = "Second-Pass-2" })).Status);
        // The old one no longer works.
        Assert.Equal(HttpStatusCode.BadRequest, (await user.PostAsync("api/users/me/change_password/", new { old_password = "First-Pass-1", new_password = "Third-Pass-3" })).Status);
    }

    [Fact]
    public async Task Only_root_manages_users_and_delegates()
    {
        using var managed = await LoginAsAsync(3); // backup-operator, a managed user
        Assert.Equal(HttpStatusCode.Forbidden, (await managed.PostAsync("api/users/", new { username = "nope", password = "Good-Pass-1", profile = new { } })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await managed.GetAsync("api/users/")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await managed.GetAsync("api/users/2/")).Status);
        Assert.Equal(HttpStatusCode.OK, (await managed.GetAsync("api/users/3/")).Status); // itself
        Assert.Equal(HttpStatusCode.Forbidden, (await managed.DeleteAsync("api/users/4/")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await managed.PostAsync("api/users/4/reset_password/", new { new_password = "Good-Pass-1" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await managed.GetAsync("api/delegates/")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await root.DeleteAsync("api/users/1/")).Status); // root stays
    }

    [Fact]
    public async Task Delegates_share_the_users_ids_keep_their_user_and_block_its_deletion()
    {
        var owner = (long)(await root.PostAsync("api/users/", new { username = "owner-1", password = "Owner-Pass-1", profile = new { } })).Json["id"];
        var made = await root.PostAsync("api/delegates/", new { username = "owner-1-helper", password = "Helper-Pass-1", profile = new { original_user = owner, allow_recovery = true } });
        Assert.Equal(HttpStatusCode.Created, made.Status);
        var id = (long)made.Json["id"];
        Assert.Null(made.Json["password"]);
        Assert.Equal(HttpStatusCode.NotFound, (await root.GetAsync($"api/users/{id}/")).Status); // not a user, but no user has its id either
        Assert.Single((JArray)(await root.GetAsync($"api/delegates/?original_user={owner}")).Json);

        var updated = await root.PutAsync($"api/delegates/{id}/", new { profile = new { allow_settings_changes = true } });
        Assert.Equal(owner, (long)updated.Json["profile"]["original_user"]);
        Assert.True((bool)updated.Json["profile"]["allow_recovery"]);

        var blocked = await root.DeleteAsync($"api/users/{owner}/");
        Assert.Equal("has_delegates", blocked.FieldError("non_field_errors").Code);
        Assert.Equal(HttpStatusCode.Created, (await root.PostAsync($"api/delegates/{id}/reset_password/", new { new_password = "Reset-Pass-2" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await root.PostAsync("api/delegates/99999/reset_password/", new { new_password = "Reset-Pass-2" })).Status);

        using var asDelegate = await LoginAsAsync(id);
        Assert.Equal(HttpStatusCode.Created, (await asDelegate.PostAsync("api/users/me/change_password/", new { old_password = "Reset-Pass-2", new_password = "Mine-Pass-3" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await asDelegate.DeleteAsync($"api/delegates/{id}/")).Status);

        Assert.Equal(HttpStatusCode.OK, (await root.DeleteAsync($"api/delegates/{id}/")).Status);
        Assert.Equal(HttpStatusCode.OK, (await root.DeleteAsync($"api/users/{owner}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await root.DeleteAsync($"api/users/{owner}/")).Status);
    }

    [Fact]
    public async Task Api_keys_for_unknown_users_are_refused()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await root.PostAsync("_sim/api-keys", new { user = 424242 }, auth: false)).Status);
    }
}
