using Xunit;
using System.Net;
using System.Net.Http;
using CpmPowerShell.Client.Tests.Runtime.Fakes;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client.Tests.Runtime;

public class ErrorTests
{
    static async Task<CpmApiException> FailWith(int status, string body, HttpMethod method = null, string mediaType = "application/json", Action<CpmClientOptions> configure = null)
    {
        var server = new FakeCpmServer();
        server.Route((method ?? HttpMethod.Post).Method, "/api/schedules/", _ => FakeCpmServer.Status(status, body, mediaType));
        using var client = TestClients.Create(server, o => { o.MaxRetries = 0; configure?.Invoke(o); });
        return await Assert.ThrowsAsync<CpmApiException>(() =>
            client.SendAsync<JObject>(new CpmRequest(method ?? HttpMethod.Post, "schedules/").WithQuery("x", 1)));
    }

    [Fact]
    public async Task Field_errors_in_the_guides_format()
    {
        var error = await FailWith(400, """
            {"errors":[{"name":[{"message":"This field may not be blank.","code":"blank"}],
                        "description":[{"message":"This field contains invalid characters.","code":"invalid"}]}]}
            """);
        Assert.Equal(CpmErrorKind.ValidationFailed, error.Kind);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("POST", error.Method);
        Assert.Equal("/api/schedules/", error.Path);
        Assert.Equal(2, error.FieldErrors.Count);
        Assert.Equal(("name", "This field may not be blank.", "blank"), (error.FieldErrors[0].Field, error.FieldErrors[0].Message, error.FieldErrors[0].Code));
        Assert.Equal("description", error.FieldErrors[1].Field);
        Assert.Equal("invalid", error.FieldErrors[1].Code);
        Assert.Equal("POST /api/schedules/ failed with 400 Bad Request: name: This field may not be blank; description: This field contains invalid characters.", error.Message);
    }

    [Fact]
    public async Task Field_errors_in_django_rest_frameworks_plain_format()
    {
        var error = await FailWith(400, """{"name":["This field is required."],"non_field_errors":["Start date must be before end date."],"schedule":{"start":["Invalid."]}}""");
        Assert.Equal(new[] { "name", "non_field_errors", "schedule.start" }, error.FieldErrors.Select(f => f.Field));
        Assert.Equal("POST /api/schedules/ failed with 400 Bad Request: name: This field is required; Start date must be before end date; schedule.start: Invalid.", error.Message);
    }

    [Theory]
    [InlineData(401, CpmErrorKind.Unauthorized)]
    [InlineData(403, CpmErrorKind.Forbidden)]
    [InlineData(404, CpmErrorKind.NotFound)]
    [InlineData(405, CpmErrorKind.MethodNotAllowed)]
    [InlineData(406, CpmErrorKind.VersionNotAcceptable)]
    [InlineData(409, CpmErrorKind.Conflict)]
    [InlineData(412, CpmErrorKind.PreconditionFailed)]
    [InlineData(429, CpmErrorKind.Throttled)]
    [InlineData(500, CpmErrorKind.ServerError)]
    [InlineData(502, CpmErrorKind.ServerError)]
    [InlineData(418, CpmErrorKind.Other)]
    public async Task Status_codes_map_to_kinds(int status, CpmErrorKind kind)
    {
        var error = await FailWith(status, "{\"detail\":\"Something specific.\"}");
        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
        if (status != 406) Assert.Equal("Something specific.", error.ServerMessage);
    }

    [Fact]
    public async Task Detail_is_the_server_message()
    {
        var error = await FailWith(412, "{\"detail\":\"A backup of this policy is already running.\"}");
        Assert.Equal("POST /api/schedules/ failed with 412 Precondition Failed: A backup of this policy is already running.", error.Message);
        Assert.Equal("A backup of this policy is already running.", error.ServerMessage);
        Assert.Empty(error.FieldErrors);
    }

    [Fact]
    public async Task Forbidden_names_role_and_license()
    {
        var error = await FailWith(403, "{\"detail\":\"You do not have permission to perform this action.\"}");
        Assert.Contains("role", error.Message);
        Assert.Contains("license", error.Message);
    }

    [Fact]
    public async Task Not_acceptable_names_the_version_and_the_parameter()
    {
        var error = await FailWith(406, "{\"detail\":\"Invalid version in \\\"Accept\\\" header.\"}", configure: o => o.ApiVersion = "9.9.9");
        Assert.Equal(CpmErrorKind.VersionNotAcceptable, error.Kind);
        Assert.Contains("does not support API version 9.9.9", error.Message);
        Assert.Contains("-ApiVersion", error.Message);
    }

    [Fact]
    public async Task An_html_error_page_is_reduced_to_its_title()
    {
        var error = await FailWith(502, "<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>", HttpMethod.Get, "text/html");
        Assert.Equal("502 Bad Gateway", error.ServerMessage);
        Assert.StartsWith("GET /api/schedules/ failed with 502 Bad Gateway: 502 Bad Gateway.", error.Message);
    }

    [Fact]
    public async Task An_empty_error_body_still_gives_a_sentence()
    {
        var error = await FailWith(404, null, HttpMethod.Get);
        Assert.Equal("GET /api/schedules/ failed with 404 Not Found.", error.Message);
        Assert.Null(error.ServerMessage);
    }

    [Fact]
    public async Task A_success_that_is_not_json_is_an_invalid_response()
    {
        var server = new FakeCpmServer();
        server.Route("GET", "/api/policies/", _ => FakeCpmServer.Status(200, "<html>login</html>", "text/html"));
        using var client = TestClients.Create(server);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<List<TestPolicy>>(new CpmRequest(HttpMethod.Get, "policies/")));
        Assert.Equal(CpmErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("text/html", error.Message);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task No_content_reads_as_default()
    {
        var server = new FakeCpmServer();
        server.Route("DELETE", "/api/schedules/5/", _ => new HttpResponseMessage(HttpStatusCode.NoContent));
        server.Route("POST", "/api/policies/5/backups/", _ => new HttpResponseMessage(HttpStatusCode.Accepted));
        using var client = TestClients.Create(server);
        Assert.Null(await client.SendAsync<TestPolicy>(new CpmRequest(HttpMethod.Delete, "schedules/{id}/").WithPath("id", 5)));
        Assert.Null(await client.SendAsync<JToken>(new CpmRequest(HttpMethod.Post, "policies/5/backups/")));
        await client.SendAsync(new CpmRequest(HttpMethod.Delete, "schedules/{id}/").WithPath("id", 5));
    }

    [Fact]
    public async Task Models_lists_and_tokens_deserialize_without_touching_date_strings()
    {
        var server = new FakeCpmServer();
        server.Route("GET", "/api/policies/", _ => FakeCpmServer.Status(200, """[{"id":1,"name":"2018-08-01T12:00:00.000000Z","extra":"kept"}]"""));
        using var client = TestClients.Create(server);
        var models = await client.SendAsync<List<TestPolicy>>(new CpmRequest(HttpMethod.Get, "policies/"));
        Assert.Equal("2018-08-01T12:00:00.000000Z", models[0].Name);
        Assert.Equal("kept", (string)models[0].GetAdditionalProperties()["extra"]);
        var token = await client.SendAsync<JToken>(new CpmRequest(HttpMethod.Get, "policies/"));
        Assert.Equal(JTokenType.String, token[0]["name"].Type);
    }

    [Theory]
    [InlineData("""[{"id":1,"name":"prod"}]""", "a JSON array")]
    [InlineData("\"prod\"", "a JSON string")]
    [InlineData("42", "a JSON number")]
    [InlineData("true", "a JSON true/false")]
    public async Task An_item_endpoint_answering_another_shape_says_what_was_expected_and_received(string body, string received)
    {
        var server = new FakeCpmServer();
        server.Route("GET", "/api/policies/1/", _ => FakeCpmServer.Status(200, body));
        using var client = TestClients.Create(server);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<TestPolicy>(new CpmRequest(HttpMethod.Get, "policies/1/")));
        Assert.Equal(CpmErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("GET /api/policies/1/", error.Message);
        Assert.Contains("expected a JSON object (one TestPolicy)", error.Message);
        Assert.Contains("received " + received, error.Message);
    }

    [Fact]
    public async Task An_item_endpoint_answering_a_page_is_an_invalid_response()
    {
        var server = new FakeCpmServer();
        server.Route("GET", "/api/policies/1/", _ => FakeCpmServer.Status(200, """{"count":1,"next":null,"results":[{"id":1}]}"""));
        using var client = TestClients.Create(server);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<TestPolicy>(new CpmRequest(HttpMethod.Get, "policies/1/")));
        Assert.Equal(CpmErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("received a page of a list", error.Message);
    }

    [Fact]
    public async Task Text_that_is_not_json_under_a_json_media_type_is_an_invalid_response()
    {
        var server = new FakeCpmServer();
        server.Route("GET", "/api/policies/1/", _ => FakeCpmServer.Status(200, "<html><body>Please log in</body></html>", "application/json"));
        using var client = TestClients.Create(server);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<TestPolicy>(new CpmRequest(HttpMethod.Get, "policies/1/")));
        Assert.Equal(CpmErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("GET /api/policies/1/", error.Message);
        Assert.Contains("application/json", error.Message);
        Assert.Contains("received text that is not JSON", error.Message);
        Assert.Contains("<html><body>Please log in", error.Message);
    }

    [Fact]
    public async Task A_list_endpoint_read_whole_answering_an_object_is_an_invalid_response()
    {
        var server = new FakeCpmServer();
        server.Route("GET", "/api/policies/", _ => FakeCpmServer.Status(200, """{"id":1}"""));
        using var client = TestClients.Create(server);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<List<TestPolicy>>(new CpmRequest(HttpMethod.Get, "policies/")));
        Assert.Equal(CpmErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("expected a JSON array of TestPolicy", error.Message);
        Assert.Contains("received a JSON object", error.Message);
    }

    // Messages that must point the right way.

    [Fact]
    public async Task Not_acceptable_for_a_media_type_advises_the_media_type_not_the_version()
    {
        var server = new FakeCpmServer();
        server.Route("GET", "/api/schedules/", _ => FakeCpmServer.Status(406, "{\"detail\":\"Could not satisfy the request Accept header.\"}"));
        using var client = TestClients.Create(server);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendRawAsync(new CpmRequest(HttpMethod.Get, "schedules/") { Accept = "text/csv" }));
        Assert.Equal(CpmErrorKind.MediaTypeNotAcceptable, error.Kind);
        Assert.Contains("text/csv", error.Message);
        Assert.Contains("application/json", error.Message);
        Assert.DoesNotContain("ApiVersion", error.Message);
    }

    [Fact]
    public async Task Not_acceptable_for_a_version_while_asking_for_csv_still_names_the_version()
    {
        var server = new FakeCpmServer();
        server.Route("GET", "/api/reports/audit/", _ => FakeCpmServer.Status(406, "{\"detail\":\"Invalid version in \\\"Accept\\\" header.\"}"));
        using var client = TestClients.Create(server, o => o.ApiVersion = "9.9.9");
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendRawAsync(new CpmRequest(HttpMethod.Get, "reports/audit/") { Accept = "text/csv" }));
        Assert.Equal(CpmErrorKind.VersionNotAcceptable, error.Kind);
        Assert.Contains("9.9.9", error.Message);
        Assert.Contains("-ApiVersion", error.Message);
    }

    [Fact]
    public async Task A_refused_key_names_the_console_place_the_help_names()
    {
        var server = new FakeCpmServer();
        using var client = TestClients.Create(server, o => o.ApiKey = CpmSecret.FromString("wrong-key-123456"));
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.ConnectAsync());
        Assert.Contains("user menu > API Access", error.Message);
        var help = File.ReadAllText(Path.Combine(RepoRoot(), "en-US", "Connect-CpmServer.md"));
        Assert.Contains("user menu, API Access", help); // if the help moves, this message must follow it
    }

    [Fact]
    public async Task A_connection_reset_after_a_post_was_sent_says_it_may_have_been_applied_not_to_check_the_server_name()
    {
        var server = new FakeCpmServer();
        server.Fault(r => r.Method == "POST" && r.Path == "/api/schedules/", _ => throw new HttpRequestException("The response ended prematurely.", new IOException("Connection reset by peer")));
        using var client = TestClients.Create(server);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<JObject>(new CpmRequest(HttpMethod.Post, "schedules/") { Body = new { name = "s" } }));
        Assert.Equal(CpmErrorKind.Network, error.Kind);
        Assert.True(error.MayHaveBeenApplied);
        Assert.Contains("may have been applied", error.Message);
        Assert.Contains("check on the CPM server", error.Message);
        Assert.DoesNotContain("server name", error.Message);
    }

    [Fact]
    public async Task The_timeout_message_names_the_parameter_a_user_sets()
    {
        var server = new FakeCpmServer();
        server.Hang(r => r.Path == "/api/schedules/");
        using var client = TestClients.Create(server, o => { o.Timeout = TimeSpan.FromMilliseconds(200); o.MaxRetries = 0; });
        await client.ConnectAsync();
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.SendAsync<JObject>(new CpmRequest(HttpMethod.Get, "schedules/")));
        Assert.Equal(CpmErrorKind.Timeout, error.Kind);
        Assert.Contains("Connect-CpmServer -TimeoutSec", error.Message);
        Assert.DoesNotContain("CpmClientOptions", error.Message);
    }

    static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CpmPowerShell.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root was not found.");
    }
}
