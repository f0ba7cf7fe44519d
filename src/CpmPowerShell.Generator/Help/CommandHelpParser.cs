using System.Text.RegularExpressions;

namespace CpmPowerShell.Generator.Help;

/// <summary>
/// Reads one PlatyPS 2.0.0 command markdown file into a <see cref="CommandHelp"/>. Strict on structure
/// (unknown sections, yaml keys or stray text are errors naming file and line) so that a typo cannot
/// silently drop help, lenient on prose (kept verbatim).
/// </summary>
public static class CommandHelpParser
{
    const string DefaultSetSuffix = " (Default)";
    static readonly Regex LinkPattern = new(@"\[([^\]]*)\]\(([^)\s]*)\)", RegexOptions.CultureInvariant);

    public static CommandHelp Parse(string markdown, string sourceName)
    {
        var document = MarkdownDocument.Parse(markdown, sourceName);
        var help = new CommandHelp { Metadata = document.FrontMatter.ToList() };
        var elements = document.Elements;

        var titleIndex = elements.FindIndex(e => e.Kind != MarkdownElementKind.Blank);
        if (titleIndex < 0) throw document.Error(1, "The file has no '# <command name>' heading.");
        var title = elements[titleIndex];
        if (title.Kind != MarkdownElementKind.Heading || title.Level != 1)
            throw document.Error(title.Line, "Expected '# <command name>' as the first heading.");
        help.Name = title.Text;

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var i = titleIndex + 1;
        while (i < elements.Count)
        {
            var element = elements[i];
            if (element.Kind == MarkdownElementKind.Blank) { i++; continue; }
            if (element.Kind != MarkdownElementKind.Heading || element.Level != 2)
                throw document.Error(element.Line, element.Kind == MarkdownElementKind.Heading && element.Level == 1
                    ? "Only one '# <command name>' heading is allowed per file."
                    : $"Expected a '## SECTION' heading, found '{element.RawLines[0]}'.");

            var end = i + 1;
            while (end < elements.Count && !(elements[end].Kind == MarkdownElementKind.Heading && elements[end].Level <= 2)) end++;
            var body = elements.GetRange(i + 1, end - i - 1);
            var section = element.Text.ToUpperInvariant();
            if (!seen.Add(section)) throw document.Error(element.Line, $"Section '## {element.Text}' appears twice.");
            ReadSection(help, section, element, body, document);
            i = end;
        }
        return help;
    }

    static void ReadSection(CommandHelp help, string section, MarkdownElement heading, List<MarkdownElement> body, MarkdownDocument document)
    {
        switch (section)
        {
            case "SYNOPSIS": help.Synopsis = PlainSection(heading, body, document); break;
            case "DESCRIPTION": help.Description = PlainSection(heading, body, document); break;
            case "NOTES": help.Notes = PlainSection(heading, body, document); break;
            case "SYNTAX": help.Syntax = ReadSyntax(body, document); break;
            case "EXAMPLES": help.Examples = Subsections(heading, body, document).Select(s => ReadExample(s.Heading, s.Body, document)).ToList(); break;
            case "PARAMETERS": ReadParameters(help, heading, body, document); break;
            case "INPUTS": help.Inputs = ReadTypes(heading, body, document); break;
            case "OUTPUTS": help.Outputs = ReadTypes(heading, body, document); break;
            case "RELATED LINKS": help.RelatedLinks = ReadLinks(body, document); break;
            default: throw document.Error(heading.Line, $"Unknown section '## {heading.Text}'.");
        }
    }

    static string PlainSection(MarkdownElement heading, List<MarkdownElement> body, MarkdownDocument document)
    {
        var nested = body.FirstOrDefault(e => e.Kind == MarkdownElementKind.Heading);
        if (nested != null) throw document.Error(nested.Line, $"'## {heading.Text}' takes text only, found heading '{nested.RawLines[0]}'.");
        return MarkdownDocument.RawText(body);
    }

    /// <summary>Splits a section into its "### title" subsections; text before the first one is an error.</summary>
    static List<(MarkdownElement Heading, List<MarkdownElement> Body)> Subsections(MarkdownElement section, List<MarkdownElement> body, MarkdownDocument document)
    {
        var result = new List<(MarkdownElement, List<MarkdownElement>)>();
        foreach (var element in body)
        {
            if (element.Kind == MarkdownElementKind.Heading && element.Level == 3)
                result.Add((element, new List<MarkdownElement>()));
            else if (element.Kind == MarkdownElementKind.Heading)
                throw document.Error(element.Line, $"Unexpected heading level {element.Level} in '## {section.Text}': expected '###'.");
            else if (result.Count > 0)
                result[^1].Item2.Add(element);
            else if (element.Kind != MarkdownElementKind.Blank)
                throw document.Error(element.Line, $"Text in '## {section.Text}' must follow a '### ' heading.");
        }
        return result;
    }

    static List<SyntaxSet> ReadSyntax(List<MarkdownElement> body, MarkdownDocument document)
    {
        var sets = new List<SyntaxSet>();
        SyntaxSet? pending = null;
        foreach (var element in body.Where(e => e.Kind != MarkdownElementKind.Blank))
        {
            if (element.Kind == MarkdownElementKind.Heading && element.Level == 3)
            {
                if (pending != null) throw document.Error(element.Line, $"Parameter set '{pending.Name}' has no syntax code block.");
                var isDefault = element.Text.EndsWith(DefaultSetSuffix, StringComparison.OrdinalIgnoreCase);
                pending = new SyntaxSet { Name = isDefault ? element.Text[..^DefaultSetSuffix.Length].Trim() : element.Text, IsDefault = isDefault };
            }
            else if (element.Kind == MarkdownElementKind.Code)
            {
                // A code block without a set heading is the syntax of a command with one parameter set.
                var set = pending ?? new SyntaxSet { IsDefault = true };
                set.Syntax = element.Text.Trim('\n');
                sets.Add(set);
                pending = null;
            }
            else throw document.Error(element.Line, "'## SYNTAX' holds only '### <set name>' headings and code blocks.");
        }
        if (pending != null) throw document.Error(body.Last().Line, $"Parameter set '{pending.Name}' has no syntax code block.");
        return sets;
    }

    static ExampleHelp ReadExample(MarkdownElement heading, List<MarkdownElement> body, MarkdownDocument document)
    {
        var example = new ExampleHelp { Title = heading.Text };
        var firstCode = body.FindIndex(e => e.Kind == MarkdownElementKind.Code);
        if (firstCode < 0) throw document.Error(heading.Line, $"Example '{heading.Text}' has no code block.");

        // Code blocks that follow each other (blank lines between) form the example's code; text after them is remarks.
        var afterCode = firstCode;
        while (afterCode < body.Count && body[afterCode].Kind is MarkdownElementKind.Code or MarkdownElementKind.Blank) afterCode++;
        example.Introduction = MarkdownDocument.RawText(body.Take(firstCode));
        example.Code = body.Skip(firstCode).Take(afterCode - firstCode)
            .Where(e => e.Kind == MarkdownElementKind.Code)
            .Select(e => new CodeBlock { Language = e.Language, Text = e.Text })
            .ToList();
        example.Remarks = MarkdownDocument.RawText(body.Skip(afterCode));
        return example;
    }

    static void ReadParameters(CommandHelp help, MarkdownElement section, List<MarkdownElement> body, MarkdownDocument document)
    {
        foreach (var (heading, parameterBody) in Subsections(section, body, document))
        {
            var name = heading.Text.TrimStart('-').Trim('<', '>');
            if (name.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase)) { help.SupportsCommonParameters = true; continue; }
            if (name.Equals("WorkflowCommonParameters", StringComparison.OrdinalIgnoreCase)) continue;
            if (!heading.Text.StartsWith('-')) throw document.Error(heading.Line, $"Parameter heading must be '### -<Name>', found '{heading.RawLines[0]}'.");
            if (help.FindParameter(name) != null) throw document.Error(heading.Line, $"Parameter -{name} is documented twice.");
            help.Parameters.Add(ReadParameter(name, heading, parameterBody, document));
        }
    }

    static ParameterHelp ReadParameter(string name, MarkdownElement heading, List<MarkdownElement> body, MarkdownDocument document)
    {
        // The short form people edit has no yaml: type, sets and binding then come from the cmdlet's metadata.
        var firstYaml = body.FindIndex(IsYaml);
        if (firstYaml < 0) firstYaml = body.Count;
        var parameter = new ParameterHelp { Name = name, Line = heading.Line, Description = MarkdownDocument.RawText(body.Take(firstYaml)) };

        foreach (var element in body.Skip(firstYaml).Where(e => e.Kind != MarkdownElementKind.Blank))
        {
            if (!IsYaml(element)) throw document.Error(element.Line, $"Only ```yaml blocks may follow the description of -{name}.");
            var yaml = ParameterYaml.Read(element, document);
            if (parameter.Usages.Count == 0)
            {
                // Type, aliases, values and default are per parameter; PlatyPS repeats them in every block.
                parameter.Type = Value(yaml, ParameterYaml.Type, "");
                parameter.Aliases = ParameterYaml.SplitList(Value(yaml, ParameterYaml.Aliases, ""));
                parameter.AcceptedValues = ParameterYaml.SplitList(Value(yaml, ParameterYaml.AcceptedValues, ""));
                parameter.DefaultValue = Value(yaml, ParameterYaml.DefaultValue, "None");
                parameter.AcceptsWildcards = ReadBool(yaml, ParameterYaml.Wildcards, document);
            }
            var sets = ParameterYaml.SplitList(Value(yaml, ParameterYaml.ParameterSets, ""));
            parameter.Usages.Add(new ParameterUsage
            {
                // "(All)" and a missing key both mean every set: the model holds that as an empty list.
                ParameterSets = sets.Contains(ParameterHelp.AllParameterSets) ? new List<string>() : sets,
                Required = ReadBool(yaml, ParameterYaml.Required, document),
                Position = ReadPosition(yaml, document),
                PipelineInput = Value(yaml, ParameterYaml.PipelineInput, "False"),
            });
        }
        return parameter;
    }

    static bool IsYaml(MarkdownElement element) =>
        element.Kind == MarkdownElementKind.Code && element.Language.Equals("yaml", StringComparison.OrdinalIgnoreCase);

    static string Value(Dictionary<string, (string Value, int Line)> yaml, string key, string fallback) =>
        yaml.TryGetValue(key, out var entry) ? entry.Value : fallback;

    static bool ReadBool(Dictionary<string, (string Value, int Line)> yaml, string key, MarkdownDocument document)
    {
        if (!yaml.TryGetValue(key, out var entry)) return false;
        if (bool.TryParse(entry.Value, out var result)) return result;
        throw document.Error(entry.Line, $"'{key}' must be True or False, found '{entry.Value}'.");
    }

    static string ReadPosition(Dictionary<string, (string Value, int Line)> yaml, MarkdownDocument document)
    {
        if (!yaml.TryGetValue(ParameterYaml.Position, out var entry) || entry.Value.Equals("Named", StringComparison.OrdinalIgnoreCase)) return "Named";
        if (int.TryParse(entry.Value, out var position) && position >= 0) return position.ToString(System.Globalization.CultureInfo.InvariantCulture);
        throw document.Error(entry.Line, $"'Position' must be Named or a number, found '{entry.Value}'.");
    }

    static List<TypeHelp> ReadTypes(MarkdownElement section, List<MarkdownElement> body, MarkdownDocument document) =>
        Subsections(section, body, document)
            .Select(s => new TypeHelp { TypeName = s.Heading.Text, Description = MarkdownDocument.RawText(s.Body) })
            .ToList();

    static List<RelatedLink> ReadLinks(List<MarkdownElement> body, MarkdownDocument document)
    {
        var links = new List<RelatedLink>();
        foreach (var element in body.Where(e => e.Kind != MarkdownElementKind.Blank))
        {
            if (element.Kind != MarkdownElementKind.Text)
                throw document.Error(element.Line, "'## RELATED LINKS' holds only links, one per line.");
            var matches = LinkPattern.Matches(element.Text);
            if (matches.Count == 0) links.Add(new RelatedLink { Text = element.Text.Trim() });
            links.AddRange(matches.Select(m => new RelatedLink { Text = m.Groups[1].Value, Uri = m.Groups[2].Value }));
        }
        return links;
    }
}
