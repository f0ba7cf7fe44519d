using System.Globalization;
using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using CpmPowerShell.Simulator.Resources.Users;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Schedules;

/// <summary>
/// CPM schedules (chapter 22): name and frequency rules, owner checks, disable times kept inside the
/// schedule record and served as a sub-resource too (so both views always agree), and real future run
/// times.
/// </summary>
sealed class SchedulesHandler : ResourceHandler
{
    public const string CollectionPath = "/api/schedules/";
    /// <summary>Id counter of disable times, shared by both ways of creating them.</summary>
    const string DisableTimeIds = "/api/schedules/{}/disable_times/";
    static readonly string[] Weekdays = { "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday" };

    public SchedulesHandler(ResourceContext context) : base(context) { }

    public override void Register(HandlerRegistry registry)
    {
        registry.Validate("POST", "/api/schedules/", CreateRules);
        registry.On("POST", "/api/schedules/", Create);
        registry.Validate("PUT", "/api/schedules/{id}/", UpdateRules);
        registry.On("PUT", "/api/schedules/{id}/", Update);
        registry.On("GET", "/api/schedules/{schedule_id}/disable_times/", ListDisableTimes);
        registry.Validate("POST", "/api/schedules/{schedule_id}/disable_times/", DisableTimeRules);
        registry.On("POST", "/api/schedules/{schedule_id}/disable_times/", AddDisableTime);
        registry.On("GET", "/api/schedules/{schedule_id}/disable_times/{id}/", ReadDisableTime);
        registry.On("DELETE", "/api/schedules/{schedule_id}/disable_times/{id}/", DeleteDisableTime);
        registry.On("GET", "/api/schedules/{schedule_id}/run_times/", RunTimes);

        var list = Generic.Customize(CollectionPath);
        list.Filters["policy"] = value => UsedBy("/api/policies/", value);
        list.Filters["scheduled_report"] = value => UsedBy("/api/scheduled_reports/", value);
        list.OrderKeys["username"] = record => UsersHandler.Username(Store, record["user"]);
    }

    /// <summary>Schedules listed in the "schedules" field of a policy or scheduled report (none while there are none).</summary>
    Func<Record, bool> UsedBy(string ownersPath, string ownerId)
    {
        var ids = Generic.Records(ownersPath).FirstOrDefault(r => r.Id == ownerId)?["schedules"] as JArray;
        var set = ids?.Select(Json.ScalarText).ToHashSet() ?? new HashSet<string?>();
        return record => set.Contains(record.Id);
    }

    void CreateRules(ApiRequest request, ValidationErrors errors)
    {
        var body = request.Body;
        Check(body, owner: Json.ScalarText(body["user"]), self: null, errors);
        if (body["user"] is { Type: JTokenType.Integer } user && UsersHandler.Find(Store, Json.ScalarText(user)!) == null)
            errors.Add("user", $"Invalid pk \"{user}\" - object does not exist.", "does_not_exist");
    }

    ApiResponse Create(ApiRequest request)
    {
        var body = request.Body;
        foreach (var day in Weekdays) body["allow_on_" + day] ??= true;
        if (body["every_unit"] is null or { Type: JTokenType.Null }) body["every_unit"] = "D";
        if (body["start_date"] is null or { Type: JTokenType.Null }) body["start_date"] = Timestamps.Format(request.Now);
        body["disable_times"] ??= new JArray();
        var record = Generic.Insert(CollectionPath, CollectionPath, body, request.UserId, request.Now);
        return ApiResponse.JsonBytes(request.Operation.SuccessStatus, record.Utf8);
    }

    /// <summary>PUT: name and every_how_many are required by the schema; the owner cannot change.</summary>
    void UpdateRules(ApiRequest request, ValidationErrors errors)
    {
        var record = Generic.Find(request)!;
        Check(request.Body, owner: Json.ScalarText(record["user"]), self: record, errors);
    }

    ApiResponse Update(ApiRequest request)
    {
        var record = Generic.Find(request)!;
        Generic.Apply(request, record, request.Body);
        return Generic.RespondRecord(request, record);
    }

    /// <summary>The rules shared by create and update; normalises dates, times and disable times in place.</summary>
    void Check(JObject body, string? owner, Record? self, ValidationErrors errors)
    {
        ScheduleRules.CheckName(body, errors);
        ScheduleRules.CheckEvery(body, errors);
        ScheduleRules.NormaliseDates(body, errors);
        ScheduleRules.CheckTimeZone(body, errors);

        var name = (string?)body["name"];
        if (name != null && !errors.Has("name") && Generic.Records(CollectionPath).Any(r =>
                r != self && (string?)r["name"] == name && Json.ScalarText(r["user"]) == owner))
            errors.Add("name", "A schedule with this name already exists.", "unique");

        var start = (string?)body["start_date"] ?? (string?)self?["start_date"];
        var end = (string?)body["end_date"];
        if (!errors.Has("start_date") && !errors.Has("end_date") && end != null && start != null
            && Timestamps.TryParse(end, out var endTime) && Timestamps.TryParse(start, out var startTime) && endTime <= startTime)
            errors.Invalid("end_date", "The end date must be later than the start date.");

        if (body["disable_times"] is JArray items)
        {
            var windows = new JArray();
            for (var i = 0; i < items.Count; i++)
                if (ScheduleRules.DisableTime((JObject)items[i], $"disable_times[{i}].", errors) is { } window)
                    windows.Add(window);
            // Ids are given only once the body is known to be good, so a refused body uses none.
            if (!errors.Any) body["disable_times"] = new JArray(windows.Cast<JObject>().Select(WithId));
        }
    }

    /// <summary>A disable time in the documented field order, with a fresh id.</summary>
    JObject WithId(JObject window) => new()
    {
        ["day"] = window["day"],
        ["end_time"] = window["end_time"],
        ["id"] = Store.NextId(DisableTimeIds),
        ["start_time"] = window["start_time"],
    };

    Record? Schedule(ApiRequest request) =>
        Store.FindCollection(CollectionPath)?.Get(request.PathParameter("schedule_id") ?? "");

    static JArray Windows(Record schedule)
    {
        if (schedule.Data["disable_times"] is not JArray windows) schedule.Data["disable_times"] = windows = new JArray();
        return windows;
    }

    static IReadOnlyList<Record> WindowRecords(Record schedule) =>
        Windows(schedule).OfType<JObject>().Select(w => new Record(Json.ScalarText(w["id"]) ?? "", w)).ToList();

    ApiResponse ListDisableTimes(ApiRequest request)
    {
        if (Schedule(request) is not { } schedule) return ApiResponse.NotFound();
        var items = ListQuery.Apply(request, WindowRecords(schedule), request.Info.Schema, null, null);
        return Generic.RespondList(request, items);
    }

    void DisableTimeRules(ApiRequest request, ValidationErrors errors)
    {
        if (ScheduleRules.DisableTime(request.Body, "", errors) is { } window)
            foreach (var (name, value) in window) request.Body[name] = value;
    }

    ApiResponse AddDisableTime(ApiRequest request)
    {
        if (Schedule(request) is not { } schedule) return ApiResponse.NotFound();
        var item = WithId(request.Body);
        Windows(schedule).Add(item);
        Touch(schedule, request.Now);
        return ApiResponse.Json(request.Operation.SuccessStatus, item);
    }

    ApiResponse ReadDisableTime(ApiRequest request)
    {
        var window = Schedule(request) is { } schedule ? WindowRecords(schedule).FirstOrDefault(w => w.Id == request.ItemId) : null;
        return window == null ? ApiResponse.NotFound() : ApiResponse.JsonBytes(request.Operation.SuccessStatus, window.Utf8);
    }

    ApiResponse DeleteDisableTime(ApiRequest request)
    {
        if (Schedule(request) is not { } schedule) return ApiResponse.NotFound();
        var window = Windows(schedule).OfType<JObject>().FirstOrDefault(w => Json.ScalarText(w["id"]) == request.ItemId);
        if (window == null) return ApiResponse.NotFound();
        window.Remove();
        Touch(schedule, request.Now);
        return ApiResponse.Empty(request.Operation.SuccessStatus);
    }

    void Touch(Record schedule, DateTimeOffset now)
    {
        schedule.Data["last_modified"] = Timestamps.Format(now);
        Store.FindCollection(CollectionPath)!.Update(schedule);
    }

    ApiResponse RunTimes(ApiRequest request)
    {
        if (Schedule(request) is not { } schedule) return ApiResponse.NotFound();
        if (ScheduleRunTimes.DaysAhead(request, out var until) is { } invalid) return invalid;
        var rows = ScheduleRunTimes.Rows(schedule, Context.Options.SystemTimeZone, request.Now, until).Select(r => r.Row);
        return ApiResponse.Json(request.Operation.SuccessStatus, new JArray(rows));
    }

    public override void Seed(SeedContext seed)
    {
        var users = Generic.Records(UsersHandler.CollectionPath).Select(u => long.Parse(u.Id, CultureInfo.InvariantCulture)).ToArray();
        foreach (var body in ScheduleSeedData.Generate(seed, users))
        {
            body["disable_times"] = new JArray(body["disable_times"]!.Children<JObject>().Select(WithId));
            Generic.Insert(CollectionPath, CollectionPath, body, (long)body["user"]!, seed.Now);
        }
    }
}
