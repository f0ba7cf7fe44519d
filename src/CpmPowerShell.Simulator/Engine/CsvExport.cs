using System.Text;
using CpmPowerShell.Simulator.Engine.Store;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Engine;

/// <summary>
/// Renders records as CSV (RFC 4180, header row first). Nested values are flattened into dotted columns
/// ("profile.max_accounts", "disable_times.0.day"), the way DRF's CSV renderer does.
/// </summary>
static class CsvExport
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static ApiResponse Respond(ApiRequest request, IEnumerable<JObject> rows, ResourceSchema? schema, int status = 200)
    {
        var flattened = rows.Select(Flatten).ToList();
        var columns = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void AddColumn(string column) { if (seen.Add(column)) columns.Add(column); }
        foreach (var property in schema?.Properties ?? Enumerable.Empty<Spec.ApiProperty>())
            if (property.Type.Kind is not (Spec.ApiKind.Array or Spec.ApiKind.Object)) AddColumn(property.Name);
        foreach (var row in flattened)
            foreach (var column in row.Keys) AddColumn(column);

        var text = new StringBuilder();
        if (columns.Count > 0) text.AppendJoin(',', columns.Select(Quote)).Append("\r\n");
        foreach (var row in flattened)
            text.AppendJoin(',', columns.Select(c => Quote(row.GetValueOrDefault(c) ?? ""))).Append("\r\n");
        return ApiResponse.Text(status, ContentType, text.ToString())
            .WithHeader("Content-Disposition", $"attachment; filename=\"{FileName(request.Path)}.csv\"");
    }

    /// <summary>"/api/settings/cleanup/logs/" -> "settings_cleanup_logs".</summary>
    public static string FileName(string path) =>
        string.Join('_', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1));

    static Dictionary<string, string?> Flatten(JObject record)
    {
        var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
        void Walk(JToken token, string prefix)
        {
            switch (token)
            {
                case JObject obj:
                    foreach (var (name, value) in obj) Walk(value!, prefix.Length == 0 ? name : prefix + "." + name);
                    break;
                case JArray array:
                    for (var i = 0; i < array.Count; i++) Walk(array[i], prefix + "." + i);
                    break;
                default:
                    cells[prefix] = token.Type == JTokenType.Boolean ? ((bool)token ? "True" : "False") : Json.ScalarText(token);
                    break;
            }
        }
        Walk(record, "");
        return cells;
    }

    static string Quote(string value) =>
        value.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
