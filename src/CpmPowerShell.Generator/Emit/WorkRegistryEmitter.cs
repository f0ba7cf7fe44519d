using CpmPowerShell.Generator.Model;
using CpmPowerShell.Generator.Overlay;

namespace CpmPowerShell.Generator.Emit;

/// <summary>
/// The registries behind -Wait, Wait-* and Invoke-CpmRecovery, from the overlay's "work" sections and
/// "recovers" keys: src/CpmPowerShell/Generated/Runtime/CpmWorkKinds.cs (how to read each kind of work and
/// what its statuses mean; which endpoint recovers which snapshot record) and the ErrorIds its unhappy
/// endings get, as constants of CpmErrorIds in the client. A new kind of work or snapshot is overlay lines only.
/// </summary>
public static class WorkRegistryEmitter
{
    public const string RegistryPath = "src/CpmPowerShell/Generated/Runtime/CpmWorkKinds.cs";
    public const string ErrorIdsPath = "src/CpmPowerShell.Client/Generated/CpmErrorIds.Work.cs";

    /// <param name="cmdlets">Every cmdlet entry, the inferred ones included (CmdletInference.Expand).</param>
    public static void Emit(ApiOverlay overlay, IReadOnlyList<CmdletOverlay> cmdlets, TypeModel types, IReadOnlyList<ClientOperation> operations, IDictionary<string, string> files)
    {
        var byKey = operations.ToDictionary(o => o.Api.Method + " " + o.Api.Path);
        var kinds = overlay.Work.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => Kind(k.Key, k.Value, byKey)).ToList();
        foreach (var waiting in cmdlets.Where(c => c.WaitFor != null)) CheckWaitFor(waiting, byKey, kinds);
        var recovers = cmdlets.Where(c => c.Recovers != null).OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => Recover(c, cmdlets, types, byKey, kinds, overlay)).ToList();

        var errors = new CodeWriter();
        errors.Line(CodeWriter.Header.TrimEnd('\n'));
        errors.Open("namespace CpmPowerShell.Client");
        errors.Open("public static partial class CpmErrorIds");
        foreach (var (name, value) in kinds.SelectMany(k => k.ErrorIds).Distinct().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            errors.Doc($"A {value.Substring(3)} ending of tracked work (from the overlay's \"work\" section).");
            errors.Line($"public const string {name} = {Names.Literal(value)};");
        }
        errors.Close();
        errors.Close();
        files[ErrorIdsPath] = errors.ToString();

        var w = new CodeWriter();
        w.Line(CodeWriter.Header.TrimEnd('\n'));
        w.Line("using System.Collections.Generic;");
        w.Line("using CpmPowerShell.Client;");
        w.Line("using CpmPowerShell.Models;");
        w.Line();
        w.Open("namespace CpmPowerShell.Runtime");
        w.Doc("Every kind of long-running work and every recover endpoint, as the overlay declares them.");
        w.Open("public static partial class CpmWorkKinds");
        foreach (var k in kinds)
        {
            w.Doc($"A {k.Noun}: polls {k.Get}.");
            w.Line($"public static readonly CpmWorkKind<{k.Model}, {k.Enum}> {k.Member} = new CpmWorkKind<{k.Model}, {k.Enum}>(");
            w.Line($"    noun: {Names.Literal(k.Noun)},");
            w.Line($"    read: (client, id, ct) => client.{k.ReadMethod}Async(CpmIds.ToText(id), ct),");
            w.Line($"    idOf: record => record.Id,");
            w.Line($"    statusOf: record => record.{k.StatusProperty},");
            w.Line($"    rawStatusOf: record => record.GetRawValue({Names.Literal(k.StatusField)}),");
            w.Line($"    running: new[] {{ {string.Join(", ", k.Running.Select(s => k.Enum + "." + s))} }},");
            w.Line($"    succeeded: new[] {{ {string.Join(", ", k.Succeeded.Select(s => k.Enum + "." + s))} }},");
            w.Line($"    partial: new[] {{ {string.Join(", ", k.Partial.Select(s => k.Enum + "." + s))} }},");
            w.Line($"    errorIds: new Dictionary<{k.Enum}, string>");
            w.Line("    {");
            foreach (var s in k.Partial.Concat(k.Failed)) w.Line($"        [{k.Enum}.{s}] = CpmErrorIds.{k.Member}{Unprefixed(s, k.Member)},");
            w.Line("    },");
            w.Line($"    unknownErrorId: CpmErrorIds.{k.Member}StatusUnknown,");
            w.Line($"    waitCommand: {Names.Literal(k.WaitCommand)},");
            w.Line($"    logCommand: {Names.Literal(k.LogCommand)});");
            w.Line();
        }
        w.Doc("Each kind of work, for lookups by record type.");
        w.Line($"public static readonly IReadOnlyList<CpmWorkKind> All = new CpmWorkKind[] {{ {string.Join(", ", kinds.Select(k => k.Member))} }};");
        w.Line();
        w.Doc("Which recover endpoint Invoke-CpmRecovery calls for each kind of snapshot record.");
        w.Open("public static readonly IReadOnlyList<CpmRecoverEndpoint> RecoverEndpoints = new CpmRecoverEndpoint[]");
        foreach (var r in recovers)
        {
            w.Line($"new CpmRecoverEndpoint<{r.Record}, {r.Body}, {r.Result}>(");
            w.Line($"    what: {Names.Literal(r.What)}, command: {Names.Literal(r.Command)}, listCommand: {Names.Literal(r.ListCommand)},");
            w.Line($"    pathTemplate: {Names.Literal(r.Path)},");
            w.Line($"    ids: record => new long?[] {{ {string.Join(", ", r.Ids)} }},");
            w.Line($"    resourceOf: record => record.BackedUpResourceId,");
            w.Line($"    call: (client, ids, body, ct) => client.{r.Method}Async({string.Join(", ", r.Ids.Select((_, i) => $"CpmIds.ToText(ids[{i}])"))}, body, ct),");
            w.Line($"    work: {r.Work}),");
        }
        w.Close(";");
        w.Close();
        w.Close();
        files[RegistryPath] = w.ToString();
    }

    sealed record KindInfo(string Noun, string Member, string Get, string Model, string Enum, string ReadMethod, string StatusField, string StatusProperty,
        List<string> Running, List<string> Succeeded, List<string> Partial, List<string> Failed, string WaitCommand, string LogCommand)
    {
        public IEnumerable<(string Name, string Value)> ErrorIds =>
            Partial.Concat(Failed).Select(s => Member + Unprefixed(s, Member)).Append(Member + "StatusUnknown").Select(n => (n, "Cpm" + n));
    }

    sealed record RecoverInfo(string Record, string Body, string Result, string What, string Command, string ListCommand, string Path, List<string> Ids, string Method, string Work);

    /// <summary>BackupFailed of a backup -> Failed, so the ErrorId reads CpmBackupFailed, not CpmBackupBackupFailed.</summary>
    static string Unprefixed(string status, string kind) =>
        status.StartsWith(kind, StringComparison.Ordinal) && status.Length > kind.Length ? status[kind.Length..] : status;

    static KindInfo Kind(string noun, WorkOverlay work, Dictionary<string, ClientOperation> operations)
    {
        string Fail(string why) => throw new InvalidDataException($"overlay: work \"{noun}\": {why}");
        if (!operations.TryGetValue(work.Get, out var get)) Fail($"get \"{work.Get}\" is not an operation of the spec.");
        var model = get!.Result ?? throw new InvalidDataException($"overlay: work \"{noun}\": {work.Get} returns no record.");
        if (get.PathParameters.Count != 1) Fail($"{work.Get} must take the record's id as its only path parameter.");
        var status = model.Property(work.Status);
        if (status?.Type.Enum == null) Fail($"{model.Name} has no enum field \"{work.Status}\".");
        var members = status!.Type.Enum!.Members.Select(m => m.Name).ToList();
        var listed = work.Running.Concat(work.Succeeded).Concat(work.Partial).Concat(work.Failed).ToList();
        foreach (var s in listed.Where(s => !members.Contains(s))) Fail($"{s} is not a member of {status.Type.Enum.Name} ({string.Join(", ", members)}).");
        foreach (var s in listed.GroupBy(s => s).Where(g => g.Count() > 1)) Fail($"{s.Key} is listed twice.");
        foreach (var s in members.Where(m => !listed.Contains(m))) Fail($"{status.Type.Enum.Name}.{s} is not decided: list it as running, succeeded, partial or failed.");
        if (work.WaitCommand.Length == 0 || !work.LogCommand.Contains("{id}")) Fail("waitCommand and logCommand (with {id}) are required: timeout and failure messages name them.");
        return new KindInfo(noun, Names.Pascal(noun), work.Get, model.Name, status.Type.Enum.Name, get.Name, work.Status, status.Name,
            work.Running, work.Succeeded, work.Partial, work.Failed, work.WaitCommand, work.LogCommand);
    }

    /// <summary>A cmdlet's "waitFor" names declared work, and its call answers with that work's record.</summary>
    static void CheckWaitFor(CmdletOverlay cmdlet, Dictionary<string, ClientOperation> operations, List<KindInfo> kinds)
    {
        var kind = kinds.FirstOrDefault(k => k.Noun == cmdlet.WaitFor)
            ?? throw new InvalidDataException($"overlay: {cmdlet.Name} waits for \"{cmdlet.WaitFor}\", which no \"work\" section declares ({string.Join(", ", kinds.Select(k => k.Noun))}).");
        var result = cmdlet.Operation != null && operations.TryGetValue(cmdlet.Operation, out var op) ? op.Result?.Name : null;
        if (result != kind.Model)
            throw new InvalidDataException($"overlay: {cmdlet.Name} waits for \"{kind.Noun}\", but {cmdlet.Operation} answers {result ?? "nothing"}, not the {kind.Model} that work follows.");
    }

    static RecoverInfo Recover(CmdletOverlay cmdlet, IReadOnlyList<CmdletOverlay> cmdlets, TypeModel types, Dictionary<string, ClientOperation> operations, List<KindInfo> kinds, ApiOverlay overlay)
    {
        string Fail(string why) => throw new InvalidDataException($"overlay: {cmdlet.Name} recovers \"{cmdlet.Recovers}\": {why}");
        var record = types.FindModel(cmdlet.Recovers!) ?? throw new InvalidDataException($"overlay: {cmdlet.Name}: recovers names no model \"{cmdlet.Recovers}\".");
        if (cmdlet.Operation == null || !operations.TryGetValue(cmdlet.Operation, out var op)) { Fail("the entry has no operation of the spec."); return null!; }
        var kind = kinds.FirstOrDefault(k => k.Noun == cmdlet.WaitFor) ?? throw new InvalidDataException($"overlay: {cmdlet.Name} recovers but waits for no declared work (\"waitFor\").");
        if (op.Body == null) Fail($"{op.Api.Path} takes no body.");
        if (record.Property("backed_up_resource_id") == null) Fail($"{record.Name} has no backed_up_resource_id to name the resource.");
        // The last path id is the snapshot record itself; the others are its parents, carried on the record.
        var ids = new List<string>();
        foreach (var p in op.PathParameters)
        {
            var property = p == op.PathParameters[^1] ? record.Property("id") : record.Property(p.Name);
            if (property == null) Fail($"{record.Name} carries no {(p == op.PathParameters[^1] ? "id" : p.Name)} for {{{p.Name}}}.");
            ids.Add(property!.Type.Kind == GenKind.String ? $"CpmIds.ToLong(record.{property.Name})" : $"record.{property.Name}");
        }
        var list = cmdlets.FirstOrDefault(c => c.List != null && operations.TryGetValue(c.List, out var l) && l.Result == record)
            ?? throw new InvalidDataException($"overlay: {cmdlet.Name}: no Get- cmdlet lists {record.Name} records, so a user cannot find what to pipe.");
        if (!cmdlet.Name.StartsWith("Invoke-Cpm", StringComparison.Ordinal) || !cmdlet.Name.EndsWith("Recovery", StringComparison.Ordinal))
            Fail("recover cmdlets are named Invoke-Cpm<Kind>Recovery.");
        // What a record of this kind recovers, in words ("RDS database"): the record's overlay noun without
        // " snapshot"/" backup" ("RDS database snapshot"), as messages say "... snapshot records".
        var noun = overlay.Models.Values.FirstOrDefault(m => m.Name == record.Name)?.Noun
                   ?? Fail($"overlay: {record.Name} needs a \"noun\" for the messages of Invoke-CpmRecovery.");
        var what = System.Text.RegularExpressions.Regex.Replace(noun!, " (snapshot|backup)$", "");
        return new RecoverInfo(record.Name, op.Body!.Name, kind.Model, what, cmdlet.Name, list.Name, op.Api.Path, ids, op.Name, kind.Member);
    }
}
