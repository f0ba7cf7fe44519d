using System.Text;

namespace CpmPowerShell.Generator.Help;

/// <summary>
/// Entry points for PlatyPS-schema command markdown: parse, write, skeletons and update-from-metadata.
/// build.ps1 -Task Generate calls the generator's "help-sync" command (<see cref="Sync"/> per cmdlet);
/// -Task Build and Help call its "help" command (<see cref="HelpCompiler"/>).
/// </summary>
public static class HelpMarkdown
{
    /// <summary>Parses a markdown file; errors name the file and line.</summary>
    public static CommandHelp Parse(string path) => CommandHelpParser.Parse(File.ReadAllText(path, Encoding.UTF8), path);

    public static CommandHelp ParseText(string markdown, string sourceName = "<markdown>") => CommandHelpParser.Parse(markdown, sourceName);

    /// <summary>The full PlatyPS markdown for a model (SYNTAX, yaml), written exactly as held (see <see cref="CommandHelpWriter"/>).</summary>
    public static string Write(CommandHelp help) => CommandHelpWriter.Write(help);

    /// <summary>
    /// A new file from metadata, in the short form kept in en-US/ (<see cref="CommandHelpWriter.WriteShort"/>):
    /// placeholders for the synopsis, the description, one example and each parameter no shared text describes.
    /// </summary>
    public static string WriteSkeleton(CommandHelp metadata, string? moduleName = null, SharedHelp? shared = null) =>
        CommandHelpWriter.WriteShort(HelpSkeleton.Create(metadata, moduleName, shared));

    /// <summary>
    /// Refreshes an existing file (short or full PlatyPS form) from fresh metadata and writes the short form:
    /// SYNTAX and yaml blocks go (the compiler takes them from the metadata), new parameters without shared
    /// text get placeholders, removed ones go, copies of shared text go, and all other human text stays.
    /// </summary>
    public static string Update(string existingMarkdown, CommandHelp metadata, string sourceName = "<markdown>", SharedHelp? shared = null) =>
        CommandHelpWriter.WriteShort(HelpSkeleton.Create(HelpMerger.Merge(ParseText(existingMarkdown, sourceName), metadata, shared), shared: shared));

    /// <summary><see cref="Update"/> when a file exists (<paramref name="existingMarkdown"/> not null), else <see cref="WriteSkeleton"/>.</summary>
    public static string Sync(string? existingMarkdown, CommandHelp metadata, string? moduleName = null, string sourceName = "<markdown>", SharedHelp? shared = null) =>
        existingMarkdown == null ? WriteSkeleton(metadata, moduleName, shared) : Update(existingMarkdown, metadata, sourceName, shared);
}
