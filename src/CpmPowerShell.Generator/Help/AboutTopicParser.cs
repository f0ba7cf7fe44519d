namespace CpmPowerShell.Generator.Help;

/// <summary>
/// Reads en-US/about_X.md into an <see cref="AboutTopic"/> (headings, paragraphs, code blocks).
/// Code blocks may be fenced or indented by four spaces (or a tab) after a blank line, as in
/// markdown; both keep their lines as written so examples copied from Get-Help still run.
/// </summary>
public static class AboutTopicParser
{
    public static AboutTopic Parse(string markdown, string sourceName, string topicName)
    {
        var document = MarkdownDocument.Parse(markdown, sourceName);
        var topic = new AboutTopic { Name = topicName, Metadata = document.FrontMatter.ToList() };

        AboutBlock? paragraph = null;
        AboutBlock? indentedCode = null;
        var blanksInCode = 0;
        foreach (var element in document.Elements)
        {
            // An indented line continues an indented code block (with any blank lines met inside it)
            // or starts one where no paragraph is open: markdown's indented code cannot interrupt a paragraph.
            if (element.Kind == MarkdownElementKind.Text && IsIndentedCode(element.Text) && paragraph == null && topic.Blocks.Count > 0)
            {
                if (indentedCode == null) topic.Blocks.Add(indentedCode = new AboutBlock { Kind = AboutBlockKind.Code });
                for (; blanksInCode > 0; blanksInCode--) indentedCode.Lines.Add("");
                indentedCode.Lines.Add(StripIndent(element.Text));
                continue;
            }
            if (element.Kind == MarkdownElementKind.Blank && indentedCode != null) { blanksInCode++; continue; }
            indentedCode = null;
            blanksInCode = 0;

            switch (element.Kind)
            {
                case MarkdownElementKind.Blank:
                    paragraph = null;
                    break;
                case MarkdownElementKind.Text:
                    if (topic.Blocks.Count == 0) throw document.Error(element.Line, "An about topic starts with a '# about_<Topic>' heading.");
                    if (paragraph == null) topic.Blocks.Add(paragraph = new AboutBlock { Kind = AboutBlockKind.Paragraph });
                    paragraph.Lines.Add(element.Text);
                    break;
                case MarkdownElementKind.Heading:
                    if (topic.Blocks.Count == 0 && element.Level != 1) throw document.Error(element.Line, "An about topic starts with a '# about_<Topic>' heading.");
                    topic.Blocks.Add(new AboutBlock { Kind = AboutBlockKind.Heading, Level = element.Level, Lines = { element.Text } });
                    paragraph = null;
                    break;
                case MarkdownElementKind.Code:
                    if (topic.Blocks.Count == 0) throw document.Error(element.Line, "An about topic starts with a '# about_<Topic>' heading.");
                    topic.Blocks.Add(new AboutBlock { Kind = AboutBlockKind.Code, Lines = element.Text.Split('\n').ToList() });
                    paragraph = null;
                    break;
            }
        }
        if (topic.Blocks.Count == 0) throw document.Error(1, "The about topic is empty.");
        topic.ShortDescription = SectionText(topic, "SHORT DESCRIPTION");
        if (topic.ShortDescription.Length == 0) throw document.Error(1, "The about topic has no 'SHORT DESCRIPTION' section.");
        return topic;
    }

    static bool IsIndentedCode(string line) => line.StartsWith("    ", StringComparison.Ordinal) || line.StartsWith('\t');

    static string StripIndent(string line) => line.StartsWith('\t') ? line[1..] : line[4..];

    /// <summary>The paragraphs under a heading with this title (any level, any case), joined by blank lines.</summary>
    static string SectionText(AboutTopic topic, string title)
    {
        var start = topic.Blocks.FindIndex(b => b.Kind == AboutBlockKind.Heading && b.Lines[0].Equals(title, StringComparison.OrdinalIgnoreCase));
        if (start < 0) return "";
        return string.Join("\n\n", topic.Blocks.Skip(start + 1)
            .TakeWhile(b => b.Kind != AboutBlockKind.Heading)
            .Where(b => b.Kind == AboutBlockKind.Paragraph)
            .Select(b => string.Join("\n", b.Lines)));
    }
}
