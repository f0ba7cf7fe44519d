using System.Text;

namespace CpmPowerShell.Generator.Help;

/// <summary>
/// The "help-sync" command: brings en-US/*.md in line with the compiled module's cmdlets (metadata JSON
/// from Export-CmdletMetadata.ps1). Missing files become skeletons, existing ones (short or full PlatyPS
/// form) are rewritten in the short form, keeping their human text;
/// a file is only rewritten when its text changes. Files of cmdlets that no longer exist are reported,
/// never deleted: they hold human text.
/// </summary>
public static class HelpSync
{
    public sealed class Result
    {
        public List<string> Created { get; } = new();
        public List<string> Updated { get; } = new();
        public List<string> Unchanged { get; } = new();
        public List<string> Orphaned { get; } = new();

        /// <summary>"file: -Name" for text written for a parameter the cmdlet no longer has (dropped from the file).</summary>
        public List<string> DroppedParameters { get; } = new();
    }

    public static Result Run(string metadataJsonPath, string docsFolder, SharedHelp? shared = null)
    {
        var json = File.ReadAllText(metadataJsonPath, Encoding.UTF8);
        var module = CmdletMetadata.ModuleName(Newtonsoft.Json.Linq.JObject.Parse(json));
        var commands = CmdletMetadata.Read(json);
        Directory.CreateDirectory(docsFolder);
        var result = new Result();
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        foreach (var command in commands)
        {
            var path = Path.Combine(docsFolder, command.Name + ".md");
            var existing = File.Exists(path) ? File.ReadAllText(path, Encoding.UTF8) : null;
            var text = HelpMarkdown.Sync(existing, command, module, path, shared);
            if (existing != null)
                result.DroppedParameters.AddRange(HelpMarkdown.ParseText(existing, path).Parameters
                    .Where(p => p.Description.Trim().Length > 0 && !HelpSkeleton.IsPlaceholder(p.Description) && command.FindParameter(p.Name) == null)
                    .Select(p => $"{path}: -{p.Name}"));
            if (existing == text) { result.Unchanged.Add(path); continue; }
            File.WriteAllText(path, text, utf8);
            (existing == null ? result.Created : result.Updated).Add(path);
        }

        var known = new HashSet<string>(commands.Select(c => c.Name), StringComparer.OrdinalIgnoreCase);
        result.Orphaned.AddRange(Directory.GetFiles(docsFolder, "*.md")
            .Where(f => !Path.GetFileName(f).StartsWith("about_", StringComparison.OrdinalIgnoreCase))
            .Where(f => !known.Contains(Path.GetFileNameWithoutExtension(f)))
            .OrderBy(f => f, StringComparer.Ordinal));
        return result;
    }
}
