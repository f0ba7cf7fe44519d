using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Generator.Help;

/// <summary>
/// Reads the JSON written by Export-CmdletMetadata.ps1 (the compiled module's cmdlets as PowerShell
/// sees them) into metadata-only <see cref="CommandHelp"/> models, laid out as PlatyPS would:
/// parameters alphabetical with the engine's -Confirm/-WhatIf and paging parameters last, one yaml
/// block per distinct way a parameter binds, "(All)" when that covers every set.
/// </summary>
public static class CmdletMetadata
{
    /// <summary>PlatyPS's AlphabeticParamsOrder exceptions, written after the others in this order.</summary>
    static readonly string[] TrailingParameters = { "Confirm", "WhatIf", "IncludeTotalCount", "Skip", "First" };

    public static string ModuleName(JObject metadata) => (string?)metadata["module"] ?? "";

    public static List<CommandHelp> Read(string json)
    {
        var root = JObject.Parse(json);
        var module = ModuleName(root);
        return ((JArray?)root["commands"] ?? new JArray()).Cast<JObject>()
            .Select(c => ToCommandHelp(c, module))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public static CommandHelp ToCommandHelp(JObject command, string moduleName)
    {
        var sets = ((JArray?)command["parameterSets"] ?? new JArray()).Cast<JObject>().ToList();
        var setNames = sets.Select(s => (string)s["name"]!).ToList();
        var help = new CommandHelp
        {
            Name = (string)command["name"]!,
            Metadata = HelpSkeleton.DefaultMetadata(moduleName),
            SupportsCommonParameters = true,
            Syntax = sets.Select(s => new SyntaxSet
            {
                // A single set is shown without a heading, whatever its name.
                Name = sets.Count == 1 ? "" : (string)s["name"]!,
                IsDefault = sets.Count == 1 || (bool?)s["isDefault"] == true,
                Syntax = (string?)s["syntax"] ?? "",
            }).ToList(),
            Inputs = Strings(command["inputs"]).Select(t => new TypeHelp { TypeName = t }).ToList(),
            Outputs = Strings(command["outputs"]).Select(t => new TypeHelp { TypeName = t }).ToList(),
        };

        help.Parameters = ((JArray?)command["parameters"] ?? new JArray()).Cast<JObject>()
            .Select(p => ToParameter(p, setNames))
            .OrderBy(p => Array.FindIndex(TrailingParameters, t => t.Equals(p.Name, StringComparison.OrdinalIgnoreCase)))
            .ThenBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return help;
    }

    static ParameterHelp ToParameter(JObject parameter, List<string> commandSets)
    {
        var type = (string?)parameter["type"] ?? "Object";
        var result = new ParameterHelp
        {
            Name = (string)parameter["name"]!,
            Type = type,
            Aliases = Strings(parameter["aliases"]),
            AcceptedValues = Strings(parameter["acceptedValues"]),
            AcceptsWildcards = (bool?)parameter["supportsWildcards"] == true,
        };
        var declared = (string?)parameter["defaultValue"];
        result.DefaultValue = !string.IsNullOrEmpty(declared) ? declared : result.IsSwitch ? "False" : "None";

        var bindings = ((JArray?)parameter["sets"] ?? new JArray()).Cast<JObject>().Select(s => new
        {
            Set = (string)s["name"]!,
            Required = (bool?)s["mandatory"] == true,
            Position = s["position"]?.Type == JTokenType.Integer ? ((int)s["position"]!).ToString(System.Globalization.CultureInfo.InvariantCulture) : "Named",
            Pipeline = ParameterUsage.FormatPipelineInput((bool?)s["valueFromPipeline"] == true, (bool?)s["valueFromPipelineByPropertyName"] == true),
        }).ToList();

        // Sets with identical binding share one yaml block, listed in the command's set order.
        foreach (var group in bindings.GroupBy(b => (b.Required, b.Position, b.Pipeline))
                     .OrderBy(g => g.Min(b => IndexOf(commandSets, b.Set))))
        {
            var names = group.Select(b => b.Set).OrderBy(s => IndexOf(commandSets, s)).ToList();
            var coversAll = commandSets.Count <= 1 || commandSets.All(s => names.Contains(s, StringComparer.OrdinalIgnoreCase));
            result.Usages.Add(new ParameterUsage
            {
                ParameterSets = coversAll ? new List<string>() : names,
                Required = group.Key.Required,
                Position = group.Key.Position,
                PipelineInput = group.Key.Pipeline,
            });
        }
        if (result.Usages.Count == 0) result.Usages.Add(new ParameterUsage());
        return result;
    }

    static int IndexOf(List<string> sets, string name)
    {
        var index = sets.FindIndex(s => s.Equals(name, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? int.MaxValue : index;
    }

    static List<string> Strings(JToken? token) =>
        token is JArray array ? array.Select(t => (string)t!).Where(s => !string.IsNullOrEmpty(s)).ToList() : new List<string>();
}
