using System.Text.RegularExpressions;

namespace CpmPowerShell.Generator.Help;

public enum MarkdownElementKind { Heading, Text, Blank, Code }

/// <summary>One line-level element of a markdown file; a code element spans its whole fenced block.</summary>
public sealed class MarkdownElement
{
    public MarkdownElementKind Kind { get; init; }

    /// <summary>1-based line number in the file (front matter included), for error messages.</summary>
    public int Line { get; init; }

    public int Level { get; init; }

    /// <summary>Heading text, the text line, or the code block's content (without fences).</summary>
    public string Text { get; init; } = "";

    /// <summary>Info string of a code fence ("powershell", "yaml", or empty).</summary>
    public string Language { get; init; } = "";

    /// <summary>The source lines exactly as written, so human text can be written back unchanged.</summary>
    public IReadOnlyList<string> RawLines { get; init; } = Array.Empty<string>();
}

/// <summary>
/// Splits markdown into front matter and line-level elements. Deliberately small: the PlatyPS schema
/// only needs headings, fenced code blocks and text, and everything else stays verbatim text.
/// </summary>
public sealed class MarkdownDocument
{
    static readonly Regex HeadingPattern = new(@"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", RegexOptions.CultureInvariant);
    static readonly Regex FencePattern = new(@"^ {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)[^`]*$", RegexOptions.CultureInvariant);

    public string SourceName { get; }
    public List<KeyValuePair<string, string>> FrontMatter { get; } = new();
    public List<MarkdownElement> Elements { get; } = new();

    MarkdownDocument(string sourceName) => SourceName = sourceName;

    public static MarkdownDocument Parse(string markdown, string sourceName)
    {
        var document = new MarkdownDocument(sourceName);
        var lines = SplitLines(markdown);
        var index = document.ReadFrontMatter(lines);
        document.ReadElements(lines, index);
        return document;
    }

    /// <summary>Normalises line endings and drops a byte order mark; trailing whitespace is kept (hard breaks).</summary>
    public static string[] SplitLines(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        // A final newline does not start another line.
        return lines.Length > 0 && lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    public HelpParseException Error(int line, string problem) => new(SourceName, line, problem);

    int ReadFrontMatter(string[] lines)
    {
        if (lines.Length == 0 || lines[0].Trim() != "---") return 0;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Trim() == "---") return i + 1;
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) throw Error(i + 1, $"Front matter line is not 'key: value': '{line}'.");
            FrontMatter.Add(new(line[..colon].Trim(), Unquote(line[(colon + 1)..].Trim())));
        }
        throw Error(1, "Front matter opened with '---' is never closed.");
    }

    void ReadElements(string[] lines, int start)
    {
        for (var i = start; i < lines.Length; i++)
        {
            var line = lines[i];
            var fence = FencePattern.Match(line);
            if (fence.Success)
            {
                i = ReadCodeBlock(lines, i, fence);
                continue;
            }
            var heading = HeadingPattern.Match(line);
            if (heading.Success)
            {
                Elements.Add(new MarkdownElement
                {
                    Kind = MarkdownElementKind.Heading, Line = i + 1, Level = heading.Groups[1].Length,
                    Text = heading.Groups[2].Value.Trim(), RawLines = new[] { line },
                });
                continue;
            }
            Elements.Add(new MarkdownElement
            {
                Kind = line.Trim().Length == 0 ? MarkdownElementKind.Blank : MarkdownElementKind.Text,
                Line = i + 1, Text = line, RawLines = new[] { line },
            });
        }
    }

    int ReadCodeBlock(string[] lines, int open, Match fence)
    {
        var marker = fence.Groups[1].Value;
        var content = new List<string>();
        for (var i = open + 1; i < lines.Length; i++)
        {
            if (IsClosingFence(lines[i], marker))
            {
                Elements.Add(new MarkdownElement
                {
                    Kind = MarkdownElementKind.Code, Line = open + 1, Language = fence.Groups[2].Value,
                    Text = string.Join("\n", content), RawLines = lines[open..(i + 1)],
                });
                return i;
            }
            content.Add(lines[i]);
        }
        throw Error(open + 1, $"Code block opened with '{marker}' is never closed.");
    }

    /// <summary>A fence closes with the opening character, at least as many times, and nothing else on the line.</summary>
    internal static bool IsClosingFence(string line, string marker)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= marker.Length && trimmed.All(c => c == marker[0]);
    }

    static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;

    /// <summary>Markdown text of a run of elements, exactly as written, without leading or trailing blank lines.</summary>
    public static string RawText(IEnumerable<MarkdownElement> elements)
    {
        var lines = elements.SelectMany(e => e.RawLines).ToList();
        var first = lines.FindIndex(l => l.Trim().Length > 0);
        if (first < 0) return "";
        var last = lines.FindLastIndex(l => l.Trim().Length > 0);
        return string.Join("\n", lines.GetRange(first, last - first + 1));
    }
}
