namespace CpmPowerShell.Generator.Help;

/// <summary>
/// An about topic (en-US/about_X.md). Both layouts PlatyPS users write are accepted: the PlatyPS
/// template ("# Title", "## about_X", "# SHORT DESCRIPTION"...) and the PowerShell-Docs one
/// ("# about_X", "## Short description"...). The body is kept as ordered blocks for the text writer.
/// </summary>
public sealed class AboutTopic
{
    /// <summary>The lookup name, e.g. about_CpmPowerShell (from the file name).</summary>
    public string Name { get; set; } = "";
    public List<KeyValuePair<string, string>> Metadata { get; set; } = new();
    public List<AboutBlock> Blocks { get; set; } = new();

    /// <summary>Text of the SHORT DESCRIPTION section, empty when missing.</summary>
    public string ShortDescription { get; set; } = "";
}

public enum AboutBlockKind { Heading, Paragraph, Code }

/// <summary>A heading (with level), a paragraph (source lines) or a fenced code block (its lines).</summary>
public sealed class AboutBlock
{
    public AboutBlockKind Kind { get; set; }
    public int Level { get; set; }
    public List<string> Lines { get; set; } = new();
}
