namespace CpmPowerShell.Simulator.Resources.Schedules;

/// <summary>A window in which a schedule must not start a backup: a day code (A = every day) and local times.</summary>
sealed record DisableWindow(char Day, TimeSpan Start, TimeSpan End);

/// <summary>What the run-time computation needs from a schedule record.</summary>
sealed record ScheduleDefinition
{
    public required DateTimeOffset Start { get; init; }
    public DateTimeOffset? End { get; init; }
    public required int Every { get; init; }
    /// <summary>M minutes, H hours, D days, W weeks, O months.</summary>
    public required char Unit { get; init; }
    /// <summary>Allowed weekdays, indexed by <see cref="DayOfWeek"/>.</summary>
    public required bool[] AllowedDays { get; init; }
    public IReadOnlyList<DisableWindow> DisableWindows { get; init; } = Array.Empty<DisableWindow>();
    public required TimeZoneInfo Zone { get; init; }
}

/// <summary>
/// Future run times of a schedule. Minute and hour steps are fixed lengths of real time from start_date;
/// day, week and month steps keep the local wall-clock time of start_date in the schedule's zone (so a
/// 02:00 daily stays at 02:00 across daylight-saving changes), with months added on the calendar from the
/// start (Jan 31 -> Feb 28 -> Mar 31). A time in a spring-forward gap moves forward by the gap; a time that
/// occurs twice runs at the first. Runs at or after end_date, on days not allowed, or inside a disable
/// window (start inclusive, end exclusive; a window whose end is before its start runs past midnight) are
/// skipped.
/// </summary>
static class RunTimeCalculator
{
    /// <summary>Steps examined at most, so a schedule whose every run is skipped cannot spin for long.</summary>
    const int MaxSteps = 2_000_000;

    public static List<DateTimeOffset> Compute(ScheduleDefinition schedule, DateTimeOffset from, DateTimeOffset until, int maxResults)
    {
        var results = new List<DateTimeOffset>();
        if (schedule.Every < 1 || until < from) return results;
        var steps = 0;
        foreach (var time in Occurrences(schedule, from))
        {
            if (time > until || ++steps > MaxSteps) break;
            if (schedule.End is { } end && time >= end) break;
            if (time < from || !Allowed(schedule, time)) continue;
            results.Add(time);
            if (results.Count >= maxResults) break;
        }
        return results;
    }

    /// <summary>Occurrences from (about) <paramref name="from"/> onwards, in order; the caller skips any before it.</summary>
    static IEnumerable<DateTimeOffset> Occurrences(ScheduleDefinition schedule, DateTimeOffset from) =>
        schedule.Unit is 'M' or 'H' ? FixedSteps(schedule, from) : CalendarSteps(schedule, from);

    static IEnumerable<DateTimeOffset> FixedSteps(ScheduleDefinition schedule, DateTimeOffset from)
    {
        var step = schedule.Unit == 'M' ? TimeSpan.FromMinutes(schedule.Every) : TimeSpan.FromHours(schedule.Every);
        var k = from > schedule.Start ? (long)Math.Ceiling((from - schedule.Start).Ticks / (double)step.Ticks) - 1 : 0;
        for (k = Math.Max(0, k); ; k++) yield return schedule.Start + step * k;
    }

    static IEnumerable<DateTimeOffset> CalendarSteps(ScheduleDefinition schedule, DateTimeOffset from)
    {
        var startLocal = TimeZoneInfo.ConvertTime(schedule.Start, schedule.Zone).DateTime;
        var fromLocal = TimeZoneInfo.ConvertTime(from, schedule.Zone).DateTime;
        long first;
        if (schedule.Unit == 'O')
        {
            var months = (fromLocal.Year - startLocal.Year) * 12 + fromLocal.Month - startLocal.Month;
            first = months / schedule.Every - 1;
        }
        else
        {
            var stepDays = schedule.Every * (schedule.Unit == 'W' ? 7 : 1);
            first = (long)Math.Floor((fromLocal - startLocal).TotalDays / stepDays) - 1;
        }
        // Stop before DateTime's year 9999 limit; nobody asks that far ahead.
        for (var k = Math.Max(0, first); ; k++)
        {
            var steps = k * schedule.Every;
            if (schedule.Unit == 'O' ? steps > 90_000 : steps * (schedule.Unit == 'W' ? 7 : 1) > 2_500_000) yield break;
            yield return ToUtc(schedule.Unit switch
            {
                'O' => startLocal.AddMonths((int)steps),
                'W' => startLocal.AddDays(7.0 * steps),
                _ => startLocal.AddDays(steps),
            }, schedule.Zone);
        }
    }

    /// <summary>A local wall-clock time to the instant it names in a zone.</summary>
    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local)) offset = zone.GetUtcOffset(local.AddHours(-3)); // before the gap: lands after it
        else if (zone.IsAmbiguousTime(local)) offset = zone.GetAmbiguousTimeOffsets(local).Max(); // the first of the two
        else offset = zone.GetUtcOffset(local);
        return new DateTimeOffset(local - offset, TimeSpan.Zero);
    }

    static bool Allowed(ScheduleDefinition schedule, DateTimeOffset time)
    {
        var local = TimeZoneInfo.ConvertTime(time, schedule.Zone).DateTime;
        if (!schedule.AllowedDays[(int)local.DayOfWeek]) return false;
        var timeOfDay = local.TimeOfDay;
        foreach (var window in schedule.DisableWindows)
        {
            if (window.Start < window.End)
            {
                if (DayMatches(window.Day, local.DayOfWeek) && timeOfDay >= window.Start && timeOfDay < window.End) return false;
            }
            else if (window.Start > window.End)
            {
                if (DayMatches(window.Day, local.DayOfWeek) && timeOfDay >= window.Start) return false;
                if (DayMatches(window.Day, local.AddDays(-1).DayOfWeek) && timeOfDay < window.End) return false;
            }
        }
        return true;
    }

    /// <summary>The guide's day codes: A all, M T W H F S U for Monday to Sunday.</summary>
    public static bool DayMatches(char code, DayOfWeek day) => code switch
    {
        'A' => true,
        'M' => day == DayOfWeek.Monday,
        'T' => day == DayOfWeek.Tuesday,
        'W' => day == DayOfWeek.Wednesday,
        'H' => day == DayOfWeek.Thursday,
        'F' => day == DayOfWeek.Friday,
        'S' => day == DayOfWeek.Saturday,
        'U' => day == DayOfWeek.Sunday,
        _ => false,
    };
}
