using System.Text;

namespace CpmPowerShell.Generator.Help;

/// <summary>
/// The "help-stats" command: how much help text there is and how much of it people write. Counted per
/// line of the markdown: generated lines are front matter, headings, fences, SYNTAX and yaml blocks and the
/// CommonParameters paragraph; every other non-blank line is hand-written. Parameter lines are the
/// hand-written lines of the PARAMETERS section (the descriptions).
/// </summary>
public static class HelpStats
{
    public sealed record FileStats(string Path, int Lines, int Written, int ParameterLines);

    public static FileStats Count(string path)
    {
        var lines = MarkdownDocument.SplitLines(File.ReadAllText(path, Encoding.UTF8).TrimEnd('\n'));
        int written = 0, parameterLines = 0;
        var section = "";
        var inFence = false;
        var generatedBlock = false;
        var start = lines.Length > 0 && lines[0] == "---" ? Array.IndexOf(lines, "---", 1) + 1 : 0;
        for (var i = start; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                // SYNTAX blocks and parameter yaml are written by help-sync; example code is people's.
                if (!inFence) generatedBlock = section is "SYNTAX" || line.Trim() == "```yaml";
                inFence = !inFence;
                continue;
            }
            if (inFence) { if (!generatedBlock && line.Trim().Length > 0) written++; continue; }
            if (line.StartsWith("## ", StringComparison.Ordinal)) { section = line[3..].Trim(); continue; }
            if (line.StartsWith('#') || line.Trim().Length == 0 || line == CommandHelpWriter.CommonParametersText) continue;
            written++;
            if (section == "PARAMETERS") parameterLines++;
        }
        return new FileStats(path, lines.Length, written, parameterLines);
    }

    /// <summary>Counts every *.md under the folder (command files, about topics, shared texts) and prints the totals.</summary>
    public static string Report(string folder)
    {
        var files = Directory.GetFiles(folder, "*.md", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).Select(Count).ToList();
        var commands = files.Where(f => Path.GetFileName(Path.GetDirectoryName(f.Path)) == Path.GetFileName(folder.TrimEnd('/', '\\'))
            && !Path.GetFileName(f.Path).StartsWith("about_", StringComparison.OrdinalIgnoreCase)).ToList();
        var others = files.Except(commands).ToList();
        var w = new StringBuilder();
        w.AppendLine($"{folder}: {files.Count} files, {files.Sum(f => f.Lines)} lines.");
        w.AppendLine($"  {commands.Count} cmdlet files: {commands.Sum(f => f.Lines)} lines, {commands.Sum(f => f.Written)} hand-written, of which {commands.Sum(f => f.ParameterLines)} parameter descriptions.");
        if (commands.Count > 0)
        {
            var largest = commands.MaxBy(f => f.Lines)!;
            w.AppendLine($"  per cmdlet file: {commands.Sum(f => f.Lines) / commands.Count} lines on average ({commands.Sum(f => f.Written) / commands.Count} hand-written); largest {Path.GetFileName(largest.Path)}, {largest.Lines} lines.");
        }
        foreach (var other in others)
            w.AppendLine($"  {Path.GetRelativePath(folder, other.Path)}: {other.Lines} lines, {other.Written} hand-written.");
        return w.ToString();
    }
}
