using System.Text;

namespace CpmPowerShell.Generator.Help;

/// <summary>
/// Entry points for PlatyPS-schema command markdown: parse, write, skeletons and update-from-metadata.
/// The code generator calls <see cref="Sync"/> for each generated cmdlet; build.ps1 -Task Help calls the
/// "help-sync" and "help" commands of the generator.
/// </summary>
public static class HelpMarkdown
{
    /// <summary>Parses a markdown file; errors name the file and line.</summary>
    public static CommandHelp Parse(string path) => CommandHelpParser.Parse(File.ReadAllText(path, Encoding.UTF8), path);

    public static CommandHelp ParseText(string markdown, string sourceName = "<markdown>") => CommandHelpParser.Parse(markdown, sourceName);

    /// <summary>The markdown for a model, written exactly as held (see <see cref="CommandHelpWriter"/>).</summary>
    public static string Write(CommandHelp help) => CommandHelpWriter.Write(help);

    /// <summary>A new file from metadata: PlatyPS placeholders wherever text is missing.</summary>
    public static string WriteSkeleton(CommandHelp metadata, string? moduleName = null, SharedHelp? shared = null) =>
        Write(HelpSkeleton.Create(metadata, moduleName, shared));

    /// <summary>
    /// Refreshes an existing file from fresh metadata: SYNTAX and every parameter's yaml come from the
    /// metadata, new parameters get placeholders, removed ones go, and all human text stays.
    /// </summary>
    public static string Update(string existingMarkdown, CommandHelp metadata, string sourceName = "<markdown>", SharedHelp? shared = null) =>
        Write(HelpSkeleton.Create(HelpMerger.Merge(ParseText(existingMarkdown, sourceName), metadata, shared), shared: shared));

    /// <summary><see cref="Update"/> when a file exists (<paramref name="existingMarkdown"/> not null), else <see cref="WriteSkeleton"/>.</summary>
    public static string Sync(string? existingMarkdown, CommandHelp metadata, string? moduleName = null, string sourceName = "<markdown>", SharedHelp? shared = null) =>
        existingMarkdown == null ? WriteSkeleton(metadata, moduleName, shared) : Update(existingMarkdown, metadata, sourceName, shared);
}
