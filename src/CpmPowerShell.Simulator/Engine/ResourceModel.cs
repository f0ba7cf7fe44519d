using CpmPowerShell.Spec;

namespace CpmPowerShell.Simulator.Engine;

/// <summary>How the generic engine answers an operation, worked out from its method, path and schemas.</summary>
enum OperationKind
{
    /// <summary>GET on a collection: the stored records (array, or the page envelope).</summary>
    List,
    /// <summary>POST on a collection: a new record.</summary>
    Create,
    Read,
    Update,
    Delete,
    /// <summary>DELETE on a collection path: removes every record there.</summary>
    DeleteAll,
    /// <summary>GET of a one-object resource (settings, options): created with defaults on first read.</summary>
    SingletonRead,
    /// <summary>POST/PUT of a one-object resource: merges the body in.</summary>
    SingletonWrite,
    /// <summary>Anything else (run, abort, test, recover...): the documented status and a body of the documented shape.</summary>
    Action,
    /// <summary>A file answer: CSV-only lists, zip, bz2, certificate and template downloads.</summary>
    Download,
}

/// <summary>The fields a stored resource has: the union of its list, read, create and update schemas.</summary>
sealed class ResourceSchema
{
    readonly Dictionary<string, ApiProperty> byName = new(StringComparer.Ordinal);

    public ResourceSchema(string shape) => Shape = shape;

    public string Shape { get; }
    public List<ApiProperty> Properties { get; } = new();
    /// <summary>True when no response schema documents the resource: then a body is kept as sent.</summary>
    public bool Undocumented { get; private set; } = true;

    public ApiProperty? Property(string name) => byName.GetValueOrDefault(name);
    public bool Has(string name) => byName.ContainsKey(name);

    internal void Merge(ApiSchema? schema)
    {
        if (schema == null) return;
        foreach (var property in schema.Properties)
        {
            Undocumented = false;
            if (byName.TryAdd(property.Name, property)) Properties.Add(property);
        }
    }

    internal void EnsureId()
    {
        if (Has("id")) return;
        var id = new ApiProperty { Name = "id", Type = new ApiType { Kind = ApiKind.Integer } };
        byName["id"] = id;
        Properties.Insert(0, id);
    }
}

sealed class OperationInfo
{
    public required ApiOperation Operation { get; init; }
    public required ApiRoute Route { get; init; }
    public required OperationKind Kind { get; init; }
    /// <summary>For collection and item operations: the collection's shape; for singletons: their own.</summary>
    public string? ResourceShape { get; init; }
    public ResourceSchema? Schema { get; init; }
}

/// <summary>The spec seen as resources: which paths are collections, which are single objects, which are actions.</summary>
sealed class ResourceModel
{
    readonly Dictionary<ApiOperation, OperationInfo> infos = new();
    readonly Dictionary<string, ResourceSchema> schemas = new(StringComparer.Ordinal);
    readonly HashSet<string> collections = new(StringComparer.Ordinal);

    public ResourceModel(ApiSpec spec)
    {
        Spec = spec;
        Routes = new RouteTable(spec.Operations);
        foreach (var route in Routes.Routes)
        {
            if (route.EndsWithParameter) collections.Add(ParentShape(route.Shape));
            else if (route.Operations.TryGetValue("GET", out var get) && get.ReturnsArray) collections.Add(route.Shape);
        }
        foreach (var shape in collections) schemas[shape] = BuildCollectionSchema(shape);
        foreach (var route in Routes.Routes)
            foreach (var operation in route.Operations.Values)
                infos[operation] = Classify(route, operation);
    }

    public ApiSpec Spec { get; }
    public RouteTable Routes { get; }
    public IReadOnlyCollection<string> CollectionShapes => collections;

    public OperationInfo Info(ApiOperation operation) => infos[operation];
    public bool IsCollection(string shape) => collections.Contains(shape);
    public ResourceSchema? Schema(string shape) => schemas.GetValueOrDefault(shape);

    /// <summary>"/api/schedules/{}/disable_times/" -> "/api/schedules/{}/".</summary>
    public static string ParentShape(string shape)
    {
        var trimmed = shape.TrimEnd('/');
        return trimmed[..(trimmed.LastIndexOf('/') + 1)];
    }

    ResourceSchema BuildCollectionSchema(string shape)
    {
        var schema = new ResourceSchema(shape);
        if (Routes.ByShape(shape) is { } collection)
        {
            schema.Merge(ObjectSchema(collection.Operations.GetValueOrDefault("GET")));
            schema.Merge(ObjectSchema(collection.Operations.GetValueOrDefault("POST")));
        }
        if (Routes.ByShape(shape + "{}/") is { } item)
            foreach (var method in new[] { "GET", "PUT" })
                schema.Merge(ObjectSchema(item.Operations.GetValueOrDefault(method)));
        schema.EnsureId();
        return schema;
    }

    static ApiSchema? ObjectSchema(ApiOperation? operation) => operation?.SuccessType switch
    {
        { Kind: ApiKind.Array, Items.Kind: ApiKind.Object } type => type.Items!.Schema,
        { Kind: ApiKind.Object } type => type.Schema,
        _ => null,
    };

    OperationInfo Classify(ApiRoute route, ApiOperation operation)
    {
        var method = operation.Method;
        if (route.EndsWithParameter)
        {
            var shape = ParentShape(route.Shape);
            var kind = method switch { "GET" => OperationKind.Read, "PUT" => OperationKind.Update, "DELETE" => OperationKind.Delete, _ => OperationKind.Action };
            return Make(kind, shape, schemas.GetValueOrDefault(shape));
        }
        if (operation.SuccessType == null && (operation.Downloads.Count > 0 || method == "GET"))
        {
            // A CSV-only list exports the records of its own path, or of the list it downloads (".../download/").
            var source = collections.Contains(route.Shape) ? route.Shape : ParentShape(route.Shape);
            return Make(OperationKind.Download, source, schemas.GetValueOrDefault(source));
        }
        if (collections.Contains(route.Shape))
        {
            var kind = method switch { "GET" => OperationKind.List, "POST" => OperationKind.Create, "DELETE" => OperationKind.DeleteAll, _ => OperationKind.Action };
            return Make(kind, route.Shape, schemas[route.Shape]);
        }
        if (route.Operations.TryGetValue("GET", out var get) && get.SuccessType?.Kind == ApiKind.Object)
        {
            var schema = new ResourceSchema(route.Shape);
            schema.Merge(ObjectSchema(get));
            foreach (var writer in new[] { "POST", "PUT" })
                schema.Merge(ObjectSchema(route.Operations.GetValueOrDefault(writer)));
            var kind = method switch { "GET" => OperationKind.SingletonRead, "POST" or "PUT" => OperationKind.SingletonWrite, _ => OperationKind.Action };
            return Make(kind, route.Shape, schema);
        }
        return Make(OperationKind.Action, route.Shape, null);

        OperationInfo Make(OperationKind kind, string? shape, ResourceSchema? schema) =>
            new() { Operation = operation, Route = route, Kind = kind, ResourceShape = shape, Schema = schema };
    }
}
