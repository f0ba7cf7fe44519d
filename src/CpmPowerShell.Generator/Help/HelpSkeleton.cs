using System.Text.RegularExpressions;
using Newtonsoft.Json;

namespace CpmPowerShell.Generator.Help;

/// <summary>
/// Fills the gaps of a metadata-only <see cref="CommandHelp"/> with the placeholder text PlatyPS writes,
/// so authors (and the help Pester test) can see what is still to be written.
/// </summary>
public static class HelpSkeleton
{
    public const string SynopsisPlaceholder = "{{ Fill in the Synopsis }}";
    public const string DescriptionPlaceholder = "{{ Fill in the Description }}";
    public const string ExampleCodePlaceholder = "PS C:\\> {{ Add example code here }}";
    public const string ExampleRemarksPlaceholder = "{{ Add example description here }}";

    static readonly Regex PlaceholderOnly = new(@"^\s*\{\{[^{}]*\}\}\s*$", RegexOptions.CultureInvariant);

    public static string ParameterPlaceholder(string parameterName) => $"{{{{ Fill {parameterName} Description }}}}";

    /// <summary>True when the text is nothing but a "{{ ... }}" placeholder.</summary>
    public static bool IsPlaceholder(string text) => PlaceholderOnly.IsMatch(text);

    /// <summary>True when any "{{ ... }}" placeholder is left anywhere in the help.</summary>
    public static bool HasPlaceholders(CommandHelp help) =>
        new[] { help.Synopsis, help.Description, help.Notes }
            .Concat(help.Examples.SelectMany(e => e.Code.Select(c => c.Text).Append(e.Remarks).Append(e.Introduction)))
            .Concat(help.Parameters.Select(p => p.Description))
            .Any(text => text.Contains("{{") && text.Contains("}}"));

    /// <summary>Front matter PlatyPS writes for a cmdlet of a binary module (keys in its alphabetical order).</summary>
    public static List<KeyValuePair<string, string>> DefaultMetadata(string moduleName) => new()
    {
        new("external help file", moduleName + ".dll-Help.xml"),
        new("Module Name", moduleName),
        new("online version", ""),
        new("schema", "2.0.0"),
    };

    /// <summary>
    /// A copy of <paramref name="help"/> ready to write (the short form keeps only its text, the full form all): empty text becomes PlatyPS placeholders, a missing
    /// syntax line is built from the parameters and long ones are wrapped, INPUTS/OUTPUTS get None/System.Object,
    /// and the CommonParameters entry is added. A parameter whose text comes from <paramref name="shared"/>
    /// stays empty in the markdown (the compiler fills it in), so only what is special gets written.
    /// </summary>
    public static CommandHelp Create(CommandHelp help, string? moduleName = null, SharedHelp? shared = null)
    {
        var result = Clone(help);
        if (result.Metadata.Count == 0 && moduleName != null) result.Metadata = DefaultMetadata(moduleName);
        // Skeletons are only made for compiled cmdlets, and every compiled cmdlet takes the common parameters.
        result.SupportsCommonParameters = true;
        if (result.Synopsis.Length == 0) result.Synopsis = SynopsisPlaceholder;
        if (result.Description.Length == 0) result.Description = DescriptionPlaceholder;
        if (result.Examples.Count == 0) result.Examples.Add(PlaceholderExample(1));
        foreach (var parameter in result.Parameters)
        {
            if (parameter.Description.Length == 0 && (shared ?? SharedHelp.Empty).Describe(result, parameter) == null)
                parameter.Description = ParameterPlaceholder(parameter.Name);
            // A parameter without binding details is optional, named, and in every set.
            if (parameter.Usages.Count == 0) parameter.Usages.Add(new ParameterUsage());
        }
        if (result.Syntax.Count == 0) result.Syntax.Add(new SyntaxSet { IsDefault = true });
        foreach (var set in result.Syntax)
            set.Syntax = SyntaxFormatter.Wrap(set.Syntax.Length == 0 ? SyntaxFormatter.Build(result, set) : set.Syntax);
        if (result.Inputs.Count == 0) result.Inputs.Add(new TypeHelp { TypeName = "None" });
        if (result.Outputs.Count == 0) result.Outputs.Add(new TypeHelp { TypeName = "System.Object" });
        return result;
    }

    public static ExampleHelp PlaceholderExample(int number) => new()
    {
        Title = $"Example {number}",
        Code = { new CodeBlock { Language = "powershell", Text = ExampleCodePlaceholder } },
        Remarks = ExampleRemarksPlaceholder,
    };

    internal static T Clone<T>(T value) =>
        JsonConvert.DeserializeObject<T>(JsonConvert.SerializeObject(value), new JsonSerializerSettings { ObjectCreationHandling = ObjectCreationHandling.Replace })!;
}
