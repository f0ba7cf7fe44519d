using System.Xml.Linq;
using CpmPowerShell.Generator.Help;
using Xunit;

namespace CpmPowerShell.Generator.Tests.Help;

public class HelpCompilerTests
{
    const string About = "# about_Widgets\n\n## Short description\nWidgets.\n";

    [Fact]
    public void Compile_WritesOneMamlFileAndTheAboutTopics()
    {
        var source = HelpSamples.TempFolder();
        var output = Path.Combine(HelpSamples.TempFolder(), "en-US");
        File.WriteAllText(Path.Combine(source, "Remove-Widget.md"), HelpSamples.RemoveWidget);
        File.WriteAllText(Path.Combine(source, "Get-Widget.md"), HelpSamples.GetWidget);
        File.WriteAllText(Path.Combine(source, "about_Widgets.md"), About);
        File.WriteAllText(Path.Combine(source, "Widgets.md"), "---\nModule Name: Widgets\nModule Guid: 00000000-0000-0000-0000-000000000000\n---\n\n# Widgets Module\n");

        var result = HelpCompiler.Compile(source, output, "Widgets");

        Assert.Equal(2, result.CommandCount);
        Assert.Equal(1, result.AboutTopicCount);
        Assert.Empty(result.Warnings);
        var maml = XDocument.Load(Path.Combine(output, "Widgets.dll-Help.xml"));
        Assert.Equal(2, maml.Root!.Elements().Count());
        Assert.StartsWith("\uFEFFTOPIC", File.ReadAllText(Path.Combine(output, "about_Widgets.help.txt"), new System.Text.UTF8Encoding(false)));

        var again = Path.Combine(HelpSamples.TempFolder(), "en-US");
        HelpCompiler.Compile(source, again, "Widgets");
        Assert.Equal(File.ReadAllBytes(Path.Combine(output, "Widgets.dll-Help.xml")), File.ReadAllBytes(Path.Combine(again, "Widgets.dll-Help.xml")));
    }

    [Fact]
    public void Compile_WarnsAboutPlaceholdersAndMismatchedNames()
    {
        var source = HelpSamples.TempFolder();
        File.WriteAllText(Path.Combine(source, "Remove-Gadget.md"), HelpMarkdown.WriteSkeleton(HelpSamples.Metadata("Remove-Widget"), "Widgets"));

        var result = HelpCompiler.Compile(source, HelpSamples.TempFolder(), "Widgets");

        Assert.Contains(result.Warnings, w => w.Contains("placeholder"));
        Assert.Contains(result.Warnings, w => w.Contains("'Remove-Widget'") && w.Contains("'Remove-Gadget'"));
    }

    [Fact]
    public void Compile_FailsWithTheFileAndLineOfABrokenFile()
    {
        var source = HelpSamples.TempFolder();
        var path = Path.Combine(source, "Get-Widget.md");
        File.WriteAllText(path, HelpSamples.GetWidget.Replace("## NOTES", "## REMARKS"));

        var error = Assert.Throws<HelpParseException>(() => HelpCompiler.Compile(source, HelpSamples.TempFolder(), "Widgets"));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("Unknown section '## REMARKS'", error.Message);
    }

    [Fact]
    public void Sync_CreatesUpdatesAndReportsOrphans()
    {
        var folder = HelpSamples.TempFolder();
        var docs = Path.Combine(folder, "en-US");
        var metadata = Path.Combine(folder, "metadata.json");
        File.WriteAllText(metadata, HelpSamples.MetadataJson);
        Directory.CreateDirectory(docs);
        File.WriteAllText(Path.Combine(docs, "Get-Widget.md"), HelpSamples.GetWidget);
        File.WriteAllText(Path.Combine(docs, "Get-Gadget.md"), HelpSamples.RemoveWidget.Replace("Remove-Widget", "Get-Gadget"));
        File.WriteAllText(Path.Combine(docs, "about_Widgets.md"), About);

        var first = HelpSync.Run(metadata, docs);

        Assert.Equal(new[] { Path.Combine(docs, "Remove-Widget.md") }, first.Created);
        Assert.Equal(new[] { Path.Combine(docs, "Get-Widget.md") }, first.Updated);
        Assert.Equal(new[] { Path.Combine(docs, "Get-Gadget.md") }, first.Orphaned);
        Assert.Contains("### -Server\n{{ Fill Server Description }}", File.ReadAllText(Path.Combine(docs, "Get-Widget.md")));

        var second = HelpSync.Run(metadata, docs);
        Assert.Empty(second.Created);
        Assert.Empty(second.Updated);
        Assert.Equal(2, second.Unchanged.Count);
    }
}
