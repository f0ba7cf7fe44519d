using System.Text;

namespace CpmPowerShell.Generator.Help;

/// <summary>
/// Writes a <see cref="CommandHelp"/> as PlatyPS 2.0.0 markdown, in PlatyPS's section order and layout:
/// <see cref="Write"/> the full form (SYNTAX, one yaml block per parameter binding), <see cref="WriteShort"/>
/// the form kept in en-US/ (only what people write; the rest comes from the cmdlet's metadata when help
/// is compiled). Text is written exactly as held in the model (no re-wrapping), so parse then write keeps
/// human edits byte for byte. Lines end with "\n".
/// </summary>
public static class CommandHelpWriter
{
    /// <summary>PlatyPS's standard CommonParameters paragraph (ignored when compiling to MAML).</summary>
    public const string CommonParametersText =
        "This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, " +
        "-InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -Verbose, -WarningAction, " +
        "and -WarningVariable. For more information, see " +
        "[about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).";

    public static string Write(CommandHelp help)
    {
        var w = new StringBuilder();
        WriteFrontMatter(w, help);
        Line(w, "# " + help.Name);
        Line(w);
        Section(w, "SYNOPSIS", help.Synopsis);
        WriteSyntax(w, help);
        Section(w, "DESCRIPTION", help.Description);
        WriteExamples(w, help);
        WriteParameters(w, help);
        WriteTypes(w, "INPUTS", help.Inputs);
        WriteTypes(w, "OUTPUTS", help.Outputs);
        Section(w, "NOTES", help.Notes);
        WriteLinks(w, help);
        // Exactly one newline at the end of the file.
        return w.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>
    /// The source form: front matter, title, SYNOPSIS, DESCRIPTION, EXAMPLES; a "### -Name" entry (text, no
    /// yaml) only for parameters with their own text; INPUTS/OUTPUTS only for types with a description;
    /// NOTES and RELATED LINKS only when they hold something. Still PlatyPS-schema markdown, minus the
    /// blocks a machine can derive.
    /// </summary>
    public static string WriteShort(CommandHelp help)
    {
        var w = new StringBuilder();
        WriteFrontMatter(w, help);
        Line(w, "# " + help.Name);
        Line(w);
        Section(w, "SYNOPSIS", help.Synopsis);
        Section(w, "DESCRIPTION", help.Description);
        WriteExamples(w, help);
        var described = help.Parameters.Where(p => p.Description.Trim().Length > 0).ToList();
        if (described.Count > 0)
        {
            Line(w, "## PARAMETERS");
            Line(w);
            foreach (var parameter in described)
            {
                Line(w, "### -" + parameter.Name);
                Text(w, parameter.Description);
            }
        }
        var inputs = help.Inputs.Where(t => t.Description.Length > 0).ToList();
        if (inputs.Count > 0) WriteTypes(w, "INPUTS", inputs);
        var outputs = help.Outputs.Where(t => t.Description.Length > 0).ToList();
        if (outputs.Count > 0) WriteTypes(w, "OUTPUTS", outputs);
        if (help.Notes.Length > 0) Section(w, "NOTES", help.Notes);
        if (help.RelatedLinks.Count > 0) WriteLinks(w, help);
        return w.ToString().TrimEnd('\n') + "\n";
    }

    static void WriteFrontMatter(StringBuilder w, CommandHelp help)
    {
        if (help.Metadata.Count == 0) return;
        Line(w, "---");
        foreach (var (key, value) in help.Metadata) Line(w, value.Length == 0 ? key + ":" : $"{key}: {value}");
        Line(w, "---");
        Line(w);
    }

    /// <summary>"## TITLE", the text, a blank line; an empty section is the heading and a blank line, as PlatyPS writes it.</summary>
    static void Section(StringBuilder w, string title, string text)
    {
        Line(w, "## " + title);
        Text(w, text);
        if (text.Length == 0) Line(w);
    }

    static void WriteSyntax(StringBuilder w, CommandHelp help)
    {
        Line(w, "## SYNTAX");
        Line(w);
        foreach (var set in help.Syntax)
        {
            // A command with a single parameter set shows just its syntax block.
            if (help.Syntax.Count > 1 || set.Name.Length > 0)
                Line(w, "### " + set.Name + (set.IsDefault ? " (Default)" : ""));
            Code(w, "", set.Syntax);
        }
    }

    static void WriteExamples(StringBuilder w, CommandHelp help)
    {
        Line(w, "## EXAMPLES");
        Line(w);
        foreach (var example in help.Examples)
        {
            Line(w, "### " + example.Title);
            Text(w, example.Introduction);
            foreach (var block in example.Code) Code(w, block.Language, block.Text);
            Text(w, example.Remarks);
        }
    }

    static void WriteParameters(StringBuilder w, CommandHelp help)
    {
        Line(w, "## PARAMETERS");
        Line(w);
        foreach (var parameter in help.Parameters)
        {
            Line(w, "### -" + parameter.Name);
            Text(w, parameter.Description);
            // No text here: the compiler fills in the shared one.
            if (parameter.Description.Length == 0) Line(w);
            foreach (var usage in parameter.Usages)
            {
                foreach (var yamlLine in ParameterYaml.Write(parameter, usage)) Line(w, yamlLine);
                Line(w);
            }
        }
        if (help.SupportsCommonParameters)
        {
            Line(w, "### CommonParameters");
            Text(w, CommonParametersText);
        }
    }

    static void WriteTypes(StringBuilder w, string title, List<TypeHelp> types)
    {
        Line(w, "## " + title);
        Line(w);
        foreach (var type in types)
        {
            Line(w, "### " + type.TypeName);
            Text(w, type.Description);
            if (type.Description.Length == 0) Line(w);
        }
    }

    static void WriteLinks(StringBuilder w, CommandHelp help)
    {
        Line(w, "## RELATED LINKS");
        Line(w);
        foreach (var link in help.RelatedLinks)
        {
            Line(w, link.Uri == null ? link.Text : $"[{link.Text}]({link.Uri})");
            Line(w);
        }
    }

    static void Text(StringBuilder w, string text)
    {
        if (text.Length == 0) return;
        Line(w, text);
        Line(w);
    }

    static void Code(StringBuilder w, string language, string code)
    {
        Line(w, "```" + language);
        if (code.Length > 0) Line(w, code);
        Line(w, "```");
        Line(w);
    }

    static void Line(StringBuilder w, string text = "") => w.Append(text).Append('\n');
}
