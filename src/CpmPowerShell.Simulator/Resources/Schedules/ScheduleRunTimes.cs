using System.Globalization;
using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Schedules;

/// <summary>
/// The run-time rows of schedule records, shared by a schedule's own run times (22.10) and a policy's
/// (13.22, the union over its schedules).
/// </summary>
static class ScheduleRunTimes
{
    public const int MaxResults = 1000;
    const double MaxDaysAhead = 3650;

    static readonly string[] Weekdays = { "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday" };

    /// <summary>Reads the required days_ahead query value; a 400 answer when it is negative.</summary>
    public static ApiResponse? DaysAhead(ApiRequest request, out DateTimeOffset until)
    {
        var days = double.Parse(request.QueryValue("days_ahead")!, NumberStyles.Float, CultureInfo.InvariantCulture);
        until = request.Now;
        if (days < 0 || double.IsNaN(days))
            return ValidationErrors.Single("days_ahead", "Ensure this value is greater than or equal to 0.", "min_value");
        until = request.Now + TimeSpan.FromDays(Math.Min(days, MaxDaysAhead));
        return null;
    }

    /// <summary>The documented rows (schedule_name, schedule_time, ... time) of one schedule, in time order.</summary>
    public static IEnumerable<(DateTimeOffset Time, JObject Row)> Rows(Record schedule, string systemZoneId, DateTimeOffset from, DateTimeOffset until)
    {
        var systemZone = ScheduleRules.FindZone(systemZoneId) ?? TimeZoneInfo.Utc;
        var zoneId = (string?)schedule["timezone"] is { Length: > 0 } own && ScheduleRules.FindZone(own) != null ? own : systemZoneId;
        var definition = Definition(schedule, ScheduleRules.FindZone(zoneId) ?? TimeZoneInfo.Utc, from);
        foreach (var time in RunTimeCalculator.Compute(definition, from, until, MaxResults))
            yield return (time, new JObject
            {
                ["schedule_name"] = schedule["name"],
                ["schedule_time"] = Timestamps.FormatLocal(TimeZoneInfo.ConvertTime(time, definition.Zone)),
                ["schedule_timezone"] = zoneId,
                ["system_time"] = Timestamps.FormatLocal(TimeZoneInfo.ConvertTime(time, systemZone)),
                ["system_timezone"] = systemZoneId,
                ["time"] = Timestamps.Format(time),
            });
    }

    static ScheduleDefinition Definition(Record schedule, TimeZoneInfo zone, DateTimeOffset now)
    {
        var start = Timestamps.TryParse((string?)schedule["start_date"], out var s) ? s
            : Timestamps.TryParse((string?)schedule["last_modified"], out var m) ? m : now;
        DateTimeOffset? end = Timestamps.TryParse((string?)schedule["end_date"], out var e) ? e : null;
        var windows = new List<DisableWindow>();
        foreach (var window in (schedule["disable_times"] as JArray ?? new JArray()).OfType<JObject>())
            if (ScheduleRules.TryParseTime((string?)window["start_time"], out var from) && ScheduleRules.TryParseTime((string?)window["end_time"], out var to))
                windows.Add(new DisableWindow(((string?)window["day"] ?? "A").FirstOrDefault('A'), from, to));
        return new ScheduleDefinition
        {
            Start = start,
            End = end,
            Every = (int?)schedule["every_how_many"] ?? 1,
            Unit = ((string?)schedule["every_unit"] ?? "D").FirstOrDefault('D'),
            AllowedDays = Weekdays.Select(day => (bool?)schedule["allow_on_" + day] ?? true).ToArray(),
            DisableWindows = windows,
            Zone = zone,
        };
    }
}
