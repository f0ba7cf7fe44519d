using CpmPowerShell.Generator;
using CpmPowerShell.Generator.Spec;
using Newtonsoft.Json.Linq;

// Entry point of the generator. build.ps1 calls it; every command is deterministic (same input, same bytes).
return GeneratorCommands.Run(args);

static class GeneratorCommands
{
    const string Usage = """
        CpmPowerShell.Generator <command> [options]

          import-catalog --catalog <cpm-endpoints.json> --out <cpm-api.json>
              Convert the vendor guide's parsed endpoint catalog to our OpenAPI 3 spec.
          generate --root <repo root> [--check]
              Spec + overlay -> Generated/ folders and en-US help skeletons. --check reports drift and exits 1.
          help --source <en-US folder> --out <module en-US folder> --module <name> [--metadata <json>] [--overlay <overlay folder>]
              Compile the help markdown to MAML and about_*.help.txt. The markdown holds what people write;
              syntax and parameter details come from --metadata (written by Help/Export-CmdletMetadata.ps1),
              parameters without text get the shared one (<en-US folder>/_shared/parameters.md, the overlay's "fields").
          help-export --source <en-US folder> --metadata <json> --out <folder> [--overlay <overlay folder>]
              Write the complete help as full PlatyPS markdown (SYNTAX, yaml, shared texts filled in), for publishing.
          help-sync --metadata <json> --docs <en-US folder> [--overlay <overlay folder>]
              Create short help files for new cmdlets (placeholders only where people must write); rewrite
              existing ones, full PlatyPS or short, in the short form, keeping their human text.
          help-stats --source <en-US folder>
              Count help lines: in total, hand-written, and parameter descriptions.
        """;

    public static int Run(string[] args)
    {
        if (args.Length == 0) { Console.Error.WriteLine(Usage); return 2; }
        var options = ParseOptions(args.Skip(1));
        try
        {
            switch (args[0])
            {
                case "import-catalog":
                    var catalog = JObject.Parse(File.ReadAllText(Required(options, "catalog")));
                    var spec = CatalogConverter.Convert(catalog);
                    File.WriteAllText(Required(options, "out"), CatalogConverter.Serialize(spec));
                    Console.WriteLine($"Wrote {options["out"]}: {spec["paths"]!.Count()} paths.");
                    return 0;
                case "generate":
                    var root = options.TryGetValue("root", out var r) ? r : Directory.GetCurrentDirectory();
                    var output = Generation.Produce(root);
                    if (options.ContainsKey("check"))
                    {
                        var drift = Generation.Drift(root, output.Files);
                        foreach (var line in drift) Console.Error.WriteLine(line);
                        Console.WriteLine(drift.Count == 0 ? $"Generated code is up to date ({output.Files.Count} files)." : $"{drift.Count} generated files are out of date: run ./build.ps1 -Task Generate.");
                        return drift.Count == 0 ? 0 : 1;
                    }
                    var changed = Generation.Write(root, output.Files);
                    Console.WriteLine($"Generated {output.Files.Count} files ({changed} changed): {output.Types.Models.Count} models, {output.Types.Enums.Count} enums, {output.Operations.Count} client methods.");
                    return 0;
                case "help":
                    var metadata = options.TryGetValue("metadata", out var metadataPath) ? CpmPowerShell.Generator.Help.CmdletMetadata.Read(File.ReadAllText(metadataPath)) : null;
                    var built = CpmPowerShell.Generator.Help.HelpCompiler.Compile(Required(options, "source"), Required(options, "out"), Required(options, "module"), LoadSharedHelp(options, "source"), metadata);
                    foreach (var warning in built.Warnings) Console.Error.WriteLine("warning: " + warning);
                    Console.WriteLine($"Compiled help: {built.CommandCount} commands, {built.AboutTopicCount} about topics -> {options["out"]}.");
                    return 0;
                case "help-export":
                    var exported = CpmPowerShell.Generator.Help.HelpCompiler.Export(Required(options, "source"), Required(options, "out"), LoadSharedHelp(options, "source"),
                        CpmPowerShell.Generator.Help.CmdletMetadata.Read(File.ReadAllText(Required(options, "metadata"))));
                    foreach (var warning in exported.Warnings) Console.Error.WriteLine("warning: " + warning);
                    Console.WriteLine($"Exported full PlatyPS markdown: {exported.CommandCount} commands -> {options["out"]}.");
                    return 0;
                case "help-sync":
                    var synced = CpmPowerShell.Generator.Help.HelpSync.Run(Required(options, "metadata"), Required(options, "docs"), LoadSharedHelp(options, "docs"));
                    foreach (var orphan in synced.Orphaned) Console.Error.WriteLine($"warning: {orphan}: no exported cmdlet has this name.");
                    foreach (var dropped in synced.DroppedParameters) Console.Error.WriteLine($"warning: {dropped}: the cmdlet has no such parameter; its text was removed from the file (git diff shows it).");
                    Console.WriteLine($"Help markdown: {synced.Created.Count} created, {synced.Updated.Count} updated, {synced.Unchanged.Count} unchanged.");
                    return 0;
                case "help-stats":
                    Console.Write(CpmPowerShell.Generator.Help.HelpStats.Report(Required(options, "source")));
                    return 0;
                default:
                    Console.Error.WriteLine($"Unknown command '{args[0]}'.\n{Usage}");
                    return 2;
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            return 1;
        }
    }

    static Dictionary<string, string> ParseOptions(IEnumerable<string> args)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? key = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (key != null) result[key] = "true";
                key = arg[2..];
            }
            else if (key != null) { result[key] = arg; key = null; }
            else throw new ArgumentException($"Unexpected argument '{arg}'.");
        }
        if (key != null) result[key] = "true";
        return result;
    }

    /// <summary>The shared parameter texts: the help folder's standard file and, with --overlay, the overlay's fields.</summary>
    static CpmPowerShell.Generator.Help.SharedHelp LoadSharedHelp(Dictionary<string, string> options, string folderOption) =>
        CpmPowerShell.Generator.Help.SharedHelp.Load(
            Path.Combine(Required(options, folderOption), CpmPowerShell.Generator.Help.SharedHelp.StandardFileName),
            options.TryGetValue("overlay", out var overlay) ? overlay : null);

    internal static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"Missing --{name}.");
}
