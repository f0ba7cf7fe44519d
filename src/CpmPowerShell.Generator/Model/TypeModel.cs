using CpmPowerShell.Spec;

namespace CpmPowerShell.Generator.Model;

/// <summary>The C# types the generator emits: models (responses and request bodies) and enums.</summary>
public sealed class TypeModel
{
    public List<GenModel> Models { get; } = new();
    public List<GenEnum> Enums { get; } = new();
    /// <summary>Spec schema name -> the model that represents it.</summary>
    public Dictionary<string, GenModel> BySchema { get; } = new(StringComparer.Ordinal);

    public GenModel ModelOf(ApiSchema schema) =>
        BySchema.TryGetValue(schema.Name, out var model) ? model : throw new InvalidOperationException($"No model for schema {schema.Name}.");

    public GenModel? FindModel(string name) => Models.FirstOrDefault(m => m.Name == name);
}

public sealed class GenModel
{
    public required string Name { get; set; }
    /// <summary>The resource stem it came from, e.g. "schedules" or "schedules_disable_times".</summary>
    public required string Stem { get; init; }
    public bool IsRequest { get; init; }
    public List<string> Schemas { get; } = new();
    public List<GenProperty> Properties { get; } = new();
    /// <summary>Read-only alias of Id for pipeline binding by property name (ScheduleId).</summary>
    public string? IdAlias { get; set; }
    /// <summary>Properties a hand-written partial adds, with the width a view column needs (overlay "columns").</summary>
    public Dictionary<string, int> HandWrittenColumns { get; set; } = new();
    /// <summary>Guide area (tag) of the first operation using it; decides the output folder.</summary>
    public string Area { get; set; } = "Common";

    public GenProperty? Property(string jsonName) => Properties.FirstOrDefault(p => p.JsonName == jsonName);
}

public sealed class GenProperty
{
    public required string JsonName { get; init; }
    public required string Name { get; set; }
    public required GenType Type { get; set; }
    public bool Required { get; set; }
    /// <summary>Not on the wire: an id taken from the request path (e.g. ScheduleId of a disable time).</summary>
    public bool FromPath { get; init; }
    /// <summary>For FromPath properties: the path parameter that fills it (policy_id from {id} of /policies/{id}/options/).</summary>
    public string? PathParameter { get; init; }
    /// <summary>For a view column of a hand-written property: the width its values need.</summary>
    public int? DisplayWidth { get; init; }
}

public enum GenKind { String, Long, Double, Bool, DateTime, Enum, Model, List, Json }

public sealed class GenType
{
    public required GenKind Kind { get; init; }
    public GenEnum? Enum { get; init; }
    public GenModel? Model { get; set; }
    public GenType? Item { get; init; }
    /// <summary>For Model kinds before naming: the schema to resolve.</summary>
    public ApiSchema? Schema { get; init; }
    /// <summary>For Model kinds: the resource stem after the overlay's sameAs (what decides sharing a model).</summary>
    public string? Stem { get; init; }

    /// <summary>The C# type of a model property (value types nullable: absent is not zero).</summary>
    public string CSharp => Kind switch
    {
        GenKind.String => "string",
        GenKind.Long => "long?",
        GenKind.Double => "double?",
        GenKind.Bool => "bool?",
        GenKind.DateTime => "DateTime?",
        GenKind.Enum => Enum!.Name + "?",
        GenKind.Model => Model!.Name,
        GenKind.List => "List<" + Item!.ElementCSharp + ">",
        GenKind.Json => "JToken",
        _ => throw new InvalidOperationException(),
    };

    /// <summary>The type as a list element (non-nullable value types).</summary>
    public string ElementCSharp => Kind switch
    {
        GenKind.Long => "long",
        GenKind.Double => "double",
        GenKind.Bool => "bool",
        GenKind.DateTime => "DateTime",
        GenKind.Enum => Enum!.Name,
        _ => CSharp,
    };

    /// <summary>A comparable description of the shape, used to decide whether schemas can share a model.</summary>
    public string Shape => Kind switch
    {
        GenKind.Enum => "enum:" + Enum!.Key,
        GenKind.Model => "model:" + (Stem ?? TypeModelBuilder.Stem(Schema!.Name)),
        GenKind.List => "list:" + Item!.Shape,
        _ => Kind.ToString(),
    };
}

public sealed class GenEnum
{
    public required string Key { get; init; }
    public string Name { get; set; } = "";
    public List<GenEnumMember> Members { get; } = new();
    /// <summary>(model, property) pairs using it; the first decides its default name.</summary>
    public List<(string Model, string JsonName)> Usages { get; } = new();
    public string Area { get; set; } = "Common";
}

public sealed record GenEnumMember(string Name, string Code, string? Label);
