using System.Text.RegularExpressions;
using CpmPowerShell.Simulator.Auth;
using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Users;

/// <summary>
/// CPM users (chapter 26). The root user (id 1) owns the API key, always exists and cannot be deleted;
/// usernames follow the same character rule as other names and are unique.
/// </summary>
sealed partial class UsersHandler : ResourceHandler
{
    public const string CollectionPath = "/api/users/";

    static readonly (string Name, string Type)[] SeedUsers =
    {
        ("ops-admin", "independent"),
        ("backup-operator", "managed"),
        ("auditor", "managed"),
    };

    public UsersHandler(ResourceContext context) : base(context) { }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex NamePattern();

    public override void Register(HandlerRegistry registry)
    {
        registry.On("POST", "/api/users/", Create);
        registry.On("DELETE", "/api/users/{id}/", Delete);
    }

    /// <summary>A user record by id, or null (the root user is always there after seeding).</summary>
    public static Record? Find(DataStore store, string id) => store.FindCollection(CollectionPath)?.Get(id);

    public static string? Username(DataStore store, JToken? userId) =>
        userId == null ? null : (string?)Find(store, Json.ScalarText(userId) ?? "")?["username"];

    ApiResponse Create(ApiRequest request)
    {
        var username = (string?)request.Body["username"] ?? "";
        if (!NamePattern().IsMatch(username))
            return ValidationErrors.Single("username", "Name can contain only letters, digits, underscores and dashes.", "invalid");
        if (Generic.Records(CollectionPath).Any(u => (string?)u["username"] == username))
            return ValidationErrors.Single("username", "A user with that username already exists.", "unique");
        var body = (JObject)request.Body.DeepClone();
        body["user_type"] ??= "independent";
        var record = Generic.Insert(CollectionPath, CollectionPath, body, request.UserId, request.Now);
        return ApiResponse.JsonBytes(request.Operation.SuccessStatus, record.Utf8);
    }

    ApiResponse Delete(ApiRequest request) =>
        request.ItemId == TokenEndpoints.RootUserId.ToString()
            ? ApiResponse.Detail(403, "You do not have permission to perform this action.", "permission_denied")
            : Generic.Delete(request);

    public override void Seed(SeedContext seed)
    {
        Insert(TokenEndpoints.RootUserId, "root", "root", seed.Now);
        var id = TokenEndpoints.RootUserId;
        foreach (var (name, type) in SeedUsers) Insert(++id, name, type, seed.Now);
    }

    void Insert(long id, string username, string userType, DateTimeOffset now) =>
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
}
