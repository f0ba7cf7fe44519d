using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Resources.Policies;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Alerts;

/// <summary>
/// CPM alerts (chapter 6): seeded alerts of every severity about the seeded policies. Each user sees and
/// deletes only their own (6.1-6.4): another user's alert is a 404, and deleting all removes only the
/// caller's.
/// </summary>
sealed class AlertsHandler : ResourceHandler
{
    public const string CollectionPath = "/api/alerts/";

    static readonly (string Severity, string Category, string Title)[] Kinds =
    {
        ("E", "Backup", "Backup failed"),
        ("W", "Backup", "Backup partially successful"),
        ("I", "DR", "DR copy completed"),
        ("C", "System", "CPM server disk almost full"),
        ("W", "Retention", "Snapshots kept beyond retention"),
        ("I", "Agent", "Agent reconnected"),
    };

    public AlertsHandler(ResourceContext context) : base(context) { }

    public override void Register(HandlerRegistry registry)
    {
        registry.On("GET", CollectionPath, request => Generic.RespondList(request, Own(request).OrderByDescending(a => (string?)a.Data["alert_time"], StringComparer.Ordinal).ToList()));
        registry.On("GET", "/api/alerts/{id}/", request => Mine(request) is { } alert ? Generic.RespondRecord(request, alert) : ApiResponse.NotFound());
        registry.On("DELETE", "/api/alerts/{id}/", request => Mine(request) is null ? ApiResponse.NotFound() : Generic.Delete(request));
        registry.On("DELETE", CollectionPath, request =>
        {
            Store.FindCollection(CollectionPath)?.RemoveWhere(a => Owner(a) == request.UserId);
            return ApiResponse.Empty(request.Operation.SuccessStatus);
        });
    }

    static long? Owner(Engine.Store.Record alert) => (long?)alert.Data["user"];

    IEnumerable<Engine.Store.Record> Own(ApiRequest request) => Generic.Records(CollectionPath).Where(a => Owner(a) == request.UserId);

    Engine.Store.Record? Mine(ApiRequest request) => Generic.Find(request) is { } alert && Owner(alert) == request.UserId ? alert : null;

    /// <summary>Adds an alert now (for work that fails in the simulator, and for tests through /_sim/records).</summary>
    public void Raise(string severity, string category, string title, string message, long user, long? policy, DateTimeOffset time) =>
        Generic.Insert(CollectionPath, CollectionPath, new JObject
        {
            ["alert_time"] = Timestamps.Format(time),
            ["category"] = category,
            ["message_body"] = message,
            ["policy"] = policy,
            ["severity"] = severity,
            ["title"] = title,
            ["user"] = user,
        }, user, time);

    /// <summary>Size alerts (at least six, one of each kind), an hour apart, about the seeded policies; all the root user's.</summary>
    public override void Seed(SeedContext seed)
    {
        var policies = Generic.Records(PoliciesHandler.CollectionPath);
        var count = Math.Max(seed.Size, Kinds.Length);
        for (var i = 0; i < count; i++)
        {
            var (severity, category, title) = Kinds[i % Kinds.Length];
            var policy = policies.Count == 0 || category is "System" or "Agent" ? null : policies[i % policies.Count];
            var about = policy == null ? "the CPM server" : $"policy {(string?)policy.Data["name"]}";
            Raise(severity, category, title, $"{title} for {about}.", Auth.TokenEndpoints.RootUserId,
                policy == null ? null : long.Parse(policy.Id, System.Globalization.CultureInfo.InvariantCulture), seed.Now.AddHours(-(i + 1)));
        }
    }
}
