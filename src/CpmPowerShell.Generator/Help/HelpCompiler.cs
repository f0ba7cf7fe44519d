using System.Text;

namespace CpmPowerShell.Generator.Help;

/// <summary>What a help build wrote, and what it noticed but did not fail on.</summary>
public sealed class HelpBuildResult
{
    public List<string> WrittenFiles { get; } = new();
    public List<string> Warnings { get; } = new();
    public int CommandCount { get; set; }
    public int AboutTopicCount { get; set; }
}

/// <summary>
/// The "help" command: every command markdown file of a folder becomes one &lt;Module&gt;.dll-Help.xml,
/// every about_X.md an about_X.help.txt. Files are read in ordinal name order so output is stable.
/// With the cmdlets' metadata (Export-CmdletMetadata.ps1) the markdown needs only the text people write:
/// syntax and parameter details come from the metadata. Parameters without their own text get the
/// shared one (<see cref="SharedHelp"/>).
/// </summary>
public static class HelpCompiler
{
    public static HelpBuildResult Compile(string sourceFolder, string outputFolder, string moduleName, SharedHelp? shared = null, IReadOnlyList<CommandHelp>? metadata = null)
    {
        var result = new HelpBuildResult();
        var (commands, aboutTopics) = Read(sourceFolder, shared, metadata, result);

        Directory.CreateDirectory(outputFolder);
        var mamlPath = Path.Combine(outputFolder, moduleName + ".dll-Help.xml");
        File.WriteAllBytes(mamlPath, MamlWriter.WriteBytes(commands));
        result.WrittenFiles.Add(mamlPath);
        foreach (var topic in aboutTopics)
        {
            var path = Path.Combine(outputFolder, topic.Name + ".help.txt");
            File.WriteAllBytes(path, AboutTopicWriter.WriteBytes(topic));
            result.WrittenFiles.Add(path);
        }
        result.CommandCount = commands.Count;
        result.AboutTopicCount = aboutTopics.Count;
        return result;
    }

    /// <summary>
    /// The "help-export" command: the same complete help as <see cref="Compile"/> builds, written as full
    /// PlatyPS markdown (SYNTAX, yaml blocks, shared texts filled in), one file per cmdlet, for anyone who
    /// publishes the docs with PlatyPS-based tools. About topics are copied as they are.
    /// </summary>
    public static HelpBuildResult Export(string sourceFolder, string outputFolder, SharedHelp? shared, IReadOnlyList<CommandHelp> metadata)
    {
        var result = new HelpBuildResult();
        var (commands, _) = Read(sourceFolder, shared, metadata, result);
        Directory.CreateDirectory(outputFolder);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        foreach (var command in commands)
        {
            var path = Path.Combine(outputFolder, command.Name + ".md");
            File.WriteAllText(path, CommandHelpWriter.Write(HelpSkeleton.Create(command)), utf8);
            result.WrittenFiles.Add(path);
        }
        foreach (var about in Directory.GetFiles(sourceFolder, "about_*.md").OrderBy(f => f, StringComparer.Ordinal))
        {
            var path = Path.Combine(outputFolder, Path.GetFileName(about));
            File.Copy(about, path, overwrite: true);
            result.WrittenFiles.Add(path);
        }
        result.CommandCount = commands.Count;
        return result;
    }

    static (List<CommandHelp> Commands, List<AboutTopic> AboutTopics) Read(string sourceFolder, SharedHelp? shared, IReadOnlyList<CommandHelp>? metadata, HelpBuildResult result)
    {
        shared ??= SharedHelp.Empty;
        if (!Directory.Exists(sourceFolder)) throw new DirectoryNotFoundException($"Help source folder '{sourceFolder}' does not exist.");
        var cmdlets = (metadata ?? Array.Empty<CommandHelp>()).ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var files = Directory.GetFiles(sourceFolder, "*.md").OrderBy(f => f, StringComparer.Ordinal).ToList();
        var commands = new List<CommandHelp>();
        var aboutTopics = new List<AboutTopic>();

        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var text = File.ReadAllText(file, Encoding.UTF8);
            if (name.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
            {
                aboutTopics.Add(AboutTopicParser.Parse(text, file, name));
                continue;
            }
            var help = CommandHelpParser.Parse(text, file);
            // A PlatyPS module page (it has a "Module Guid") describes the module, not a command.
            if (help.GetMetadata("Module Guid") != null) continue;
            if (!help.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                result.Warnings.Add($"{file}: the heading names '{help.Name}', the file name '{name}'.");
            if (cmdlets.TryGetValue(help.Name, out var cmdlet)) help = HelpMerger.Complete(help, cmdlet, file);
            else if (metadata != null)
                result.Warnings.Add($"{file}: the module has no cmdlet '{help.Name}'; its help is compiled from the markdown alone.");
            if (help.Syntax.Count == 0)
                result.Warnings.Add($"{file}: no syntax: compile with the cmdlets' metadata (--metadata) so Get-Help shows syntax and parameter details.");
            if (HelpSkeleton.HasPlaceholders(help))
                result.Warnings.Add($"{file}: placeholder text '{{{{ ... }}}}' is still there.");
            foreach (var missing in shared.Fill(help))
                result.Warnings.Add($"{file}: -{missing} has no description: write one under '### -{missing}', or describe it once in {SharedHelp.StandardFileName} or an overlay \"fields\" section.");
            commands.Add(help);
        }
        return (commands, aboutTopics);
    }
}
