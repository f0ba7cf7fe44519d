using CpmPowerShell.Generator.Model;
using CpmPowerShell.Spec;

namespace CpmPowerShell.Generator.Emit;

/// <summary>
/// Writes every endpoint of the guide, with the generated cmdlets that call it, to
/// src/CpmPowerShell/Generated/CpmEndpointTable.cs: the one table behind Find-CpmCommand and the tab
/// completion of Invoke-CpmApi -Path, so the module never reads the spec at run time. Hand-written
/// cmdlets add themselves with [CpmEndpoint] (read by the runtime, not here).
/// </summary>
public static class EndpointTableEmitter
{
    public const string FilePath = "src/CpmPowerShell/Generated/CpmEndpointTable.cs";

    public static void Emit(ApiSpec spec, IReadOnlyList<GenCmdlet> cmdlets, IDictionary<string, string> files)
    {
        var callers = Callers(cmdlets);
        var w = new CodeWriter();
        w.Line(CodeWriter.Header.TrimEnd('\n'));
        w.Open("namespace CpmPowerShell.Runtime");
        w.Open("internal static partial class CpmEndpointTable");
        w.Doc("Every endpoint of the API guide in section order; Commands lists the generated cmdlets that call it, the main one first.");
        w.Open("static readonly CpmEndpoint[] Generated =");
        foreach (var op in spec.Operations.OrderBy(o => o.Section, SectionComparer.Instance))
        {
            var key = op.Method + " " + op.Path;
            var commands = callers.TryGetValue(key, out var list) ? list : new List<string>();
            w.Line($"new CpmEndpoint({L(op.Section)}, {L(op.Method)}, {L(op.Path)}, {L(op.Summary)}, {L(op.Tag)}, {L(op.InitialRelease)},");
            w.Line($"    {Array(op.Permissions)},");
            w.Line($"    {Array(commands)}),");
        }
        w.Close(";");
        w.Close();
        w.Close();
        files[FilePath] = w.ToString();
    }

    /// <summary>
    /// "METHOD path" -> cmdlet names, main first. A Get-* is the main command of its list and item GETs;
    /// any other cmdlet of the operation it exists to call. A Set-* also reads the item GET before it
    /// merges, so it is listed there after the Get-*.
    /// </summary>
    public static Dictionary<string, List<string>> Callers(IEnumerable<GenCmdlet> cmdlets)
    {
        var calls = new List<(string Key, string Cmdlet, bool Main)>();
        foreach (var c in cmdlets)
        {
            calls.Add((Key(c.Operation), c.Name, true));
            if (c.Item != null && c.Item != c.Operation) calls.Add((Key(c.Item), c.Name, c.Kind == CmdletKind.Get));
        }
        return calls.GroupBy(c => c.Key, StringComparer.Ordinal).ToDictionary(g => g.Key,
            g => g.OrderByDescending(c => c.Main).ThenBy(c => c.Cmdlet, StringComparer.Ordinal).Select(c => c.Cmdlet).Distinct().ToList(),
            StringComparer.Ordinal);
    }

    static string Key(ClientOperation op) => op.Api.Method + " " + op.Api.Path;

    static string L(string value) => Names.Literal(value);

    static string Array(IReadOnlyCollection<string> items) =>
        items.Count == 0 ? "System.Array.Empty<string>()" : "new[] { " + string.Join(", ", items.Select(L)) + " }";

    /// <summary>Guide sections in reading order: 4.2 before 4.10.</summary>
    public sealed class SectionComparer : IComparer<string>
    {
        public static readonly SectionComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = (x ?? "").Split('.');
            var b = (y ?? "").Split('.');
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var byNumber = int.TryParse(a[i], out var m) && int.TryParse(b[i], out var n) ? m.CompareTo(n) : string.CompareOrdinal(a[i], b[i]);
                if (byNumber != 0) return byNumber;
            }
            return a.Length.CompareTo(b.Length);
        }
    }
}
