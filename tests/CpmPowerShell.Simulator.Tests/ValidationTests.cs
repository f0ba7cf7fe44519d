using System.Net;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>Chapter 1.10: field errors in the guide's {"errors":[{field:[{message,code}]}]} format.</summary>
public sealed class ValidationTests : IClassFixture<SimulatorFixture>
{
    readonly SimClient client;
    public ValidationTests(SimulatorFixture fixture) => client = fixture.Client;

    [Fact]
    public async Task Missing_required_fields_are_listed_together()
    {
        var reply = await client.PostAsync("api/schedules/", new { description = "no name" });
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(("This field is required.", "required"), reply.FieldError("name"));
        Assert.Equal("required", reply.FieldError("every_how_many").Code);
        Assert.Equal("required", reply.FieldError("user").Code);
    }

    [Fact]
    public async Task Enum_type_and_rule_errors_come_in_one_answer()
    {
        var reply = await client.PostAsync("api/schedules/", new
        {
            name = "bad name!",
            every_how_many = 0,
            every_unit = "X",
            user = 1,
            allow_on_monday = "perhaps",
            disable_times = new object[] { new { start_time = "25:00", end_time = "10:00", day = "Q" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(("\"X\" is not a valid choice.", "invalid_choice"), reply.FieldError("every_unit"));
        Assert.Equal("invalid", reply.FieldError("name").Code);
        Assert.Equal("min_value", reply.FieldError("every_how_many").Code);
        Assert.Equal("invalid", reply.FieldError("allow_on_monday").Code);
        Assert.Equal("invalid_choice", reply.FieldError("disable_times[0].day").Code);
        Assert.Equal("invalid", reply.FieldError("disable_times[0].start_time").Code);
    }

    [Fact]
    public async Task Wrong_types_are_invalid()
    {
        var reply = await client.PostAsync("api/schedules/", new { name = "typed", every_how_many = "often", user = 1, disable_times = "none" });
        Assert.Equal(("A valid integer is required.", "invalid"), reply.FieldError("every_how_many"));
        Assert.Equal("not_a_list", reply.FieldError("disable_times").Code);

        // Numbers as text are fine, as with DRF.
        var ok = await client.PostAsync("api/schedules/", new { name = "typed-ok", every_how_many = "3", user = "1" });
        Assert.Equal(HttpStatusCode.Created, ok.Status);
        Assert.Equal(3, (int)ok.Json["every_how_many"]);
    }

    [Fact]
    public async Task The_owner_must_exist()
    {
        var reply = await client.PostAsync("api/schedules/", new { name = "orphan", every_how_many = 1, user = 999 });
        Assert.Equal("does_not_exist", reply.FieldError("user").Code);
    }

    [Fact]
    public async Task Malformed_json_is_400_with_a_detail()
    {
        var reply = await client.SendAsync(HttpMethod.Post, "api/schedules/", "{\"name\": ");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.StartsWith("JSON parse error", (string)reply.Json["detail"]);
    }

    [Fact]
    public async Task Query_parameters_are_checked()
    {
        var missing = await client.GetAsync("api/schedules/1/run_times/");
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal("required", missing.FieldError("days_ahead").Code);

        var notANumber = await client.GetAsync("api/schedules/1/run_times/?days_ahead=soon");
        Assert.Equal(("A valid number is required.", "invalid"), notANumber.FieldError("days_ahead"));
    }
}
