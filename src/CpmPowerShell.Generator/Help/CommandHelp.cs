namespace CpmPowerShell.Generator.Help;

/// <summary>
/// One cmdlet's help as the PlatyPS 2.0.0 markdown schema holds it. Text fields keep the author's
/// markdown verbatim (trimmed of surrounding blank lines); the MAML writer turns it into paragraphs.
/// The same model is built from cmdlet metadata (then the text fields are empty).
/// </summary>
public sealed class CommandHelp
{
    public string Name { get; set; } = "";

    /// <summary>Front matter in file order ("external help file", "Module Name", "online version", "schema", and any user keys).</summary>
    public List<KeyValuePair<string, string>> Metadata { get; set; } = new();

    public string Synopsis { get; set; } = "";
    public List<SyntaxSet> Syntax { get; set; } = new();
    public string Description { get; set; } = "";
    public List<ExampleHelp> Examples { get; set; } = new();
    public List<ParameterHelp> Parameters { get; set; } = new();

    /// <summary>True when the PARAMETERS section ends with "### CommonParameters" (every compiled cmdlet).</summary>
    public bool SupportsCommonParameters { get; set; }

    public List<TypeHelp> Inputs { get; set; } = new();
    public List<TypeHelp> Outputs { get; set; } = new();
    public string Notes { get; set; } = "";
    public List<RelatedLink> RelatedLinks { get; set; } = new();

    public string? GetMetadata(string key) =>
        Metadata.Where(pair => string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase))
            .Select(pair => pair.Value).FirstOrDefault();

    public ParameterHelp? FindParameter(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A parameter set: its name (empty for a cmdlet with a single unnamed set), whether it is the default, and its syntax line.</summary>
public sealed class SyntaxSet
{
    public string Name { get; set; } = "";
    public bool IsDefault { get; set; }

    /// <summary>Output of Get-Command -Syntax for this set (may hold line breaks). Empty: built from the parameters.</summary>
    public string Syntax { get; set; } = "";
}

/// <summary>An example: "### title", optional introduction text, one or more code blocks, remarks.</summary>
public sealed class ExampleHelp
{
    public string Title { get; set; } = "";
    public string Introduction { get; set; } = "";
    public List<CodeBlock> Code { get; set; } = new();
    public string Remarks { get; set; } = "";
}

public sealed class CodeBlock
{
    public string Language { get; set; } = "";
    public string Text { get; set; } = "";
}

/// <summary>An INPUTS or OUTPUTS entry: "### type name" and its description.</summary>
public sealed class TypeHelp
{
    public string TypeName { get; set; } = "";
    public string Description { get; set; } = "";
}

/// <summary>A RELATED LINKS entry. Uri is null for a plain text line (PlatyPS keeps it but MAML drops it).</summary>
public sealed class RelatedLink
{
    public string Text { get; set; } = "";
    public string? Uri { get; set; }
}
