using CpmPowerShell.Spec;

namespace CpmPowerShell.Generator.Emit;

/// <summary>
/// Writes the guide's paths with their methods to src/CpmPowerShell/Generated/ApiPaths.cs, for the tab
/// completion of Invoke-CpmApi -Path.
/// </summary>
public static class ApiPathEmitter
{
    public const string FilePath = "src/CpmPowerShell/Generated/ApiPaths.cs";

    static readonly string[] MethodOrder = { "GET", "POST", "PUT", "PATCH", "DELETE" };

    public static void Emit(ApiSpec spec, IDictionary<string, string> files)
    {
        var w = new CodeWriter();
        w.Line(CodeWriter.Header.TrimEnd('\n'));
        w.Open("namespace CpmPowerShell.Runtime");
        w.Doc("Every path of the API guide with the methods it takes, in path order.");
        w.Open("internal static class CpmApiPaths");
        w.Open("public static readonly (string Path, string Methods)[] All =");
        foreach (var path in spec.Operations.GroupBy(o => o.Path).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var methods = path.Select(o => o.Method.ToUpperInvariant()).Distinct()
                .OrderBy(m => Array.IndexOf(MethodOrder, m) is var i && i < 0 ? int.MaxValue : i).ThenBy(m => m, StringComparer.Ordinal);
            w.Line($"({Model.Names.Literal(path.Key)}, {Model.Names.Literal(string.Join(", ", methods))}),");
        }
        w.Close(";");
        w.Close();
        w.Close();
        files[FilePath] = w.ToString();
    }
}
