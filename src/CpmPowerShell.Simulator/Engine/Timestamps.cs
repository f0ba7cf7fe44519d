using System.Globalization;

namespace CpmPowerShell.Simulator.Engine;

/// <summary>The API speaks UTC (chapter 1.4); the simulator writes whole seconds with a trailing Z.</summary>
static class Timestamps
{
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("s", CultureInfo.InvariantCulture) + "Z"; // "s" is the fast sortable pattern

    /// <summary>A wall-clock time in some zone, with its offset (schedule_time, system_time).</summary>
    public static string FormatLocal(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>Reads ISO 8601 text; a value without an offset is taken as UTC, as the API does.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        return DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value)
            && text.Contains('-'); // reject bare times and numbers that .NET would happily accept
    }

    public static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, value.Offset);
}
