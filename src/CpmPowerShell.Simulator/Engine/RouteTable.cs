using CpmPowerShell.Spec;

namespace CpmPowerShell.Simulator.Engine;

/// <summary>One path template of the spec with the operations documented on it.</summary>
sealed class ApiRoute
{
    public required string Template { get; init; }
    /// <summary>The template with every parameter written as {} (e.g. /api/schedules/{}/disable_times/).</summary>
    public required string Shape { get; init; }
    public required string[] Segments { get; init; }
    public Dictionary<string, ApiOperation> Operations { get; } = new(StringComparer.Ordinal);
    public bool EndsWithParameter => IsParameter(Segments[^1]);

    public static bool IsParameter(string segment) => segment.StartsWith('{') && segment.EndsWith('}');

    public static string ShapeOf(string template) =>
        "/" + string.Concat(template.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => (IsParameter(s) ? "{}" : s) + "/"));
}

sealed record RouteMatch(ApiRoute Route, IReadOnlyDictionary<string, string> Parameters, string[] Segments);

/// <summary>
/// Matches request paths to the spec's templates. A parameter matches any non-empty segment, and a
/// literal segment wins over a parameter at the same place (/api/accounts/backup/ is not account "backup").
/// </summary>
sealed class RouteTable
{
    sealed class Node
    {
        public Dictionary<string, Node> Literals { get; } = new(StringComparer.Ordinal);
        public Node? Parameter { get; set; }
        public ApiRoute? Route { get; set; }
    }

    readonly Node root = new();
    readonly Dictionary<string, ApiRoute> byShape = new(StringComparer.Ordinal);

    public IEnumerable<ApiRoute> Routes => byShape.Values;

    public RouteTable(IEnumerable<ApiOperation> operations)
    {
        foreach (var operation in operations)
        {
            var shape = ApiRoute.ShapeOf(operation.Path);
            if (!byShape.TryGetValue(shape, out var route))
            {
                route = new ApiRoute { Template = operation.Path, Shape = shape, Segments = operation.Segments.ToArray() };
                byShape[shape] = route;
                Insert(route);
            }
            route.Operations[operation.Method] = operation;
        }
    }

    public ApiRoute? ByShape(string shape) => byShape.GetValueOrDefault(shape);

    void Insert(ApiRoute route)
    {
        var node = root;
        foreach (var segment in route.Segments)
            node = ApiRoute.IsParameter(segment)
                ? node.Parameter ??= new Node()
                : node.Literals.TryGetValue(segment, out var next) ? next : node.Literals[segment] = new Node();
        node.Route = route;
    }

    /// <summary>Matches a decoded request path such as "/api/schedules/5/". The trailing slash is required.</summary>
    public RouteMatch? Match(string path)
    {
        if (!path.EndsWith('/')) return null;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || path.Contains("//", StringComparison.Ordinal)) return null;
        var route = Find(root, segments, 0);
        if (route == null) return null;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < segments.Length; i++)
            if (ApiRoute.IsParameter(route.Segments[i]))
                parameters[route.Segments[i][1..^1]] = segments[i];
        return new RouteMatch(route, parameters, segments);
    }

    static ApiRoute? Find(Node node, string[] segments, int index)
    {
        if (index == segments.Length) return node.Route;
        if (node.Literals.TryGetValue(segments[index], out var literal) && Find(literal, segments, index + 1) is { } found)
            return found;
        return node.Parameter != null ? Find(node.Parameter, segments, index + 1) : null;
    }
}
