namespace CpmPowerShell.Generator.Help;

/// <summary>
/// The ```yaml block under a parameter. It is only ever flat "Key: value" lines, so a tiny reader and
/// writer beat a YAML dependency and keep the exact layout PlatyPS writes.
/// </summary>
public static class ParameterYaml
{
    public const string Type = "Type";
    public const string ParameterSets = "Parameter Sets";
    public const string Aliases = "Aliases";
    public const string AcceptedValues = "Accepted values";
    public const string Required = "Required";
    public const string Position = "Position";
    public const string DefaultValue = "Default value";
    public const string PipelineInput = "Accept pipeline input";
    public const string Wildcards = "Accept wildcard characters";
    const string Applicable = "Applicable"; // PlatyPS's tag filter: accepted and ignored

    static readonly string[] KnownKeys =
        { Type, ParameterSets, Aliases, AcceptedValues, Required, Position, DefaultValue, PipelineInput, Wildcards, Applicable };

    /// <summary>Reads the block into a case-insensitive map (value and line); unknown keys and malformed lines are schema errors.</summary>
    public static Dictionary<string, (string Value, int Line)> Read(MarkdownElement block, MarkdownDocument document)
    {
        var values = new Dictionary<string, (string, int)>(StringComparer.OrdinalIgnoreCase);
        var lines = block.Text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Trim().Length == 0) continue;
            var lineNumber = block.Line + 1 + i;
            var colon = line.IndexOf(':');
            if (colon <= 0) throw document.Error(lineNumber, $"Parameter yaml line is not 'Key: value': '{line}'.");
            var key = line[..colon].Trim();
            var known = KnownKeys.FirstOrDefault(k => k.Equals(key, StringComparison.OrdinalIgnoreCase))
                ?? throw document.Error(lineNumber, $"Unknown parameter yaml key '{key}'.");
            values[known] = (line[(colon + 1)..].Trim(), lineNumber);
        }
        return values;
    }

    public static List<string> SplitList(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? new List<string>()
            : value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList();

    /// <summary>The block as PlatyPS lays it out: identity keys, a blank line, then binding keys.</summary>
    public static IEnumerable<string> Write(ParameterHelp parameter, ParameterUsage usage)
    {
        yield return "```yaml";
        yield return Line(Type, parameter.Type);
        yield return Line(ParameterSets, usage.AppliesToAllSets ? ParameterHelp.AllParameterSets : string.Join(", ", usage.ParameterSets));
        yield return Line(Aliases, string.Join(", ", parameter.Aliases));
        if (parameter.AcceptedValues.Count > 0) yield return Line(AcceptedValues, string.Join(", ", parameter.AcceptedValues));
        yield return "";
        yield return Line(Required, usage.Required ? "True" : "False");
        yield return Line(Position, usage.Position);
        yield return Line(DefaultValue, string.IsNullOrWhiteSpace(parameter.DefaultValue) ? "None" : parameter.DefaultValue);
        yield return Line(PipelineInput, usage.PipelineInput);
        yield return Line(Wildcards, parameter.AcceptsWildcards ? "True" : "False");
        yield return "```";
    }

    static string Line(string key, string value) => value.Length == 0 ? key + ":" : $"{key}: {value}";
}
