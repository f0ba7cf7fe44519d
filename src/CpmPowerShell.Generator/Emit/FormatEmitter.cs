using System.Text;
using CpmPowerShell.Generator.Model;
using CpmPowerShell.Generator.Overlay;

namespace CpmPowerShell.Generator.Emit;

/// <summary>
/// Table views for the models the overlay lists, one Format.ps1xml per API area. The widths follow one
/// rule instead of per-view numbers: every column but the last gets the width its values need (from
/// the property's type, an enum's longest name, or the shape of a text field's name), and the last
/// column (a message, a description, a name) has none, so it takes whatever the console has left.
/// The overlay names the key columns; they come first and fill an 80-column console, and the whole
/// view must fit 120 columns (checked here, so a view that would lose key columns never ships).
/// </summary>
public static class FormatEmitter
{
    public const string Folder = "src/CpmPowerShell/Generated/Formats";

    /// <summary>Table width PowerShell uses in an 80- and a 120-column console (it keeps the last column free).</summary>
    public const int NarrowTable = 79, WideTable = 119;

    /// <summary>The least room the unsized last column needs to be worth showing (or its label, if longer).</summary>
    public const int LastColumnMinimum = 12;

    public static void EmitAll(TypeModel types, IReadOnlyDictionary<string, ViewOverlay> views, IDictionary<string, string> files)
    {
        var models = views.Keys.Select(name => types.FindModel(name) ?? throw new InvalidDataException($"overlay views: no model named {name}."));
        foreach (var area in models.GroupBy(m => Names.Pascal(m.Area)).OrderBy(g => g.Key, StringComparer.Ordinal))
            files[$"{Folder}/{area.Key}.Format.ps1xml"] = File(area.OrderBy(m => m.Name, StringComparer.Ordinal), views);
    }

    /// <summary>
    /// The width a column's values need; never less than its label, so headers do not wrap. Text
    /// fields have no declared length, so the shape of the API name decides (AWS ids, regions, zones,
    /// time zones, times as text, types, names); anything else gets a middling width.
    /// </summary>
    public static int WidthOf(GenProperty column)
    {
        int width = column.DisplayWidth ?? column.Type.Kind switch
        {
            GenKind.Long => 6,
            GenKind.Double => 8,
            GenKind.Bool => 5,
            GenKind.DateTime => 19, // "11/26/2026 23:00:00"
            GenKind.Enum => column.Type.Enum!.Members.Where(m => m.Name != "Unknown").Max(m => m.Name.Length),
            GenKind.List => column.Type.Item?.Kind == GenKind.Long ? 12 : 24,
            GenKind.String => TextWidth(column.JsonName),
            _ => 20,
        };
        return Math.Max(width, column.Name.Length);
    }

    static int TextWidth(string jsonName)
    {
        var name = jsonName.ToLowerInvariant();
        if (name.EndsWith("timezone")) return 20;          // "America/New_York"
        if (name.EndsWith("region") || name.EndsWith("regions")) return 14; // "ap-southeast-2"
        if (name.EndsWith("zone")) return 15;              // "ap-southeast-2a"
        if (name.EndsWith("time") || name.EndsWith("date")) return 25; // "2026-12-03T03:45:00-05:00"
        if (name.EndsWith("name")) return 20;
        if (name.EndsWith("id") || name.EndsWith("ids")) return IsAwsId(name) ? 21 : 8; // "vol-0123456789abcdef0"; CPM ids are numbers
        if (name.EndsWith("type")) return 12;              // "EC2 Instance", "m5.2xlarge", "Warning"
        if (name.EndsWith("status")) return 12;
        return 20;
    }

    /// <summary>AWS ids (i-..., vol-..., ami-...) as opposed to CPM record ids that the API sends as text (backup_id).</summary>
    static bool IsAwsId(string name) =>
        name == "id" || name.StartsWith("aws_") || name.Contains("resource") || name.Contains("instance") || name.Contains("image")
        || name.Contains("snapshot_id") || name.Contains("volume") || name.Contains("subnet") || name.Contains("vpc");

    /// <summary>
    /// Each column's width; null for the last, which takes the rest. When a view has wide columns, the
    /// key columns are widened to fill an 80-column table exactly: PowerShell then hides the wide
    /// columns there instead of squeezing the first of them into a sliver with a wrapped header. Fails
    /// generation when the key columns do not fit 80 columns or the view does not fit 120.
    /// </summary>
    public static int?[] Widths(GenModel model, IReadOnlyList<GenProperty> columns, int keyCount, IReadOnlyList<string>? labels = null)
    {
        string Label(int i) => labels?[i] ?? columns[i].Name;
        var widths = columns.Select((c, i) => i == columns.Count - 1 ? (int?)null : Math.Max(WidthOf(c), Label(i).Length)).ToArray();
        int Needed(int count) => widths.Take(count).Select((w, i) => w ?? Math.Max(LastColumnMinimum, Label(i).Length)).Sum() + count - 1;

        if (Needed(keyCount) > NarrowTable)
            throw new InvalidDataException($"overlay views: the key columns of {model.Name} need {Needed(keyCount)} characters, more than an 80-column console has ({NarrowTable}); move some to \"wide\".");
        if (keyCount < columns.Count)
        {
            // The slack goes to a name if the keys have one (names vary most), else to the last key column.
            var keys = columns.Take(keyCount).ToList();
            var roomy = keys.FindIndex(c => c.Type.Kind == GenKind.String && c.JsonName.EndsWith("name", StringComparison.Ordinal));
            if (roomy < 0) roomy = keys.FindIndex(c => c.Type.Kind == GenKind.String);
            if (roomy < 0) roomy = keyCount - 1;
            widths[roomy] += NarrowTable - Needed(keyCount);
        }
        if (Needed(columns.Count) > WideTable)
            throw new InvalidDataException($"overlay views: {model.Name} needs {Needed(columns.Count)} characters, more than a 120-column console has ({WideTable}); drop a column or make it key.");
        return widths;
    }

    static string File(IEnumerable<GenModel> models, IReadOnlyDictionary<string, ViewOverlay> views)
    {
        var x = new StringBuilder();
        x.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        x.Append("<!-- Generated by CpmPowerShell.Generator from src/api/overlay/*.jsonc (views). Do not edit. -->\n");
        x.Append("<Configuration>\n  <ViewDefinitions>\n");
        foreach (var model in models)
        {
            var typeName = ModelEmitter.Namespace + "." + model.Name;
            var view = views[model.Name];
            // "Time:LocalTime" shows the property Time under the label LocalTime (to say which clock a time is on).
            var labels = view.Columns.Select(entry => entry.Contains(':') ? entry[(entry.IndexOf(':') + 1)..] : entry).ToList();
            var columns = view.Columns.Select(entry => entry.Split(':')[0]).Select(name =>
                model.Properties.FirstOrDefault(p => p.Name == name)
                ?? (name == model.IdAlias ? new GenProperty { JsonName = "id", Name = name, Type = new GenType { Kind = GenKind.Long } } : null)
                ?? (model.HandWrittenColumns.TryGetValue(name, out var width) ? new GenProperty { JsonName = name, Name = name, Type = new GenType { Kind = GenKind.String }, DisplayWidth = width } : null)
                ?? throw new InvalidDataException($"overlay views: {model.Name} has no property {name}.")).ToList();
            var widths = Widths(model, columns, view.Key.Count, labels);
            x.Append("    <View>\n");
            x.Append($"      <Name>{typeName}</Name>\n");
            x.Append($"      <ViewSelectedBy>\n        <TypeName>{typeName}</TypeName>\n      </ViewSelectedBy>\n");
            x.Append("      <TableControl>\n        <TableHeaders>\n");
            for (var i = 0; i < columns.Count; i++)
            {
                x.Append($"          <TableColumnHeader>\n            <Label>{labels[i]}</Label>\n");
                if (widths[i] != null) x.Append($"            <Width>{widths[i]}</Width>\n");
                x.Append("          </TableColumnHeader>\n");
            }
            x.Append("        </TableHeaders>\n        <TableRowEntries>\n          <TableRowEntry>\n            <TableColumnItems>\n");
            foreach (var column in columns)
            {
                x.Append("              <TableColumnItem>\n");
                if (column.Type.Kind == GenKind.Enum)
                {
                    // An enum code this version does not know shows as the server sent it, not as "Unknown".
                    var script = $"if ($_.{column.Name} -eq 'Unknown') {{ $_.GetRawValue('{column.JsonName}') }} else {{ $_.{column.Name} }}";
                    x.Append($"                <ScriptBlock>{Names.Xml(script)}</ScriptBlock>\n");
                }
                else
                {
                    x.Append($"                <PropertyName>{column.Name}</PropertyName>\n");
                }
                x.Append("              </TableColumnItem>\n");
            }
            x.Append("            </TableColumnItems>\n          </TableRowEntry>\n        </TableRowEntries>\n      </TableControl>\n    </View>\n");
        }
        x.Append("  </ViewDefinitions>\n</Configuration>\n");
        return x.ToString();
    }
}
