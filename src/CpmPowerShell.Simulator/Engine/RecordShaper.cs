using CpmPowerShell.Spec;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Engine;

/// <summary>
/// Turns a validated request body into a stored record of the documented shape: documented fields that
/// the body does not set get a neutral default, nested objects are filled the same way, and items of
/// nested lists get ids when their schema has one.
/// </summary>
sealed class RecordShaper
{
    /// <summary>Fields stamped with the creation time when a record is made.</summary>
    static readonly string[] CreationStamps = { "created", "creation_date", "last_modified" };

    readonly Func<string, long> nextId;

    /// <param name="nextId">Gives the next id of a kind (a schema name for nested items).</param>
    public RecordShaper(Func<string, long> nextId) => this.nextId = nextId;

    /// <summary>
    /// A new record: defaults for every documented field, then the body's fields over them (only the
    /// documented ones, unless the resource has no documented shape at all).
    /// </summary>
    public JObject Create(ResourceSchema schema, JObject body, JValue id, long ownerUserId, DateTimeOffset now)
    {
        // One pass in schema order: the body's value where it has one, else the default.
        var record = new JObject();
        foreach (var property in schema.Properties)
            record.Add(property.Name, body.TryGetValue(property.Name, out var given) && given != null
                ? Shape(given, property.Type)
                : DefaultValue(property.Name, property.Type));
        if (schema.Undocumented)
            foreach (var (name, value) in body)
                if (!record.ContainsKey(name) && value != null) record.Add(name, value.DeepClone());
        record["id"] = id.DeepClone();
        foreach (var stamp in CreationStamps)
            if (schema.Has(stamp) && !body.ContainsKey(stamp)) record[stamp] = Timestamps.Format(now);
        if (schema.Property("user")?.Type.Kind == ApiKind.Integer && record["user"]?.Type is null or JTokenType.Null)
            record["user"] = ownerUserId;
        return record;
    }

    /// <summary>Copies body fields onto a record (PUT, settings writes), shaping nested values.</summary>
    public void Merge(ResourceSchema schema, JObject record, JObject body)
    {
        foreach (var (name, value) in body)
        {
            if (value == null) continue;
            var property = schema.Property(name);
            if (property == null && !schema.Undocumented) continue;
            record[name] = property == null ? value.DeepClone() : Shape(value, property.Type);
        }
    }

    /// <summary>Fills a nested value to its documented shape.</summary>
    public JToken Shape(JToken value, ApiType type)
    {
        switch (type.Kind)
        {
            case ApiKind.Object when type.Schema != null && value is JObject obj:
                var shaped = new JObject();
                foreach (var property in type.Schema.Properties)
                    shaped[property.Name] = obj.TryGetValue(property.Name, out var given) ? Shape(given, property.Type) : DefaultValue(property.Name, property.Type);
                if (type.Schema.Property("id") != null && shaped["id"]?.Type is null or JTokenType.Null)
                    shaped["id"] = nextId("#" + type.Schema.Name);
                return shaped;
            case ApiKind.Array when type.Items != null && value is JArray array:
                return new JArray(array.Select(item => Shape(item, type.Items)));
            default:
                return value.DeepClone();
        }
    }

    /// <summary>Empty lists, false, zero counters; null for the rest (the API's "not set").</summary>
    public static JToken DefaultValue(string name, ApiType type) => type.Kind switch
    {
        ApiKind.Array => new JArray(),
        ApiKind.Boolean => new JValue(false),
        ApiKind.Integer or ApiKind.Number when name.StartsWith("num_", StringComparison.Ordinal) => new JValue(0),
        _ => JValue.CreateNull(),
    };

    /// <summary>A body-less object of a documented shape (actions, first read of a setting).</summary>
    public static JObject Defaults(IEnumerable<ApiProperty> properties)
    {
        var result = new JObject();
        foreach (var property in properties) result[property.Name] = DefaultValue(property.Name, property.Type);
        return result;
    }
}
