using System.Text.RegularExpressions;

namespace CpmPowerShell.Generator.Emit;

/// <summary>
/// Keeps CpmPowerShell.psd1's CmdletsToExport and FormatsToProcess equal to what the code defines
/// (generated and hand-written cmdlets, generated and hand-written format files). Explicit lists are
/// required: with '*' a binary module's cmdlets are not found by auto-loading.
/// </summary>
public static partial class ManifestEmitter
{
    public const string ManifestPath = "CpmPowerShell.psd1";

    [GeneratedRegex(@"\[Cmdlet\(\s*Verbs\w+\.(\w+)\s*,\s*""([^""]+)""")]
    private static partial Regex CmdletAttribute();

    public static void Emit(string root, IDictionary<string, string> files)
    {
        var manifest = Path.Combine(root, ManifestPath);
        if (!File.Exists(manifest)) throw new FileNotFoundException($"{ManifestPath} not found in {root}.");
        var text = File.ReadAllText(manifest).Replace("\r\n", "\n");

        var sources = files.Where(f => f.Key.StartsWith("src/CpmPowerShell/", StringComparison.Ordinal) && f.Key.EndsWith(".cs", StringComparison.Ordinal))
            .Select(f => f.Value)
            .Concat(HandWritten(root, "*.cs").Select(File.ReadAllText));
        var cmdlets = sources.SelectMany(s => CmdletAttribute().Matches(s).Select(m => m.Groups[1].Value + "-" + m.Groups[2].Value))
            .Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();

        var formats = files.Keys.Where(k => k.StartsWith(FormatEmitter.Folder + "/", StringComparison.Ordinal))
            .Select(k => "Formats/" + Path.GetFileName(k))
            .Concat(HandWritten(root, "*.Format.ps1xml").Select(f => "Formats/" + Path.GetFileName(f)))
            .Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();

        text = ReplaceList(text, "CmdletsToExport", cmdlets);
        text = ReplaceList(text, "FormatsToProcess", formats);
        files[ManifestPath] = text;
    }

    static IEnumerable<string> HandWritten(string root, string pattern)
    {
        var module = Path.Combine(root, "src", "CpmPowerShell");
        var generated = Path.Combine(module, "Generated") + Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(module, pattern, SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(generated, StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .OrderBy(f => f, StringComparer.Ordinal);
    }

    /// <summary>Rewrites "Key = @( ... )" with one quoted item per line.</summary>
    static string ReplaceList(string text, string key, List<string> items)
    {
        var pattern = new Regex(@"(?m)^(\s*)" + key + @"\s*=\s*@\((?s:.*?)\)");
        var match = pattern.Match(text);
        if (!match.Success) throw new InvalidDataException($"{ManifestPath} has no '{key} = @(...)' list.");
        var indent = match.Groups[1].Value;
        var body = string.Join(",\n", items.Select(i => $"{indent}    '{i}'"));
        var replacement = $"{indent}{key} = @(\n{body}\n{indent})";
        return text[..match.Index] + replacement + text[(match.Index + match.Length)..];
    }
}
