using CpmPowerShell.Spec;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Engine;

/// <summary>An authenticated, routed and validated call, as handlers see it.</summary>
sealed class ApiRequest
{
    public required HttpContext Http { get; init; }
    public required OperationInfo Info { get; init; }
    public required RouteMatch Match { get; init; }
    /// <summary>The body reduced to the documented fields with normalised values (empty when none).</summary>
    public required JObject Body { get; init; }
    public required long UserId { get; init; }
    public required bool WantsCsv { get; init; }
    public required string ApiVersion { get; init; }
    public required DateTimeOffset Now { get; init; }

    public ApiOperation Operation => Info.Operation;
    public IQueryCollection Query => Http.Request.Query;

    /// <summary>The request path, e.g. "/api/schedules/5/disable_times/".</summary>
    public string Path => "/" + string.Join('/', Match.Segments) + "/";

    /// <summary>The last path segment: the record id of an item operation.</summary>
    public string ItemId => Match.Segments[^1];

    /// <summary>For item operations: the path of the collection holding the record.</summary>
    public string CollectionPath => Info.Route.EndsWithParameter ? ParentPath(Path) : Path;

    public string? PathParameter(string name) => Match.Parameters.GetValueOrDefault(name);

    public string? QueryValue(string name) =>
        Query.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;

    public static string ParentPath(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed[..(trimmed.LastIndexOf('/') + 1)];
    }
}
