using CpmPowerShell.Generator.Emit;
using CpmPowerShell.Generator.Overlay;

namespace CpmPowerShell.Generator.Model;

/// <summary>
/// A table view for every record a generated cmdlet returns, so a new area needs no view entry to show
/// well: the overlay's "views" entry wins where there is one. The default columns are what an operator
/// scans first: the parent ids the record carries (PolicyId), Id, the name, then short facts (enums,
/// times, switches, numbers, short text; in the guide's order within each), as many as fit an 80-column console;
/// the next ones, up to 120 columns, are the wide columns. Lists, nested records and long text
/// (descriptions, messages) are left to Format-List.
/// </summary>
public static class ViewInference
{
    const int MostKeyColumns = 5, MostWideColumns = 3;
    static readonly GenKind[] KindOrder = { GenKind.Enum, GenKind.DateTime, GenKind.Bool, GenKind.Long, GenKind.Double, GenKind.String };

    /// <summary>The overlay's views plus a default for each output model of a cmdlet that has none.</summary>
    public static Dictionary<string, ViewOverlay> WithDefaults(IReadOnlyDictionary<string, ViewOverlay> declared, IEnumerable<GenCmdlet> cmdlets)
    {
        var views = new Dictionary<string, ViewOverlay>(declared, StringComparer.Ordinal);
        foreach (var model in cmdlets.Select(c => c.Output).OfType<GenModel>().Where(m => !m.IsRequest).Distinct())
        {
            if (views.ContainsKey(model.Name)) continue;
            var view = Default(model);
            if (view.Key.Count > 0) views[model.Name] = view;
        }
        return views;
    }

    /// <summary>The default view of one model (rules in the class summary).</summary>
    public static ViewOverlay Default(GenModel model)
    {
        var view = new ViewOverlay();
        var used = 0; // characters taken by the sized columns and their separators
        foreach (var column in Candidates(model))
        {
            var width = FormatEmitter.WidthOf(column);
            // Checked as if this column were the last, unsized one, which needs at least LastColumnMinimum.
            var lastNeeds = Math.Max(FormatEmitter.LastColumnMinimum, column.Name.Length);
            var toKey = view.Wide.Count == 0 && view.Key.Count < MostKeyColumns && used + lastNeeds <= FormatEmitter.NarrowTable;
            if (toKey) view.Key.Add(column.Name);
            else if (view.Wide.Count < MostWideColumns && FitsWide(model, view, column)) view.Wide.Add(column.Name);
            else break;
            used += width + 1;
        }
        return view;
    }

    /// <summary>Whether the view still fits 120 columns with column added as a wide one (FormatEmitter decides).</summary>
    static bool FitsWide(GenModel model, ViewOverlay view, GenProperty column)
    {
        var columns = view.Columns.Select(name => model.Properties.First(p => p.Name == name)).Append(column).ToList();
        try
        {
            FormatEmitter.Widths(model, columns, view.Key.Count);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    static IEnumerable<GenProperty> Candidates(GenModel model)
    {
        var shown = model.Properties.Where(IsShort).ToList();
        var parents = shown.Where(p => p.JsonName != "id" && p.Type.Kind == GenKind.Long && p.JsonName.EndsWith("_id", StringComparison.Ordinal));
        var id = shown.Where(p => p.JsonName == "id");
        var name = shown.Where(p => p.JsonName == "name");
        var first = parents.Concat(id).Concat(name).ToList();
        // Statuses and types say most at a glance, then times, switches, numbers and text (stable within a kind).
        var rest = shown.Where(p => !first.Contains(p)).OrderBy(p => Array.IndexOf(KindOrder, p.Type.Kind));
        return first.Concat(rest);
    }

    /// <summary>A value that fits a table cell: not a list, a nested record or free text.</summary>
    static bool IsShort(GenProperty p) => p.Type.Kind switch
    {
        GenKind.Long or GenKind.Double or GenKind.Bool or GenKind.DateTime or GenKind.Enum => true,
        GenKind.String => !IsFreeText(p.JsonName),
        _ => false,
    };

    static bool IsFreeText(string jsonName) =>
        jsonName.Contains("description") || jsonName.Contains("message") || jsonName.Contains("log") || jsonName.Contains("comment")
        || jsonName.Contains("script") || jsonName.Contains("password") || jsonName.Contains("secret") || jsonName.Contains("token")
        || jsonName.EndsWith("api_key", StringComparison.Ordinal) || jsonName.EndsWith("access_key", StringComparison.Ordinal);
}
