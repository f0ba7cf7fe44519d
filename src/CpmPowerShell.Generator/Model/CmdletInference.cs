using CpmPowerShell.Generator.Overlay;
using CpmPowerShell.Spec;

namespace CpmPowerShell.Generator.Model;

/// <summary>
/// The rules that turn an overlay noun into cmdlets, written down once. A plain CRUD resource needs only
/// "cmdletNoun" on its model entry; the overlay says the rest only where it differs.
/// <list type="number">
/// <item>Opt-in: only a model stem with "cmdletNoun" gets inferred cmdlets; other stems get none.</item>
/// <item>A stem's operations are those whose operationId is the stem plus list/read/create/update/delete
///   (backups_list_logs belongs to backups_logs).</item>
/// <item>A GET answering an array is the list, a GET answering one object (or of a path ending in {id}) the item: together one
///   Get-Cpm&lt;Noun&gt; (-Id reads items, the list otherwise, with every documented filter, -Search,
///   -OrderBy and paging where the API has them).</item>
/// <item>POST to the collection: New-Cpm&lt;Noun&gt;, or Add-Cpm&lt;Noun&gt; when the collection lies under a
///   parent id (/api/policies/{policy_id}/targets/instances/ -> Add-CpmPolicyInstance).</item>
/// <item>PUT of the item: Set-Cpm&lt;Noun&gt;, which reads the item GET and sends the merge.</item>
/// <item>DELETE of the item (a path ending in {id}): Remove-Cpm&lt;Noun&gt;. A DELETE of what a parent holds
///   (/api/backups/{backup_id}/snapshots/) is not inferred: it needs a decision by hand.</item>
/// <item>-Name (wildcards) on the Get where the records have a "name" field, unless the model says noNameFilter;
///   on New-* that field is Position 0.</item>
/// <item>The list's "id" filter is dropped when the Get also reads by -Id: it would duplicate -Id.</item>
/// <item>A parent id is named after the parent resource's idAlias (PolicyId, InstanceSnapshotId), so the
///   parent's records bind it by property name; {id} followed by more path (/api/policies/{id}/options/)
///   is a parent's id too.</item>
/// <item>Pipeline: ids and parent ids bind by property name; body fields only where the overlay says a
///   pipeline is meant ("pipelineFields" on the cmdlet, or "pipeline" on the field).</item>
/// <item>Exceptions: models.&lt;stem&gt;.cmdlets.&lt;Verb&gt; adds settings to the inferred cmdlet, renames it
///   ("name") or drops it ("skip"); an explicit "cmdlets" entry of the same name replaces it. Explicit
///   entries remain for actions (Start-, Stop-, Invoke-...) and oddities.</item>
/// </list>
/// </summary>
public static class CmdletInference
{
    static readonly string[] CrudVerbs = { "list", "read", "create", "update", "delete" };

    /// <summary>The overlay's explicit cmdlet entries plus the inferred ones (rules 1-8 and 11), explicit first.</summary>
    public static List<CmdletOverlay> Expand(ApiSpec spec, ApiOverlay overlay)
    {
        var explicitNames = overlay.Cmdlets.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var result = overlay.Cmdlets.ToList();
        foreach (var (stem, model) in overlay.Models.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (model.CmdletNoun == null) continue;
            foreach (var entry in Infer(spec, stem, model))
            {
                if (explicitNames.Contains(entry.Name)) continue; // rule 11: the explicit entry wins
                result.Add(entry);
            }
        }
        var twice = result.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (twice != null) throw new InvalidDataException($"overlay: {twice.Key} is both inferred and declared elsewhere; rename one.");
        return result;
    }

    /// <summary>The cmdlets one noun'd stem gets.</summary>
    public static List<CmdletOverlay> Infer(ApiSpec spec, string stem, ModelOverlay model)
    {
        var ops = spec.Operations.Where(o => TypeModelBuilder.SplitVerb(o.OperationId.Replace('-', '_')) is var (s, v)
            && s == stem && v != null && CrudVerbs.Contains(v)).ToList();
        if (ops.Count == 0) throw new InvalidDataException($"overlay: models.{stem} has cmdletNoun but the spec has no {stem}_list/read/create/update/delete operation.");
        ApiOperation? Single(Func<ApiOperation, bool> match, string what)
        {
            var found = ops.Where(match).ToList();
            return found.Count <= 1 ? found.SingleOrDefault()
                : throw new InvalidDataException($"overlay: models.{stem}: {what} is ambiguous ({string.Join(", ", found)}); declare the cmdlets explicitly.");
        }
        // A GET of {id} is the item even where the guide documents its answer as an array (custom tags, 13.20).
        static bool OfItem(ApiOperation o) => o.Segments[^1] == "{id}";
        // A GET of one object without any id in its path (/api/system/version/) reads the server's only one:
        // a Get-* without -Id, its query parameters as filters.
        static bool Singleton(ApiOperation o) => o.Method == "GET" && !o.ReturnsArray && !o.Segments.Any(s => s.StartsWith('{'));
        var list = Single(o => o.Method == "GET" && (o.ReturnsArray && !OfItem(o) || Singleton(o)), "the list GET");
        var item = Single(o => o.Method == "GET" && (!o.ReturnsArray || OfItem(o)) && !Singleton(o), "the item GET");
        var create = Single(o => o.Method == "POST", "the POST");
        var update = Single(o => o.Method == "PUT", "the PUT");
        var delete = Single(o => o.Method == "DELETE" && o.Segments[^1] == "{id}", "the DELETE");

        var noun = "Cpm" + model.CmdletNoun;
        var records = (list?.SuccessType?.Items ?? item?.SuccessType)?.Schema;
        var nameField = !model.NoNameFilter && records?.Property("name") != null ? "name" : null;
        var entries = new List<(string Verb, CmdletOverlay Entry)>();
        if (list != null || item != null)
        {
            var get = new CmdletOverlay { Name = "Get-" + noun, List = Key(list), Get = Key(item), NameField = nameField };
            if (list != null && item != null && list.Query("id") != null) get.Omit.Add("id"); // rule 8
            entries.Add(("Get", get));
        }
        if (create != null)
        {
            var verb = create.PathParameters.Count > 0 ? "Add" : "New";
            entries.Add((verb, new CmdletOverlay { Name = verb + "-" + noun, Operation = Key(create), NameField = nameField }));
        }
        if (update != null)
        {
            if (item == null) throw new InvalidDataException($"overlay: models.{stem}: {update} has no item GET to merge with; declare Set-{noun} explicitly.");
            entries.Add(("Set", new CmdletOverlay { Name = "Set-" + noun, Operation = Key(update), Get = Key(item), NameField = nameField }));
        }
        if (delete != null) entries.Add(("Remove", new CmdletOverlay { Name = "Remove-" + noun, Operation = Key(delete), NameField = nameField }));

        var unknown = model.Cmdlets.Keys.Except(entries.Select(e => e.Verb)).FirstOrDefault();
        if (unknown != null) throw new InvalidDataException($"overlay: models.{stem}.cmdlets.{unknown}: no {unknown}-{noun} is inferred (verbs: {string.Join(", ", entries.Select(e => e.Verb))}).");
        foreach (var (_, entry) in entries) entry.Flatten.AddRange(model.Flatten);
        var result = new List<CmdletOverlay>();
        foreach (var (verb, entry) in entries)
        {
            if (!model.Cmdlets.TryGetValue(verb, out var exception)) { result.Add(entry); continue; }
            if (exception.Skip) continue;
            result.Add(Apply(entry, exception));
        }
        return result;
    }

    static string? Key(ApiOperation? op) => op == null ? null : op.Method + " " + op.Path;

    /// <summary>The inferred entry with an exception's settings laid over it.</summary>
    static CmdletOverlay Apply(CmdletOverlay inferred, CmdletOverlay exception)
    {
        if (exception.List != null || exception.Get != null || exception.Operation != null)
            throw new InvalidDataException($"overlay: the exception for {inferred.Name} names operations; declare the cmdlet explicitly instead.");
        var entry = new CmdletOverlay
        {
            Name = exception.Name.Length > 0 ? exception.Name : inferred.Name,
            List = inferred.List,
            Get = inferred.Get,
            Operation = inferred.Operation,
            NameField = exception.NameField ?? inferred.NameField,
            ConfirmImpact = exception.ConfirmImpact,
            WhenRefused = exception.WhenRefused,
            DefaultOrderBy = exception.DefaultOrderBy,
            WaitFor = exception.WaitFor,
            TimeRange = exception.TimeRange,
            PipelineFields = exception.PipelineFields,
            Parameters = exception.Parameters,
        };
        entry.Omit.AddRange(inferred.Omit.Union(exception.Omit));
        entry.Flatten.AddRange(inferred.Flatten.Union(exception.Flatten));
        return entry;
    }

    /// <summary>
    /// Rule 9: the parameter name of a parent's id in a path: the idAlias of the resource the id names
    /// (the stem of the path before it), or null when that resource has none.
    /// </summary>
    public static string? ParentIdName(ApiOverlay overlay, ApiOperation op, string pathParameter)
    {
        var segments = op.Segments.ToList();
        var at = segments.IndexOf("{" + pathParameter + "}");
        if (at < 0) return null;
        var stem = string.Join("_", segments.Take(at).Where(s => s != "api" && !s.StartsWith('{')));
        return overlay.Models.TryGetValue(stem, out var model) ? model.IdAlias : null;
    }

    /// <summary>Rule 9: {id} followed by more path names the parent, not the item (/api/policies/{id}/options/).</summary>
    public static bool IdIsParents(ApiOperation op) => op.Segments[^1] != "{id}" && op.Segments.Contains("{id}");

    /// <summary>Rule 10: whether a body field binds by property name.</summary>
    public static bool BodyBindsByPropertyName(CmdletOverlay entry, ParameterOverlay field) => field.Pipeline ?? entry.PipelineFields;

    /// <summary>Rule 7: New-* takes its name field as the first positional argument (New-CpmPolicy prod).</summary>
    public static int? BodyPosition(string verb, string? nameField, string jsonName) =>
        verb == "New" && jsonName == (nameField ?? "name") ? 0 : null;
}
