using System.Net;
using CpmPowerShell.Simulator.Resources.Schedules;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>GET /api/schedules/{id}/run_times/ (22.10): the future run times of a schedule.</summary>
public sealed class RunTimeTests
{
    static readonly bool[] EveryDay = { true, true, true, true, true, true, true };

    static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, null, System.Globalization.DateTimeStyles.AssumeUniversal);

    static List<DateTimeOffset> Run(ScheduleDefinition schedule, string from, double days, int max = 1000)
    {
        var start = Utc(from);
        return RunTimeCalculator.Compute(schedule, start, start.AddDays(days), max);
    }

    static ScheduleDefinition Schedule(string start, char unit, int every, bool[] days = null, string zone = "UTC") => new()
    {
        Start = Utc(start),
        Every = every,
        Unit = unit,
        AllowedDays = days ?? EveryDay,
        Zone = TimeZoneInfo.FindSystemTimeZoneById(zone),
    };

    [Fact]
    public void Weekly_runs_on_its_weekday_unless_that_day_is_not_allowed()
    {
        var weekly = Schedule("2026-01-02T12:00:00Z", 'W', 1); // a Friday
        Assert.Equal(new[] { "2026-03-06", "2026-03-13", "2026-03-20", "2026-03-27" },
            Run(weekly, "2026-03-01T00:00:00Z", 28).Select(t => t.ToString("yyyy-MM-dd")));

        var noFridays = weekly with { AllowedDays = new[] { true, true, true, true, true, false, true } };
        Assert.Empty(Run(noFridays, "2026-03-01T00:00:00Z", 28));
    }

    [Fact]
    public void Daily_skips_days_not_allowed()
    {
        var businessDays = Schedule("2026-01-01T02:00:00Z", 'D', 1, new[] { false, true, true, true, true, true, false });
        var times = Run(businessDays, "2026-02-28T00:00:00Z", 10); // Saturday to the Monday after next
        Assert.Equal(new[] { 2, 3, 4, 5, 6, 9 }, times.Select(t => t.Day));
        Assert.All(times, t => Assert.Equal(2, t.Hour));
    }

    [Fact]
    public void Monthly_adds_calendar_months_from_the_start()
    {
        var monthly = Schedule("2026-01-31T12:00:00Z", 'O', 1);
        Assert.Equal(new[] { "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31" },
            Run(monthly, "2026-01-31T13:00:00Z", 120).Select(t => t.ToString("yyyy-MM-dd")));

        var quarterly = Schedule("2025-11-15T06:30:00Z", 'O', 3);
        Assert.Equal(new[] { "2026-02-15T06:30:00Z", "2026-05-15T06:30:00Z" },
            Run(quarterly, "2026-01-01T00:00:00Z", 150).Select(t => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ")));
    }

    [Fact]
    public void Disable_windows_are_skipped_including_ones_past_midnight()
    {
        var hourly = Schedule("2026-03-02T00:00:00Z", 'H', 1) with
        {
            DisableWindows = new[] { new DisableWindow('A', TimeSpan.FromHours(9), TimeSpan.FromHours(17)) },
        };
        var day = Run(hourly, "2026-03-02T00:00:00Z", 1).Where(t => t.Day == 2).Select(t => t.Hour).ToList();
        Assert.Equal(Enumerable.Range(0, 9).Concat(Enumerable.Range(17, 7)), day);

        var overnight = Schedule("2026-03-02T00:00:00Z", 'H', 1) with // Monday 22:00 to Tuesday 02:00
        {
            DisableWindows = new[] { new DisableWindow('M', TimeSpan.FromHours(22), TimeSpan.FromHours(2)) },
        };
        var hours = Run(overnight, "2026-03-02T20:00:00Z", 0.5).Select(t => t.ToString("dd HH")).ToList();
        Assert.Equal(new[] { "02 20", "02 21", "03 02", "03 03", "03 04", "03 05", "03 06", "03 07", "03 08" }, hours);
    }

    [Fact]
    public void Runs_stop_at_the_end_date()
    {
        var hourly = Schedule("2026-03-02T00:00:00Z", 'H', 1) with { End = Utc("2026-03-02T05:00:00Z") };
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, Run(hourly, "2026-03-02T00:00:00Z", 2).Select(t => t.Hour));
    }

    [Fact]
    public void Day_steps_keep_the_local_time_across_daylight_saving()
    {
        var berlin = Schedule("2026-03-20T01:00:00Z", 'D', 1, zone: "Europe/Berlin"); // 02:00 CET
        var times = Run(berlin, "2026-03-27T00:00:00Z", 3.5).Select(t => t.UtcDateTime.ToString("MM-dd HH:mm")).ToList();
        // 29 March 02:00 does not exist in Berlin (clocks jump to 03:00): that run moves forward with them.
        Assert.Equal(new[] { "03-27 01:00", "03-28 01:00", "03-29 01:00", "03-30 00:00" }, times);
    }

    [Fact]
    public void Results_are_capped()
    {
        Assert.Equal(1000, Run(Schedule("2026-01-01T00:00:00Z", 'M', 1), "2026-03-01T00:00:00Z", 10).Count);
    }

    [Fact]
    public async Task Served_with_schedule_and_system_times()
    {
        var clock = new FixedClock(Utc("2026-03-02T00:00:00Z"));
        await using var sim = await OwnSimulator.StartAsync(new SimulatorOptions { Clock = clock, Seed = 0 });
        var created = await sim.Client.PostAsync("api/schedules/", new
        {
            name = "ny-nightly", every_unit = "D", every_how_many = 1, user = 1,
            start_date = "2026-03-01T07:00:00Z", timezone = "America/New_York",
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var reply = await sim.Client.GetAsync($"api/schedules/{created.Json["id"]}/run_times/?days_ahead=2");
        Assert.Equal(2, reply.Json.Count());
        var first = reply.Json[0];
        Assert.Equal("2026-03-02T07:00:00Z", (string)first["time"]);
        Assert.Equal("2026-03-02T02:00:00-05:00", (string)first["schedule_time"]);
        Assert.Equal("America/New_York", (string)first["schedule_timezone"]);
        Assert.Equal("2026-03-02T07:00:00+00:00", (string)first["system_time"]);
        Assert.Equal("UTC", (string)first["system_timezone"]);

        var windows = await sim.Client.PostAsync("api/schedules/", new { name = "win-zone", every_how_many = 1, user = 1, timezone = "W. Europe Standard Time" });
        Assert.Equal(HttpStatusCode.Created, windows.Status);
        var bad = await sim.Client.PostAsync("api/schedules/", new { name = "mars", every_how_many = 1, user = 1, timezone = "Mars/Olympus_Mons" });
        Assert.Equal("invalid_choice", bad.FieldError("timezone").Code);
    }
}
