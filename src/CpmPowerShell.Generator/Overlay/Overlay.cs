using Newtonsoft.Json;

namespace CpmPowerShell.Generator.Overlay;

/// <summary>
/// The human decisions the spec cannot know (src/api/overlay/*.jsonc): model, enum and method names,
/// which string fields are timestamps, friendly parameter names, table views, and the cmdlets to generate.
/// </summary>
public sealed class ApiOverlay
{
    /// <summary>Field names that hold GMT timestamps; typed DateTime.</summary>
    [JsonProperty("dateTimeFields")] public List<string> DateTimeFields { get; set; } = new();

    /// <summary>"stem.field" pairs excluded from <see cref="DateTimeFields"/> (times of day, local times).</summary>
    [JsonProperty("notDateTime")] public List<string> NotDateTime { get; set; } = new();

    /// <summary>Resource stem (schema name without response_/verb) -> model settings.</summary>
    [JsonProperty("models")] public Dictionary<string, ModelOverlay> Models { get; set; } = new();

    /// <summary>"Model.Property" -> enum type name.</summary>
    [JsonProperty("enums")] public Dictionary<string, string> Enums { get; set; } = new();

    /// <summary>Enum name -> wire code -> member name, where the guide's labels make poor names.</summary>
    [JsonProperty("enumMembers")] public Dictionary<string, Dictionary<string, string>> EnumMembers { get; set; } = new();

    /// <summary>Fields the guide documents as enums but whose values grow with AWS (instance_type): typed string.</summary>
    [JsonProperty("textFields")] public List<string> TextFields { get; set; } = new();

    /// <summary>operationId -> client method name (without Async).</summary>
    [JsonProperty("methods")] public Dictionary<string, string> Methods { get; set; } = new();

    /// <summary>API parameter/field name -> friendly parameter settings, for every cmdlet.</summary>
    [JsonProperty("parameters")] public Dictionary<string, ParameterOverlay> Parameters { get; set; } = new();

    /// <summary>Model name -> the columns of its table view; "Time:LocalTime" shows Time under its own label.</summary>
    [JsonProperty("views")] public Dictionary<string, ViewOverlay> Views { get; set; } = new();

    [JsonProperty("cmdlets")] public List<CmdletOverlay> Cmdlets { get; set; } = new();

    /// <summary>Kinds of long-running work ("backup", "recovery") -> how to follow one to its end.</summary>
    [JsonProperty("work")] public Dictionary<string, WorkOverlay> Work { get; set; } = new();

    /// <summary>
    /// Help text of body and query fields, by API name ("every_unit"), or "Noun.field" ("Schedule.name")
    /// where one name means different things; shared by every cmdlet with the field (see Help/SharedHelp).
    /// </summary>
    [JsonProperty("fields")] public Dictionary<string, string> Fields { get; set; } = new();

    /// <summary>
    /// Reads every src/api/overlay/*.jsonc (one per API area, comments allowed) and merges them. A key
    /// decided in two files is an error, so areas cannot silently override each other.
    /// </summary>
    public static ApiOverlay LoadFolder(string folder)
    {
        var files = Directory.GetFiles(folder, "*.jsonc").OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new InvalidDataException($"{folder} holds no *.jsonc overlay files.");
        var merged = new ApiOverlay();
        foreach (var file in files) merged.MergeFrom(Load(file), Path.GetFileName(file));
        return merged;
    }

    public static ApiOverlay Load(string path) =>
        JsonConvert.DeserializeObject<ApiOverlay>(File.ReadAllText(path), new JsonSerializerSettings
        {
            MissingMemberHandling = MissingMemberHandling.Error,
        }) ?? throw new InvalidDataException($"{path} is empty.");

    void MergeFrom(ApiOverlay other, string file)
    {
        DateTimeFields.AddRange(other.DateTimeFields);
        NotDateTime.AddRange(other.NotDateTime);
        TextFields.AddRange(other.TextFields);
        Cmdlets.AddRange(other.Cmdlets);
        MergeInto(Models, other.Models, "models", file);
        MergeInto(Enums, other.Enums, "enums", file);
        MergeInto(EnumMembers, other.EnumMembers, "enumMembers", file);
        MergeInto(Methods, other.Methods, "methods", file);
        MergeInto(Parameters, other.Parameters, "parameters", file);
        MergeInto(Views, other.Views, "views", file);
        MergeInto(Fields, other.Fields, "fields", file);
        MergeInto(Work, other.Work, "work", file);
        var twice = Cmdlets.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (twice != null) throw new InvalidDataException($"{file}: cmdlet {twice.Key} is declared in two overlay entries.");
    }

    static void MergeInto<T>(Dictionary<string, T> target, Dictionary<string, T> source, string section, string file)
    {
        foreach (var (key, value) in source)
        {
            if (!target.TryAdd(key, value)) throw new InvalidDataException($"{file}: {section}.{key} is already decided in another overlay file.");
        }
    }
}

/// <summary>
/// A table view: the key columns an operator scans for (they must fit an 80-column console), then
/// columns shown when the console is wider (120). PowerShell drops columns from the right when a
/// table does not fit, so the key columns come first.
/// </summary>
public sealed class ViewOverlay
{
    [JsonProperty("key")] public List<string> Key { get; set; } = new();
    [JsonProperty("wide")] public List<string> Wide { get; set; } = new();

    [JsonIgnore] public IEnumerable<string> Columns => Key.Concat(Wide);
}

public sealed class ModelOverlay
{
    [JsonProperty("name")] public string? Name { get; set; }

    /// <summary>Extra read-only property returning Id (e.g. ScheduleId), so the object binds by property name.</summary>
    [JsonProperty("idAlias")] public string? IdAlias { get; set; }

    /// <summary>The noun used in messages and -WhatIf text ("schedule").</summary>
    [JsonProperty("noun")] public string? Noun { get; set; }

    /// <summary>Another stem whose model these schemas share (a recover action answers with a recovery record).</summary>
    [JsonProperty("sameAs")] public string? SameAs { get; set; }

    /// <summary>
    /// Opt-in to inferred cmdlets: Get-/New- (Add-)/Set-/Remove-Cpm&lt;CmdletNoun&gt; from this stem's CRUD
    /// operations (rules: CmdletInference). A stem without it gets no cmdlets.
    /// </summary>
    [JsonProperty("cmdletNoun")] public string? CmdletNoun { get; set; }

    /// <summary>The Get-* of this resource has no -Name even though its records carry a name field.</summary>
    [JsonProperty("noNameFilter")] public bool NoNameFilter { get; set; }

    /// <summary>
    /// Nested body objects ("profile") whose fields are parameters of their own on New-/Set-/Add- (-AllowRecovery
    /// rather than -Profile @{AllowRecovery=$true}); Set-* merges them into the current object field by field.
    /// </summary>
    [JsonProperty("flatten")] public List<string> Flatten { get; set; } = new();

    /// <summary>
    /// Properties a hand-written partial of the model adds (computed from fields, not on the wire), by name with
    /// the width their values need, so a view can show them: "columns": { "Kind": 15 }.
    /// </summary>
    [JsonProperty("columns")] public Dictionary<string, int> Columns { get; set; } = new();

    /// <summary>
    /// Exceptions to the inferred cmdlets, by verb ("Get", "New", "Add", "Set", "Remove"): settings added to
    /// the inferred entry, "skip" to generate none, "name" to rename it.
    /// </summary>
    [JsonProperty("cmdlets")] public Dictionary<string, CmdletOverlay> Cmdlets { get; set; } = new();
}

public sealed class ParameterOverlay
{
    [JsonProperty("name")] public string? Name { get; set; }
    /// <summary>C# type for a query parameter documented as plain string (long, bool, DateTime...).</summary>
    [JsonProperty("type")] public string? Type { get; set; }
    [JsonProperty("aliases")] public List<string> Aliases { get; set; } = new();
    /// <summary>Bind from the pipeline by property name.</summary>
    [JsonProperty("pipeline")] public bool? Pipeline { get; set; }
    /// <summary>When not given, use the connected user's id (the API requires an owner).</summary>
    [JsonProperty("defaultFromConnection")] public string? DefaultFromConnection { get; set; }
    /// <summary>Default value (C# expression) for an optional parameter that the API requires.</summary>
    [JsonProperty("default")] public string? Default { get; set; }
    [JsonProperty("mandatory")] public bool? Mandatory { get; set; }
    [JsonProperty("position")] public int? Position { get; set; }
    [JsonProperty("wildcards")] public bool? Wildcards { get; set; }

    /// <summary>
    /// A text body field that is a secret (SecureString parameter) or is not (plain string), where the name
    /// rule (<c>Names.IsSecret</c>: password, secret, passphrase...) decides wrongly.
    /// </summary>
    [JsonProperty("secret")] public bool? Secret { get; set; }
}

public sealed class CmdletOverlay
{
    /// <summary>Verb-Noun; in a model's "cmdlets" exceptions, a new name for the inferred cmdlet.</summary>
    [JsonProperty("name")] public string Name { get; set; } = "";
    /// <summary>In a model's "cmdlets" exceptions: generate no cmdlet for this verb.</summary>
    [JsonProperty("skip")] public bool Skip { get; set; }
    /// <summary>
    /// Body fields bind from the pipeline by property name (a pipeline is meant: copying targets from one
    /// policy to another). Without it only ids bind, so an unrelated piped object lends no name or description.
    /// </summary>
    [JsonProperty("pipelineFields")] public bool PipelineFields { get; set; }
    /// <summary>For Get-*: the collection GET ("GET /api/schedules/").</summary>
    [JsonProperty("list")] public string? List { get; set; }
    /// <summary>For Get-*: the item GET; for Set-*: the GET read before merging.</summary>
    [JsonProperty("get")] public string? Get { get; set; }
    /// <summary>For every other verb: the operation called.</summary>
    [JsonProperty("operation")] public string? Operation { get; set; }
    /// <summary>Client-side wildcard matching on this field (-Name), narrowed by the server's search.</summary>
    [JsonProperty("nameField")] public string? NameField { get; set; }
    [JsonProperty("confirmImpact")] public string? ConfirmImpact { get; set; }
    /// <summary>
    /// What a 412 from this cmdlet's call means and what to do, in the cmdlet's own words ("{target}" is
    /// replaced by the -WhatIf target): [message, recommended action].
    /// </summary>
    [JsonProperty("whenRefused")] public List<string>? WhenRefused { get; set; }
    /// <summary>Per-cmdlet parameter settings, by API name; override the global ones.</summary>
    [JsonProperty("parameters")] public Dictionary<string, ParameterOverlay> Parameters { get; set; } = new();
    /// <summary>Sort order sent when -OrderBy is not given ("-start_time": newest first).</summary>
    [JsonProperty("defaultOrderBy")] public string? DefaultOrderBy { get; set; }
    /// <summary>The call starts tracked work ("recovery"): the cmdlet gets -Wait and -Timeout and can follow it.</summary>
    [JsonProperty("waitFor")] public string? WaitFor { get; set; }
    /// <summary>
    /// For recover actions: the snapshot model this endpoint recovers ("BackupSnapshotInstance"), so
    /// Invoke-CpmRecovery can take such records from the pipeline and call it.
    /// </summary>
    [JsonProperty("recovers")] public string? Recovers { get; set; }
    /// <summary>
    /// For Get-* lists: a time field (start_time) the API filters only by equality. The cmdlet gets -After
    /// and -Before, matched on the client; when the list is sorted by that field, paging stops at the
    /// first record past the range.
    /// </summary>
    [JsonProperty("timeRange")] public string? TimeRange { get; set; }
    /// <summary>API fields not offered as parameters.</summary>
    [JsonProperty("omit")] public List<string> Omit { get; set; } = new();
    /// <summary>Nested body objects whose fields become parameters (set from the model's "flatten").</summary>
    [JsonProperty("flatten")] public List<string> Flatten { get; set; } = new();
}

/// <summary>
/// One kind of long-running work: the record read while waiting and what its statuses mean. Statuses are
/// the status enum's member names; every member must be listed once, so a status added to the spec is
/// decided here, not silently treated as running.
/// </summary>
public sealed class WorkOverlay
{
    /// <summary>The item GET polled while waiting ("GET /api/backups/{id}/").</summary>
    [JsonProperty("get")] public string Get { get; set; } = "";
    /// <summary>The record's status field (API name); "status" when not given.</summary>
    [JsonProperty("status")] public string Status { get; set; } = "status";
    [JsonProperty("running")] public List<string> Running { get; set; } = new();
    [JsonProperty("succeeded")] public List<string> Succeeded { get; set; } = new();
    /// <summary>Ended, but not everything worked: the final record and a non-terminating error.</summary>
    [JsonProperty("partial")] public List<string> Partial { get; set; } = new();
    [JsonProperty("failed")] public List<string> Failed { get; set; } = new();
    /// <summary>The command that resumes a wait ("Wait-CpmBackup"), named in the timeout message; its Get- twin lists the records.</summary>
    [JsonProperty("waitCommand")] public string WaitCommand { get; set; } = "";
    /// <summary>The command that shows why it did not succeed; {id} is the record's id.</summary>
    [JsonProperty("logCommand")] public string LogCommand { get; set; } = "";
}
