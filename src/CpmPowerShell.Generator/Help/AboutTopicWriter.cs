using System.Text;
using System.Text.RegularExpressions;

namespace CpmPowerShell.Generator.Help;

/// <summary>
/// Renders an about topic as the about_X.help.txt Get-Help prints, following PlatyPS's text renderer:
/// "TOPIC" and the lookup name first, section headings in capitals at the margin, body text indented
/// four spaces and wrapped at 80 columns, code blocks indented eight spaces and kept line for line.
/// </summary>
public static class AboutTopicWriter
{
    const string Indent = "    ";
    public const int Width = 80;
    static readonly Regex ListMarker = new(@"^([-*+]|\d+[.)])\s+", RegexOptions.CultureInvariant);

    /// <summary>The text with "\n" line ends.</summary>
    public static string Write(AboutTopic topic)
    {
        var w = new StringBuilder();
        var blocks = topic.Blocks;
        var first = blocks[0];

        // PlatyPS template: "# Title" then "## about_x" (a lookup name, no spaces); PowerShell-Docs: "# about_X" then "## Short description".
        var hasLookupHeading = blocks.Count > 1 && blocks[1].Kind == AboutBlockKind.Heading && blocks[1].Level == 2 && !blocks[1].Lines[0].Any(char.IsWhiteSpace);
        var lookup = hasLookupHeading ? blocks[1].Lines[0]
            : first.Lines[0].StartsWith("about_", StringComparison.OrdinalIgnoreCase) ? first.Lines[0] : topic.Name;
        var sectionLevel = hasLookupHeading ? 1 : 2;

        w.Append("TOPIC\n").Append(Indent).Append(lookup.ToLowerInvariant()).Append("\n\n");
        foreach (var block in blocks.Skip(hasLookupHeading ? 2 : 1))
        {
            switch (block.Kind)
            {
                case AboutBlockKind.Heading:
                    var text = MarkdownText.Inline(block.Lines[0]);
                    if (block.Level <= sectionLevel) w.Append(text.ToUpperInvariant()).Append('\n');
                    else if (block.Level == sectionLevel + 1) w.Append(text).Append('\n');
                    else w.Append(Indent).Append(text.ToUpperInvariant()).Append('\n');
                    break;
                case AboutBlockKind.Paragraph:
                    foreach (var paragraph in MarkdownText.ToParagraphs(string.Join("\n", block.Lines)))
                        foreach (var line in paragraph.Split('\n'))
                            foreach (var wrapped in Wrap(line)) w.Append(wrapped).Append('\n');
                    w.Append('\n');
                    break;
                case AboutBlockKind.Code:
                    // One level deeper than the text around it, so code stands out and copies line for line.
                    foreach (var line in block.Lines) w.Append((Indent + Indent + line).TrimEnd()).Append('\n');
                    w.Append('\n');
                    break;
            }
        }
        return w.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>UTF-8 with a BOM, so Windows PowerShell 5.1 does not read non-ASCII text as the ANSI code page.</summary>
    public static byte[] WriteBytes(AboutTopic topic) =>
        new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble()
            .Concat(Encoding.UTF8.GetBytes(Write(topic))).ToArray();

    /// <summary>Word-wraps one line at <see cref="Width"/>, indented; a list item's continuation lines align with its text.</summary>
    static IEnumerable<string> Wrap(string line)
    {
        var marker = ListMarker.Match(line);
        var hanging = Indent + new string(' ', marker.Success ? marker.Length : 0);
        var current = new StringBuilder(Indent);
        var lineHasWord = false;
        foreach (var word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (lineHasWord && current.Length + 1 + word.Length > Width)
            {
                yield return current.ToString();
                current.Clear().Append(hanging);
                lineHasWord = false;
            }
            if (lineHasWord) current.Append(' ');
            current.Append(word);
            lineHasWord = true;
        }
        if (lineHasWord) yield return current.ToString();
    }
}
