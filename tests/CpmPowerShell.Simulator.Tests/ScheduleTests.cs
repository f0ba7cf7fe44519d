using System.Net;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>Chapter 22: schedules and their disable times.</summary>
public sealed class ScheduleTests : IClassFixture<SimulatorFixture>
{
    readonly SimClient client;
    public ScheduleTests(SimulatorFixture fixture) => client = fixture.Client;

    [Fact]
    public async Task Seed_data_has_every_unit_kind()
    {
        var all = (JArray)(await client.GetAsync("api/schedules/")).Json;
        var seeded = all.Where(s => System.Text.RegularExpressions.Regex.IsMatch((string)s["name"], @"^[a-z-]+-\d{4}$")).ToList();
        Assert.Equal(new[] { "D", "H", "M", "O", "W" }, seeded.Select(s => (string)s["every_unit"]).OrderBy(u => u));
        Assert.Contains(all, s => (string)s["name"] == "daily-0003");
        Assert.All(all, s => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string)s["last_modified"]));
    }

    [Fact]
    public async Task Create_read_update_delete()
    {
        var created = await client.PostAsync("api/schedules/", new { name = "crud-1", every_unit = "W", every_how_many = 1, user = 2, description = "weekly" });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = (int)created.Json["id"];
        Assert.True((bool)created.Json["allow_on_sunday"]);
        Assert.Equal(JTokenType.Array, created.Json["disable_times"].Type);
        Assert.Equal(0, (int)created.Json["num_policies"]);
        Assert.EndsWith("Z", (string)created.Json["start_date"]);

        Assert.Equal("crud-1", (string)(await client.GetAsync($"api/schedules/{id}/")).Json["name"]);

        var missingName = await client.PutAsync($"api/schedules/{id}/", new { every_how_many = 2 });
        Assert.Equal("required", missingName.FieldError("name").Code);

        var updated = await client.PutAsync($"api/schedules/{id}/", new { name = "crud-1", every_unit = "O", every_how_many = 2, end_date = "2030-01-01T00:00:00" });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal("O", (string)updated.Json["every_unit"]);
        Assert.Equal(2, (int)updated.Json["user"]); // kept
        Assert.Equal("weekly", (string)updated.Json["description"]); // kept
        Assert.Equal("2030-01-01T00:00:00Z", (string)updated.Json["end_date"]);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/schedules/{id}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"api/schedules/{id}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"api/schedules/{id}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsync($"api/schedules/{id}/", new { name = "x" })).Status);
    }

    [Fact]
    public async Task Names_are_unique_per_owner()
    {
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("api/schedules/", new { name = "twice", every_how_many = 1, user = 1 })).Status);
        var again = await client.PostAsync("api/schedules/", new { name = "twice", every_how_many = 1, user = 1 });
        Assert.Equal("unique", again.FieldError("name").Code);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("api/schedules/", new { name = "twice", every_how_many = 1, user = 3 })).Status);
    }

    [Fact]
    public async Task Disable_times_agree_between_the_schedule_and_the_sub_resource()
    {
        var created = await client.PostAsync("api/schedules/", new
        {
            name = "windows",
            every_unit = "H",
            every_how_many = 1,
            user = 1,
            disable_times = new[] { new { day = "M", start_time = "08:00", end_time = "09:30" } },
        });
        var id = (int)created.Json["id"];
        var embedded = created.Json["disable_times"][0];
        Assert.Equal("08:00:00", (string)embedded["start_time"]);

        var list = await client.GetAsync($"api/schedules/{id}/disable_times/");
        Assert.Equal((int)embedded["id"], (int)list.Json[0]["id"]);

        var added = await client.PostAsync($"api/schedules/{id}/disable_times/", new { start_time = "22:00", end_time = "23:00" });
        Assert.Equal(HttpStatusCode.Created, added.Status);
        Assert.Equal("A", (string)added.Json["day"]);
        var addedId = (int)added.Json["id"];

        var schedule = await client.GetAsync($"api/schedules/{id}/");
        Assert.Equal(2, schedule.Json["disable_times"].Count());
        Assert.Equal("22:00:00", (string)(await client.GetAsync($"api/schedules/{id}/disable_times/{addedId}/")).Json["start_time"]);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/schedules/{id}/disable_times/{addedId}/")).Status);
        Assert.Single((await client.GetAsync($"api/schedules/{id}/")).Json["disable_times"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"api/schedules/{id}/disable_times/{addedId}/")).Status);

        // A PUT that sends disable_times replaces them.
        await client.PutAsync($"api/schedules/{id}/", new { name = "windows", every_how_many = 1, disable_times = Array.Empty<object>() });
        Assert.Empty((await client.GetAsync($"api/schedules/{id}/disable_times/")).Json);

        var paged = await client.GetAsync($"api/schedules/{id}/disable_times/?page=1&page_size=10");
        Assert.Equal(0, (int)paged.Json["count"]);
    }

    [Fact]
    public async Task Sub_resources_of_a_missing_schedule_are_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/schedules/424242/disable_times/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("api/schedules/424242/disable_times/", new { start_time = "01:00", end_time = "02:00" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/schedules/424242/run_times/?days_ahead=1")).Status);
    }

    [Fact]
    public async Task Run_times_come_from_the_schedule()
    {
        var created = await client.PostAsync("api/schedules/", new { name = "every-2h", every_unit = "H", every_how_many = 2, user = 1, start_date = "2020-01-01T00:00:00Z" });
        var reply = await client.GetAsync($"api/schedules/{created.Json["id"]}/run_times/?days_ahead=1");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var times = reply.Json.Select(t => DateTimeOffset.Parse((string)t["time"])).ToList();
        Assert.InRange(times.Count, 12, 13);
        Assert.All(times, t => Assert.Equal(0, t.Hour % 2));
        Assert.All(times, t => Assert.Equal(0, t.Minute));
        Assert.Equal("every-2h", (string)reply.Json[0]["schedule_name"]);
        Assert.Equal("UTC", (string)reply.Json[0]["system_timezone"]);
    }
}
