using System.Text;
using CpmPowerShell.Simulator.Engine.Store;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Engine;

/// <summary>Resource-specific list behaviour that the spec cannot express (a filter on a relation, a sort by a related name).</summary>
sealed class ListCustomization
{
    /// <summary>Filter name -> (query value -> predicate).</summary>
    public Dictionary<string, Func<string, Func<Record, bool>>> Filters { get; } = new(StringComparer.Ordinal);
    /// <summary>Ordering field -> the value to sort a record by.</summary>
    public Dictionary<string, Func<Record, JToken?>> OrderKeys { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Filtering (exact match on the documented filter fields), search (case-insensitive substring over the
/// documented search fields; every term must match somewhere) and ordering (comma list, '-' for
/// descending, unknown fields ignored as DRF does), chapters 1.8 and 1.9.
/// </summary>
static class ListQuery
{
    static readonly HashSet<string> Reserved = new() { "search", "ordering", "page", "page_size" };

    public static IReadOnlyList<Record> Apply(ApiRequest request, IReadOnlyList<Record> source, ResourceSchema? schema,
        ListCustomization? custom, RecordCollection? cache)
    {
        var operation = request.Operation;
        var predicates = new List<Func<Record, bool>>();
        var key = new StringBuilder();

        foreach (var name in operation.FilterFields)
        {
            if (Reserved.Contains(name) || request.QueryValue(name) is not { Length: > 0 } value) continue;
            if (custom?.Filters.TryGetValue(name, out var filter) == true) predicates.Add(filter(value));
            else if (schema == null || schema.Has(name)) predicates.Add(record => Matches(record[name], value));
            else continue;
            key.Append(name).Append('=').Append(value).Append('&');
        }

        if (operation.SearchFields.Count > 0 && request.QueryValue("search") is { Length: > 0 } search)
        {
            // The guide names some search fields by label ("Name", "AWS access key"): those mean the field of that name.
            var fields = operation.SearchFields.Select(f => schema == null || schema.Has(f) ? f : f.ToLowerInvariant().Replace(' ', '_'))
                .Where(f => schema == null || schema.Has(f)).ToArray();
            var terms = search.Split(new[] { ' ', ',', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (terms.Length > 0)
            {
                predicates.Add(record => terms.All(term => fields.Any(field =>
                    Json.ScalarText(record[field])?.Contains(term, StringComparison.OrdinalIgnoreCase) == true)));
                key.Append("search=").Append(search).Append('&');
            }
        }

        var ordering = new List<(Func<Record, JToken?> Key, bool Descending)>();
        if (request.QueryValue("ordering") is { Length: > 0 } orderingText)
        {
            foreach (var part in orderingText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var descending = part.StartsWith('-');
                var field = descending ? part[1..] : part;
                if (!operation.OrderingFields.Contains(field)) continue;
                if (custom?.OrderKeys.TryGetValue(field, out var orderKey) == true) ordering.Add((orderKey, descending));
                else if (schema == null || schema.Has(field)) ordering.Add((r => r[field], descending));
                else continue;
                key.Append("ordering=").Append(part).Append('&');
            }
        }

        if (predicates.Count == 0 && ordering.Count == 0) return source;
        IReadOnlyList<Record> Compute() => Order(source.Where(r => predicates.All(p => p(r))).ToList(), ordering);
        return cache == null ? Compute() : cache.View(key.ToString(), Compute);
    }

    /// <summary>Exact match of a record value against query text; lists match on any element, related objects on their id.</summary>
    public static bool Matches(JToken? token, string value)
    {
        switch (token)
        {
            case null:
                return false;
            case JArray array:
                return array.Any(item => Matches(item, value));
            case JObject obj:
                return Matches(obj["id"], value);
            case { Type: JTokenType.Boolean }:
                var flag = value.ToLowerInvariant();
                return (bool)token ? flag is "true" or "1" : flag is "false" or "0";
            case { Type: JTokenType.Null }:
                return false;
            default:
                return string.Equals(Json.ScalarText(token), value, StringComparison.Ordinal);
        }
    }

    static IReadOnlyList<Record> Order(List<Record> records, List<(Func<Record, JToken?> Key, bool Descending)> ordering)
    {
        if (ordering.Count == 0) return records;
        var keyed = records.Select((record, index) => (Record: record, Index: index, Keys: ordering.Select(o => o.Key(record)).ToArray())).ToArray();
        Array.Sort(keyed, (a, b) =>
        {
            for (var i = 0; i < ordering.Count; i++)
            {
                var result = Compare(a.Keys[i], b.Keys[i]);
                if (result != 0) return ordering[i].Descending ? -result : result;
            }
            return a.Index.CompareTo(b.Index); // stable: ties keep id order
        });
        return keyed.Select(k => k.Record).ToList();
    }

    /// <summary>Numbers by value, text without regard to case; nulls sort last ascending, first descending (as PostgreSQL does).</summary>
    static int Compare(JToken? a, JToken? b)
    {
        var aNull = a == null || a.Type == JTokenType.Null;
        var bNull = b == null || b.Type == JTokenType.Null;
        if (aNull || bNull) return aNull == bNull ? 0 : aNull ? 1 : -1;
        if (a!.Type is JTokenType.Integer or JTokenType.Float && b!.Type is JTokenType.Integer or JTokenType.Float)
            return ((double)a).CompareTo((double)b);
        if (a.Type == JTokenType.Boolean && b!.Type == JTokenType.Boolean)
            return ((bool)a).CompareTo((bool)b);
        var aText = Json.ScalarText(a) ?? "";
        var bText = Json.ScalarText(b) ?? "";
        var result = string.Compare(aText, bText, StringComparison.OrdinalIgnoreCase);
        return result != 0 ? result : string.CompareOrdinal(aText, bText);
    }
}
