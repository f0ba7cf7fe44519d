using CpmPowerShell.Generator.Help;
using Xunit;

namespace CpmPowerShell.Generator.Tests.Help;

public class HelpMarkdownParserTests
{
    [Fact]
    public void Parse_ReadsEverySection()
    {
        var help = HelpMarkdown.ParseText(HelpSamples.GetWidget, "Get-Widget.md");

        Assert.Equal("Get-Widget", help.Name);
        Assert.Equal("Widgets.dll-Help.xml", help.GetMetadata("external help file"));
        Assert.Equal("kept", help.GetMetadata("custom key"));
        Assert.Equal("Gets widgets from the **widget** store.", help.Synopsis);
        Assert.StartsWith("The Get-Widget cmdlet gets widgets\nby name", help.Description);
        Assert.EndsWith("- sorted by id", help.Description);
        Assert.Equal("Widgets are cached for a minute.", help.Notes);
        Assert.True(help.SupportsCommonParameters);
    }

    [Fact]
    public void Parse_ReadsSyntaxSetsAndTheDefault()
    {
        var help = HelpMarkdown.ParseText(HelpSamples.GetWidget);

        Assert.Collection(help.Syntax,
            s => { Assert.Equal("ByName", s.Name); Assert.True(s.IsDefault); Assert.StartsWith("Get-Widget [[-Name]", s.Syntax); },
            s => { Assert.Equal("ById", s.Name); Assert.False(s.IsDefault); });
    }

    [Fact]
    public void Parse_ASyntaxBlockWithoutHeadingIsTheOnlySet()
    {
        var help = HelpMarkdown.ParseText(HelpSamples.RemoveWidget);

        var set = Assert.Single(help.Syntax);
        Assert.Equal("", set.Name);
        Assert.True(set.IsDefault);
    }

    [Fact]
    public void Parse_ReadsExamplesWithIntroductionCodeAndRemarks()
    {
        var help = HelpMarkdown.ParseText(HelpSamples.GetWidget);

        Assert.Equal(2, help.Examples.Count);
        var first = help.Examples[0];
        Assert.Equal("Example 1: Get widgets by name", first.Title);
        Assert.Equal("", first.Introduction);
        Assert.Equal("powershell", Assert.Single(first.Code).Language);
        Assert.Equal("PS C:\\> Get-Widget -Name 'ge*'", first.Code[0].Text);
        Assert.Equal("Gets every widget whose name starts with ge.", first.Remarks);

        var second = help.Examples[1];
        Assert.Equal("Run this first.", second.Introduction);
        Assert.Equal(new[] { "$w = Get-Widget -Id 5", "$w.Name" }, second.Code.Select(c => c.Text));
        Assert.Equal("Shows the name.", second.Remarks);
    }

    [Fact]
    public void Parse_ReadsParameterYamlIncludingOneBlockPerBinding()
    {
        var help = HelpMarkdown.ParseText(HelpSamples.GetWidget);

        Assert.Equal(new[] { "Force", "Id", "Kind", "Name" }, help.Parameters.Select(p => p.Name));
        var id = help.FindParameter("Id");
        Assert.Equal("Int32", id.Type);
        Assert.Equal(new[] { "WidgetId", "wid" }, id.Aliases);
        var idUsage = Assert.Single(id.Usages);
        Assert.Equal(new[] { "ById" }, idUsage.ParameterSets);
        Assert.True(idUsage.Required);
        Assert.Equal("True (ByPropertyName)", idUsage.PipelineInput);

        var kind = help.FindParameter("Kind");
        Assert.Equal(new[] { "Gear", "Spring", "Lever" }, kind.AcceptedValues);
        Assert.Equal(2, kind.Usages.Count);
        Assert.False(kind.UsageFor("ByName").Required);
        Assert.True(kind.UsageFor("ById").Required);

        var name = help.FindParameter("Name");
        Assert.Equal("Names of widgets.\n\nWildcards are allowed.", name.Description);
        Assert.Equal("0", name.Usages[0].Position);
        Assert.True(name.AcceptsWildcards);
        Assert.True(help.FindParameter("Force").IsSwitch);
    }

    [Fact]
    public void Parse_ReadsInputsOutputsAndLinks()
    {
        var help = HelpMarkdown.ParseText(HelpSamples.GetWidget);

        var input = Assert.Single(help.Inputs);
        Assert.Equal("System.String[]", input.TypeName);
        Assert.Equal("Names, by property name.", input.Description);
        Assert.Equal("", Assert.Single(help.Outputs).Description);
        Assert.Collection(help.RelatedLinks,
            l => { Assert.Equal("Remove-Widget", l.Text); Assert.Equal("Remove-Widget.md", l.Uri); },
            l => { Assert.Equal("Widget docs", l.Text); Assert.Equal("https://example.com/widgets", l.Uri); },
            l => { Assert.Equal("about_Widgets", l.Text); Assert.Null(l.Uri); });
    }

    [Fact]
    public void Parse_TreatsWindowsLineEndingsAndBomLikeUnixOnes()
    {
        var windows = "\uFEFF" + HelpSamples.GetWidget.Replace("\n", "\r\n");

        Assert.Equal(
            HelpSamples.Snapshot(HelpMarkdown.ParseText(HelpSamples.GetWidget)),
            HelpSamples.Snapshot(HelpMarkdown.ParseText(windows)));
    }

    [Theory]
    [InlineData("## SYNOPSIS", "## SUMMARY", 11, "Unknown section '## SUMMARY'")]
    [InlineData("Aliases: WidgetId, wid", "Alias: WidgetId", 79, "Unknown parameter yaml key 'Alias'")]
    [InlineData("Required: True\nPosition: Named\nDefault value: None\nAccept pipeline input: True (ByPropertyName)", "Required: maybe\nPosition: Named\nDefault value: None\nAccept pipeline input: True (ByPropertyName)", 81, "'Required' must be True or False")]
    [InlineData("Position: 0", "Position: first", 128, "'Position' must be Named or a number")]
    [InlineData("### -Force", "### Force", 58, "Parameter heading must be '### -<Name>'")]
    public void Parse_SchemaErrorsNameTheFileAndLine(string find, string replace, int line, string problem)
    {
        var broken = HelpSamples.GetWidget.Replace(find, replace);

        var error = Assert.Throws<HelpParseException>(() => HelpMarkdown.ParseText(broken, "en-US/Get-Widget.md"));

        Assert.Equal("en-US/Get-Widget.md", error.FilePath);
        Assert.Equal(line, error.Line);
        Assert.StartsWith($"en-US/Get-Widget.md:{line}: {problem}", error.Message);
    }

    [Fact]
    public void Parse_RejectsAnUnclosedCodeBlock()
    {
        var error = Assert.Throws<HelpParseException>(() => HelpMarkdown.ParseText("# Get-X\n\n## SYNTAX\n\n```\nGet-X\n", "x.md"));

        Assert.Equal(5, error.Line);
        Assert.Contains("never closed", error.Message);
    }

    [Fact]
    public void Parse_RejectsAnExampleWithoutCode()
    {
        var error = Assert.Throws<HelpParseException>(() => HelpMarkdown.ParseText("# Get-X\n\n## EXAMPLES\n\n### Example 1\nJust words.\n", "x.md"));

        Assert.Equal(5, error.Line);
        Assert.Contains("has no code block", error.Message);
    }

    [Fact]
    public void Parse_ReadsAParameterWithoutYaml_AndRejectsOneDocumentedTwice()
    {
        // The short form: the text only; type and binding come from the cmdlet's metadata when compiled.
        var noYaml = HelpMarkdown.ParseText("# Get-X\n\n## PARAMETERS\n\n### -Name\nThe name.\n\nMore.\n", "x.md").FindParameter("Name")!;
        Assert.Equal("The name.\n\nMore.", noYaml.Description);
        Assert.Empty(noYaml.Usages);
        Assert.Equal(5, noYaml.Line);

        var twice = HelpSamples.RemoveWidget.Replace("### -Id", "### -Force");
        var duplicate = Assert.Throws<HelpParseException>(() => HelpMarkdown.ParseText(twice, "x.md"));
        Assert.Contains("-Force is documented twice", duplicate.Message);
    }

    [Fact]
    public void Parse_RejectsTextOutsideTheSchema()
    {
        Assert.Contains("first heading", Assert.Throws<HelpParseException>(() => HelpMarkdown.ParseText("Hello\n# Get-X\n", "x.md")).Message);
        Assert.Contains("must follow a '### ' heading",
            Assert.Throws<HelpParseException>(() => HelpMarkdown.ParseText("# Get-X\n\n## INPUTS\nNone\n", "x.md")).Message);
        Assert.Contains("never closed", Assert.Throws<HelpParseException>(() => HelpMarkdown.ParseText("---\nschema: 2.0.0\n# Get-X\n", "x.md")).Message);
    }

    [Fact]
    public void Parse_FromPathNamesThePathInErrors()
    {
        var folder = HelpSamples.TempFolder();
        var path = Path.Combine(folder, "Get-X.md");
        File.WriteAllText(path, "# Get-X\n\n## BOGUS\n");

        var error = Assert.Throws<HelpParseException>(() => HelpMarkdown.Parse(path));

        Assert.StartsWith(path + ":3:", error.Message);
    }
}
