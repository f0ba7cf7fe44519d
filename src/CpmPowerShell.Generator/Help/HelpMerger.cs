namespace CpmPowerShell.Generator.Help;

/// <summary>
/// Update mode: the cmdlet's current metadata decides the shape (syntax, which parameters exist, their
/// yaml), the existing markdown keeps every piece of human text. Text only yields to fresh text when it
/// is empty or still a placeholder. A parameter text that only repeats the shared one (<see cref="SharedHelp"/>) is dropped.
/// </summary>
public static class HelpMerger
{
    public static CommandHelp Merge(CommandHelp existing, CommandHelp fresh, SharedHelp? shared = null)
    {
        shared ??= SharedHelp.Empty;
        var result = HelpSkeleton.Clone(fresh);
        if (existing.Metadata.Count > 0) result.Metadata = existing.Metadata.ToList();
        result.Synopsis = Prefer(existing.Synopsis, fresh.Synopsis);
        result.Description = Prefer(existing.Description, fresh.Description);
        result.Notes = Prefer(existing.Notes, fresh.Notes);
        result.Examples = existing.Examples.Any(e => !IsPlaceholderExample(e)) || fresh.Examples.Count == 0
            ? HelpSkeleton.Clone(existing.Examples)
            : result.Examples;

        foreach (var parameter in result.Parameters)
        {
            var old = existing.FindParameter(parameter.Name);
            if (old == null) continue;
            parameter.Description = Prefer(old.Description, parameter.Description);
            // A copy of the shared text adds nothing and would drift from it, and a placeholder is not needed
            // where shared text exists: the compiler fills it in.
            if (shared.IsSharedText(result, parameter, parameter.Description)
                || (HelpSkeleton.IsPlaceholder(parameter.Description) && shared.Describe(result, parameter) != null))
                parameter.Description = "";
            // A default the metadata cannot see (no property initialiser) but an author wrote down survives.
            if (IsNone(parameter.DefaultValue) && !IsNone(old.DefaultValue)) parameter.DefaultValue = old.DefaultValue;
        }

        result.Inputs = MergeTypes(existing.Inputs, fresh.Inputs);
        result.Outputs = MergeTypes(existing.Outputs, fresh.Outputs);
        result.RelatedLinks = existing.RelatedLinks
            .Concat(fresh.RelatedLinks.Where(l => !existing.RelatedLinks.Any(e => e.Text.Equals(l.Text, StringComparison.OrdinalIgnoreCase))))
            .Select(HelpSkeleton.Clone)
            .ToList();
        return result;
    }

    /// <summary>
    /// What the help compiler hands to the MAML writer: the cmdlet's metadata (syntax, every parameter's
    /// type, sets, position, pipeline input, aliases; input and output types) with the text of its markdown
    /// file. A "### -Name" entry for a parameter the cmdlet does not have is an error: its text would be lost.
    /// </summary>
    public static CommandHelp Complete(CommandHelp source, CommandHelp metadata, string sourceName)
    {
        foreach (var parameter in source.Parameters.Where(p => metadata.FindParameter(p.Name) == null))
            throw new HelpParseException(sourceName, parameter.Line,
                $"'### -{parameter.Name}' describes a parameter {metadata.Name} does not have: remove it, or fix the name.");
        var result = Merge(source, metadata);
        // Get-Help shows these rather than an empty section, as PlatyPS writes them.
        if (result.Inputs.Count == 0) result.Inputs.Add(new TypeHelp { TypeName = "None" });
        if (result.Outputs.Count == 0) result.Outputs.Add(new TypeHelp { TypeName = "System.Object" });
        return result;
    }

    static string Prefer(string existing, string fresh) =>
        existing.Length > 0 && !HelpSkeleton.IsPlaceholder(existing) ? existing
        : fresh.Length > 0 ? fresh
        : existing;

    static bool IsPlaceholderExample(ExampleHelp example) =>
        example.Code.Any(c => c.Text.Contains("{{ Add example code here }}", StringComparison.Ordinal));

    static bool IsNone(string value) =>
        value.Length == 0 || value.Equals("None", StringComparison.OrdinalIgnoreCase) || value.Equals("False", StringComparison.OrdinalIgnoreCase);

    /// <summary>Types from the metadata (with the existing description where one was written), then described types an author added.</summary>
    static List<TypeHelp> MergeTypes(List<TypeHelp> existing, List<TypeHelp> fresh)
    {
        var result = fresh.Select(t =>
        {
            var old = existing.FirstOrDefault(e => e.TypeName.Equals(t.TypeName, StringComparison.OrdinalIgnoreCase));
            return new TypeHelp { TypeName = t.TypeName, Description = Prefer(old?.Description ?? "", t.Description) };
        }).ToList();
        result.AddRange(existing
            .Where(e => e.Description.Length > 0 && !HelpSkeleton.IsPlaceholder(e.Description))
            .Where(e => !result.Any(r => r.TypeName.Equals(e.TypeName, StringComparison.OrdinalIgnoreCase)))
            .Select(HelpSkeleton.Clone));
        return result;
    }
}
