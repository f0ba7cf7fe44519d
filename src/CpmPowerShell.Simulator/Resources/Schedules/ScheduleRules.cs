using System.Globalization;
using System.Text.RegularExpressions;
using CpmPowerShell.Simulator.Engine;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Schedules;

/// <summary>
/// The checks a schedule body gets beyond its schema, and the normalised values it is stored with
/// (timestamps as ISO 8601 UTC, times of day as HH:MM:SS).
/// </summary>
static partial class ScheduleRules
{
    public const string DateFormatMessage = "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";
    public const string TimeFormatMessage = "Time has wrong format. Use one of these formats instead: hh:mm[:ss[.uuuuuu]].";

    static readonly string[] TimeFormats = { @"hh\:mm", @"hh\:mm\:ss", @"hh\:mm\:ss\.FFFFFFF", @"h\:mm", @"h\:mm\:ss" };

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex NamePattern();

    public static void CheckName(JObject body, ValidationErrors errors)
    {
        if (body["name"] is JValue { Type: JTokenType.String } name && !NamePattern().IsMatch((string)name!))
            errors.Invalid("name", "Name can contain only letters, digits, underscores and dashes.");
    }

    public static void CheckEvery(JObject body, ValidationErrors errors)
    {
        if (body["every_how_many"] is JValue { Type: JTokenType.Integer } every && (long)every < 1)
            errors.Add("every_how_many", "Ensure this value is greater than or equal to 1.", "min_value");
    }

    /// <summary>Rewrites start_date/end_date as UTC timestamps, or records a format error.</summary>
    public static void NormaliseDates(JObject body, ValidationErrors errors)
    {
        foreach (var field in new[] { "start_date", "end_date" })
        {
            if (body[field] is not JValue { Type: JTokenType.String } value) continue;
            if (Timestamps.TryParse((string?)value, out var parsed)) body[field] = Timestamps.Format(parsed);
            else errors.Invalid(field, DateFormatMessage);
        }
    }

    public static void CheckTimeZone(JObject body, ValidationErrors errors)
    {
        if (body["timezone"] is JValue { Type: JTokenType.String } value && (string?)value is { Length: > 0 } id && FindZone(id) == null)
            errors.Add("timezone", $"\"{id}\" is not a valid choice.", "invalid_choice");
    }

    /// <summary>An IANA or Windows zone id; null when unknown.</summary>
    public static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return null;
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { return null; }
    }

    public static bool TryParseTime(string? text, out TimeSpan time)
    {
        time = default;
        return text != null
            && TimeSpan.TryParseExact(text.Trim(), TimeFormats, CultureInfo.InvariantCulture, out time)
            && time >= TimeSpan.Zero && time < TimeSpan.FromDays(1);
    }

    public static string FormatTime(TimeSpan time) => time.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);

    /// <summary>Checks and normalises one disable time (day defaults to A, all days).</summary>
    public static JObject? DisableTime(JObject item, string prefix, ValidationErrors errors)
    {
        var result = new JObject { ["day"] = (string?)item["day"] ?? "A" };
        var valid = true;
        foreach (var field in new[] { "start_time", "end_time" })
        {
            if (TryParseTime((string?)item[field], out var time)) result[field] = FormatTime(time);
            else if (item[field] != null)
            {
                errors.Invalid(prefix + field, TimeFormatMessage);
                valid = false;
            }
        }
        return valid ? result : null;
    }
}
