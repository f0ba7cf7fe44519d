using CpmPowerShell.Simulator.Engine;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Schedules;

/// <summary>
/// Seed schedules that look like a real CPM's: every unit kind in turn, names such as daily-0003,
/// round start times in the past, some business-day and some with maintenance windows. Deterministic
/// for a given random seed.
/// </summary>
static class ScheduleSeedData
{
    static readonly (char Unit, string Prefix, int[] Every)[] Kinds =
    {
        ('M', "every-minutes", new[] { 15, 30 }),
        ('H', "hourly", new[] { 1, 2, 4, 6, 12 }),
        ('D', "daily", new[] { 1, 1, 2 }),
        ('W', "weekly", new[] { 1, 2 }),
        ('O', "monthly", new[] { 1, 3 }),
    };

    static readonly string?[] Descriptions =
    {
        null, "", "Production databases", "Nightly backup window", "Web tier", "Compliance copy", "Test environment",
    };

    static readonly string?[] Zones = { null, null, null, "UTC", "Europe/London", "America/New_York" };

    public static IEnumerable<JObject> Generate(SeedContext seed, IReadOnlyList<long> userIds)
    {
        var random = seed.Random;
        var today = new DateTimeOffset(seed.Now.UtcDateTime.Date, TimeSpan.Zero);
        for (var i = 1; i <= seed.Size; i++)
        {
            var kind = Kinds[(i - 1) % Kinds.Length];
            var start = today.AddDays(-random.Next(1, 400)).AddHours(random.Next(0, 24)).AddMinutes(random.Next(0, 4) * 15);
            var businessDays = kind.Unit is 'H' or 'D' && random.Next(4) == 0;
            var body = new JObject
            {
                ["name"] = $"{kind.Prefix}-{i:D4}",
                ["description"] = Descriptions[random.Next(Descriptions.Length)],
                ["user"] = userIds.Count == 0 || random.Next(3) > 0 ? 1 : userIds[random.Next(userIds.Count)],
                ["every_unit"] = kind.Unit.ToString(),
                ["every_how_many"] = kind.Every[random.Next(kind.Every.Length)],
                ["start_date"] = Timestamps.Format(start),
                ["end_date"] = random.Next(10) == 0 ? Timestamps.Format(today.AddDays(random.Next(30, 365))) : null,
                ["timezone"] = Zones[random.Next(Zones.Length)],
                ["allow_on_saturday"] = !businessDays,
                ["allow_on_sunday"] = !businessDays,
                ["allow_on_monday"] = true,
                ["allow_on_tuesday"] = true,
                ["allow_on_wednesday"] = true,
                ["allow_on_thursday"] = true,
                ["allow_on_friday"] = true,
                ["disable_times"] = kind.Unit is 'M' or 'H' && random.Next(3) == 0
                    ? new JArray(new JObject { ["day"] = "A", ["start_time"] = "09:00:00", ["end_time"] = "17:00:00" })
                    : new JArray(),
            };
            yield return body;
        }
    }
}
