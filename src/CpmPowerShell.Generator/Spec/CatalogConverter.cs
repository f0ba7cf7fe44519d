using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Generator.Spec;

/// <summary>
/// Converts the parsed endpoint catalog of the vendor guide (cpm-endpoints.json) into our OpenAPI 3
/// description, src/api/cpm-api.json. It runs once per guide release; afterwards the repo owns the spec.
/// Vendor facts that OpenAPI has no keyword for travel as x- extensions (see docs in build.ps1 -Task ImportSpec).
/// </summary>
public static class CatalogConverter
{
    public static JObject Convert(JObject catalog)
    {
        var meta = (JObject)catalog["meta"]!;
        var schemas = new SortedDictionary<string, JObject>(StringComparer.Ordinal);
        var paths = new JObject();
        var usedOperationIds = new HashSet<string>(StringComparer.Ordinal);

        foreach (var endpoint in catalog["endpoints"]!.Cast<JObject>())
        {
            var path = (string)endpoint["path"]!;
            var method = ((string)endpoint["method"]!).ToLowerInvariant();
            if (paths[path] is not JObject pathItem)
            {
                pathItem = new JObject();
                paths[path] = pathItem;
            }
            pathItem[method] = ConvertOperation(endpoint, schemas, usedOperationIds);
        }

        var tags = new JArray(catalog["chapters"]!.Cast<JObject>().Select(c => new JObject
        {
            ["name"] = (string)c["name"]!,
            ["x-chapter"] = (int)c["chapter"]!,
            ["x-path-segment"] = (string?)c["path_segment"],
        }));

        return new JObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JObject
            {
                ["title"] = "N2WS Cloud Protection Manager (CPM) REST API",
                ["version"] = (string)meta["api_version"]!,
                ["description"] = "The CPM REST API as documented in the vendor's API guide, converted from the guide's endpoint catalog. " +
                                  "Paths carry the /api prefix. Send 'Accept: application/json; version=<x-api-versions>'. " +
                                  "Lists marked x-paginated return a {count,next,previous,results} envelope when page/page_size are sent and a bare array otherwise.",
                ["x-api-versions"] = new JArray(meta["api_versions"]!.Select(v => new JObject
                {
                    ["apiVersion"] = (string)v["api_version"]!,
                    ["cpmVersion"] = (string)v["cpm_version"]!,
                })),
                ["x-endpoint-count"] = catalog["endpoints"]!.Count(),
            },
            ["servers"] = new JArray(new JObject
            {
                ["url"] = "https://{host}",
                ["variables"] = new JObject { ["host"] = new JObject { ["default"] = "cpm.example.com" } },
            }),
            ["tags"] = tags,
            ["paths"] = paths,
            ["components"] = new JObject
            {
                ["securitySchemes"] = new JObject
                {
                    ["bearer"] = new JObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT" },
                },
                ["schemas"] = new JObject(schemas.Select(kv => new JProperty(kv.Key, kv.Value))),
            },
            ["security"] = new JArray(new JObject { ["bearer"] = new JArray() }),
        };
    }

    static JObject ConvertOperation(JObject e, IDictionary<string, JObject> schemas, HashSet<string> usedIds)
    {
        var method = (string)e["method"]!;
        var path = (string)e["path"]!;
        var op = new JObject
        {
            ["operationId"] = OperationId(e, usedIds),
            ["summary"] = (string)e["title"]!,
            ["description"] = (string?)e["summary"] ?? "",
            ["tags"] = new JArray((string)e["chapter_name"]!),
            ["x-section"] = (string)e["section"]!,
        };

        var parameters = new JArray();
        foreach (var p in e["path_params"]!.Concat(e["query_params"]!).Concat(e["header_params"]!).Cast<JObject>())
        {
            var parameter = new JObject
            {
                ["name"] = (string)p["name"]!,
                ["in"] = (string?)p["in"] ?? "query",
                ["required"] = (bool)p["required"]!,
            };
            var description = (string?)p["description"];
            if (!string.IsNullOrEmpty(description) && description != "None") parameter["description"] = description;
            var parameterSchema = FieldSchema(p, schemas);
            parameterSchema.Remove("description"); // said once, on the parameter
            parameter["schema"] = parameterSchema;
            parameters.Add(parameter);
        }
        if (parameters.Count > 0) op["parameters"] = parameters;

        if (e["body"] is JObject body && body.HasValues)
        {
            var schemaName = (string)body["schema"]!;
            schemas[schemaName] = ObjectSchema(body["fields"]!.Cast<JObject>(), schemas);
            var content = new JObject
            {
                ["application/json"] = new JObject { ["schema"] = Ref(schemaName) },
            };
            // The guide's overview and Python sample post the token calls form-encoded; both forms are accepted.
            if (path.StartsWith("/api/token/", StringComparison.Ordinal))
                content["application/x-www-form-urlencoded"] = new JObject { ["schema"] = Ref(schemaName) };
            op["requestBody"] = new JObject { ["required"] = (bool)body["required"]!, ["content"] = content };
        }

        var produces = e["produces"]!.Select(t => (string)t!).ToList();
        var responses = new JObject();
        foreach (var r in ((JObject)e["responses"]!).Properties())
        {
            var code = r.Name;
            var response = new JObject { ["description"] = (string?)r.Value["description"] ?? "" };
            if (code.StartsWith('2'))
            {
                var content = SuccessContent(e, code, (string?)r.Value["schema"], (bool?)r.Value["is_array"] ?? false, produces, schemas);
                if (content != null) response["content"] = content;
            }
            responses[code] = response;
        }
        op["responses"] = responses;

        op["x-success-code"] = (string)e["success_code"]!;
        if (produces.Count > 0) op["x-produces"] = new JArray(produces);
        var downloads = e["downloads"]!.Select(t => (string)t!).ToList();
        if (downloads.Count > 0) op["x-downloads"] = new JArray(downloads);
        if ((bool)e["supports_pagination"]!) op["x-paginated"] = true;
        AddList(op, "x-search-fields", e["search_fields"]);
        AddList(op, "x-ordering-fields", e["ordering_fields"]);
        AddList(op, "x-filter-fields", e["filter_fields"]);
        AddList(op, "x-csv-notes", e["csv_notes"]);
        AddList(op, "x-permissions", e["permissions"]);
        op["x-initial-release"] = (string)e["initial_release"]!;
        op["x-last-modified"] = (string)e["last_modified_version"]!;
        if ((bool)e["deprecated"]!)
        {
            op["deprecated"] = true;
            op["x-deprecated-since"] = (string?)e["deprecated_since"];
        }
        var hints = (JObject?)e["hints"];
        if (hints?["destructive"] is JValue { Type: JTokenType.String } destructive) op["x-destructive"] = destructive;
        if (hints?["long_running"] is JToken longRunning && longRunning.Type != JTokenType.Null) op["x-long-running"] = longRunning.DeepClone();
        op["x-guide-line"] = (int)e["line"]!;
        return op;
    }

    static JObject? SuccessContent(JObject e, string code, string? schemaName, bool isArray, List<string> produces, IDictionary<string, JObject> schemas)
    {
        var content = new JObject();
        var mediaTypes = produces.Count > 0 ? produces : (schemaName != null ? new List<string> { "application/json" } : new List<string>());
        foreach (var media in mediaTypes)
        {
            JObject schema;
            if (media == "application/json" && schemaName == "object")
            {
                schema = new JObject { ["type"] = "object", ["additionalProperties"] = true }; // documented only as "object"
            }
            else if (media == "application/json" && schemaName != null)
            {
                if (!schemas.ContainsKey(schemaName))
                    schemas[schemaName] = ObjectSchema(e["response_fields"]!.Cast<JObject>(), schemas);
                schema = isArray ? new JObject { ["type"] = "array", ["items"] = Ref(schemaName) } : Ref(schemaName);
            }
            else if (media == "application/json")
            {
                continue; // documented as JSON but with no body (e.g. 204 or a bare action)
            }
            else if (media.StartsWith("text/", StringComparison.Ordinal))
            {
                schema = new JObject { ["type"] = "string" };
            }
            else
            {
                schema = new JObject { ["type"] = "string", ["format"] = "binary" };
            }
            content[media] = new JObject { ["schema"] = schema };
        }
        if (code == "204") return null;
        return content.Count > 0 ? content : null;
    }

    static JObject ObjectSchema(IEnumerable<JObject> fields, IDictionary<string, JObject> schemas)
    {
        var properties = new JObject();
        var required = new JArray();
        foreach (var f in fields)
        {
            var name = (string)f["name"]!;
            properties[name] = FieldSchema(f, schemas);
            if ((bool)f["required"]!) required.Add(name);
        }
        var schema = new JObject { ["type"] = "object" };
        if (required.Count > 0) schema["required"] = required;
        schema["properties"] = properties;
        return schema;
    }

    static JObject FieldSchema(JObject f, IDictionary<string, JObject> schemas)
    {
        var kind = (string)f["kind"]!;
        JObject schema;
        switch (kind)
        {
            case "string": schema = new JObject { ["type"] = "string" }; break;
            case "integer": schema = new JObject { ["type"] = "integer" }; break;
            case "number": schema = new JObject { ["type"] = "number" }; break;
            case "boolean": schema = new JObject { ["type"] = "boolean" }; break;
            case "enum":
                schema = new JObject
                {
                    ["type"] = "string",
                    ["enum"] = new JArray(f["enum"]!.Select(v => (string)v!)),
                };
                if (f["enum_labels"] is JObject labels && labels.Count > 0) schema["x-enum-labels"] = labels.DeepClone();
                break;
            case "object":
                schema = NestedRef(f, schemas);
                break;
            case "array":
                var items = (string?)f["items"];
                JObject itemSchema = items switch
                {
                    "object" => NestedRef(f, schemas),
                    "integer" => new JObject { ["type"] = "integer" },
                    "number" => new JObject { ["type"] = "number" },
                    "boolean" => new JObject { ["type"] = "boolean" },
                    _ => new JObject { ["type"] = "string" },
                };
                schema = new JObject { ["type"] = "array", ["items"] = itemSchema };
                break;
            default:
                throw new InvalidOperationException($"Unknown field kind '{kind}' for field '{f["name"]}'.");
        }
        var description = (string?)f["description"];
        if (!string.IsNullOrEmpty(description) && description != "None" && !schema.ContainsKey("$ref"))
            schema["description"] = description;
        return schema;
    }

    static JObject NestedRef(JObject f, IDictionary<string, JObject> schemas)
    {
        var refName = (string?)f["ref"];
        var fields = f["fields"]?.Cast<JObject>().ToList() ?? new List<JObject>();
        if (refName == null)
            return new JObject { ["type"] = "object", ["additionalProperties"] = true };
        schemas[refName] = ObjectSchema(fields, schemas);
        return Ref(refName);
    }

    static JObject Ref(string name) => new() { ["$ref"] = "#/components/schemas/" + name };

    static void AddList(JObject op, string key, JToken? list)
    {
        var values = list?.Select(v => (string)v!).Where(v => !string.IsNullOrEmpty(v)).ToList();
        if (values != null && values.Count > 0) op[key] = new JArray(values);
    }

    /// <summary>The catalog's operation hint where it has one, else one derived from method and path; always unique.</summary>
    static string OperationId(JObject e, HashSet<string> used)
    {
        var id = (string?)e["operation_hint"];
        if (string.IsNullOrEmpty(id))
        {
            var path = (string)e["path"]!;
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList(); // drop "api"
            var endsWithParam = segments.Count > 0 && segments[^1].StartsWith('{');
            var words = segments.Where(s => !s.StartsWith('{')).Select(s => s.Replace('-', '_'));
            var verb = ((string)e["method"]!) switch
            {
                "GET" => endsWithParam ? "read" : "list",
                "POST" => "create",
                "PUT" => "update",
                "DELETE" => "delete",
                var m => m.ToLowerInvariant(),
            };
            id = string.Join("_", words) + "_" + verb;
        }
        var unique = id;
        for (var n = 2; !used.Add(unique); n++) unique = id + "_" + n;
        return unique;
    }

    public static string Serialize(JObject spec)
    {
        var text = JsonConvert.SerializeObject(spec, Formatting.Indented);
        return text.Replace("\r\n", "\n") + "\n";
    }
}
