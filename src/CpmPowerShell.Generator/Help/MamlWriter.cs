using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace CpmPowerShell.Generator.Help;

/// <summary>
/// Compiles command help to the MAML file Get-Help reads (&lt;Module&gt;.dll-Help.xml), with the element
/// layout PlatyPS's renderer emits, which both Windows PowerShell 5.1 and PowerShell 7 display.
/// Output is deterministic: commands sorted by name, "\n" line ends, UTF-8 without BOM.
/// </summary>
public static class MamlWriter
{
    static readonly XNamespace Msh = "http://msh";
    static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    static readonly XNamespace MsHelp = "http://msdn.microsoft.com/mshelp";

    public static byte[] WriteBytes(IEnumerable<CommandHelp> commands)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
        };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings)) ToDocument(commands).Save(writer);
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    public static string Write(IEnumerable<CommandHelp> commands) => Encoding.UTF8.GetString(WriteBytes(commands));

    public static XDocument ToDocument(IEnumerable<CommandHelp> commands) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems",
                new XAttribute("schema", "maml"),
                commands.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Name, StringComparer.Ordinal)
                    .Select(CommandElement)));

    static XElement CommandElement(CommandHelp help)
    {
        var dash = help.Name.IndexOf('-');
        var verb = dash < 0 ? help.Name : help.Name[..dash];
        var noun = dash < 0 ? "" : help.Name[(dash + 1)..];
        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", help.Name),
                new XElement(Command + "verb", verb),
                new XElement(Command + "noun", noun),
                new XElement(Maml + "description", Paragraphs(help.Synopsis))),
            new XElement(Maml + "description", Paragraphs(help.Description)),
            new XElement(Command + "syntax", SyntaxItems(help)),
            new XElement(Command + "parameters", help.Parameters.Select(p => ParameterElement(p, p.Usages.FirstOrDefault() ?? new ParameterUsage(), inSyntax: false))),
            new XElement(Command + "inputTypes", help.Inputs.Select(t => TypeElement("inputType", t))),
            new XElement(Command + "returnValues", help.Outputs.Select(t => TypeElement("returnValue", t))),
            help.Notes.Length == 0 ? null : new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(help.Notes))),
            new XElement(Command + "examples", help.Examples.Select(ExampleElement)),
            new XElement(Command + "relatedLinks", Links(help)));
    }

    static IEnumerable<XElement> Paragraphs(string markdown) =>
        MarkdownText.ToParagraphs(markdown).Select(p => new XElement(Maml + "para", p));

    /// <summary>
    /// One syntaxItem per parameter set: the sets named under SYNTAX, then any only named in a yaml block.
    /// A parameter joins a set when its yaml lists the set or says (All).
    /// </summary>
    static IEnumerable<XElement> SyntaxItems(CommandHelp help)
    {
        var setNames = help.Syntax.Select(s => s.Name).Where(n => n.Length > 0)
            .Concat(help.Parameters.SelectMany(p => p.Usages).SelectMany(u => u.ParameterSets)
                .Where(n => n != ParameterHelp.AllParameterSets))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

        if (setNames.Count == 0)
        {
            var only = help.Syntax.FirstOrDefault();
            yield return SyntaxItem(help, only, help.Parameters.Select(p => (p, p.Usages.FirstOrDefault() ?? new ParameterUsage())));
            yield break;
        }
        foreach (var name in setNames)
        {
            var members = help.Parameters
                .Select(p => (Parameter: p, Usage: p.UsageFor(name)))
                .Where(m => m.Usage != null)
                .Select(m => (m.Parameter, m.Usage!));
            yield return SyntaxItem(help, help.Syntax.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase)), members);
        }
    }

    static XElement SyntaxItem(CommandHelp help, SyntaxSet? set, IEnumerable<(ParameterHelp Parameter, ParameterUsage Usage)> members) =>
        new(Command + "syntaxItem",
            new XElement(Maml + "name", help.Name),
            DisplayOrder(members.ToList(), set?.Syntax ?? "").Select(m => ParameterElement(m.Parameter, m.Usage, inSyntax: true)));

    /// <summary>The order of the markdown syntax line when a parameter appears there; else positional first, then model order.</summary>
    static IEnumerable<(ParameterHelp Parameter, ParameterUsage Usage)> DisplayOrder(List<(ParameterHelp Parameter, ParameterUsage Usage)> members, string syntax) =>
        members
            .Select((m, index) => (Member: m, Index: index, Found: IndexIn(syntax, m.Parameter.Name)))
            .OrderBy(x => x.Found)
            .ThenBy(x => x.Member.Usage.IsNamed ? int.MaxValue : int.Parse(x.Member.Usage.Position))
            .ThenBy(x => x.Index)
            .Select(x => x.Member);

    static int IndexIn(string syntax, string parameterName)
    {
        var match = Regex.Match(syntax, @"(?<![\w-])-" + Regex.Escape(parameterName) + @"(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return match.Success ? match.Index : int.MaxValue;
    }

    static XElement ParameterElement(ParameterHelp parameter, ParameterUsage usage, bool inSyntax)
    {
        var type = parameter.IsSwitch ? "SwitchParameter" : parameter.Type;
        var defaultValue = parameter.IsSwitch && (parameter.DefaultValue.Length == 0 || parameter.DefaultValue == "None")
            ? "False"
            : parameter.DefaultValue.Length == 0 ? "None" : parameter.DefaultValue;
        return new XElement(Command + "parameter",
            new XAttribute("required", usage.Required ? "true" : "false"),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", parameter.AcceptsWildcards ? "true" : "false"),
            new XAttribute("pipelineInput", usage.PipelineInput),
            new XAttribute("position", usage.IsNamed ? "named" : usage.Position),
            new XAttribute("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            new XElement(Maml + "description", Paragraphs(parameter.Description)),
            inSyntax && parameter.AcceptedValues.Count > 0
                ? new XElement(Command + "parameterValueGroup", parameter.AcceptedValues.Select(v =>
                    new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute(Command + "variableLength", "false"), v)))
                : null,
            // Get-Help shows a switch in syntax as [-Name], so the syntax copy carries no value element.
            inSyntax && parameter.IsSwitch
                ? null
                : new XElement(Command + "parameterValue",
                    new XAttribute("required", parameter.IsSwitch ? "false" : "true"),
                    new XAttribute("variableLength", "false"),
                    type),
            new XElement(Dev + "type", new XElement(Maml + "name", type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", defaultValue));
    }

    static XElement TypeElement(string elementName, TypeHelp type) =>
        new(Command + elementName,
            new XElement(Dev + "type", new XElement(Maml + "name", type.TypeName)),
            new XElement(Maml + "description", Paragraphs(type.Description)));

    static XElement ExampleElement(ExampleHelp example)
    {
        // MAML has no slot Get-Help shows before the code, so an introduction leads the remarks.
        var remarks = string.Join("\n\n", new[] { example.Introduction, example.Remarks }.Where(t => t.Length > 0));
        return new XElement(Command + "example",
            new XElement(Maml + "title", PadTitle(example.Title)),
            new XElement(Dev + "code", string.Join("\n\n", example.Code.Select(c => c.Text))),
            new XElement(Dev + "remarks", Paragraphs(remarks)));
    }

    /// <summary>Centres the title in dashes as PlatyPS and the built-in help do ("---- Example 1: ... ----").</summary>
    static string PadTitle(string title)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Length >= 62) return title;
        var dashes = new string('-', (64 - title.Length - 2) / 2);
        return $"{dashes} {title} {dashes}";
    }

    /// <summary>The front matter's "online version" first (Get-Help -Online opens it), then links with an absolute URI or none.</summary>
    static IEnumerable<XElement> Links(CommandHelp help)
    {
        var online = help.GetMetadata("online version");
        if (!string.IsNullOrWhiteSpace(online) && MarkdownText.IsAbsoluteUri(online))
            yield return LinkElement("Online Version:", online);
        foreach (var link in help.RelatedLinks.Where(l => l.Uri != null))
            yield return LinkElement(link.Text, MarkdownText.IsAbsoluteUri(link.Uri!) ? link.Uri! : "");
    }

    static XElement LinkElement(string text, string uri) =>
        new(Maml + "navigationLink", new XElement(Maml + "linkText", text), new XElement(Maml + "uri", uri));
}
