using System.Net;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>Routing, versioning and media types (chapters 1.5, 1.6) across the whole spec.</summary>
public sealed class ProtocolTests : IClassFixture<SimulatorFixture>
{
    readonly SimClient client;
    public ProtocolTests(SimulatorFixture fixture) => client = fixture.Client;

    [Fact]
    public async Task Unknown_version_is_406_and_known_ones_are_served()
    {
        var bad = await client.GetAsync("api/schedules/", accept: "application/json; version=9.9.9");
        Assert.Equal(HttpStatusCode.NotAcceptable, bad.Status);
        Assert.Equal("Invalid version in \"Accept\" header.", (string)bad.Json["detail"]);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/schedules/", accept: "application/json; version=1.0.0")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/schedules/", accept: "application/json;")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/schedules/", accept: "*/*")).Status);
    }

    [Fact]
    public async Task Unknown_paths_are_404_and_wrong_methods_405()
    {
        var unknown = await client.GetAsync("api/no_such_thing/");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("Not found.", (string)unknown.Json["detail"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/schedules")).Status); // the API's paths end with '/'
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/schedules/999999/")).Status);

        var wrongMethod = await client.SendAsync(HttpMethod.Patch, "api/schedules/", new { });
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.Status);
        Assert.Equal("GET, POST", wrongMethod.Message.Content.Headers.Allow.Count == 0 ? wrongMethod.Header("Allow") : string.Join(", ", wrongMethod.Message.Content.Headers.Allow));
    }

    [Fact]
    public async Task Literal_segments_win_over_parameters()
    {
        // /api/accounts/backup/ is the backup-account list, not account "backup".
        var list = await client.GetAsync("api/accounts/backup/");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal(Newtonsoft.Json.Linq.JTokenType.Array, list.Json.Type);
    }

    [Fact]
    public async Task An_area_without_a_handler_works_generically()
    {
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/recovery_scenarios/")).Status);

        var created = await client.PostAsync("api/recovery_scenarios/", new { name = "restore-web", policy = 1, endure = true });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = (int)created.Json["id"];
        Assert.Equal(1, (int)created.Json["policy"]);
        Assert.Equal("restore-web", (string)(await client.GetAsync($"api/recovery_scenarios/{id}/")).Json["name"]);

        var target = await client.PostAsync($"api/recovery_scenarios/{id}/targets/",
            new { aws_region = "us-east-1", aws_resource_id = "i-0123456789abcdef0", configuration = "{}", recovery_type = "I" });
        Assert.Equal(HttpStatusCode.Created, target.Status);
        Assert.Single((await client.GetAsync($"api/recovery_scenarios/{id}/targets/")).Json);

        // An action answers its documented status with a body of the documented shape.
        var run = await client.PostAsync($"api/recovery_scenarios/{id}/recover/", new { backup_id = 1 });
        Assert.Equal(HttpStatusCode.Accepted, run.Status);
        Assert.True(((Newtonsoft.Json.Linq.JObject)run.Json).ContainsKey("status"));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/recovery_scenarios/{id}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"api/recovery_scenarios/{id}/targets/")).Status);
    }

    [Fact]
    public async Task Csv_is_served_when_asked_for_and_refused_where_not_produced()
    {
        await client.Host.AddRecordsAsync(client, "/api/settings/cleanup/logs/",
            new { log_time = "2026-01-01T00:00:00Z", log = "cleanup, started" }, new { log_time = "2026-01-01T00:01:00Z", log = "done" });
        var csv = await client.GetAsync("api/settings/cleanup/logs/", accept: "text/csv");
        Assert.Equal(HttpStatusCode.OK, csv.Status);
        Assert.Equal("text/csv", csv.MediaType);
        Assert.Contains("attachment", csv.Header("Content-Disposition"));
        var lines = csv.Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"cleanup, started\"", lines[1]);

        Assert.Equal(HttpStatusCode.NotAcceptable, (await client.GetAsync("api/schedules/", accept: "text/csv")).Status);
    }

    [Fact]
    public async Task File_downloads_carry_a_file_name()
    {
        var logs = await client.GetAsync("api/system/support_logs/", accept: "application/json");
        Assert.Equal(HttpStatusCode.OK, logs.Status);
        Assert.Equal("application/x-bzip2", logs.MediaType);
        Assert.Equal("BZh", System.Text.Encoding.ASCII.GetString(logs.Bytes, 0, 3));
        Assert.Contains("filename=", logs.Header("Content-Disposition"));

        var session = await client.PostAsync("api/explore_sessions/", new { backup_record = 1 });
        Assert.Equal(HttpStatusCode.Accepted, session.Status);
        var zip = await client.PostAsync($"api/explore_sessions/{session.Json["id"]}/download/", new { paths = new[] { "/etc/hosts" } });
        Assert.Equal(HttpStatusCode.Created, zip.Status);
        Assert.Equal("application/zip", zip.MediaType);
        Assert.Equal("PK", System.Text.Encoding.ASCII.GetString(zip.Bytes, 0, 2));
    }

    [Fact]
    public async Task Every_documented_get_without_parameters_answers_2xx()
    {
        var spec = CpmPowerShell.Spec.ApiSpec.Load(Path.Combine(AppContext.BaseDirectory, "cpm-api.json"));
        foreach (var operation in spec.Operations.Where(o => o.Method == "GET" && o.PathParameters.Count == 0 && !o.QueryParameters.Any(q => q.Required)))
        {
            var reply = await client.GetAsync(operation.Path.TrimStart('/'));
            Assert.True((int)reply.Status is >= 200 and < 300, $"{operation}: {(int)reply.Status} {reply.Text}");
        }
    }
}
