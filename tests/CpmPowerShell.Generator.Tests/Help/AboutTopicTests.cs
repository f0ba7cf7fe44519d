using System.Text;
using CpmPowerShell.Generator.Help;
using Xunit;

namespace CpmPowerShell.Generator.Tests.Help;

public class AboutTopicTests
{
    const string DocsLayout = """
        ---
        description: The widget module.
        Locale: en-US
        schema: 2.0.0
        ---
        # about_Widgets

        ## Short description

        Explains how the **Widgets** module works.

        ## Long description

        The Widgets module exists to prove that about topics compile. This paragraph is long enough that it must be wrapped at eighty columns.

        - a short item
        - a list item that is long enough to wrap onto a second line, which is then indented under its text

        ### Connecting

        ```powershell
        Get-Widget -Name gear
        ```

        ## See also

        [Get-Widget](Get-Widget.md)
        """;

    const string PlatyPSLayout = """
        # Widgets
        ## about_Widgets

        # SHORT DESCRIPTION
        Explains widgets.

        # LONG DESCRIPTION
        Longer text.

        ## Optional Subtopics
        More.
        """;

    [Fact]
    public void Parse_ReadsBlocksAndTheShortDescription()
    {
        var topic = AboutTopicParser.Parse(DocsLayout, "about_Widgets.md", "about_Widgets");

        Assert.Equal("about_Widgets", topic.Name);
        Assert.Equal("Explains how the **Widgets** module works.", topic.ShortDescription);
        Assert.Equal("en-US", topic.Metadata.Single(m => m.Key == "Locale").Value);
        Assert.Equal(AboutBlockKind.Heading, topic.Blocks[0].Kind);
        Assert.Contains(topic.Blocks, b => b.Kind == AboutBlockKind.Code && b.Lines.SequenceEqual(new[] { "Get-Widget -Name gear" }));
    }

    [Fact]
    public void Write_KeepsIndentedCodeBlocksLineForLine()
    {
        const string markdown = """
            # about_Widgets

            ## Short description

            Widgets.

            ## Long description

            Pipe them:

                Get-Widget -Name gear |
                    Set-Widget -Size 2

                $w = Get-Widget
            Not code: a paragraph
                continued with an indented line.
            """;

        var text = AboutTopicWriter.Write(AboutTopicParser.Parse(markdown, "about_Widgets.md", "about_Widgets"));

        Assert.Contains("\n    Pipe them:\n\n        Get-Widget -Name gear |\n            Set-Widget -Size 2\n\n        $w = Get-Widget\n\n", text);
        Assert.Contains("\n    Not code: a paragraph continued with an indented line.\n", text);
    }

    [Fact]
    public void Write_DocsLayoutAsHelpText()
    {
        var text = AboutTopicWriter.Write(AboutTopicParser.Parse(DocsLayout, "about_Widgets.md", "about_Widgets"));

        Assert.StartsWith("TOPIC\n    about_widgets\n\nSHORT DESCRIPTION\n    Explains how the Widgets module works.\n\nLONG DESCRIPTION\n", text);
        Assert.Contains("\n    - a short item\n    - a list item that is long enough to wrap onto a second line, which is then\n      indented under its text\n", text);
        Assert.Contains("\nConnecting\n        Get-Widget -Name gear\n\nSEE ALSO\n    Get-Widget\n", text);
        Assert.All(text.Split('\n'), line => Assert.True(line.Length <= AboutTopicWriter.Width, line));
        Assert.EndsWith("Get-Widget\n", text);
    }

    [Fact]
    public void Write_PlatyPSTemplateLayoutAsHelpText()
    {
        var text = AboutTopicWriter.Write(AboutTopicParser.Parse(PlatyPSLayout, "about_Widgets.md", "about_Widgets"));

        Assert.Equal("TOPIC\n    about_widgets\n\nSHORT DESCRIPTION\n    Explains widgets.\n\nLONG DESCRIPTION\n    Longer text.\n\nOptional Subtopics\n    More.\n", text);
    }

    [Fact]
    public void WriteBytes_IsUtf8WithBom()
    {
        var bytes = AboutTopicWriter.WriteBytes(AboutTopicParser.Parse(PlatyPSLayout, "x.md", "about_Widgets"));

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes.Take(3));
        Assert.StartsWith("TOPIC", Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
    }

    [Fact]
    public void Parse_RequiresAHeadingFirstAndAShortDescription()
    {
        Assert.Contains("x.md:1:", Assert.Throws<HelpParseException>(() => AboutTopicParser.Parse("Text\n", "x.md", "about_X")).Message);
        Assert.Contains("SHORT DESCRIPTION", Assert.Throws<HelpParseException>(() => AboutTopicParser.Parse("# about_X\n\nText\n", "x.md", "about_X")).Message);
    }
}
