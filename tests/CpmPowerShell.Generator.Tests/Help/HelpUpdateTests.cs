using CpmPowerShell.Generator.Help;
using Xunit;

namespace CpmPowerShell.Generator.Tests.Help;

public class HelpUpdateTests
{
    /// <summary>Fresh metadata for Get-Widget that differs from the sample file: -Force gone, -Server new, -Id retyped.</summary>
    static CommandHelp FreshGetWidget()
    {
        var fresh = HelpSamples.Metadata("Get-Widget");
        fresh.FindParameter("Id")!.Type = "Int64";
        fresh.FindParameter("Id")!.Aliases = new List<string> { "WidgetId" };
        return fresh;
    }

    static CommandHelp Updated() =>
        HelpMarkdown.ParseText(HelpMarkdown.Update(HelpSamples.GetWidget, FreshGetWidget(), "Get-Widget.md"));

    [Fact]
    public void Update_KeepsAllHumanText()
    {
        var before = HelpMarkdown.ParseText(HelpSamples.GetWidget);
        var after = Updated();

        Assert.Equal(before.Synopsis, after.Synopsis);
        Assert.Equal(before.Description, after.Description);
        Assert.Equal(HelpSamples.Snapshot(before.Examples), HelpSamples.Snapshot(after.Examples));
        Assert.Equal(before.Notes, after.Notes);
        Assert.Equal(HelpSamples.Snapshot(before.RelatedLinks), HelpSamples.Snapshot(after.RelatedLinks));
        Assert.Equal(HelpSamples.Snapshot(before.Metadata), HelpSamples.Snapshot(after.Metadata));
        Assert.Equal("The id of the widget.", after.FindParameter("Id")!.Description);
        Assert.Equal("Names of widgets.\n\nWildcards are allowed.", after.FindParameter("Name")!.Description);
        Assert.Equal("Names, by property name.", after.Inputs.Single(i => i.TypeName == "System.String[]").Description);
    }

    [Fact]
    public void Update_WritesTheShortForm_TheCompilerTakesSyntaxAndYamlFromMetadata()
    {
        var text = HelpMarkdown.Update(HelpSamples.GetWidget, FreshGetWidget(), "Get-Widget.md");
        Assert.DoesNotContain("## SYNTAX", text);
        Assert.DoesNotContain("```yaml", text);

        var compiled = HelpMerger.Complete(HelpMarkdown.ParseText(text), FreshGetWidget(), "Get-Widget.md");

        Assert.Equal(new[] { "ByName", "ById" }, compiled.Syntax.Select(s => s.Name));
        Assert.StartsWith("Get-Widget [[-Name] <string[]>] [-Kind <WidgetKind>] [-Server <string>]", compiled.Syntax[0].Syntax);
        var id = compiled.FindParameter("Id")!;
        Assert.Equal("Int64", id.Type);
        Assert.Equal(new[] { "WidgetId" }, id.Aliases);
        Assert.Equal("The id of the widget.", id.Description);
        Assert.Equal("Widgets.WidgetKind", compiled.FindParameter("Kind")!.Type);
        Assert.Equal(new[] { "System.String[]", "System.Int32" }, compiled.Inputs.Select(i => i.TypeName));
        Assert.Equal("Names, by property name.", compiled.Inputs[0].Description);
    }

    [Fact]
    public void Update_AddsNewParametersWithPlaceholdersAndDropsRemovedOnes()
    {
        var after = Updated();

        Assert.Equal(new[] { "Id", "Kind", "Name", "Server", "First" }, after.Parameters.Select(p => p.Name));
        Assert.Null(after.FindParameter("Force"));
        Assert.Equal("{{ Fill Server Description }}", after.FindParameter("Server")!.Description);
    }

    [Fact]
    public void Update_ReplacesPlaceholdersWithTextTheGeneratorSupplies_AndIsIdempotent()
    {
        var skeleton = HelpMarkdown.WriteSkeleton(HelpSamples.Metadata("Remove-Widget"));
        var fresh = HelpSamples.Metadata("Remove-Widget");
        fresh.Synopsis = "Removes widgets.";
        fresh.FindParameter("Mode")!.Description = "How to remove a widget.";

        var once = HelpMarkdown.Update(skeleton, fresh);
        var twice = HelpMarkdown.Update(once, fresh);

        var help = HelpMarkdown.ParseText(once);
        Assert.Equal("Removes widgets.", help.Synopsis);
        Assert.Equal("How to remove a widget.", help.FindParameter("Mode")!.Description);
        Assert.Equal("{{ Fill in the Description }}", help.Description);
        Assert.Equal(once, twice);
    }

    [Fact]
    public void Update_KeepsDescribedExtraOutputs_DefaultValuesComeFromTheCmdlet()
    {
        var existing = HelpSamples.RemoveWidget
            .Replace("### None\n", "### None\nNothing, unless you ask.\n");

        var after = HelpMerger.Complete(HelpMarkdown.ParseText(HelpMarkdown.Update(existing, HelpSamples.Metadata("Remove-Widget"))), HelpSamples.Metadata("Remove-Widget"), "Remove-Widget.md");

        Assert.Equal("Nothing, unless you ask.", after.Outputs.Single(o => o.TypeName == "None").Description);
        // The short form has no yaml: a default is what the cmdlet's property initialiser says (the metadata).
        Assert.Equal("False", after.FindParameter("Force")!.DefaultValue);
        Assert.Equal("None", after.FindParameter("Id")!.DefaultValue);
    }

    [Fact]
    public void Sync_WritesASkeletonWhenThereIsNoFile()
    {
        var metadata = HelpSamples.Metadata("Remove-Widget");

        Assert.Equal(HelpMarkdown.WriteSkeleton(metadata, "Widgets"), HelpMarkdown.Sync(null, metadata, "Widgets"));
    }
}
