using CpmPowerShell.Generator.Emit;
using CpmPowerShell.Generator.Model;
using CpmPowerShell.Generator.Overlay;
using CpmPowerShell.Spec;

namespace CpmPowerShell.Generator;

/// <summary>
/// spec + overlay -> every generated file, as (repo-relative path, text). Writing deletes stale files in
/// the Generated/ folders; checking reports any difference, so CI fails when someone forgot to regenerate.
/// </summary>
public static class Generation
{
    public static readonly string[] GeneratedRoots =
    {
        "src/CpmPowerShell.Client/Generated",
        "src/CpmPowerShell/Generated",
    };

    public sealed record Output(SortedDictionary<string, string> Files, TypeModel Types, IReadOnlyList<ClientOperation> Operations, IReadOnlyList<GenCmdlet> Cmdlets);

    public static Output Produce(string root)
    {
        var spec = ApiSpec.Load(Path.Combine(root, "src", "api", "cpm-api.json"));
        var overlay = ApiOverlay.LoadFolder(Path.Combine(root, "src", "api", "overlay"));
        var types = new TypeModelBuilder(spec, overlay).Build();
        var entries = CmdletInference.Expand(spec, overlay);
        var operations = ClientOperation.BuildAll(spec, types, overlay, entries);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        ModelEmitter.EmitAll(types, files);
        ClientEmitter.EmitAll(operations, files);
        var cmdlets = new CmdletModelBuilder(overlay, types, operations, entries).BuildAll();
        CmdletEmitter.EmitAll(cmdlets, files);
        FormatEmitter.EmitAll(types, ViewInference.WithDefaults(overlay.Views, cmdlets), files);
        WorkRegistryEmitter.Emit(overlay, entries, types, operations, files);
        EndpointTableEmitter.Emit(spec, cmdlets, files);
        ManifestEmitter.Emit(root, files);
        return new Output(files, types, operations, cmdlets);
    }

    /// <summary>Writes the files; returns how many changed. Files no longer produced are deleted.</summary>
    public static int Write(string root, IDictionary<string, string> files)
    {
        var changed = 0;
        foreach (var stale in ExistingFiles(root).Where(f => !files.ContainsKey(f)))
        {
            File.Delete(Path.Combine(root, stale));
            changed++;
        }
        foreach (var (relative, text) in files)
        {
            var path = Path.Combine(root, relative);
            if (File.Exists(path) && File.ReadAllText(path) == text) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            changed++;
        }
        return changed;
    }

    /// <summary>Differences between what is committed and what the generator produces now.</summary>
    public static List<string> Drift(string root, IDictionary<string, string> files)
    {
        var drift = new List<string>();
        foreach (var stale in ExistingFiles(root).Where(f => !files.ContainsKey(f))) drift.Add("not generated any more: " + stale);
        foreach (var (relative, text) in files)
        {
            var path = Path.Combine(root, relative);
            if (!File.Exists(path)) drift.Add("missing: " + relative);
            else if (File.ReadAllText(path) != text) drift.Add("differs: " + relative);
        }
        return drift;
    }

    static IEnumerable<string> ExistingFiles(string root) =>
        GeneratedRoots.Select(r => Path.Combine(root, r)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'));
}
