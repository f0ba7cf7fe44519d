using System.Text.RegularExpressions;
using CpmPowerShell.Simulator.Auth;
using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Users;

/// <summary>
/// CPM users (chapter 26). The root user (id 1) owns the API key, always exists and cannot be deleted;
/// usernames follow the same character rule as other names and are unique among users and delegates.
/// Passwords are write-only: kept here, never in a record. Only root manages other users; anyone may
/// change their own password with the current one.
/// </summary>
sealed partial class UsersHandler : ResourceHandler
{
    public const string CollectionPath = "/api/users/";
    public const string DelegatesPath = "/api/delegates/";
    /// <summary>The password of every seeded user (root included), so tests can change it knowingly.</summary>
    public const string SeedPassword = "Simulator-Passw0rd";

    static readonly (string Name, string Type)[] SeedUsers =
    {
        ("ops-admin", "independent"),
        ("backup-operator", "managed"),
        ("auditor", "managed"),
    };

    /// <summary>User or delegate id -> password. Never written to a record or an answer.</summary>
    readonly Dictionary<string, string> passwords = new(StringComparer.Ordinal);

    public UsersHandler(ResourceContext context) : base(context) { }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex NamePattern();

    public override void Register(HandlerRegistry registry)
    {
        registry.On("POST", "/api/users/", Create);
        registry.On("GET", "/api/users/", RootOnly(Generic.List));
        registry.On("GET", "/api/users/{id}/", Read);
        registry.On("PUT", "/api/users/{id}/", RootOnly(UpdateKeepingProfile));
        registry.On("DELETE", "/api/users/{id}/", Delete);
        registry.On("POST", "/api/users/me/change_password/", ChangeOwnPassword);
        registry.On("POST", "/api/users/{id}/reset_password/", ResetPassword);
    }

    /// <summary>A user record by id, or null (the root user is always there after seeding).</summary>
    public static Record? Find(DataStore store, string id) => store.FindCollection(CollectionPath)?.Get(id);

    public static string? Username(DataStore store, JToken? userId) =>
        userId == null ? null : (string?)Find(store, Json.ScalarText(userId) ?? "")?["username"];

    /// <summary>Whether a user or a delegate has this id (API keys and tokens may belong to either).</summary>
    public bool Exists(long id) =>
        Find(Store, id.ToString()) != null || Store.FindCollection(DelegatesPath)?.Get(id.ToString()) != null;

    public static bool IsRoot(ApiRequest request) => request.UserId == TokenEndpoints.RootUserId;

    /// <summary>The 403 DRF sends when the caller's role does not allow the call.</summary>
    public static ApiResponse Forbidden() =>
        ApiResponse.Detail(403, "You do not have permission to perform this action.", "permission_denied");

    public static OperationHandler RootOnly(OperationHandler handler) => request => IsRoot(request) ? handler(request) : Forbidden();

    /// <summary>Usernames are unique across users and delegates (both log in with them).</summary>
    public ApiResponse? CheckUsername(string username)
    {
        if (!NamePattern().IsMatch(username))
            return ValidationErrors.Single("username", "Name can contain only letters, digits, underscores and dashes.", "invalid");
        if (Generic.Records(CollectionPath).Concat(Generic.Records(DelegatesPath)).Any(u => (string?)u["username"] == username))
            return ValidationErrors.Single("username", "A user with that username already exists.", "unique");
        return null;
    }

    /// <summary>
    /// The guide states no password rules; these are Django's default validators, as CPM is a Django
    /// application: at least 8 characters, not only digits, not the username.
    /// </summary>
    public static ApiResponse? CheckPassword(string field, string password, string? username)
    {
        if (password.Length < 8)
            return ValidationErrors.Single(field, "This password is too short. It must contain at least 8 characters.", "password_too_short");
        if (password.All(char.IsDigit))
            return ValidationErrors.Single(field, "This password is entirely numeric.", "password_entirely_numeric");
        if (username != null && string.Equals(password, username, StringComparison.OrdinalIgnoreCase))
            return ValidationErrors.Single(field, "The password is too similar to the username.", "password_too_similar");
        return null;
    }

    public void SetPassword(string id, string password) => passwords[id] = password;
    public void ForgetPassword(string id) => passwords.Remove(id);

    ApiResponse Create(ApiRequest request)
    {
        if (!IsRoot(request)) return Forbidden();
        var username = (string?)request.Body["username"] ?? "";
        if (CheckUsername(username) is { } bad) return bad;
        var password = (string?)request.Body["password"] ?? "";
        if (CheckPassword("password", password, username) is { } weak) return weak;
        var body = (JObject)request.Body.DeepClone();
        body.Remove("password");
        var managed = (bool?)body["profile"]?["is_managed_user"] ?? false;
        body["user_type"] = managed ? "managed" : "independent";
        var record = Generic.Insert(CollectionPath, CollectionPath, body, request.UserId, request.Now);
        SetPassword(record.Id, password);
        return ApiResponse.JsonBytes(request.Operation.SuccessStatus, record.Utf8);
    }

    /// <summary>Root reads anyone; another user reads only themselves.</summary>
    ApiResponse Read(ApiRequest request) =>
        IsRoot(request) || request.ItemId == request.UserId.ToString() ? Generic.Read(request) : Forbidden();

    ApiResponse Delete(ApiRequest request)
    {
        if (!IsRoot(request) || request.ItemId == TokenEndpoints.RootUserId.ToString()) return Forbidden();
        if (Find(Store, request.ItemId) == null) return ApiResponse.NotFound();
        // The guide: a user who has delegates cannot be deleted. Say why, and what to do first.
        var delegates = Generic.Records(DelegatesPath).Count(d => Json.ScalarText(d["profile"]?["original_user"]) == request.ItemId);
        if (delegates > 0)
            return ValidationErrors.Single("non_field_errors",
                $"The user has {delegates} delegate(s) and cannot be deleted; delete the delegates first.", "has_delegates");
        // The guide: the user's accounts go with the user, and with them the policies that back up through them.
        Store.FindCollection("/api/policies/")?.RemoveWhere(p => Json.ScalarText(p["user"]) == request.ItemId)
            .ForEach(p => Store.RemoveUnder("/api/policies/" + p.Id + "/"));
        ForgetPassword(request.ItemId);
        return Generic.Delete(request);
    }

    ApiResponse ChangeOwnPassword(ApiRequest request)
    {
        var id = request.UserId.ToString();
        var old = (string?)request.Body["old_password"] ?? "";
        if (!passwords.TryGetValue(id, out var current) || current != old)
            return ValidationErrors.Single("old_password", "The current password is not correct.", "invalid");
        var password = (string?)request.Body["new_password"] ?? "";
        var username = (string?)(Find(Store, id) ?? Store.FindCollection(DelegatesPath)?.Get(id))?["username"];
        if (CheckPassword("new_password", password, username) is { } weak) return weak;
        SetPassword(id, password);
        return ApiResponse.Empty(request.Operation.SuccessStatus);
    }

    ApiResponse ResetPassword(ApiRequest request) => Reset(request, Find(Store, request.PathParameter("id") ?? ""));

    /// <summary>
    /// A PUT changes the profile fields it sends and keeps the others (those the PUT cannot send, such as a
    /// delegate's original_user, included), as CPM's profile serializer updates the related object in place.
    /// </summary>
    public ApiResponse UpdateKeepingProfile(ApiRequest request)
    {
        if (Generic.Find(request) is { } stored && stored["profile"] is JObject current && request.Body["profile"] is JObject given)
        {
            var merged = (JObject)current.DeepClone();
            foreach (var field in given.Properties()) merged[field.Name] = field.Value.DeepClone();
            request.Body["profile"] = merged;
        }
        return Generic.Update(request);
    }

    /// <summary>Reset a user's or delegate's password (26.7, 10.6): root only, not its own.</summary>
    public ApiResponse Reset(ApiRequest request, Record? record)
    {
        if (!IsRoot(request)) return Forbidden();
        if (record == null) return ApiResponse.NotFound();
        if (record.Id == TokenEndpoints.RootUserId.ToString())
            return ValidationErrors.Single("non_field_errors", "The root user cannot reset its own password; use change_password.", "invalid");
        var password = (string?)request.Body["new_password"] ?? "";
        if (CheckPassword("new_password", password, (string?)record["username"]) is { } weak) return weak;
        SetPassword(record.Id, password);
        return ApiResponse.Empty(request.Operation.SuccessStatus);
    }

    /// <summary>Whether a password is the one stored (tests only; answers never carry it).</summary>
    public bool PasswordIs(string id, string password) => passwords.TryGetValue(id, out var stored) && stored == password;

    public override void Seed(SeedContext seed)
    {
        passwords.Clear();
        Insert(TokenEndpoints.RootUserId, "root", "root", seed.Now);
        var id = TokenEndpoints.RootUserId;
        foreach (var (name, type) in SeedUsers) Insert(++id, name, type, seed.Now);
    }

    void Insert(long id, string username, string userType, DateTimeOffset now)
    {
        Generic.Insert(CollectionPath, CollectionPath, new JObject
        {
            ["id"] = id,
            ["username"] = username,
            ["email"] = username + "@example.com",
            ["user_type"] = userType,
            ["profile"] = new JObject
            {
                ["is_managed_user"] = userType == "managed",
                ["allow_cost_explorer"] = true,
                ["allow_file_level_recovery"] = true,
                ["max_accounts"] = 10,
                ["max_instances"] = 100,
            },
        }, TokenEndpoints.RootUserId, now);
        SetPassword(id.ToString(), SeedPassword);
    }
}
