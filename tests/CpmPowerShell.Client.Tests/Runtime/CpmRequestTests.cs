using Xunit;
using System.Globalization;
using System.Net.Http;
using System.Runtime.Serialization;
using CpmPowerShell.Client.Tests.Runtime.Fakes;

namespace CpmPowerShell.Client.Tests.Runtime;

public enum TestUnit
{
    Unknown = 0,
    [EnumMember(Value = "W")] Weeks,
    [EnumMember(Value = "D")] Days,
}

public class CpmRequestTests
{
    [Theory]
    [InlineData("policies/")]
    [InlineData("/policies/")]
    [InlineData("/api/policies/")]
    [InlineData("api/policies")]
    [InlineData("policies")]
    public void Paths_resolve_to_the_api_path(string path) =>
        Assert.Equal("/api/policies/", new CpmRequest(HttpMethod.Get, path).ResolvePath());

    [Fact]
    public void Placeholders_are_filled_by_name_and_escaped()
    {
        var request = new CpmRequest(HttpMethod.Get, "/api/policies/{policy_id}/custom_tags/{id}/")
            .WithPath("id", "a b/c")
            .WithPath("policy_id", 5);
        Assert.Equal("/api/policies/5/custom_tags/a%20b%2Fc/", request.ResolvePath());
    }

    [Fact]
    public void An_unfilled_placeholder_is_named_in_the_error()
    {
        var request = new CpmRequest(HttpMethod.Get, "/api/schedules/{schedule_id}/run_times/");
        var error = Assert.Throws<ArgumentException>(() => request.ResolvePath());
        Assert.Contains("{schedule_id}", error.Message);
        Assert.Equal("GET /api/schedules/{schedule_id}/run_times/", request.ToString()); // ToString never throws
    }

    [Fact]
    public void ToString_shows_method_and_path_without_query()
    {
        var request = new CpmRequest(HttpMethod.Delete, "schedules/{id}/").WithPath("id", 9).WithQuery("force", true);
        Assert.Equal("DELETE /api/schedules/9/", request.ToString());
    }

    [Fact]
    public void Query_values_are_formatted_invariantly()
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var request = new CpmRequest(HttpMethod.Get, "x/")
                .WithQuery("flag", true)
                .WithQuery("off", false)
                .WithQuery("ratio", 1.5)
                .WithQuery("big", 1234567L)
                .WithQuery("unit", TestUnit.Weeks)
                .WithQuery("ids", new[] { 1, 2, 3 })
                .WithQuery("skipped", null)
                .WithQuery("utc", new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc))
                .WithQuery("offset", new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.FromHours(2)));
            var query = request.Query.ToDictionary(p => p.Key, p => p.Value);
            Assert.Equal("true", query["flag"]);
            Assert.Equal("false", query["off"]);
            Assert.Equal("1.5", query["ratio"]);
            Assert.Equal("1234567", query["big"]);
            Assert.Equal("W", query["unit"]);
            Assert.Equal("1,2,3", query["ids"]);
            Assert.False(query.ContainsKey("skipped"));
            Assert.Equal("2024-05-01T10:00:00Z", query["utc"]);
            Assert.Equal("2024-05-01T10:00:00Z", query["offset"]);
        }
        finally { CultureInfo.CurrentCulture = saved; }
    }

    [Fact]
    public void Unspecified_and_local_times_are_read_as_local_and_sent_as_utc()
    {
        var typed = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Unspecified);
        var expected = DateTime.SpecifyKind(typed, DateTimeKind.Local).ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        Assert.Equal(expected, new CpmRequest(HttpMethod.Get, "x/").WithQuery("from", typed).Query.Single().Value);
        Assert.Equal(expected, new CpmRequest(HttpMethod.Get, "x/").WithQuery("from", DateTime.SpecifyKind(typed, DateTimeKind.Local)).Query.Single().Value);
    }

    [Fact]
    public void Unknown_enum_value_cannot_be_sent() =>
        Assert.Throws<ArgumentException>(() => new CpmRequest(HttpMethod.Get, "x/").WithQuery("unit", TestUnit.Unknown));

    [Fact]
    public async Task The_uri_carries_escaped_query_and_a_pasted_url_loses_its_host()
    {
        var server = new FakeCpmServer();
        server.RouteJson("GET", "/api/policies/", Array.Empty<object>());
        using var client = TestClients.Create(server);

        await client.SendAsync<object>(new CpmRequest(HttpMethod.Get, "policies/").WithQuery("search", "a&b c").WithQuery("ordering", "-name,id"));
        var first = server.SeenAt("/api/policies/").Last();
        Assert.Equal("a&b c", first.QueryValue("search"));
        Assert.Equal("-name,id", first.QueryValue("ordering"));

        await client.SendAsync<object>(new CpmRequest(HttpMethod.Get, "https://elsewhere.example:9999/api/policies/?page=2&page_size=5").WithQuery("account", 1));
        var second = server.SeenAt("/api/policies/").Last();
        Assert.Equal("cpm.test", second.Host);
        Assert.Equal("2", second.QueryValue("page"));
        Assert.Equal("1", second.QueryValue("account"));
    }
}
