using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Resources.Users;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Delegates;

/// <summary>
/// CPM delegates (chapter 10): users who work in another user's environment with the permissions their
/// profile grants. Only root manages them (as the guide says for every delegate call). Their ids come from
/// the users' sequence, so an id (and a token's user_id) names one user or delegate; passwords are kept by
/// <see cref="UsersHandler"/>, write-only.
/// </summary>
sealed class DelegatesHandler : ResourceHandler
{
    const string CollectionPath = UsersHandler.DelegatesPath;
    readonly UsersHandler users;

    public DelegatesHandler(ResourceContext context, UsersHandler users) : base(context) => this.users = users;

    public override void Register(HandlerRegistry registry)
    {
        registry.On("POST", "/api/delegates/", Create);
        registry.On("GET", "/api/delegates/", UsersHandler.RootOnly(Generic.List));
        registry.On("GET", "/api/delegates/{id}/", UsersHandler.RootOnly(Generic.Read));
        registry.On("PUT", "/api/delegates/{id}/", UsersHandler.RootOnly(users.UpdateKeepingProfile));
        registry.On("DELETE", "/api/delegates/{id}/", UsersHandler.RootOnly(Delete));
        registry.On("POST", "/api/delegates/{id}/reset_password/",
            request => users.Reset(request, Store.FindCollection(CollectionPath)?.Get(request.PathParameter("id") ?? "")));
        // original_user lives in the profile; the list filters on it by that name.
        Generic.Customize(CollectionPath).Filters["original_user"] = value => record => Json.ScalarText(record["profile"]?["original_user"]) == value;
    }

    /// <summary>One delegate of ops-admin (user 2), who may recover, so every delegate path has a record.</summary>
    public override void Seed(SeedContext seed)
    {
        var id = Store.NextId(UsersHandler.CollectionPath);
        Generic.Insert(CollectionPath, CollectionPath, new JObject
        {
            ["id"] = id,
            ["username"] = "ops-admin-oncall",
            ["email"] = "ops-admin-oncall@example.com",
            ["user_type"] = "delegate",
            ["profile"] = new JObject { ["original_user"] = 2, ["allow_recovery"] = true },
        }, Auth.TokenEndpoints.RootUserId, seed.Now);
        users.SetPassword(id.ToString(), UsersHandler.SeedPassword);
    }

    ApiResponse Create(ApiRequest request)
    {
        if (!UsersHandler.IsRoot(request)) return UsersHandler.Forbidden();
        var username = (string?)request.Body["username"] ?? "";
        if (users.CheckUsername(username) is { } bad) return bad;
        var owner = Json.ScalarText(request.Body["profile"]?["original_user"]) ?? "";
        if (UsersHandler.Find(Store, owner) == null)
            return ValidationErrors.Single("profile.original_user", $"Invalid pk \"{owner}\" - object does not exist.", "does_not_exist");
        var password = (string?)request.Body["password"] ?? "";
        if (UsersHandler.CheckPassword("password", password, username) is { } weak) return weak;
        var body = (JObject)request.Body.DeepClone();
        body.Remove("password");
        body["user_type"] = "delegate";
        // One id space with the users: a token's user_id then names exactly one of them.
        body["id"] = Store.NextId(UsersHandler.CollectionPath);
        var record = Generic.Insert(CollectionPath, CollectionPath, body, request.UserId, request.Now);
        users.SetPassword(record.Id, password);
        return ApiResponse.JsonBytes(request.Operation.SuccessStatus, record.Utf8);
    }

    ApiResponse Delete(ApiRequest request)
    {
        users.ForgetPassword(request.ItemId);
        return Generic.Delete(request);
    }
}
