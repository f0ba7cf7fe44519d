using System.Text;
using System.Text.RegularExpressions;

namespace CpmPowerShell.Generator.Help;

/// <summary>
/// Turns help prose written in markdown into the plain text Get-Help prints. Like PlatyPS, a blank
/// line separates paragraphs (one maml:para each); inside a paragraph soft line breaks become spaces
/// so Get-Help can re-wrap to the console, while list items and hard breaks keep their own line.
/// </summary>
public static class MarkdownText
{
    static readonly Regex ListItem = new(@"^\s*([-*+]|\d+[.)])\s+", RegexOptions.CultureInvariant);
    static readonly Regex Link = new(@"!?\[([^\]]*)\]\(([^)\s]*)\)", RegexOptions.CultureInvariant);
    static readonly Regex Bold = new(@"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", RegexOptions.CultureInvariant);
    static readonly Regex Escape = new(@"\\([\\`*_{}\[\]()<>#+\-.!|])", RegexOptions.CultureInvariant);
    static readonly Regex Fence = new(@"^ {0,3}(`{3,}|~{3,})", RegexOptions.CultureInvariant);

    /// <summary>Paragraphs of plain text; a fenced code block becomes one paragraph with its lines verbatim.</summary>
    public static List<string> ToParagraphs(string markdown)
    {
        var paragraphs = new List<string>();
        var current = new StringBuilder();
        var hardBreak = false;
        var lines = MarkdownDocument.SplitLines(markdown);

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var fence = Fence.Match(line);
            if (fence.Success)
            {
                Flush();
                var code = new List<string>();
                var marker = fence.Groups[1].Value;
                for (i++; i < lines.Length && !MarkdownDocument.IsClosingFence(lines[i], marker); i++) code.Add(lines[i]);
                paragraphs.Add(string.Join("\n", code));
                continue;
            }
            if (line.Trim().Length == 0) { Flush(); continue; }

            var text = Inline(line.Trim());
            if (current.Length > 0) current.Append(hardBreak || ListItem.IsMatch(line) ? "\n" : " ");
            current.Append(text.EndsWith('\\') ? text[..^1].TrimEnd() : text);
            hardBreak = line.EndsWith("  ", StringComparison.Ordinal) || text.EndsWith('\\');
        }
        Flush();
        return paragraphs;

        void Flush()
        {
            if (current.Length > 0) paragraphs.Add(current.ToString());
            current.Clear();
            hardBreak = false;
        }
    }

    /// <summary>Inline markdown to text: links become "text (url)" (relative links just "text"), bold markers and escapes go.</summary>
    public static string Inline(string text)
    {
        text = Link.Replace(text, m => IsAbsoluteUri(m.Groups[2].Value) ? $"{m.Groups[1].Value} ({m.Groups[2].Value})" : m.Groups[1].Value);
        text = Bold.Replace(text, "$2");
        return Escape.Replace(text, "$1");
    }

    public static bool IsAbsoluteUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
