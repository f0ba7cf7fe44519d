using CpmPowerShell.Generator.Overlay;
using CpmPowerShell.Spec;

namespace CpmPowerShell.Generator.Model;

public enum CmdletKind { Get, Create, Update, Remove, Action }

public enum ParameterRole { PathId, OwnId, InputObject, Query, RequiredQuery, Body, Name, Search, OrderBy, Force, PassThru, AsCsv, Clear, TimeRange }

/// <summary>One cmdlet to generate, decided from the overlay entry and the spec.</summary>
public sealed class GenCmdlet
{
    public required string Name { get; init; }
    public required string Verb { get; init; }
    public required string Noun { get; init; }
    public string ClassName => Verb + Noun + "Command";
    public required string Area { get; init; }
    public required CmdletKind Kind { get; init; }
    /// <summary>Get: the list operation (or the item one when there is no list); others: the operation called.</summary>
    public required ClientOperation Operation { get; init; }
    /// <summary>Get: the item GET; Update: the GET read before merging.</summary>
    public ClientOperation? Item { get; init; }
    public GenModel? Output { get; init; }
    /// <summary>Set-/Remove-*: the record -InputObject takes (for a parent-held delete, the parent's).</summary>
    public GenModel? Resource { get; set; }
    /// <summary>Remove-* of everything a parent holds (all snapshots of a backup): what the parent is called.</summary>
    public string? OwnerNoun { get; set; }
    /// <summary>What the resource is called in messages ("schedule").</summary>
    public required string NounText { get; init; }
    public string? NameField { get; init; }
    public string? ConfirmImpact { get; init; }
    /// <summary>Overlay "whenRefused": the message and advice for a 412, or null.</summary>
    public IReadOnlyList<string>? WhenRefused { get; init; }
    public bool SupportsPaging { get; init; }
    public string? DefaultParameterSet { get; init; }
    /// <summary>Sort order sent when -OrderBy is not given (newest backups first).</summary>
    public string? DefaultOrderBy { get; init; }
    /// <summary>The kind of tracked work the call starts ("recovery"), for -Wait; null when it starts none.</summary>
    public string? WaitFor { get; init; }
    /// <summary>Get-*: the time field -After/-Before select on (overlay timeRange), or null.</summary>
    public string? TimeRange { get; init; }
    /// <summary>Get-*: the list is asked once per value of these array filters and the answers merged.</summary>
    public IEnumerable<GenParameter> UnionFilters => WithRole(ParameterRole.Query).Where(p => p.Enum != null && p.Type.EndsWith("[]", StringComparison.Ordinal));
    /// <summary>Get-* whose list also comes as CSV: an -AsCsv switch returns the text.</summary>
    public bool OffersCsv => Kind == CmdletKind.Get && Operation.ProducesCsv && !Operation.IsDownload;
    /// <summary>The parameter naming the item the path's {id} stands for (Id, or PolicyId where {id} is the parent's).</summary>
    public GenParameter? OwnId => Parameter(ParameterRole.OwnId);
    public List<GenParameter> Parameters { get; } = new();

    public GenParameter? Parameter(ParameterRole role) => Parameters.FirstOrDefault(p => p.Role == role);
    public IEnumerable<GenParameter> WithRole(ParameterRole role) => Parameters.Where(p => p.Role == role);
}

public sealed class GenParameter
{
    public required string Name { get; set; }
    public List<string> Aliases { get; } = new();
    /// <summary>C# type of the cmdlet property (SwitchParameter, long, long[], ScheduleUnit, DateTime...).</summary>
    public required string Type { get; init; }
    public required ParameterRole Role { get; init; }
    /// <summary>The API name (path/query parameter or body field), if any.</summary>
    public string? ApiName { get; init; }
    /// <summary>The request-body property it sets.</summary>
    public GenProperty? BodyProperty { get; init; }
    /// <summary>For a field of a flattened nested object (overlay "flatten"): the body property holding that object.</summary>
    public GenProperty? Container { get; init; }
    public GenEnum? Enum { get; init; }
    public bool Wildcards { get; init; }
    public string? DefaultFromConnection { get; init; }
    public string? DefaultValue { get; init; }
    /// <summary>Values offered by tab completion (ordering fields).</summary>
    public List<string> Completions { get; } = new();
    public List<ParameterSetUse> Sets { get; } = new();
    /// <summary>Help text written by the generator for parameters whose meaning is ours (Name, Search, OrderBy...).</summary>
    public string? StandardHelp { get; init; }
}

public sealed record ParameterSetUse(string? SetName, bool Mandatory, int? Position, bool FromPipeline, bool ByPropertyName);

/// <summary>Turns the overlay's cmdlet entries into <see cref="GenCmdlet"/>s.</summary>
public sealed class CmdletModelBuilder
{
    public const string AllSets = "__AllParameterSets";
    // Parameter-set names, as CpmParameterSets in the runtime spells them (the emitter writes the constants).
    public const string ListSet = "List", IdSet = "Id", InputObjectSet = "InputObject";
    static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Server", "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
        "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
        "Force", "PassThru", "InputObject", "First", "Skip", "IncludeTotalCount", "Search", "OrderBy", "AsCsv", "Wait", "Timeout", "Clear",
    };

    readonly ApiOverlay overlay;
    readonly TypeModel types;
    readonly Dictionary<string, ClientOperation> operations;
    readonly IReadOnlyList<CmdletOverlay> entries;

    /// <param name="entries">The cmdlet entries to build: explicit and inferred (<see cref="CmdletInference.Expand"/>).</param>
    public CmdletModelBuilder(ApiOverlay overlay, TypeModel types, IEnumerable<ClientOperation> operations, IReadOnlyList<CmdletOverlay> entries)
    {
        this.overlay = overlay;
        this.types = types;
        this.operations = operations.ToDictionary(o => o.Api.Method + " " + o.Api.Path, StringComparer.Ordinal);
        this.entries = entries;
    }

    public List<GenCmdlet> BuildAll() => entries.Select(Build).ToList();

    ClientOperation Op(string? key, string cmdlet) =>
        key != null && operations.TryGetValue(key, out var op) ? op
            : throw new InvalidDataException($"overlay: {cmdlet} names '{key}', which is not an operation of the spec.");

    GenCmdlet Build(CmdletOverlay entry)
    {
        var dash = entry.Name.IndexOf('-');
        if (dash < 1) throw new InvalidDataException($"overlay: '{entry.Name}' is not Verb-Noun.");
        var verb = entry.Name[..dash];
        var noun = entry.Name[(dash + 1)..];
        var kind = verb switch
        {
            "Get" => CmdletKind.Get,
            "New" or "Add" => CmdletKind.Create,
            "Set" => CmdletKind.Update,
            "Remove" => CmdletKind.Remove,
            _ => CmdletKind.Action,
        };

        ClientOperation operation;
        ClientOperation? item = null;
        if (kind == CmdletKind.Get)
        {
            item = entry.Get != null ? Op(entry.Get, entry.Name) : null;
            operation = entry.List != null ? Op(entry.List, entry.Name) : item!;
        }
        else
        {
            operation = Op(entry.Operation, entry.Name);
            if (kind == CmdletKind.Update) item = Op(entry.Get, entry.Name);
        }

        var output = kind == CmdletKind.Remove ? null : (item ?? operation).Result ?? operation.Result;
        var resource = item?.Result ?? operation.Result ?? (kind == CmdletKind.Remove ? ResourceOfDelete(operation) : null);
        var nounText = resource != null && overlay.Models.TryGetValue(resource.Stem, out var m) && m.Noun != null
            ? m.Noun : Names.SingularAll(operation.Api.Segments.Last(s => !s.StartsWith('{'))).Replace('_', ' ');

        var cmdlet = new GenCmdlet
        {
            Name = entry.Name,
            Verb = verb,
            Noun = noun,
            Area = Names.Pascal(operation.Api.Tag),
            Kind = kind,
            Operation = operation,
            Item = item,
            Output = output,
            NounText = nounText,
            NameField = entry.NameField,
            WhenRefused = entry.WhenRefused is { Count: 2 } or null ? entry.WhenRefused
                : throw new InvalidDataException($"overlay: {entry.Name}.whenRefused needs two texts: the message and what to do."),
            ConfirmImpact = entry.ConfirmImpact ?? kind switch
            {
                CmdletKind.Remove => "High",
                CmdletKind.Update or CmdletKind.Action => "Medium",
                CmdletKind.Create => "Low",
                _ => null,
            },
            SupportsPaging = kind == CmdletKind.Get && operation.ReturnsList,
            DefaultParameterSet = kind switch
            {
                CmdletKind.Get when item != null && operation.ReturnsList => ListSet,
                CmdletKind.Update or CmdletKind.Remove => IdSet,
                _ => null,
            },
            DefaultOrderBy = entry.DefaultOrderBy,
            TimeRange = entry.TimeRange,
            WaitFor = entry.WaitFor, // checked against the overlay's "work" sections by WorkRegistryEmitter
        };

        switch (kind)
        {
            case CmdletKind.Get: AddGetParameters(cmdlet, entry); break;
            case CmdletKind.Create:
            case CmdletKind.Action: AddCreateParameters(cmdlet, entry); break;
            case CmdletKind.Update: AddUpdateParameters(cmdlet, entry); break;
            case CmdletKind.Remove: AddRemoveParameters(cmdlet, entry, resource); break;
        }
        CheckNames(cmdlet);
        return cmdlet;
    }

    /// <summary>The model a DELETE removes: what the GET of the same path returns.</summary>
    GenModel? ResourceOfDelete(ClientOperation delete) =>
        operations.TryGetValue("GET " + delete.Api.Path, out var get) ? get.Result : null;

    /// <summary>
    /// A DELETE of everything a parent holds (/api/backups/{backup_id}/snapshots/): the parent's own GET
    /// (/api/backups/{id}/), whose records are what the cmdlet takes.
    /// </summary>
    ClientOperation? OwnerGet(ClientOperation delete)
    {
        var segments = delete.Api.Segments.ToList();
        var last = segments.FindLastIndex(s => s.StartsWith('{'));
        if (last < 0) return null;
        var path = "/" + string.Join("/", segments.Take(last).Append("{id}")) + "/";
        return operations.TryGetValue("GET " + path, out var get) ? get : null;
    }

    /// <summary>
    /// A path id's parameter name: the cmdlet's own choice, else the parent's idAlias (CmdletInference
    /// rule 9), else the overlay's global name; null when none decides.
    /// </summary>
    string? PathIdName(CmdletOverlay entry, ClientOperation op, string apiName)
    {
        entry.Parameters.TryGetValue(apiName, out var local);
        overlay.Parameters.TryGetValue(apiName, out var global);
        var parents = apiName != "id" || CmdletInference.IdIsParents(op.Api) || op.ReturnsList;
        return local?.Name ?? (parents ? CmdletInference.ParentIdName(overlay, op.Api, apiName) : null) ?? global?.Name;
    }

    ParameterOverlay Settings(CmdletOverlay entry, string apiName)
    {
        entry.Parameters.TryGetValue(apiName, out var local);
        overlay.Parameters.TryGetValue(apiName, out var global);
        return new ParameterOverlay
        {
            Name = local?.Name ?? global?.Name,
            Type = local?.Type ?? global?.Type,
            Aliases = (local?.Aliases ?? new()).Concat(global?.Aliases ?? new()).ToList(),
            Pipeline = local?.Pipeline ?? global?.Pipeline,
            DefaultFromConnection = local?.DefaultFromConnection ?? global?.DefaultFromConnection,
            Default = local?.Default ?? global?.Default,
            Mandatory = local?.Mandatory ?? global?.Mandatory,
            Position = local?.Position ?? global?.Position,
            Wildcards = local?.Wildcards ?? global?.Wildcards,
            Secret = local?.Secret ?? global?.Secret,
        };
    }

    GenParameter NewParameter(string name, string type, ParameterRole role, string? apiName, ParameterOverlay? settings = null,
        GenProperty? bodyProperty = null, GenEnum? genEnum = null, GenProperty? container = null)
    {
        var parameter = new GenParameter
        {
            Name = name, Type = type, Role = role, ApiName = apiName, BodyProperty = bodyProperty, Enum = genEnum, Container = container,
            DefaultFromConnection = settings?.DefaultFromConnection, DefaultValue = settings?.Default,
            Wildcards = settings?.Wildcards ?? false,
        };
        foreach (var alias in settings?.Aliases ?? new()) parameter.Aliases.Add(alias);
        // No "Id" alias for a renamed {id} (PolicyId): aliases bind by property name too, and every
        // record has an Id, so a piped backup would read a policy with the backup's number.
        var apiAlias = apiName == "id" ? null : apiName;
        if (apiAlias != null && !string.Equals(apiAlias.Replace("_", ""), name, StringComparison.OrdinalIgnoreCase)) parameter.Aliases.Add(apiAlias);
        else if (apiAlias != null && apiAlias.Contains('_')) parameter.Aliases.Add(apiAlias);
        return parameter;
    }

    /// <summary>Path ids other than the item's own: ScheduleId of a disable time. They bind by property name.</summary>
    void AddParentIds(GenCmdlet cmdlet, CmdletOverlay entry, ClientOperation op, string? setName, bool byPropertyName = true, bool idIsParent = false, string ownId = "id")
    {
        var position = 0;
        foreach (var p in op.PathParameters.Where(p => p.Name != ownId || idIsParent))
        {
            var settings = Settings(entry, p.Name);
            var parameter = cmdlet.Parameters.FirstOrDefault(x => x.ApiName == p.Name && x.Role == ParameterRole.PathId);
            if (parameter == null)
            {
                parameter = NewParameter(PathIdName(entry, op, p.Name) ?? Names.Pascal(p.Name), "long", ParameterRole.PathId, p.Name, settings);
                cmdlet.Parameters.Add(parameter);
            }
            parameter.Sets.Add(new ParameterSetUse(setName, Mandatory: true, Position: position++, FromPipeline: false, ByPropertyName: byPropertyName));
        }
    }

    void AddGetParameters(GenCmdlet cmdlet, CmdletOverlay entry)
    {
        // A singleton (the server's one dashboard or version) takes its filters as a list does.
        var list = cmdlet.Operation.ReturnsList || cmdlet.Item == null ? cmdlet.Operation : null;
        var listSet = cmdlet.Item != null && list != null ? ListSet : null;
        if (list != null)
        {
            // A list under {id} (GET /api/backups/{id}/logs/) belongs to that item: the id is a parent id here.
            AddParentIds(cmdlet, entry, list, listSet, idIsParent: cmdlet.Item == null);
            if (entry.NameField != null)
            {
                var name = NewParameter("Name", "string[]", ParameterRole.Name, null);
                name.Sets.Add(new ParameterSetUse(listSet, Mandatory: false, Position: cmdlet.Parameters.Count, FromPipeline: false, ByPropertyName: false));
                cmdlet.Parameters.Add(name);
            }
            foreach (var p in list.RequiredQuery.Concat(list.OptionalQuery))
            {
                if (entry.Omit.Contains(p.Name)) continue; // the id filter of a list duplicates -Id
                if (p.Name == "search")
                {
                    var search = NewParameter("Search", "string", ParameterRole.Search, "search");
                    search.Sets.Add(new ParameterSetUse(listSet, Mandatory: false, Position: null, FromPipeline: false, ByPropertyName: false));
                    cmdlet.Parameters.Add(search);
                    continue;
                }
                if (p.Name == "ordering")
                {
                    var orderBy = NewParameter("OrderBy", "string[]", ParameterRole.OrderBy, "ordering");
                    orderBy.Aliases.Add("Sort");
                    foreach (var field in list.Api.OrderingFields) { orderBy.Completions.Add(field); }
                    foreach (var field in list.Api.OrderingFields) { orderBy.Completions.Add("-" + field); }
                    orderBy.Sets.Add(new ParameterSetUse(listSet, Mandatory: false, Position: null, FromPipeline: false, ByPropertyName: false));
                    cmdlet.Parameters.Add(orderBy);
                    continue;
                }
                var settings = Settings(entry, p.Name);
                var genEnum = types.Enums.FirstOrDefault(e => e.Name == list.QueryType(p));
                // An enum filter of a paged list takes several values (-Status Failed,PartiallySuccessful):
                // the API matches one value, so the list is read once per value and the answers merged.
                var type = genEnum != null && !p.Required && list.Paginated ? list.QueryType(p) + "[]" : list.QueryType(p);
                var parameter = NewParameter(settings.Name ?? Names.Pascal(p.Name), type, p.Required ? ParameterRole.RequiredQuery : ParameterRole.Query, p.Name, settings,
                    genEnum: genEnum);
                var mandatory = p.Required && settings.Default == null;
                parameter.Sets.Add(new ParameterSetUse(listSet, Mandatory: settings.Mandatory ?? mandatory, Position: null, FromPipeline: false, ByPropertyName: settings.Pipeline ?? false));
                cmdlet.Parameters.Add(parameter);
            }
        }
        if (list != null && entry.TimeRange != null)
        {
            if (list.Result?.Property(entry.TimeRange) is not { Type.Kind: GenKind.DateTime })
                throw new InvalidDataException($"overlay: {entry.Name} timeRange '{entry.TimeRange}' is not a DateTime field of {list.Result?.Name}.");
            foreach (var name in new[] { "After", "Before" })
            {
                var bound = NewParameter(name, "DateTime", ParameterRole.TimeRange, null);
                bound.Sets.Add(new ParameterSetUse(listSet, Mandatory: false, Position: null, FromPipeline: false, ByPropertyName: false));
                cmdlet.Parameters.Add(bound);
            }
        }
        if (list != null && cmdlet.OffersCsv)
        {
            var asCsv = NewParameter("AsCsv", "SwitchParameter", ParameterRole.AsCsv, null);
            asCsv.Sets.Add(new ParameterSetUse(listSet, Mandatory: false, Position: null, FromPipeline: false, ByPropertyName: false));
            cmdlet.Parameters.Add(asCsv);
        }
        if (cmdlet.Item != null)
        {
            var itemSet = list != null ? IdSet : null;
            AddParentIds(cmdlet, entry, cmdlet.Item, itemSet);
            var (id, renamed) = OwnIdParameter(entry, cmdlet.Item, "long[]");
            id.Sets.Add(new ParameterSetUse(itemSet, Mandatory: true, Position: list == null ? cmdlet.WithRole(ParameterRole.PathId).Count() : null, FromPipeline: true, ByPropertyName: renamed));
            cmdlet.Parameters.Add(id);
        }
    }

    void AddBodyParameters(GenCmdlet cmdlet, CmdletOverlay entry, bool forUpdate)
    {
        var body = cmdlet.Operation.Body;
        if (body == null) return;
        var fields = new List<(GenProperty Property, GenProperty? Container)>();
        foreach (var property in body.Properties)
        {
            if (!entry.Flatten.Contains(property.JsonName)) { fields.Add((property, null)); continue; }
            if (property.Type.Kind != GenKind.Model)
                throw new InvalidDataException($"overlay: {entry.Name} flattens '{property.JsonName}', which is not a nested object.");
            fields.AddRange(property.Type.Model!.Properties.Where(p => !p.FromPath).Select(p => (p, (GenProperty?)property)));
        }
        foreach (var (property, container) in fields)
        {
            if (entry.Omit.Contains(property.JsonName)) continue;
            var settings = Settings(entry, property.JsonName);
            var parameterName = settings.Name ?? property.Name;
            if (Reserved.Contains(parameterName) || parameterName == "Id") parameterName += "Value";
            var type = ParameterType(property.Type);
            // A secret (a password, an AWS secret key) is typed as a SecureString, so it is never echoed or kept as text.
            if (type == "string" && (settings.Secret ?? Names.IsSecret(property.JsonName))) type = "SecureString";
            // Set-* takes $null for an optional date, to clear it (-EndDate $null), as it does for text.
            if (forUpdate && type == "DateTime" && !property.Required) type = "DateTime?";
            var parameter = NewParameter(parameterName, type, ParameterRole.Body, property.JsonName, settings, property, property.Type.Enum ?? property.Type.Item?.Enum, container);
            var mandatory = !forUpdate && property.Required && settings.DefaultFromConnection == null && settings.Default == null;
            // Fields bind by property name only where a pipeline is meant (CmdletInference rule 10): a piped
            // policy must not lend its name to a new schedule, nor a snapshot its zone to a recovery.
            var byPropertyName = !forUpdate && CmdletInference.BodyBindsByPropertyName(entry, settings);
            var position = settings.Position ?? CmdletInference.BodyPosition(cmdlet.Verb, cmdlet.NameField, property.JsonName);
            parameter.Sets.Add(new ParameterSetUse(forUpdate ? AllSets : null, Mandatory: settings.Mandatory ?? mandatory, Position: position, FromPipeline: false, ByPropertyName: byPropertyName));
            cmdlet.Parameters.Add(parameter);
        }
    }

    /// <summary>Cmdlet-side types: values not nullable (IsBound tells absence), booleans as switches, lists as arrays.</summary>
    static string ParameterType(GenType type) => type.Kind switch
    {
        GenKind.String => "string",
        GenKind.Long => "long",
        GenKind.Double => "double",
        GenKind.Bool => "SwitchParameter",
        GenKind.DateTime => "DateTime",
        GenKind.Enum => type.Enum!.Name,
        GenKind.Model => type.Model!.Name,
        GenKind.List => type.Item!.ElementCSharp + "[]",
        GenKind.Json => "object",
        _ => throw new InvalidOperationException(),
    };

    void AddCreateParameters(GenCmdlet cmdlet, CmdletOverlay entry)
    {
        AddParentIds(cmdlet, entry, cmdlet.Operation, null);
        var op = cmdlet.Operation;
        if (op.PathParameters.Any(p => p.Name == "id"))
        {
            var (id, _) = OwnIdParameter(entry, op, "long");
            id.Sets.Add(new ParameterSetUse(null, Mandatory: true, Position: 0, FromPipeline: false, ByPropertyName: true));
            cmdlet.Parameters.Add(id);
        }
        foreach (var p in op.RequiredQuery.Concat(op.OptionalQuery))
        {
            var settings = Settings(entry, p.Name);
            var parameter = NewParameter(settings.Name ?? Names.Pascal(p.Name), op.QueryType(p), p.Required ? ParameterRole.RequiredQuery : ParameterRole.Query, p.Name, settings);
            parameter.Sets.Add(new ParameterSetUse(null, Mandatory: p.Required && settings.Default == null, Position: null, FromPipeline: false, ByPropertyName: false));
            cmdlet.Parameters.Add(parameter);
        }
        AddBodyParameters(cmdlet, entry, forUpdate: false);
        if (cmdlet.Kind == CmdletKind.Action && cmdlet.ConfirmImpact == "High")
        {
            // Recoveries and aborts prompt by default; runbooks skip the prompt with -Force.
            var force = NewParameter("Force", "SwitchParameter", ParameterRole.Force, null);
            force.Sets.Add(new ParameterSetUse(null, Mandatory: false, Position: null, FromPipeline: false, ByPropertyName: false));
            cmdlet.Parameters.Add(force);
        }
    }

    /// <summary>
    /// -Id (explicit, or bare numbers piped) in set "Id"; the typed object itself in set "InputObject".
    /// Parent ids do not bind by property name here: PowerShell tries the default set first, and a piped
    /// child object (which carries ScheduleId) would then bind to "Id" and miss its own id.
    /// </summary>
    void AddOwnIdAndInputObject(GenCmdlet cmdlet, CmdletOverlay entry, GenModel? resource, string ownId = "id")
    {
        AddParentIds(cmdlet, entry, cmdlet.Operation, IdSet, byPropertyName: false, ownId: ownId);
        var (id, renamed) = OwnIdParameter(entry, cmdlet.Operation, "long[]", ownId);
        // A renamed id (PolicyId of /api/policies/{id}/options/) is a parent's: its objects bind by that name.
        // A parent-held delete's id (BackupId) does not: only the parent's records or bare ids name it.
        var parentsId = renamed && ownId == "id";
        if (ownId != "id") id.Aliases.Clear(); // BackupId of a parent-held delete: no backup_id alias, as it never binds by name
        id.Sets.Add(new ParameterSetUse(IdSet, Mandatory: true, Position: cmdlet.WithRole(ParameterRole.PathId).Count(), FromPipeline: true, ByPropertyName: parentsId));
        cmdlet.Parameters.Add(id);
        cmdlet.Resource = parentsId ? null : resource;
        if (cmdlet.Resource != null)
        {
            var input = NewParameter("InputObject", cmdlet.Resource.Name + "[]", ParameterRole.InputObject, null);
            input.Sets.Add(new ParameterSetUse(InputObjectSet, Mandatory: true, Position: null, FromPipeline: true, ByPropertyName: false));
            cmdlet.Parameters.Add(input);
        }
    }

    void AddUpdateParameters(GenCmdlet cmdlet, CmdletOverlay entry)
    {
        AddOwnIdAndInputObject(cmdlet, entry, cmdlet.Item!.Result);
        AddBodyParameters(cmdlet, entry, forUpdate: true);
        // -Clear names the optional fields to empty (sent as null), like Set-ADUser -Clear; switches are
        // turned off with -Name:$false instead, and required fields cannot be emptied.
        var clearable = cmdlet.WithRole(ParameterRole.Body)
            .Where(p => !p.BodyProperty!.Required && !p.BodyProperty.FromPath && p.Container == null && p.Type != "SwitchParameter").ToList();
        if (clearable.Count > 0)
        {
            var clear = NewParameter("Clear", "string[]", ParameterRole.Clear, null);
            clear.Completions.AddRange(clearable.Select(p => p.Name));
            clear.Sets.Add(new ParameterSetUse(AllSets, Mandatory: false, Position: null, FromPipeline: false, ByPropertyName: false));
            cmdlet.Parameters.Add(clear);
        }
        var passThru = NewParameter("PassThru", "SwitchParameter", ParameterRole.PassThru, null);
        passThru.Sets.Add(new ParameterSetUse(AllSets, Mandatory: false, Position: null, FromPipeline: false, ByPropertyName: false));
        cmdlet.Parameters.Add(passThru);
    }

    void AddRemoveParameters(GenCmdlet cmdlet, CmdletOverlay entry, GenModel? resource)
    {
        var ownId = "id";
        if (!cmdlet.Operation.PathParameters.Any(p => p.Name == "id"))
        {
            // Everything a parent holds (an explicit entry; never inferred): the parent is the target. It binds
            // the parent's records or bare ids, never a parent-id property of something else piped.
            var owner = OwnerGet(cmdlet.Operation)
                ?? throw new InvalidDataException($"{cmdlet.Name}: {cmdlet.Operation.Api.Path} has no {{id}} and no parent GET to take records from.");
            ownId = cmdlet.Operation.PathParameters[^1].Name;
            resource = owner.Result;
            cmdlet.OwnerNoun = resource != null && overlay.Models.TryGetValue(resource.Stem, out var m) && m.Noun != null ? m.Noun : Names.Pascal(ownId);
        }
        AddOwnIdAndInputObject(cmdlet, entry, resource, ownId);
        var force = NewParameter("Force", "SwitchParameter", ParameterRole.Force, null);
        force.Sets.Add(new ParameterSetUse(AllSets, Mandatory: false, Position: null, FromPipeline: false, ByPropertyName: false));
        cmdlet.Parameters.Add(force);
    }

    /// <summary>
    /// The path's {id}: "Id", or the overlay's name where {id} is really a parent's (PolicyId of
    /// /api/policies/{id}/options/); a renamed id keeps Id as an alias and binds by property name.
    /// </summary>
    (GenParameter Parameter, bool Renamed) OwnIdParameter(CmdletOverlay entry, ClientOperation op, string type, string apiName = "id")
    {
        var name = PathIdName(entry, op, apiName) ?? (apiName == "id" ? "Id" : Names.Pascal(apiName));
        var parameter = NewParameter(name, type, ParameterRole.OwnId, apiName);
        return (parameter, name != "Id");
    }

    static void CheckNames(GenCmdlet cmdlet)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in cmdlet.Parameters)
        {
            if (!seen.Add(parameter.Name))
                throw new InvalidDataException($"{cmdlet.Name}: two parameters are named {parameter.Name}; rename one in the overlay.");
            parameter.Aliases.RemoveAll(a => string.Equals(a, parameter.Name, StringComparison.OrdinalIgnoreCase));
        }
        foreach (var parameter in cmdlet.Parameters)
            parameter.Aliases.RemoveAll(a => cmdlet.Parameters.Any(p => p != parameter && string.Equals(p.Name, a, StringComparison.OrdinalIgnoreCase)));
    }
}
