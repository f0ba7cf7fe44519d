namespace CpmPowerShell.Generator.Help;

/// <summary>Reads en-US/about_X.md into an <see cref="AboutTopic"/> (headings, paragraphs, code blocks).</summary>
public static class AboutTopicParser
{
    public static AboutTopic Parse(string markdown, string sourceName, string topicName)
    {
        var document = MarkdownDocument.Parse(markdown, sourceName);
        var topic = new AboutTopic { Name = topicName, Metadata = document.FrontMatter.ToList() };

        AboutBlock? paragraph = null;
        foreach (var element in document.Elements)
        {
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
