using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Spec;

/// <summary>The CPM API description (src/api/cpm-api.json) as typed operations and schemas.</summary>
public sealed class ApiSpec
{
    public required string Version { get; init; }
    public required IReadOnlyList<string> ApiVersions { get; init; }
    public required IReadOnlyList<ApiOperation> Operations { get; init; }
    public required IReadOnlyDictionary<string, ApiSchema> Schemas { get; init; }

    public ApiOperation? Find(string method, string path) =>
        Operations.FirstOrDefault(o => o.Method == method.ToUpperInvariant() && o.Path == path);

    public static ApiSpec Load(string path) => Parse(JObject.Parse(File.ReadAllText(path)));

    public static ApiSpec Parse(JObject json)
    {
        var reader = new SpecReader(json);
        return reader.Read();
    }

    /// <summary>Finds src/api/cpm-api.json by walking up from a folder (tests and tools run from bin/).</summary>
    public static string LocateInRepo(string startFolder)
    {
        for (var dir = new DirectoryInfo(startFolder); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "api", "cpm-api.json");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"src/api/cpm-api.json not found above '{startFolder}'.");
    }
}

public sealed class ApiOperation
{
    public required string Method { get; init; }
    public required string Path { get; init; }
    public required string OperationId { get; init; }
    public required string Summary { get; init; }
    public required string Tag { get; init; }
    public required string Section { get; init; }
    public required IReadOnlyList<ApiParameter> PathParameters { get; init; }
    public required IReadOnlyList<ApiParameter> QueryParameters { get; init; }
    /// <summary>The JSON request body, or null when the operation takes none.</summary>
    public ApiSchema? RequestBody { get; init; }
    public bool RequestBodyRequired { get; init; }
    /// <summary>Media types accepted for the body (application/json; token calls also take form encoding).</summary>
    public required IReadOnlyList<string> Consumes { get; init; }
    public required int SuccessStatus { get; init; }
    /// <summary>Every documented status code, success and failure.</summary>
    public required IReadOnlyList<int> Statuses { get; init; }
    /// <summary>The JSON success body (an object schema, or an array of one), or null.</summary>
    public ApiType? SuccessType { get; init; }
    public required IReadOnlyList<string> Produces { get; init; }
    public required IReadOnlyList<string> Downloads { get; init; }
    public bool Paginated { get; init; }
    public required IReadOnlyList<string> SearchFields { get; init; }
    public required IReadOnlyList<string> OrderingFields { get; init; }
    public required IReadOnlyList<string> FilterFields { get; init; }
    public required IReadOnlyList<string> Permissions { get; init; }
    public required string InitialRelease { get; init; }
    public required string LastModified { get; init; }
    public bool Deprecated { get; init; }
    public string? DeprecatedSince { get; init; }
    /// <summary>Path segments, e.g. ["api","schedules","{schedule_id}","run_times"].</summary>
    public IReadOnlyList<string> Segments => Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
    public bool ReturnsArray => SuccessType?.Kind == ApiKind.Array;
    public ApiParameter? Query(string name) => QueryParameters.FirstOrDefault(p => p.Name == name);
    public override string ToString() => Method + " " + Path;
}

public sealed class ApiParameter
{
    public required string Name { get; init; }
    public required string In { get; init; }
    public bool Required { get; init; }
    public required ApiType Type { get; init; }
    public string? Description { get; init; }
}

public enum ApiKind { String, Integer, Number, Boolean, Enum, Object, Array, Binary }

public sealed class ApiType
{
    public required ApiKind Kind { get; init; }
    public IReadOnlyList<string> EnumValues { get; init; } = Array.Empty<string>();
    /// <summary>Code -> the guide's label, e.g. "W" -> "Weeks".</summary>
    public IReadOnlyDictionary<string, string> EnumLabels { get; init; } = new Dictionary<string, string>();
    /// <summary>For Object: the referenced schema (null for free-form objects).</summary>
    public ApiSchema? Schema { get; init; }
    /// <summary>For Array: the item type.</summary>
    public ApiType? Items { get; init; }
    public string? Description { get; init; }
}

public sealed class ApiSchema
{
    public required string Name { get; init; }
    public List<ApiProperty> Properties { get; } = new();
    public ApiProperty? Property(string name) => Properties.FirstOrDefault(p => p.Name == name);
}

public sealed class ApiProperty
{
    public required string Name { get; init; }
    public bool Required { get; init; }
    public required ApiType Type { get; init; }
    public string? Description => Type.Description;
}

sealed class SpecReader
{
    readonly JObject json;
    readonly Dictionary<string, ApiSchema> schemas = new(StringComparer.Ordinal);
    readonly JObject schemaJson;

    public SpecReader(JObject json)
    {
        this.json = json;
        schemaJson = (JObject?)json["components"]?["schemas"] ?? new JObject();
    }

    public ApiSpec Read()
    {
        foreach (var property in schemaJson.Properties()) SchemaNamed(property.Name);
        var operations = new List<ApiOperation>();
        foreach (var path in ((JObject)json["paths"]!).Properties())
            foreach (var method in ((JObject)path.Value).Properties())
                operations.Add(ReadOperation(path.Name, method.Name.ToUpperInvariant(), (JObject)method.Value));
        var info = (JObject)json["info"]!;
        return new ApiSpec
        {
            Version = (string)info["version"]!,
            ApiVersions = info["x-api-versions"]?.Select(v => (string)v["apiVersion"]!).ToList() ?? new List<string>(),
            Operations = operations,
            Schemas = schemas,
        };
    }

    ApiOperation ReadOperation(string path, string method, JObject op)
    {
        var parameters = op["parameters"]?.Cast<JObject>().Select(p => new ApiParameter
        {
            Name = (string)p["name"]!,
            In = (string)p["in"]!,
            Required = (bool?)p["required"] ?? false,
            Type = ReadType((JObject)p["schema"]!),
            Description = (string?)p["description"],
        }).ToList() ?? new List<ApiParameter>();

        ApiSchema? body = null;
        var consumes = new List<string>();
        if (op["requestBody"] is JObject requestBody)
        {
            var content = (JObject)requestBody["content"]!;
            consumes.AddRange(content.Properties().Select(p => p.Name));
            body = ReadType((JObject)content.Properties().First().Value["schema"]!).Schema;
        }

        var responses = (JObject)op["responses"]!;
        var successStatus = int.Parse((string)op["x-success-code"]!);
        ApiType? successType = null;
        if (responses[successStatus.ToString()]?["content"]?["application/json"]?["schema"] is JObject successSchema)
            successType = ReadType(successSchema);

        return new ApiOperation
        {
            Method = method,
            Path = path,
            OperationId = (string)op["operationId"]!,
            Summary = (string?)op["summary"] ?? "",
            Tag = (string?)op["tags"]?.First ?? "",
            Section = (string?)op["x-section"] ?? "",
            PathParameters = parameters.Where(p => p.In == "path").ToList(),
            QueryParameters = parameters.Where(p => p.In == "query").ToList(),
            RequestBody = body,
            RequestBodyRequired = (bool?)op["requestBody"]?["required"] ?? false,
            Consumes = consumes,
            SuccessStatus = successStatus,
            Statuses = responses.Properties().Select(p => int.Parse(p.Name)).ToList(),
            SuccessType = successType,
            Produces = Strings(op["x-produces"]),
            Downloads = Strings(op["x-downloads"]),
            Paginated = (bool?)op["x-paginated"] ?? false,
            SearchFields = Strings(op["x-search-fields"]),
            OrderingFields = Strings(op["x-ordering-fields"]),
            FilterFields = Strings(op["x-filter-fields"]),
            Permissions = Strings(op["x-permissions"]),
            InitialRelease = (string?)op["x-initial-release"] ?? "",
            LastModified = (string?)op["x-last-modified"] ?? "",
            Deprecated = (bool?)op["deprecated"] ?? false,
            DeprecatedSince = (string?)op["x-deprecated-since"],
        };
    }

    static IReadOnlyList<string> Strings(JToken? token) =>
        token?.Select(t => (string)t!).ToList() ?? new List<string>();

    ApiSchema SchemaNamed(string name)
    {
        if (schemas.TryGetValue(name, out var existing)) return existing;
        var definition = (JObject?)schemaJson[name] ?? throw new InvalidDataException($"Schema '{name}' is referenced but not defined.");
        var schema = new ApiSchema { Name = name };
        schemas[name] = schema; // registered before its properties, so cycles would resolve
        var required = new HashSet<string>(Strings(definition["required"]));
        foreach (var property in ((JObject?)definition["properties"] ?? new JObject()).Properties())
            schema.Properties.Add(new ApiProperty
            {
                Name = property.Name,
                Required = required.Contains(property.Name),
                Type = ReadType((JObject)property.Value),
            });
        return schema;
    }

    ApiType ReadType(JObject schema)
    {
        if ((string?)schema["$ref"] is { } reference)
            return new ApiType { Kind = ApiKind.Object, Schema = SchemaNamed(reference[(reference.LastIndexOf('/') + 1)..]) };
        var description = (string?)schema["description"];
        var type = (string?)schema["type"];
        if (schema["enum"] is JArray values)
            return new ApiType
            {
                Kind = ApiKind.Enum,
                EnumValues = values.Select(v => (string)v!).ToList(),
                EnumLabels = ((JObject?)schema["x-enum-labels"])?.Properties().ToDictionary(p => p.Name, p => (string)p.Value!) ?? new Dictionary<string, string>(),
                Description = description,
            };
        return type switch
        {
            "integer" => new ApiType { Kind = ApiKind.Integer, Description = description },
            "number" => new ApiType { Kind = ApiKind.Number, Description = description },
            "boolean" => new ApiType { Kind = ApiKind.Boolean, Description = description },
            "array" => new ApiType { Kind = ApiKind.Array, Items = ReadType((JObject)schema["items"]!), Description = description },
            "object" => new ApiType { Kind = ApiKind.Object, Description = description },
            "string" when (string?)schema["format"] == "binary" => new ApiType { Kind = ApiKind.Binary, Description = description },
            _ => new ApiType { Kind = ApiKind.String, Description = description },
        };
    }
}
