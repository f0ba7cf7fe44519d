using CpmPowerShell.Generator.Help;
using Xunit;

namespace CpmPowerShell.Generator.Tests.Help;

public class HelpSkeletonTests
{
    [Fact]
    public void Write_ThenParse_GivesTheSameModelAndTheSameText()
    {
        var parsed = HelpMarkdown.ParseText(HelpSamples.GetWidget);

        var written = HelpMarkdown.Write(parsed);

        Assert.Equal(HelpSamples.GetWidget, written);
        Assert.Equal(HelpSamples.Snapshot(parsed), HelpSamples.Snapshot(HelpMarkdown.ParseText(written)));
    }

    [Fact]
    public void Skeleton_UsesPlatyPSPlaceholders()
    {
        var text = HelpMarkdown.WriteSkeleton(HelpSamples.Metadata("Get-Widget"));

        Assert.Contains("## SYNOPSIS\n{{ Fill in the Synopsis }}\n", text);
        Assert.Contains("## DESCRIPTION\n{{ Fill in the Description }}\n", text);
        Assert.Contains("### Example 1\n```powershell\nPS C:\\> {{ Add example code here }}\n```\n\n{{ Add example description here }}\n", text);
        Assert.Contains("### -Server\n{{ Fill Server Description }}\n", text);
        // Without shared texts (en-US/_shared/parameters.md) every parameter, the engine's too, needs writing.
        Assert.Contains("### -First\n{{ Fill First Description }}\n", text);
        // The short form: what the metadata gives (syntax, yaml, common parameters, types) is not written.
        Assert.DoesNotContain("## SYNTAX", text);
        Assert.DoesNotContain("```yaml", text);
        Assert.DoesNotContain("CommonParameters", text);
        Assert.DoesNotContain("## INPUTS", text);
        Assert.StartsWith("---\nexternal help file: Widgets.dll-Help.xml\nModule Name: Widgets\nonline version:\nschema: 2.0.0\n---\n\n# Get-Widget\n", text);
    }

    [Fact]
    public void Skeleton_RoundTripsThroughTheParser()
    {
        foreach (var name in new[] { "Get-Widget", "Remove-Widget" })
        {
            var skeleton = HelpSkeleton.Create(HelpSamples.Metadata(name));

            var parsed = HelpMarkdown.ParseText(HelpMarkdown.Write(skeleton), name + ".md");

            Assert.Equal(HelpSamples.Snapshot(skeleton), HelpSamples.Snapshot(parsed));
            Assert.True(HelpSkeleton.HasPlaceholders(parsed));
        }
    }

    [Fact]
    public void Metadata_FollowsPlatyPSLayout()
    {
        var help = HelpSamples.Metadata("Get-Widget");

        // Alphabetical, with the engine's paging/ShouldProcess parameters last.
        Assert.Equal(new[] { "Id", "Kind", "Name", "Server", "First" }, help.Parameters.Select(p => p.Name));
        Assert.Equal(new[] { ("ByName", true), ("ById", false) }, help.Syntax.Select(s => (s.Name, s.IsDefault)));
        // One yaml block covers both sets where the binding is the same...
        Assert.Empty(Assert.Single(help.FindParameter("Server")!.Usages).ParameterSets);
        // ...and a parameter mandatory in one set only gets a block per set.
        var kind = help.FindParameter("Kind")!;
        Assert.Equal(new[] { "ByName", "ById" }, kind.Usages.Select(u => u.ParameterSets.Single()));
        Assert.Equal(new[] { false, true }, kind.Usages.Select(u => u.Required));
        Assert.Equal("Named", help.FindParameter("Id")!.Usages[0].Position);
        Assert.Equal("0", help.FindParameter("Name")!.Usages[0].Position);
        Assert.Equal(new[] { "System.String[]", "System.Int32" }, help.Inputs.Select(i => i.TypeName));

        var remove = HelpSamples.Metadata("Remove-Widget");
        Assert.Equal(new[] { "Force", "Id", "Mode", "Confirm", "WhatIf" }, remove.Parameters.Select(p => p.Name));
        var set = Assert.Single(remove.Syntax);
        Assert.Equal("", set.Name);
        Assert.Equal("True (ByValue, ByPropertyName)", remove.FindParameter("Id")!.Usages[0].PipelineInput);
        Assert.Equal("False", remove.FindParameter("Force")!.DefaultValue);
    }

    [Fact]
    public void Skeleton_WrapsLongSyntaxAndFillsEmptyInputsAndOutputs()
    {
        var skeleton = HelpSkeleton.Create(HelpSamples.Metadata("Get-Widget"));
        var lines = skeleton.Syntax[0].Syntax.Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.True(l.Length <= SyntaxFormatter.MaxWidth));
        Assert.StartsWith(" [-First", lines[1]);

        var remove = HelpSkeleton.Create(HelpSamples.Metadata("Remove-Widget"));
        Assert.Equal("System.Object", Assert.Single(remove.Outputs).TypeName);
        Assert.Equal("{{ Fill Confirm Description }}", remove.FindParameter("Confirm")!.Description);
    }

    [Fact]
    public void Skeleton_BuildsSyntaxFromParametersWhenTheCallerHasNone()
    {
        var help = HelpSamples.Metadata("Remove-Widget");
        help.Syntax[0].Syntax = "";

        var skeleton = HelpSkeleton.Create(help);

        Assert.Equal("Remove-Widget [-Id] <Int32[]> [-Force] [-Mode <String>] [-WhatIf] [-Confirm] [<CommonParameters>]", skeleton.Syntax[0].Syntax);

        var get = HelpSamples.Metadata("Get-Widget");
        get.Syntax.ForEach(s => s.Syntax = "");
        Assert.Equal("Get-Widget -Id <Int32> -Kind <Widgets.WidgetKind> [-Server <String>] [<CommonParameters>]",
            HelpSkeleton.Create(get).Syntax[1].Syntax);
    }

    [Fact]
    public void Skeleton_KeepsTextTheCallerAlreadyHas()
    {
        var help = HelpSamples.Metadata("Remove-Widget");
        help.Synopsis = "Removes widgets.";
        help.FindParameter("Mode")!.Description = "How to remove.";

        var skeleton = HelpSkeleton.Create(help, "Widgets");

        Assert.Equal("Removes widgets.", skeleton.Synopsis);
        Assert.Equal("How to remove.", skeleton.FindParameter("Mode")!.Description);
        Assert.Equal("{{ Fill Id Description }}", skeleton.FindParameter("Id")!.Description);
        Assert.Equal("", help.Description);
    }

    [Fact]
    public void Skeleton_FromAModelTheCodeGeneratorBuilds()
    {
        // What the generator has without running PowerShell: names, types, sets, no syntax lines.
        var help = new CommandHelp
        {
            Name = "Get-CpmPolicy",
            Synopsis = "Gets backup policies.",
            Syntax = { new SyntaxSet { Name = "List", IsDefault = true }, new SyntaxSet { Name = "ById" } },
            Parameters =
            {
                new ParameterHelp { Name = "Id", Type = "Int32", Usages = { new ParameterUsage { ParameterSets = { "ById" }, Required = true, Position = "0", PipelineInput = "True (ByPropertyName)" } } },
                new ParameterHelp { Name = "Name", Type = "String[]", AcceptsWildcards = true, Usages = { new ParameterUsage { ParameterSets = { "List" }, Position = "0" } } },
                new ParameterHelp { Name = "Server", Type = "Object", Description = "The CPM server connection." },
            },
            Outputs = { new TypeHelp { TypeName = "CpmPowerShell.Models.Policy" } },
        };

        // The full PlatyPS form (what help-export writes) shows the syntax built from the parameters.
        var text = HelpMarkdown.Write(HelpSkeleton.Create(help, "CpmPowerShell"));
        var parsed = HelpMarkdown.ParseText(text);

        Assert.Contains("### List (Default)\n```\nGet-CpmPolicy [[-Name] <String[]>] [-Server <Object>] [<CommonParameters>]\n```\n", text);
        Assert.Contains("### ById\n```\nGet-CpmPolicy [-Id] <Int32> [-Server <Object>] [<CommonParameters>]\n```\n", text);
        Assert.Equal("Gets backup policies.", parsed.Synopsis);
        Assert.Equal("{{ Fill Id Description }}", parsed.FindParameter("Id")!.Description);
        Assert.Equal("The CPM server connection.", parsed.FindParameter("Server")!.Description);
        Assert.True(parsed.SupportsCommonParameters);
        Assert.Equal("CpmPowerShell", parsed.GetMetadata("Module Name"));
    }
}
