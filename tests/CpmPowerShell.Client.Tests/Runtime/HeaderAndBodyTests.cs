using Xunit;
using System.Net;
using System.Net.Http;
using System.Text;
using CpmPowerShell.Client.Tests.Runtime.Fakes;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client.Tests.Runtime;

public class HeaderAndBodyTests
{
    static FakeCpmServer Server()
    {
        var server = new FakeCpmServer();
        server.RouteJson("GET", "/api/policies/", Array.Empty<object>());
        server.Route("GET", "/api/reports/backups/", _ =>
        {
            var response = FakeCpmServer.Status(200, "id,status\n1,Successful\n", "text/csv");
            response.Headers.Add("X-Request-Id", "abc");
            return response;
        });
        server.Route("GET", "/api/system/support_logs/", _ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray()) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-bzip2");
            response.Content.Headers.TryAddWithoutValidation("Content-Disposition", "attachment; filename=\"../../etc/cpm_logs.tar.bz2\"");
            return response;
        });
        server.Route("POST", "/api/schedules/", r => FakeCpmServer.Json(HttpStatusCode.Created, new { id = 1 }));
        return server;
    }

    [Fact]
    public async Task Json_calls_ask_for_the_api_version_and_carry_the_user_agent_and_bearer()
    {
        var server = Server();
        using var client = TestClients.Create(server);
        await client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/"));
        var call = server.SeenAt("/api/policies/").Single();
        Assert.Equal("application/json; version=1.5.0", call.Accept);
        Assert.Matches(@"^CpmPowerShell/\d+\.\d+", call.UserAgent);
        Assert.StartsWith("Bearer ", call.Authorization);
        var token = server.SeenAt("/api/token/obtain/api_key/").Single();
        Assert.Equal("application/json; version=1.5.0", token.Accept);
        Assert.Null(token.Authorization);
    }

    [Fact]
    public async Task No_version_means_the_servers_latest()
    {
        var server = Server();
        using var client = TestClients.Create(server, o => o.ApiVersion = "");
        await client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/"));
        Assert.Equal("application/json", server.SeenAt("/api/policies/").Single().Accept);
        Assert.Equal("", client.ApiVersion);
    }

    [Fact]
    public async Task Csv_carries_the_version_too_and_comes_back_as_text()
    {
        var server = Server();
        using var client = TestClients.Create(server);
        var response = await client.SendRawAsync(new CpmRequest(HttpMethod.Get, "reports/backups/") { Accept = "text/csv" });
        Assert.Equal("text/csv; version=1.5.0", server.SeenAt("/api/reports/backups/").Single().Accept);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("text/csv", response.MediaType);
        Assert.Equal("id,status\n1,Successful\n", response.Content);
        Assert.Equal("abc", response.Headers["X-Request-Id"]);
    }

    [Fact]
    public void A_version_the_caller_wrote_is_left_alone() =>
        Assert.Equal("application/json; version=1.2.0", CpmCall.AcceptHeader("application/json; version=1.2.0", "1.5.0"));

    [Fact]
    public async Task Json_bodies_are_sent_as_json()
    {
        var server = Server();
        using var client = TestClients.Create(server);
        await client.SendAsync(new CpmRequest(HttpMethod.Post, "schedules/") { Body = new TestPolicy { Name = "weekly" } });
        await client.SendAsync(new CpmRequest(HttpMethod.Post, "schedules/") { Body = JObject.Parse("{\"name\":\"x\",\"when\":\"2018-08-01T12:00:00Z\"}") });
        await client.SendAsync(new CpmRequest(HttpMethod.Post, "schedules/") { Body = "{\"raw\":true}" });
        var posts = server.SeenAt("/api/schedules/").ToList();
        Assert.All(posts, p => Assert.Equal("application/json", p.ContentType));
        Assert.Equal("{\"id\":0,\"name\":\"weekly\"}", posts[0].Body);
        Assert.Equal("{\"name\":\"x\",\"when\":\"2018-08-01T12:00:00Z\"}", posts[1].Body);
        Assert.Equal("{\"raw\":true}", posts[2].Body);
    }

    [Fact]
    public async Task Downloads_stream_to_the_destination_and_keep_only_the_file_name()
    {
        var server = Server();
        using var client = TestClients.Create(server);
        using var file = new MemoryStream();
        var download = await client.DownloadAsync(new CpmRequest(HttpMethod.Get, "system/support_logs/"), file);
        Assert.Equal(300_000, download.Length);
        Assert.Equal(300_000, file.Length);
        Assert.Equal("cpm_logs.tar.bz2", download.FileName);
        Assert.Equal("application/x-bzip2", download.MediaType);
        Assert.Equal((byte)(299_999 % 256), file.ToArray()[^1]);
    }

    [Fact]
    public async Task A_failed_download_raises_the_api_error()
    {
        var server = Server();
        using var client = TestClients.Create(server);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.DownloadAsync(new CpmRequest(HttpMethod.Get, "nothing/"), new MemoryStream()));
        Assert.Equal(CpmErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task A_disposed_client_refuses_calls()
    {
        var client = TestClients.Create(Server());
        client.Dispose();
        client.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.SendAsync<JArray>(new CpmRequest(HttpMethod.Get, "policies/")));
    }
}

public class ItemReadDocumentedAsArrayTests
{
    // The guide documents a custom tag's read (13.20) as answering an array; a server may send the object.
    [Theory]
    [InlineData("object")]
    [InlineData("array")]
    public async Task Reads_one_record_from_an_object_or_an_array_holding_it(string shape)
    {
        var server = new FakeCpmServer();
        object tag = new { id = 7, tag_name = "env", tag_value = "prod" };
        server.RouteJson("GET", "/api/policies/5/custom_tags/7/", shape == "array" ? new[] { tag } : tag);
        using var client = TestClients.Create(server);
        var read = await client.GetPolicyCustomTagAsync("5", "7");
        Assert.Equal(7, read.Id);
        Assert.Equal("env", read.TagName);
        Assert.Equal(5, read.PolicyId); // the path's policy id is stamped as on every child record
    }

    [Fact]
    public async Task An_empty_array_reads_as_no_record()
    {
        var server = new FakeCpmServer();
        server.RouteJson("GET", "/api/policies/5/custom_tags/7/", Array.Empty<object>());
        using var client = TestClients.Create(server);
        Assert.Null(await client.GetPolicyCustomTagAsync("5", "7"));
    }
}
