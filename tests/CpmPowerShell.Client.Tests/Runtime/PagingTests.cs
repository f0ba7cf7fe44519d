using Xunit;
using System.Net;
using System.Net.Http;
using System.Runtime.Serialization;
using CpmPowerShell.Client.Tests.Runtime.Fakes;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client.Tests.Runtime;

[DataContract]
public sealed class TestPolicy : CpmModel
{
    [DataMember(Name = "id")] public int Id { get; set; }
    [DataMember(Name = "name")] public string Name { get; set; }
}

/// <summary>A model whose fields the server may fill with JSON of another type than declared.</summary>
[DataContract]
public sealed class TestLooseRecord : CpmModel
{
    [DataMember(Name = "text", EmitDefaultValue = false)] public string Text { get; set; }
    [DataMember(Name = "number", EmitDefaultValue = false)] public int Number { get; set; }
    [DataMember(Name = "big", EmitDefaultValue = false)] public long? Big { get; set; }
    [DataMember(Name = "when", EmitDefaultValue = false)] public DateTime? When { get; set; }
    [DataMember(Name = "flag", EmitDefaultValue = false)] public bool? Flag { get; set; }
    [DataMember(Name = "tags", EmitDefaultValue = false)] public List<string> Tags { get; set; }
}

public class PagingTests
{
    const string Path = "/api/policies/";

    /// <summary>Serves n policies the way Django REST framework pages them; without page, a bare array.</summary>
    static FakeCpmServer Server(int count, bool honourPaging = true)
    {
        var server = new FakeCpmServer();
        var all = Enumerable.Range(1, count).Select(i => new JObject { ["id"] = i, ["name"] = "p" + i }).ToList();
        server.Route("GET", Path, r =>
        {
            var page = r.QueryValue("page");
            if (!honourPaging || page == null) return FakeCpmServer.Json(HttpStatusCode.OK, new JArray(all));
            var number = int.Parse(page);
            var size = int.Parse(r.QueryValue("page_size"));
            var slice = all.Skip((number - 1) * size).Take(size).ToList();
            if (slice.Count == 0 && number > 1) return FakeCpmServer.Json(HttpStatusCode.NotFound, new { detail = "Invalid page." });
            // The server names itself by an inside name the client cannot reach: the link must not be followed.
            var next = number * size < all.Count ? $"https://cpm-internal:8443/api/policies/?page={number + 1}&page_size={size}" : null;
            var previous = number > 1 ? $"https://cpm-internal:8443/api/policies/?page={number - 1}&page_size={size}" : null;
            return FakeCpmServer.Json(HttpStatusCode.OK, new JObject { ["count"] = all.Count, ["next"] = next, ["previous"] = previous, ["results"] = new JArray(slice) });
        });
        return server;
    }

    static CpmClient Client(FakeCpmServer server, int pageSize = 100) => TestClients.Create(server, o => o.PageSize = pageSize);

    static List<SeenRequest> Pages(FakeCpmServer server) => server.SeenAt(Path).ToList();

    [Fact]
    public void Follows_the_envelope_to_the_end_building_each_request_itself()
    {
        var server = Server(250);
        using var client = Client(server);
        var items = client.Paginate<TestPolicy>(new CpmRequest(HttpMethod.Get, "policies/").WithQuery("account", 3)).ToList();

        Assert.Equal(Enumerable.Range(1, 250), items.Select(p => p.Id));
        var pages = Pages(server);
        Assert.Equal(new[] { "1", "2", "3" }, pages.Select(p => p.QueryValue("page")));
        Assert.All(pages, p => Assert.Equal("100", p.QueryValue("page_size")));
        Assert.All(pages, p => Assert.Equal("3", p.QueryValue("account")));
        Assert.All(server.Seen, r => Assert.Equal("cpm.test", r.Host));
    }

    [Fact]
    public void A_bare_array_is_the_whole_list()
    {
        var server = Server(250, honourPaging: false);
        using var client = Client(server);
        Assert.Equal(250, client.Paginate<TestPolicy>(new CpmRequest(HttpMethod.Get, "policies/")).Count());
        Assert.Single(Pages(server));
    }

    [Fact]
    public void Skip_starts_at_the_right_page()
    {
        var server = Server(250);
        using var client = Client(server);
        var items = client.Paginate<TestPolicy>(new CpmRequest(HttpMethod.Get, "policies/"), skip: 150).ToList();
        Assert.Equal(Enumerable.Range(151, 100), items.Select(p => p.Id));
        Assert.Equal(new[] { "2", "3" }, Pages(server).Select(p => p.QueryValue("page")));
    }

    [Fact]
    public void Skip_on_a_bare_array_drops_items_client_side()
    {
        var server = Server(250, honourPaging: false);
        using var client = Client(server);
        var items = client.Paginate<TestPolicy>(new CpmRequest(HttpMethod.Get, "policies/"), skip: 230).ToList();
        Assert.Equal(Enumerable.Range(231, 20), items.Select(p => p.Id));
    }

    [Fact]
    public void Skip_past_the_end_yields_nothing()
    {
        var server = Server(50);
        using var client = Client(server, pageSize: 20);
        Assert.Empty(client.Paginate<TestPolicy>(new CpmRequest(HttpMethod.Get, "policies/"), skip: 500));
    }

    [Fact]
    public void An_exact_multiple_of_the_page_size_stops_on_next_null()
    {
        var server = Server(40);
        using var client = Client(server, pageSize: 20);
        Assert.Equal(40, client.Paginate<JObject>(new CpmRequest(HttpMethod.Get, "policies/")).Count());
        Assert.Equal(2, Pages(server).Count);
    }

    [Fact]
    public void Pages_are_fetched_lazily()
    {
        var server = Server(250);
        using var client = Client(server);
        using var items = client.Paginate<TestPolicy>(new CpmRequest(HttpMethod.Get, "policies/")).GetEnumerator();
        Assert.Empty(Pages(server)); // nothing before the first MoveNext
        Assert.True(items.MoveNext());
        Assert.Equal(1, items.Current.Id);
        Assert.Single(Pages(server));
        for (var i = 0; i < 100; i++) items.MoveNext();
        Assert.Equal(101, items.Current.Id);
        Assert.Equal(2, Pages(server).Count);
    }

    [Fact]
    public void The_enumerator_tells_which_items_are_already_in_memory()
    {
        var server = Server(250);
        using var client = Client(server);
        using var items = client.Paginate<TestPolicy>(new CpmRequest(HttpMethod.Get, "policies/")).GetEnumerator();
        var buffer = Assert.IsAssignableFrom<ICpmPageBuffer>(items);
        Assert.False(buffer.HasBufferedItem); // the first MoveNext fetches page 1
        var ids = new List<int>();
        var fetchedAt = new List<int>();
        while (true)
        {
            var buffered = buffer.HasBufferedItem;
            var before = Pages(server).Count;
            if (!items.MoveNext()) break;
            ids.Add(items.Current.Id);
            Assert.Equal(buffered, Pages(server).Count == before); // buffered: no request; not buffered: one
            if (!buffered) fetchedAt.Add(items.Current.Id);
        }
        Assert.Equal(Enumerable.Range(1, 250), ids);
        Assert.Equal(new[] { 1, 101, 201 }, fetchedAt);
        Assert.False(buffer.HasBufferedItem);
        Assert.False(items.MoveNext());
        Assert.Equal(3, Pages(server).Count);
    }

    [Theory]
    // Text given as numbers and booleans, numbers as text, dates with offsets, fields the model lacks.
    [InlineData("""{"text":1.50,"number":"7","big":5.0,"when":"2025-07-01T01:02:05.123+02:00","flag":1,"tags":[true,1e3,"x"],"extra":1.50}""")]
    [InlineData("""{"text":true,"number":5.5,"when":"2025-07-01","extra":{"nested":[1,2.0,"2025-07-01T00:00:00Z"]}}""")]
    [InlineData("""{"text":null,"number":-3,"big":12345678901,"flag":"false","tags":[]}""")]
    public async Task A_page_reads_exactly_as_its_items_parsed_one_by_one_as_tokens(string record)
    {
        var body = "{\"count\":3,\"next\":\"https://elsewhere/?page=2\",\"previous\":null,\"results\":[" + record + "," + record + "," + record + "]}";
        var server = new FakeCpmServer();
        server.Route("GET", Path, _ => FakeCpmServer.Status(200, body));
        using var client = Client(server);

        var page = await client.GetPageAsync<TestLooseRecord>(new CpmRequest(HttpMethod.Get, "policies/"), 1, 3);

        // What the client made of a page before it learnt to read envelopes straight from the text.
        var expected = CpmJson.Parse("[" + record + "," + record + "," + record + "]").ToObject<List<TestLooseRecord>>(CpmJson.Serializer);
        Assert.Equal(CpmJson.Serialize(expected), CpmJson.Serialize(page.Items));
        Assert.Equal(3, page.TotalCount);
        Assert.True(page.HasMore);
    }

    [Fact]
    public async Task A_page_that_is_not_json_is_an_invalid_response()
    {
        var server = new FakeCpmServer();
        server.Route("GET", Path, _ => FakeCpmServer.Status(200, "{\"count\":1,\"results\":[{\"id\":1,<html>", "application/json"));
        using var client = Client(server);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.GetPageAsync<TestPolicy>(new CpmRequest(HttpMethod.Get, "policies/"), 1, 100));
        Assert.Equal(CpmErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("expected a list of TestPolicy", error.Message);
        Assert.Contains("received text that is not JSON", error.Message);
    }

    [Fact]
    public void Cancellation_stops_the_listing()
    {
        var server = Server(250);
        using var client = Client(server);
        using var cancel = new CancellationTokenSource();
        using var items = client.Paginate<TestPolicy>(new CpmRequest(HttpMethod.Get, "policies/"), cancellationToken: cancel.Token).GetEnumerator();
        Assert.True(items.MoveNext());
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => items.MoveNext());
        Assert.Single(Pages(server));
    }

    [Fact]
    public void Errors_surface_from_the_listing()
    {
        var server = new FakeCpmServer();
        using var client = Client(server);
        var error = Assert.Throws<CpmApiException>(() => client.Paginate<TestPolicy>(new CpmRequest(HttpMethod.Get, "nothing/")).ToList());
        Assert.Equal(CpmErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task One_page_reports_count_and_more()
    {
        var server = Server(250);
        using var client = Client(server);
        var request = new CpmRequest(HttpMethod.Get, "policies/?page=9");
        var page = await client.GetPageAsync<TestPolicy>(request, 3, 100);
        Assert.Equal(50, page.Items.Count);
        Assert.Equal(250, page.TotalCount);
        Assert.False(page.HasMore);
        Assert.Equal(3, page.Page);
        var first = await client.GetPageAsync<TestPolicy>(request, 1, 100);
        Assert.True(first.HasMore);
        Assert.Equal("1", Pages(server).Last().QueryValue("page")); // the page in the path was replaced
        Assert.Empty(request.Query); // the caller's request is left as it was
    }

    [Fact]
    public async Task One_page_of_a_bare_array_has_no_count()
    {
        var server = Server(5, honourPaging: false);
        using var client = Client(server);
        var page = await client.GetPageAsync<JToken>(new CpmRequest(HttpMethod.Get, "policies/"), 1, 100);
        Assert.Equal(5, page.Items.Count);
        Assert.Null(page.TotalCount);
        Assert.False(page.HasMore);
    }

    [Fact]
    public void A_page_whose_results_is_not_a_list_is_an_invalid_response()
    {
        var server = new FakeCpmServer();
        server.Route("GET", "/api/schedules/", _ => FakeCpmServer.Status(200, """{"count":1,"next":null,"results":{"id":1,"name":"s"}}"""));
        using var client = Client(server);
        var error = Assert.Throws<CpmApiException>(() => client.Paginate<TestPolicy>(new CpmRequest(HttpMethod.Get, "schedules/")).ToList());
        Assert.Equal(CpmErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("GET /api/schedules/", error.Message);
        Assert.Contains("expected", error.Message);
        Assert.Contains("'results' to be a JSON array", error.Message);
        Assert.Contains("received a JSON object", error.Message);
    }

    [Theory]
    [InlineData("""{"id":1,"name":"prod"}""", "a JSON object")]
    [InlineData("\"prod\"", "a JSON string")]
    [InlineData("42", "a JSON number")]
    public void A_list_endpoint_answering_something_else_than_a_list_is_an_invalid_response(string body, string received)
    {
        var server = new FakeCpmServer();
        server.Route("GET", Path, _ => FakeCpmServer.Status(200, body));
        using var client = Client(server);
        var error = Assert.Throws<CpmApiException>(() => client.Paginate<TestPolicy>(new CpmRequest(HttpMethod.Get, "policies/")).ToList());
        Assert.Equal(CpmErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("GET /api/policies/", error.Message);
        Assert.Contains("expected a list of TestPolicy", error.Message);
        Assert.Contains("received " + received, error.Message);
    }

    [Fact]
    public async Task A_page_whose_items_are_not_records_is_an_invalid_response()
    {
        var server = new FakeCpmServer();
        server.Route("GET", Path, _ => FakeCpmServer.Status(200, """{"count":2,"next":null,"results":[{"id":1},"two"]}"""));
        using var client = Client(server);
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.GetPageAsync<TestPolicy>(new CpmRequest(HttpMethod.Get, "policies/"), 1, 100));
        Assert.Equal(CpmErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("results[1]", error.Message);
        Assert.Contains("received a JSON string", error.Message);
    }
}
