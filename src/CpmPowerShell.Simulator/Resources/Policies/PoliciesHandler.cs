using System.Globalization;
using System.Text.RegularExpressions;
using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using CpmPowerShell.Simulator.Resources.Backups;
using CpmPowerShell.Simulator.Resources.Schedules;
using CpmPowerShell.Simulator.Resources.Users;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Policies;

/// <summary>
/// CPM policies (chapter 13): name and schedule checks, options with CPM's defaults, future run times from
/// the policy's schedules, "backup now", and deletion that takes the policy's backups with it.
/// </summary>
sealed partial class PoliciesHandler : ResourceHandler
{
    public const string CollectionPath = "/api/policies/";

    readonly PolicyTargetsHandler targets;
    readonly BackupLedger backups;

    public PoliciesHandler(ResourceContext context, PolicyTargetsHandler targets, BackupLedger backups) : base(context)
    {
        this.targets = targets;
        this.backups = backups;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex NamePattern();

    public override void Register(HandlerRegistry registry)
    {
        registry.Validate("POST", "/api/policies/", (request, errors) => Check(request.Body, request.UserId.ToString(CultureInfo.InvariantCulture), null, errors));
        registry.On("POST", "/api/policies/", Create);
        registry.Validate("PUT", "/api/policies/{id}/", UpdateRules);
        registry.On("DELETE", "/api/policies/{id}/", Delete);
        registry.On("POST", "/api/policies/{id}/backups/", BackupNow);
        // 13.13 (from before S3 copies existed) deletes everything, as 13.15 does; 13.14 leaves copies in S3.
        registry.On("DELETE", "/api/policies/{id}/snapshots/", request => DeleteSnapshots(request, keepS3Copies: false));
        registry.On("DELETE", "/api/policies/{id}/snapshots/native/", request => DeleteSnapshots(request, keepS3Copies: true));
        registry.On("DELETE", "/api/policies/{id}/snapshots/s3/", request => DeleteSnapshots(request, keepS3Copies: false));
        registry.Validate("PUT", "/api/policies/{id}/options/", OptionRules);
        registry.On("GET", "/api/policies/{policy_id}/run_times/", RunTimes);
        Generic.Customize(CollectionPath).OrderKeys["username"] = record => UsersHandler.Username(Store, record["user"]);
    }

    public static Record? Find(DataStore store, string? id) => id == null ? null : store.FindCollection(CollectionPath)?.Get(id);

    /// <summary>CPM's option defaults (three retries, as the guide says, and so on) rather than empty values.</summary>
    static JObject DefaultOptions() => new()
    {
        ["agent_script_timeout"] = 100,
        ["collect_script_output"] = false,
        ["considered_successful"] = "B",
        ["enable_agent_scripts"] = false,
        ["minutes_between_retries"] = 20,
        ["num_failures_for_alert"] = 1,
        ["number_of_retries"] = 3,
    };

    /// <summary>Stores a policy with its options; what the body leaves out gets CPM-like defaults (enabled, 5 generations).</summary>
    Record Insert(JObject body, long owner, DateTimeOffset now)
    {
        body["enabled"] ??= true;
        body["generations"] ??= 5;
        body["auto_remove_resource"] ??= "N";
        var record = Generic.Insert(CollectionPath, CollectionPath, body, owner, now);
        Store.SetSingleton($"{CollectionPath}{record.Id}/options/", DefaultOptions());
        return record;
    }

    ApiResponse Create(ApiRequest request) =>
        ApiResponse.JsonBytes(request.Operation.SuccessStatus, Insert(request.Body, request.UserId, request.Now).Utf8);

    void UpdateRules(ApiRequest request, ValidationErrors errors)
    {
        var record = Generic.Find(request)!;
        Check(request.Body, Json.ScalarText(record["user"]), record, errors);
    }

    /// <summary>Name characters, names unique per owner (as schedules), schedules that exist, at least one generation.</summary>
    void Check(JObject body, string? owner, Record? self, ValidationErrors errors)
    {
        var name = (string?)body["name"];
        if (name != null && !NamePattern().IsMatch(name))
            errors.Invalid("name", "Name can contain only letters, digits, underscores and dashes.");
        else if (name != null && Generic.Records(CollectionPath).Any(p => p != self && (string?)p["name"] == name && Json.ScalarText(p["user"]) == owner))
            errors.Add("name", "A policy with this name already exists.", "unique");
        if (body["generations"] is { Type: JTokenType.Integer } generations && (long)generations < 1)
            errors.Add("generations", "Ensure this value is greater than or equal to 1.", "min_value");
        if (body["schedules"] is JArray schedules)
            foreach (var id in schedules.Select(Json.ScalarText))
                if (Store.FindCollection(SchedulesHandler.CollectionPath)?.Get(id ?? "") == null)
                {
                    errors.Add("schedules", $"Invalid pk \"{id}\" - object does not exist.", "does_not_exist");
                    break;
                }
    }

    /// <summary>The guide: deleting a policy deletes its snapshots too; its backup records go (freezer items stay).</summary>
    ApiResponse Delete(ApiRequest request)
    {
        var answer = Generic.Delete(request);
        if (answer.Status < 300) backups.RemovePolicy(request.ItemId);
        return answer;
    }

    /// <summary>13.6: 412 without a body while the policy is disabled or a backup of it is still running.</summary>
    ApiResponse BackupNow(ApiRequest request)
    {
        if (Find(Store, request.PathParameter("id")) is not { } policy) return ApiResponse.NotFound();
        if ((bool?)policy["enabled"] != true || backups.IsRunning(policy.Id)) return ApiResponse.Empty(412);
        var tracker = backups.Start(policy, Context.Clock.GetUtcNow());
        return ApiResponse.Json(request.Operation.SuccessStatus, new JObject { ["tracker_id"] = tracker });
    }

    /// <summary>
    /// 13.13-13.15: the snapshots of the policy's backups are deleted. While one of its backups runs, 412
    /// (rather than skipping it): the caller learns that not everything was deleted and can try again.
    /// </summary>
    ApiResponse DeleteSnapshots(ApiRequest request, bool keepS3Copies)
    {
        if (Find(Store, request.PathParameter("id")) is not { } policy) return ApiResponse.NotFound();
        return backups.DeletePolicySnapshots(policy.Id, keepS3Copies, request.Now)
            ? ApiResponse.Empty(request.Operation.SuccessStatus)
            : ApiResponse.Detail(412, "A backup of this policy is still running; delete its snapshots once it has ended.", "backup_running");
    }

    static void OptionRules(ApiRequest request, ValidationErrors errors)
    {
        foreach (var field in new[] { "agent_script_timeout", "minutes_between_retries", "num_failures_for_alert", "number_of_retries" })
            if (request.Body[field] is { Type: JTokenType.Integer } value && (long)value < 0)
                errors.Add(field, "Ensure this value is greater than or equal to 0.", "min_value");
    }

    /// <summary>
    /// 13.22: the run times of all the policy's schedules, merged in time order. As the guide says, only an
    /// enabled policy with a target and a schedule has any.
    /// </summary>
    ApiResponse RunTimes(ApiRequest request)
    {
        if (Find(Store, request.PathParameter("policy_id")) is not { } policy) return ApiResponse.NotFound();
        if (ScheduleRunTimes.DaysAhead(request, out var until) is { } invalid) return invalid;
        var rows = new List<(DateTimeOffset Time, JObject Row)>();
        if ((bool?)policy["enabled"] == true && targets.Count(policy.Id) > 0)
            foreach (var id in (policy["schedules"] as JArray ?? new JArray()).Select(Json.ScalarText).Distinct())
                if (Store.FindCollection(SchedulesHandler.CollectionPath)?.Get(id ?? "") is { } schedule)
                    rows.AddRange(ScheduleRunTimes.Rows(schedule, Context.Options.SystemTimeZone, request.Now, until));
        var ordered = rows.OrderBy(r => r.Time).Take(ScheduleRunTimes.MaxResults).Select(r => r.Row);
        return ApiResponse.Json(request.Operation.SuccessStatus, new JArray(ordered));
    }

    public override void Seed(SeedContext seed)
    {
        var users = Generic.Records(UsersHandler.CollectionPath).Select(u => long.Parse(u.Id, CultureInfo.InvariantCulture)).ToHashSet();
        var schedules = Generic.Records(SchedulesHandler.CollectionPath).Select(s => long.Parse(s.Id, CultureInfo.InvariantCulture)).ToHashSet();
        foreach (var policy in PolicySeedData.Generate(seed, users, schedules))
        {
            var owner = (long)policy.Body["user"]!;
            var record = Insert(policy.Body, owner, seed.Now);
            foreach (var instance in policy.Instances) targets.Add(record.Id, "instances", instance, owner, seed.Now);
            foreach (var volume in policy.Volumes) targets.Add(record.Id, "volumes", volume, owner, seed.Now);
            foreach (var (kind, body) in policy.Others) targets.Add(record.Id, kind, body, owner, seed.Now);
            if (policy.InstanceVolumes.Count > 0)
            {
                var instance = Generic.Records(PolicyTargetsHandler.PathOf(record.Id, "instances"))[0];
                foreach (var volume in policy.InstanceVolumes) targets.AddInstanceVolume(record.Id, instance, volume, owner, seed.Now);
            }
            foreach (var tag in policy.CustomTags)
                Generic.Insert($"{CollectionPath}{record.Id}/custom_tags/", "/api/policies/{}/custom_tags/", tag, owner, seed.Now);
        }
    }
}
