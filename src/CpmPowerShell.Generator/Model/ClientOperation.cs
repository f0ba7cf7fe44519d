using CpmPowerShell.Generator.Overlay;
using CpmPowerShell.Spec;

namespace CpmPowerShell.Generator.Model;

/// <summary>How one API operation appears on CpmClient: method name, arguments, query class, result.</summary>
public sealed class ClientOperation
{
    public required ApiOperation Api { get; init; }
    /// <summary>Method name without the Async suffix, e.g. ListSchedules, GetSchedule.</summary>
    public required string Name { get; init; }
    /// <summary>Path parameters in URL order.</summary>
    public required IReadOnlyList<ApiParameter> PathParameters { get; init; }
    /// <summary>Required query parameters (method arguments).</summary>
    public required IReadOnlyList<ApiParameter> RequiredQuery { get; init; }
    /// <summary>Optional query parameters (a query class), page/page_size excluded.</summary>
    public required IReadOnlyList<ApiParameter> OptionalQuery { get; init; }
    public GenModel? Body { get; init; }
    /// <summary>The model returned (single or per item), null for no JSON body.</summary>
    public GenModel? Result { get; init; }
    public bool ReturnsList { get; init; }

    /// <summary>An item GET ({id} last) that the guide documents as answering an array: read as one record (SendOneAsync).</summary>
    public bool ReadsOneOfArray { get; init; }

    static bool IsItemRead(ApiOperation op) => op.Method == "GET" && op.Segments[^1] == "{id}";
    public bool Paginated => Api.Paginated && ReturnsList;
    public bool ProducesCsv => Api.Produces.Contains("text/csv");
    /// <summary>A file (zip, bz2, CSV-only) rather than JSON.</summary>
    public bool IsDownload => Result == null && Api.Downloads.Count > 0;
    public string? QueryClass => OptionalQuery.Count > 0 ? Name + "Query" : null;
    /// <summary>C# type of each query parameter: the overlay's choice (ids as long), else the guide's.</summary>
    public required IReadOnlyDictionary<string, string> QueryTypes { get; init; }

    public string QueryType(ApiParameter p) => QueryTypes[p.Name];

    static readonly Dictionary<string, string> VerbWords = new()
    {
        ["list"] = "List", ["read"] = "Get", ["create"] = "Create", ["update"] = "Update",
        ["partial_update"] = "Patch", ["delete"] = "Delete",
    };

    public static List<ClientOperation> BuildAll(ApiSpec spec, TypeModel types, ApiOverlay overlay, IReadOnlyList<CmdletOverlay> cmdlets)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ClientOperation>();
        foreach (var op in spec.Operations)
        {
            var name = overlay.Methods.TryGetValue(op.OperationId, out var chosen) ? chosen : DefaultName(op);
            var unique = name;
            for (var n = 2; !used.Add(unique); n++) unique = name + n;

            var successItem = op.SuccessType?.Kind == ApiKind.Array ? op.SuccessType.Items : op.SuccessType;
            var order = op.Segments.ToList();
            result.Add(new ClientOperation
            {
                Api = op,
                Name = unique,
                PathParameters = op.PathParameters.OrderBy(p => order.IndexOf("{" + p.Name + "}")).ToList(),
                RequiredQuery = op.QueryParameters.Where(p => p.Required && !IsPaging(p.Name)).ToList(),
                OptionalQuery = op.QueryParameters.Where(p => !p.Required && !IsPaging(p.Name)).ToList(),
                Body = op.RequestBody != null ? types.ModelOf(op.RequestBody) : null,
                Result = successItem?.Schema != null ? types.ModelOf(successItem.Schema) : null,
                ReturnsList = op.SuccessType?.Kind == ApiKind.Array && !IsItemRead(op),
                ReadsOneOfArray = op.SuccessType?.Kind == ApiKind.Array && IsItemRead(op),
                QueryTypes = op.QueryParameters.ToDictionary(p => p.Name, p =>
                    CmdletQueryType(cmdlets, op, p.Name) ?? (overlay.Parameters.TryGetValue(p.Name, out var settings) && settings.Type != null ? settings.Type : p.Type.Kind switch
                    {
                        ApiKind.Integer => "long",
                        ApiKind.Number => "double",
                        ApiKind.Boolean => "bool",
                        _ => "string",
                    })),
            });
        }
        return result;
    }

    /// <summary>A type a cmdlet entry gives one of this operation's query parameters (status -> BackupStatus).</summary>
    static string? CmdletQueryType(IReadOnlyList<CmdletOverlay> cmdlets, ApiOperation op, string name)
    {
        var key = op.Method + " " + op.Path;
        return cmdlets
            .Where(c => c.List == key || c.Operation == key)
            .Select(c => c.Parameters.TryGetValue(name, out var settings) ? settings.Type : null)
            .FirstOrDefault(t => t != null);
    }

    public static bool IsPaging(string name) => name is "page" or "page_size";

    /// <summary>schedules_read -> GetSchedule; schedules_disable_times_list -> ListScheduleDisableTimes.</summary>
    static string DefaultName(ApiOperation op)
    {
        var (stem, verb) = TypeModelBuilder.SplitVerb(op.OperationId.Replace('-', '_'));
        var words = stem.Split('_', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.All(char.IsDigit)).ToList();
        var singular = words.Select(Names.Singular).ToList();
        if (verb == null)
        {
            // Actions without a verb token (reset_password, test_connection): Get... for reads, the words for others.
            var text = string.Join("_", singular);
            return op.Method == "GET" ? "Get" + Names.Pascal(text) : Names.Pascal(text);
        }
        if (verb == "list") singular[^1] = words[^1]; // ListScheduleDisableTimes
        return VerbWords[verb] + Names.Pascal(string.Join("_", singular));
    }
}
