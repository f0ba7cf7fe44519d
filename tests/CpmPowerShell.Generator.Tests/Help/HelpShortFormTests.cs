using System.Xml.Linq;
using CpmPowerShell.Generator.Help;
using Xunit;

namespace CpmPowerShell.Generator.Tests.Help;

/// <summary>
/// The short form kept in en-US/: only what people write. The compiler takes syntax and parameter details
/// from the cmdlets' metadata, so the MAML is as complete as from a full PlatyPS file.
/// </summary>
public class HelpShortFormTests
{
    static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    /// <summary>A full PlatyPS file for Remove-Widget that agrees with its metadata (as help-sync used to write them).</summary>
    static string FullRemoveWidget()
    {
        var help = HelpMerger.Merge(HelpMarkdown.ParseText(HelpSamples.RemoveWidget), HelpSamples.Metadata("Remove-Widget"));
        help.FindParameter("Mode")!.Description = "Soft keeps a copy.";
        help.FindParameter("WhatIf")!.Description = "Shows what would be removed.";
        help.FindParameter("Confirm")!.Description = "Asks before removing.";
        return HelpMarkdown.Write(HelpSkeleton.Create(help));
    }

    [Fact]
    public void WriteShort_KeepsOnlyWhatPeopleWrite()
    {
        var full = HelpMarkdown.ParseText(HelpSamples.GetWidget);

        var text = CommandHelpWriter.WriteShort(full);

        Assert.DoesNotContain("## SYNTAX", text);
        Assert.DoesNotContain("```yaml", text);
        Assert.DoesNotContain("CommonParameters", text);
        var parsed = HelpMarkdown.ParseText(text);
        Assert.Equal(full.Synopsis, parsed.Synopsis);
        Assert.Equal(full.Description, parsed.Description);
        Assert.Equal(HelpSamples.Snapshot(full.Examples), HelpSamples.Snapshot(parsed.Examples));
        Assert.Equal(full.Parameters.Where(p => p.Description.Length > 0).Select(p => (p.Name, p.Description)),
            parsed.Parameters.Select(p => (p.Name, p.Description)));
        Assert.Equal(full.Notes, parsed.Notes);
        Assert.Equal(HelpSamples.Snapshot(full.RelatedLinks), HelpSamples.Snapshot(parsed.RelatedLinks));
        Assert.Equal(HelpSamples.Snapshot(full.Metadata), HelpSamples.Snapshot(parsed.Metadata));
        // A type with no description is derived from the metadata, so it is not written.
        Assert.Equal(new[] { "System.String[]" }, parsed.Inputs.Select(i => i.TypeName));
        Assert.Empty(parsed.Outputs);
        Assert.Equal(text, CommandHelpWriter.WriteShort(parsed));
    }

    [Fact]
    public void Compile_ShortFileWithMetadata_GivesTheSameMamlAsTheFullFile()
    {
        var full = FullRemoveWidget();
        var shortText = HelpMarkdown.Update(full, HelpSamples.Metadata("Remove-Widget"));
        Assert.True(shortText.Split('\n').Length < full.Split('\n').Length / 2, shortText);

        var fullSource = HelpSamples.TempFolder();
        File.WriteAllText(Path.Combine(fullSource, "Remove-Widget.md"), full);
        var fullOut = HelpSamples.TempFolder();
        HelpCompiler.Compile(fullSource, fullOut, "Widgets");
        var shortSource = HelpSamples.TempFolder();
        File.WriteAllText(Path.Combine(shortSource, "Remove-Widget.md"), shortText);
        var shortOut = HelpSamples.TempFolder();
        var result = HelpCompiler.Compile(shortSource, shortOut, "Widgets", metadata: CmdletMetadata.Read(HelpSamples.MetadataJson));

        Assert.Empty(result.Warnings);
        var maml = File.ReadAllText(Path.Combine(shortOut, "Widgets.dll-Help.xml"));
        Assert.Equal(File.ReadAllText(Path.Combine(fullOut, "Widgets.dll-Help.xml")), maml);
        // And that MAML holds what Get-Help shows: syntax, type, required, position, pipeline, aliases, text.
        var id = XDocument.Parse(maml).Descendants(Command + "parameters").Elements(Command + "parameter")
            .Single(p => p.Element(Maml + "name")!.Value == "Id");
        Assert.Equal("true", (string)id.Attribute("required"));
        Assert.Equal("0", (string)id.Attribute("position"));
        Assert.Equal("True (ByValue, ByPropertyName)", (string)id.Attribute("pipelineInput"));
        Assert.Equal("Identity", (string)id.Attribute("aliases"));
        Assert.Equal("Int32[]", id.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("Ids to remove.", id.Element(Maml + "description")!.Value);
        Assert.Single(XDocument.Parse(maml).Descendants(Command + "syntaxItem"));
    }

    [Fact]
    public void Compile_AParameterTheCmdletDoesNotHave_IsAnErrorNamingFileAndLine()
    {
        var source = HelpSamples.TempFolder();
        var path = Path.Combine(source, "Remove-Widget.md");
        var text = HelpMarkdown.Update(FullRemoveWidget(), HelpSamples.Metadata("Remove-Widget")) + "\n## NOTES\n";
        text = text.Replace("### -Id\n", "### -Idd\n");
        File.WriteAllText(path, text);

        var error = Assert.Throws<HelpParseException>(() =>
            HelpCompiler.Compile(source, HelpSamples.TempFolder(), "Widgets", metadata: CmdletMetadata.Read(HelpSamples.MetadataJson)));

        Assert.Equal(path, error.FilePath);
        Assert.Equal(text.Split('\n').ToList().IndexOf("### -Idd") + 1, error.Line);
        Assert.Contains("'### -Idd' describes a parameter Remove-Widget does not have", error.Message);
    }

    [Fact]
    public void Sync_MigratesAFullPlatyPSFileFromAnotherBranch_KeepingItsText_AndIsIdempotent()
    {
        // A branch added -InFile (full PlatyPS, with yaml) and left -Timeout without text.
        var metadata = HelpSamples.Metadata("Remove-Widget");
        metadata.Parameters.Add(new ParameterHelp { Name = "InFile", Type = "String", Usages = { new ParameterUsage() } });
        metadata.Parameters.Add(new ParameterHelp { Name = "Timeout", Type = "Int32", Usages = { new ParameterUsage() } });
        var fromBranch = FullRemoveWidget().Replace("### CommonParameters", """
            ### -InFile
            The file whose content is sent as the body.

            ```yaml
            Type: String
            Parameter Sets: (All)
            Aliases:

            Required: False
            Position: Named
            Default value: None
            Accept pipeline input: False
            Accept wildcard characters: False
            ```

            ### CommonParameters
            """);

        var once = HelpMarkdown.Update(fromBranch, metadata);
        var twice = HelpMarkdown.Update(once, metadata);

        Assert.Equal(once, twice);
        Assert.DoesNotContain("```yaml", once);
        Assert.DoesNotContain("## SYNTAX", once);
        var parsed = HelpMarkdown.ParseText(once);
        Assert.Equal("The file whose content is sent as the body.", parsed.FindParameter("InFile")!.Description);
        Assert.Equal("Ids to remove.", parsed.FindParameter("Id")!.Description);
        Assert.Equal("Skips the prompt.", parsed.FindParameter("Force")!.Description);
        Assert.Equal("Soft keeps a copy.", parsed.FindParameter("Mode")!.Description);
        Assert.Equal("{{ Fill Timeout Description }}", parsed.FindParameter("Timeout")!.Description);
        Assert.Equal(HelpMarkdown.ParseText(fromBranch).Synopsis, parsed.Synopsis);
        Assert.Equal(HelpSamples.Snapshot(HelpMarkdown.ParseText(fromBranch).Examples), HelpSamples.Snapshot(parsed.Examples));
    }

    [Fact]
    public void Sync_ReportsTextOfAParameterTheCmdletNoLongerHas()
    {
        var folder = HelpSamples.TempFolder();
        var docs = Path.Combine(folder, "en-US");
        Directory.CreateDirectory(docs);
        var metadata = Path.Combine(folder, "metadata.json");
        File.WriteAllText(metadata, HelpSamples.MetadataJson);
        File.WriteAllText(Path.Combine(docs, "Get-Widget.md"), HelpSamples.GetWidget);

        var result = HelpSync.Run(metadata, docs);

        Assert.Equal(new[] { Path.Combine(docs, "Get-Widget.md") + ": -Force" }, result.DroppedParameters);
    }

    [Fact]
    public void Export_WritesFullPlatyPSMarkdown_WithSharedTextsFilledIn()
    {
        var source = HelpSamples.TempFolder();
        var shared = SharedHelp.Create("## -WhatIf\nShows what would happen.\n\n## -Confirm\nAsks first.\n");
        // A skeleton's placeholder for a parameter with shared text goes too.
        var withPlaceholder = FullRemoveWidget().Replace("Shows what would be removed.", "{{ Fill WhatIf Description }}");
        File.WriteAllText(Path.Combine(source, "Remove-Widget.md"), HelpMarkdown.Update(withPlaceholder, HelpSamples.Metadata("Remove-Widget"), shared: shared));
        File.WriteAllText(Path.Combine(source, "about_Widgets.md"), "# about_Widgets\n\n## Short description\nWidgets.\n");
        var output = HelpSamples.TempFolder();

        HelpCompiler.Export(source, output, shared, CmdletMetadata.Read(HelpSamples.MetadataJson));

        var exported = HelpMarkdown.Parse(Path.Combine(output, "Remove-Widget.md"));
        Assert.Equal("Remove-Widget [-Id] <int[]> [-Mode <string>] [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]", Assert.Single(exported.Syntax).Syntax);
        Assert.Equal("Int32[]", exported.FindParameter("Id")!.Type);
        Assert.Equal("True (ByValue, ByPropertyName)", exported.FindParameter("Id")!.Usages.Single().PipelineInput);
        Assert.Equal("Shows what would happen.", exported.FindParameter("WhatIf")!.Description);
        Assert.True(exported.SupportsCommonParameters);
        Assert.True(File.Exists(Path.Combine(output, "about_Widgets.md")));
    }

    [Fact]
    public void Stats_CountLinesPerCmdletFile()
    {
        var folder = HelpSamples.TempFolder();
        File.WriteAllText(Path.Combine(folder, "Remove-Widget.md"), HelpMarkdown.Update(FullRemoveWidget(), HelpSamples.Metadata("Remove-Widget")));

        var report = HelpStats.Report(folder);

        Assert.Contains("per cmdlet file:", report);
        Assert.Contains("largest Remove-Widget.md", report);
    }
}
