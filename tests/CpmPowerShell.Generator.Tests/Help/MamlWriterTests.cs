using System.Text;
using System.Xml.Linq;
using CpmPowerShell.Generator.Help;
using Xunit;

namespace CpmPowerShell.Generator.Tests.Help;

public class MamlWriterTests
{
    static readonly XNamespace Msh = "http://msh";
    static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    static CommandHelp GetWidget => HelpMarkdown.ParseText(HelpSamples.GetWidget);
    static CommandHelp RemoveWidget => HelpMarkdown.ParseText(HelpSamples.RemoveWidget);

    static XElement CommandFor(string name) =>
        XDocument.Parse(MamlWriter.Write(new[] { GetWidget, RemoveWidget }))
            .Root!.Elements(Command + "command")
            .Single(c => (string)c.Element(Command + "details")!.Element(Command + "name") == name);

    static List<string> Paras(XElement container) => container.Elements(Maml + "para").Select(p => p.Value).ToList();

    [Fact]
    public void Write_IsWellFormedMamlWithTheExpectedNamespaces()
    {
        var document = XDocument.Parse(MamlWriter.Write(new[] { GetWidget, RemoveWidget }));

        Assert.Equal(Msh + "helpItems", document.Root!.Name);
        Assert.Equal("maml", (string)document.Root.Attribute("schema"));
        var commands = document.Root.Elements(Command + "command").ToList();
        Assert.Equal(2, commands.Count);
        Assert.All(commands, c =>
        {
            Assert.Equal(Maml.NamespaceName, c.GetNamespaceOfPrefix("maml")!.NamespaceName);
            Assert.Equal(Dev.NamespaceName, c.GetNamespaceOfPrefix("dev")!.NamespaceName);
            Assert.Equal(Command.NamespaceName, c.GetNamespaceOfPrefix("command")!.NamespaceName);
        });
    }

    [Fact]
    public void Write_DetailsCarryNameVerbNounAndThePlainSynopsis()
    {
        var details = CommandFor("Get-Widget").Element(Command + "details")!;

        Assert.Equal("Get", (string)details.Element(Command + "verb"));
        Assert.Equal("Widget", (string)details.Element(Command + "noun"));
        Assert.Equal(new[] { "Gets widgets from the widget store." }, Paras(details.Element(Maml + "description")!));
    }

    [Fact]
    public void Write_BlankLinesSeparateParagraphsAndSoftBreaksBecomeSpaces()
    {
        var description = CommandFor("Get-Widget").Element(Maml + "description")!;

        Assert.Equal(new[]
        {
            "The Get-Widget cmdlet gets widgets by name or by id. See the guide (https://example.com/guide).",
            "Results stream as they arrive:\n- one object per widget\n- sorted by id",
        }, Paras(description));
    }

    [Fact]
    public void Write_OneSyntaxItemPerSetWithThatSetsParameters()
    {
        var items = CommandFor("Get-Widget").Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();

        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal("Get-Widget", (string)i.Element(Maml + "name")));
        // Order follows the set's syntax line in the markdown.
        Assert.Equal(new[] { "Name", "Kind" }, ParameterNames(items[0]));
        Assert.Equal(new[] { "Kind", "Id", "Force" }, ParameterNames(items[1]));

        var kindByName = Parameter(items[0], "Kind");
        var kindById = Parameter(items[1], "Kind");
        Assert.Equal("false", (string)kindByName.Attribute("required"));
        Assert.Equal("true", (string)kindById.Attribute("required"));
        Assert.Equal(new[] { "Gear", "Spring", "Lever" },
            kindByName.Element(Command + "parameterValueGroup")!.Elements(Command + "parameterValue").Select(v => v.Value));
        // Get-Help prints a switch as [-Force], so syntax carries no value element for it.
        Assert.Null(Parameter(items[1], "Force").Element(Command + "parameterValue"));
    }

    [Fact]
    public void Write_AllParameterSetsPutAParameterInEveryItem_AndASingleSetGivesOneItem()
    {
        var withAll = GetWidget;
        withAll.FindParameter("Kind")!.Usages = new List<ParameterUsage> { new() { Required = false } };
        var document = XDocument.Parse(MamlWriter.Write(new[] { withAll }));
        Assert.All(document.Descendants(Command + "syntaxItem"), i => Assert.Contains("Kind", ParameterNames(i)));

        var item = Assert.Single(CommandFor("Remove-Widget").Element(Command + "syntax")!.Elements(Command + "syntaxItem"));
        Assert.Equal(new[] { "Id", "Force" }, ParameterNames(item));
    }

    [Fact]
    public void Write_ParametersSectionHasEveryParameterOnceWithItsAttributes()
    {
        var parameters = CommandFor("Get-Widget").Element(Command + "parameters")!;

        Assert.Equal(new[] { "Force", "Id", "Kind", "Name" }, ParameterNames(parameters));
        var id = Parameter(parameters, "Id");
        Assert.Equal("true", (string)id.Attribute("required"));
        Assert.Equal("named", (string)id.Attribute("position"));
        Assert.Equal("True (ByPropertyName)", (string)id.Attribute("pipelineInput"));
        Assert.Equal("WidgetId, wid", (string)id.Attribute("aliases"));
        Assert.Equal("false", (string)id.Attribute("globbing"));
        Assert.Equal("Int32", (string)id.Element(Command + "parameterValue"));
        Assert.Equal("Int32", (string)id.Element(Dev + "type")!.Element(Maml + "name"));
        Assert.Equal("None", (string)id.Element(Dev + "defaultValue"));

        var name = Parameter(parameters, "Name");
        Assert.Equal("0", (string)name.Attribute("position"));
        Assert.Equal("true", (string)name.Attribute("globbing"));
        Assert.Equal("none", (string)name.Attribute("aliases"));
        Assert.Equal(new[] { "Names of widgets.", "Wildcards are allowed." }, Paras(name.Element(Maml + "description")!));

        var force = Parameter(parameters, "Force");
        Assert.Equal("SwitchParameter", (string)force.Element(Command + "parameterValue"));
        Assert.Equal("false", (string)force.Element(Command + "parameterValue")!.Attribute("required"));
        Assert.Equal("False", (string)force.Element(Dev + "defaultValue"));
    }

    [Fact]
    public void Write_ExamplesHavePaddedTitlesCodeAndRemarks()
    {
        var examples = CommandFor("Get-Widget").Element(Command + "examples")!.Elements(Command + "example").ToList();

        Assert.Equal(2, examples.Count);
        var title = (string)examples[0].Element(Maml + "title");
        Assert.Equal("Example 1: Get widgets by name", title.Trim('-', ' '));
        Assert.StartsWith("----", title);
        Assert.Equal("PS C:\\> Get-Widget -Name 'ge*'", (string)examples[0].Element(Dev + "code"));
        Assert.Equal(new[] { "Gets every widget whose name starts with ge." }, Paras(examples[0].Element(Dev + "remarks")!));

        Assert.Equal("$w = Get-Widget -Id 5\n\n$w.Name", (string)examples[1].Element(Dev + "code"));
        Assert.Equal(new[] { "Run this first.", "Shows the name." }, Paras(examples[1].Element(Dev + "remarks")!));
    }

    [Fact]
    public void Write_InputsOutputsNotesAndLinks()
    {
        var command = CommandFor("Get-Widget");

        var input = Assert.Single(command.Element(Command + "inputTypes")!.Elements(Command + "inputType"));
        Assert.Equal("System.String[]", (string)input.Element(Dev + "type")!.Element(Maml + "name"));
        Assert.Equal(new[] { "Names, by property name." }, Paras(input.Element(Maml + "description")!));
        Assert.Equal("Widgets.Widget", (string)command.Descendants(Command + "returnValue").Single().Element(Dev + "type")!.Element(Maml + "name"));
        Assert.Equal(new[] { "Widgets are cached for a minute." }, Paras(command.Element(Maml + "alertSet")!.Element(Maml + "alert")!));

        // The online version leads (Get-Help -Online); relative links keep their text only; plain text lines are dropped.
        var links = command.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink")
            .Select(l => ((string)l.Element(Maml + "linkText"), (string)l.Element(Maml + "uri"))).ToList();
        Assert.Equal(new[]
        {
            ("Online Version:", "https://example.com/get-widget"),
            ("Remove-Widget", ""),
            ("Widget docs", "https://example.com/widgets"),
        }, links);
        Assert.Null(CommandFor("Remove-Widget").Element(Maml + "alertSet"));
    }

    [Fact]
    public void WriteBytes_IsDeterministicUtf8WithoutBomWhateverTheInputOrder()
    {
        var first = MamlWriter.WriteBytes(new[] { GetWidget, RemoveWidget });
        var second = MamlWriter.WriteBytes(new[] { RemoveWidget, GetWidget });

        Assert.Equal(first, second);
        Assert.NotEqual(0xEF, first[0]);
        var text = Encoding.UTF8.GetString(first);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<helpItems", text);
        Assert.DoesNotContain('\r', text);
        Assert.True(text.IndexOf("Get-Widget", StringComparison.Ordinal) < text.IndexOf("Remove-Widget", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_EscapesXmlSpecialCharacters()
    {
        var help = RemoveWidget;
        help.Synopsis = "Removes <widgets> & \"gadgets\".";

        var details = XDocument.Parse(MamlWriter.Write(new[] { help })).Descendants(Command + "details").Single();

        Assert.Equal(new[] { "Removes <widgets> & \"gadgets\"." }, Paras(details.Element(Maml + "description")!));
    }

    static List<string> ParameterNames(XElement container) =>
        container.Elements(Command + "parameter").Select(p => (string)p.Element(Maml + "name")).ToList();

    static XElement Parameter(XElement container, string name) =>
        container.Elements(Command + "parameter").Single(p => (string)p.Element(Maml + "name") == name);
}
