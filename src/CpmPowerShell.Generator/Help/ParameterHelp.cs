namespace CpmPowerShell.Generator.Help;

/// <summary>
/// "### -Name": description plus the yaml metadata. PlatyPS writes one yaml block per distinct
/// (Required, Position, pipeline input) combination, because a parameter may be mandatory in one set
/// and optional in another; <see cref="Usages"/> holds one entry per block.
/// </summary>
public sealed class ParameterHelp
{
    /// <summary>PlatyPS's moniker for "every parameter set of the command".</summary>
    public const string AllParameterSets = "(All)";

    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string Type { get; set; } = "";
    public List<string> Aliases { get; set; } = new();
    public List<string> AcceptedValues { get; set; } = new();

    /// <summary>"None" unless the author knows better (binary cmdlets cannot report defaults).</summary>
    public string DefaultValue { get; set; } = "None";

    public bool AcceptsWildcards { get; set; }
    public List<ParameterUsage> Usages { get; set; } = new();

    /// <summary>Line of the "### -Name" heading in the markdown it was read from (0 when built from metadata), for error messages.</summary>
    [Newtonsoft.Json.JsonIgnore]
    public int Line { get; set; }

    public bool IsSwitch =>
        Type.Equals("SwitchParameter", StringComparison.OrdinalIgnoreCase) ||
        Type.Equals("switch", StringComparison.OrdinalIgnoreCase) ||
        Type.Equals("System.Management.Automation.SwitchParameter", StringComparison.OrdinalIgnoreCase);

    /// <summary>The usage that applies to a set: one naming it, else one marked (All); null when the parameter is not in the set.</summary>
    public ParameterUsage? UsageFor(string setName) =>
        Usages.FirstOrDefault(u => u.ParameterSets.Any(s => string.Equals(s, setName, StringComparison.OrdinalIgnoreCase)))
        ?? Usages.FirstOrDefault(u => u.AppliesToAllSets);
}

/// <summary>One yaml block of a parameter: the sets it covers and how the parameter binds there.</summary>
public sealed class ParameterUsage
{
    /// <summary>The sets this block covers; empty means every set (written "(All)").</summary>
    public List<string> ParameterSets { get; set; } = new();
    public bool Required { get; set; }

    /// <summary>"Named" or the zero-based position as text, as PlatyPS writes it.</summary>
    public string Position { get; set; } = "Named";

    /// <summary>"False", "True (ByValue)", "True (ByPropertyName)" or "True (ByValue, ByPropertyName)".</summary>
    public string PipelineInput { get; set; } = "False";

    public bool AppliesToAllSets =>
        ParameterSets.Count == 0 || ParameterSets.Any(s => s == ParameterHelp.AllParameterSets);

    public bool IsNamed => !int.TryParse(Position, out _);

    public static string FormatPipelineInput(bool byValue, bool byPropertyName) => (byValue, byPropertyName) switch
    {
        (true, true) => "True (ByValue, ByPropertyName)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };
}
