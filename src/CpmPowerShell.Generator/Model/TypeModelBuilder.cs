using CpmPowerShell.Generator.Overlay;
using CpmPowerShell.Spec;

namespace CpmPowerShell.Generator.Model;

/// <summary>
/// Decides the C# types for every schema of the spec. The guide gives each endpoint its own schema
/// (response_schedules_list, _read, _create, _update); schemas of one resource stem with compatible
/// fields become one model (Schedule), so objects from every cmdlet of an area look and pipe alike.
/// </summary>
public sealed class TypeModelBuilder
{
    static readonly string[] VerbTokens = { "partial_update", "list", "read", "create", "update", "delete" };

    readonly ApiSpec spec;
    readonly ApiOverlay overlay;
    readonly TypeModel result = new();
    readonly Dictionary<string, GenEnum> enumsByKey = new(StringComparer.Ordinal);
    readonly HashSet<string> dateTimeFields;
    readonly HashSet<string> notDateTime;

    public TypeModelBuilder(ApiSpec spec, ApiOverlay overlay)
    {
        this.spec = spec;
        this.overlay = overlay;
        dateTimeFields = new HashSet<string>(overlay.DateTimeFields, StringComparer.Ordinal);
        notDateTime = new HashSet<string>(overlay.NotDateTime, StringComparer.Ordinal);
    }

    /// <summary>response_schedules_list_disable_times -> schedules_disable_times (prefix and first verb removed).</summary>
    public static string Stem(string schemaName)
    {
        var name = schemaName.Replace('-', '_');
        foreach (var prefix in new[] { "response_", "data_" })
            if (name.StartsWith(prefix, StringComparison.Ordinal)) { name = name[prefix.Length..]; break; }
        var (stem, _) = SplitVerb(name);
        return stem;
    }

    /// <summary>
    /// The stem after the overlay's sameAs: a recover action answers with a recovery record, so
    /// backups_snapshots_instances_recover (and its nested schemas) become part of "recoveries".
    /// </summary>
    string ResourceStem(string schemaName)
    {
        var stem = Stem(schemaName);
        if (overlay.Models.TryGetValue(stem, out var own) && own.SameAs != null) return own.SameAs;
        // Nested schemas (..._recover_glacier_retrieve_status) follow the longest stem they extend.
        var parent = overlay.Models
            .Where(m => m.Value.SameAs != null && stem.StartsWith(m.Key + "_", StringComparison.Ordinal))
            .OrderByDescending(m => m.Key.Length)
            .FirstOrDefault();
        return parent.Key == null ? stem : parent.Value.SameAs + stem[parent.Key.Length..];
    }

    bool IsSameAsOther(string schemaName) => ResourceStem(schemaName) != Stem(schemaName);

    /// <summary>Splits "schedules_disable_times_create" into ("schedules_disable_times", "create").</summary>
    public static (string Stem, string? Verb) SplitVerb(string name)
    {
        var tokens = name.Split('_').ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            foreach (var verb in VerbTokens)
            {
                var verbTokens = verb.Split('_');
                if (i + verbTokens.Length <= tokens.Count && tokens.Skip(i).Take(verbTokens.Length).SequenceEqual(verbTokens))
                {
                    tokens.RemoveRange(i, verbTokens.Length);
                    return (string.Join("_", tokens), verb);
                }
            }
        }
        return (name, null);
    }

    public TypeModel Build()
    {
        var responseRoots = new List<(ApiSchema Schema, ApiOperation Op)>();
        var requestRoots = new List<(ApiSchema Schema, ApiOperation Op)>();
        foreach (var op in spec.Operations)
        {
            var success = op.SuccessType?.Kind == ApiKind.Array ? op.SuccessType.Items : op.SuccessType;
            if (success?.Schema != null) responseRoots.Add((success.Schema, op));
            if (op.RequestBody != null) requestRoots.Add((op.RequestBody, op));
        }

        BuildResponseModels(responseRoots);
        BuildRequestModels(requestRoots);
        NameEnums();
        AddPathIds();
        foreach (var model in result.Models) NameProperties(model);
        result.Models.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        result.Enums.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    // ---- responses ------------------------------------------------------------------------------

    void BuildResponseModels(List<(ApiSchema Schema, ApiOperation Op)> roots)
    {
        var areaOfStem = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = new SortedDictionary<string, ApiSchema>(StringComparer.Ordinal);
        foreach (var (schema, op) in roots)
        {
            Collect(schema, all);
            areaOfStem.TryAdd(Stem(schema.Name), op.Tag);
        }

        // Group by stem; within a stem, merge schemas whose common fields agree in shape.
        var variantsByStem = new SortedDictionary<string, List<GenModel>>(StringComparer.Ordinal);
        foreach (var schema in all.Values)
        {
            var stem = ResourceStem(schema.Name);
            if (!variantsByStem.TryGetValue(stem, out var variants)) variantsByStem[stem] = variants = new List<GenModel>();
            var properties = schema.Properties.Select(p => Property(p, "response", stem)).ToList();
            var target = variants.FirstOrDefault(v => Compatible(v, properties));
            if (target == null)
            {
                target = new GenModel { Name = "", Stem = stem };
                variants.Add(target);
                result.Models.Add(target);
            }
            target.Schemas.Add(schema.Name);
            foreach (var property in properties)
                if (target.Property(property.JsonName) == null) target.Properties.Add(property);
            result.BySchema[schema.Name] = target;
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (stem, variants) in variantsByStem)
        {
            overlay.Models.TryGetValue(stem, out var settings);
            var baseName = settings?.Name ?? Names.Pascal(Names.SingularAll(stem));
            for (var i = 0; i < variants.Count; i++)
            {
                var model = variants[i];
                var name = i == 0 ? baseName : baseName + Names.Pascal(SplitVerb(Stemless(model.Schemas[0])).Verb ?? ("v" + i));
                model.Name = Unique(name, used);
                model.IdAlias = i == 0 ? settings?.IdAlias : null;
                if (i == 0 && settings != null) model.HandWrittenColumns = settings.Columns;
                model.Area = AreaOf(stem, areaOfStem);
            }
        }
        foreach (var model in result.Models) ResolveModelRefs(model);
    }

    static string Stemless(string schemaName) => schemaName.StartsWith("response_") ? schemaName["response_".Length..] :
        schemaName.StartsWith("data_") ? schemaName["data_".Length..] : schemaName;

    static string AreaOf(string stem, Dictionary<string, string> areaOfStem)
    {
        if (areaOfStem.TryGetValue(stem, out var area)) return area;
        // nested schemas: the area of the longest root stem that prefixes it
        var best = areaOfStem.Keys.Where(k => stem.StartsWith(k + "_", StringComparison.Ordinal) || stem.StartsWith(k.Split('_')[0], StringComparison.Ordinal))
            .OrderByDescending(k => k.Length).FirstOrDefault();
        return best != null ? areaOfStem[best] : "Common";
    }

    static bool Compatible(GenModel model, List<GenProperty> properties) =>
        properties.All(p => model.Property(p.JsonName) is not { } existing || existing.Type.Shape == p.Type.Shape);

    static void Collect(ApiSchema schema, IDictionary<string, ApiSchema> into)
    {
        if (into.ContainsKey(schema.Name)) return;
        into[schema.Name] = schema;
        foreach (var property in schema.Properties)
        {
            var type = property.Type.Kind == ApiKind.Array ? property.Type.Items : property.Type;
            if (type?.Schema != null) Collect(type.Schema, into);
        }
    }

    GenProperty Property(ApiProperty property, string side, string stem) => new()
    {
        JsonName = property.Name,
        Name = Names.Pascal(property.Name),
        Type = TypeOf(property.Type, property.Name, stem),
        Required = property.Required,
    };

    GenType TypeOf(ApiType type, string fieldName, string stem) => type.Kind switch
    {
        ApiKind.String when IsDateTime(fieldName, stem) => new GenType { Kind = GenKind.DateTime },
        ApiKind.String or ApiKind.Binary => new GenType { Kind = GenKind.String },
        ApiKind.Integer => new GenType { Kind = GenKind.Long },
        ApiKind.Number => new GenType { Kind = GenKind.Double },
        ApiKind.Boolean => new GenType { Kind = GenKind.Bool },
        // Open-ended lists the guide froze at one point in time (EC2 instance types) are plain text.
        ApiKind.Enum when overlay.TextFields.Contains(fieldName) => new GenType { Kind = GenKind.String },
        ApiKind.Enum => new GenType { Kind = GenKind.Enum, Enum = EnumOf(type) },
        ApiKind.Object when type.Schema != null => new GenType { Kind = GenKind.Model, Schema = type.Schema, Stem = ResourceStem(type.Schema.Name) },
        ApiKind.Object => new GenType { Kind = GenKind.Json },
        ApiKind.Array => new GenType { Kind = GenKind.List, Item = TypeOf(type.Items!, fieldName, stem) },
        _ => throw new InvalidOperationException($"Unhandled kind {type.Kind}."),
    };

    bool IsDateTime(string field, string stem) =>
        dateTimeFields.Contains(field) && !notDateTime.Contains(stem + "." + field) && !notDateTime.Contains("*." + field);

    GenEnum EnumOf(ApiType type)
    {
        var key = string.Join("|", type.EnumValues.Select(v => v + "=" + (type.EnumLabels.TryGetValue(v, out var l) ? l : "")));
        if (enumsByKey.TryGetValue(key, out var existing)) return existing;
        var genEnum = new GenEnum { Key = key };
        var usedNames = new HashSet<string>(StringComparer.Ordinal) { "Unknown" };
        foreach (var code in type.EnumValues)
        {
            type.EnumLabels.TryGetValue(code, out var label);
            var name = Names.Pascal(string.IsNullOrWhiteSpace(label) ? code : label);
            if (!usedNames.Add(name)) name = Unique(name + Names.Pascal(code), usedNames);
            genEnum.Members.Add(new GenEnumMember(name, code, label));
        }
        enumsByKey[key] = genEnum;
        result.Enums.Add(genEnum);
        return genEnum;
    }

    void ResolveModelRefs(GenModel model)
    {
        foreach (var property in model.Properties) Resolve(property.Type);
    }

    void Resolve(GenType type)
    {
        if (type.Kind == GenKind.Model && type.Model == null) type.Model = result.ModelOf(type.Schema!);
        if (type.Item != null) Resolve(type.Item);
    }

    // ---- request bodies ----------------------------------------------------------------------

    void BuildRequestModels(List<(ApiSchema Schema, ApiOperation Op)> roots)
    {
        var used = new HashSet<string>(result.Models.Select(m => m.Name), StringComparer.Ordinal);
        foreach (var (schema, op) in roots.OrderBy(r => r.Schema.Name, StringComparer.Ordinal))
        {
            if (result.BySchema.ContainsKey(schema.Name)) continue;
            var (stem, verb) = SplitVerb(Stemless(schema.Name).Replace('-', '_'));
            overlay.Models.TryGetValue(schema.Name, out var settings);
            var resourceName = overlay.Models.TryGetValue(stem, out var resource) && resource.Name != null
                ? resource.Name : Names.Pascal(Names.SingularAll(stem));
            var name = settings?.Name ?? resourceName + Names.Pascal(verb ?? "") + "Request";
            AddRequestModel(schema, Unique(name, used), stem, op.Tag, used);
        }
    }

    GenModel AddRequestModel(ApiSchema schema, string name, string stem, string area, HashSet<string> used)
    {
        var model = new GenModel { Name = name, Stem = stem, IsRequest = true, Area = area };
        model.Schemas.Add(schema.Name);
        result.Models.Add(model);
        result.BySchema[schema.Name] = model;
        foreach (var apiProperty in schema.Properties)
        {
            var property = Property(apiProperty, "request", stem);
            property.Type = ResolveRequestType(property.Type, apiProperty.Name, model, area, used);
            model.Properties.Add(property);
        }
        return model;
    }

    /// <summary>
    /// A nested request object reuses the response model of the same stem when its fields are a subset
    /// (a disable time read from one schedule can be sent in another); otherwise it gets its own class.
    /// </summary>
    GenType ResolveRequestType(GenType type, string field, GenModel parent, string area, HashSet<string> used)
    {
        if (type.Kind == GenKind.List)
            return new GenType { Kind = GenKind.List, Item = ResolveRequestType(type.Item!, field, parent, area, used) };
        if (type.Kind != GenKind.Model || type.Model != null) return type;
        var schema = type.Schema!;
        if (result.BySchema.TryGetValue(schema.Name, out var known)) { type.Model = known; return type; }
        var stem = Stem(schema.Name);
        var candidate = result.Models.FirstOrDefault(m => !m.IsRequest && m.Stem == stem);
        if (candidate != null && schema.Properties.All(p =>
                candidate.Property(p.Name) is { } existing && existing.Type.Shape == Property(p, "request", stem).Type.Shape))
        {
            result.BySchema[schema.Name] = candidate;
            type.Model = candidate;
            return type;
        }
        type.Model = AddRequestModel(schema, Unique(parent.Name + Names.Pascal(Names.Singular(field)), used), stem, area, used);
        return type;
    }

    // ---- enums, ids, property names -----------------------------------------------------------

    void NameEnums()
    {
        foreach (var model in result.Models)
            foreach (var property in model.Properties)
                foreach (var genEnum in EnumsIn(property.Type))
                    genEnum.Usages.Add((model.Name, property.JsonName));

        var used = new HashSet<string>(result.Models.Select(m => m.Name), StringComparer.Ordinal);
        foreach (var genEnum in result.Enums.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            // Responses before requests, then by name, so the default name reads like the resource.
            var usages = genEnum.Usages
                .OrderBy(u => u.Model.EndsWith("Request", StringComparison.Ordinal))
                .ThenBy(u => u.Model, StringComparer.Ordinal).ThenBy(u => u.JsonName, StringComparer.Ordinal).ToList();
            string? name = null;
            foreach (var usage in usages)
                if (overlay.Enums.TryGetValue(usage.Model + "." + Names.Pascal(usage.JsonName), out var chosen)) { name = chosen; break; }
            var first = usages.Count > 0 ? usages[0] : ("Common", "value");
            name ??= first.Item1 + Names.Pascal(first.Item2);
            genEnum.Name = Unique(name, used);
            genEnum.Area = result.FindModel(first.Item1)?.Area ?? "Common";
        }
        RenameEnumMembers();
    }

    /// <summary>
    /// Member names the overlay chooses where the guide's labels are sentences ("Assign a public IP to the
    /// new instance if subnet defines") or wrong (io1 labelled magnetic); the wire codes stay as they are.
    /// </summary>
    void RenameEnumMembers()
    {
        foreach (var genEnum in result.Enums)
        {
            if (!overlay.EnumMembers.TryGetValue(genEnum.Name, out var names)) continue;
            for (var i = 0; i < genEnum.Members.Count; i++)
            {
                var member = genEnum.Members[i];
                if (!names.TryGetValue(member.Code, out var name)) throw new InvalidDataException($"overlay enumMembers: {genEnum.Name} needs a name for code '{member.Code}'.");
                // The guide's labels of these are sentences or wrong (io1 "magnetic"); they must not match input.
                genEnum.Members[i] = member with { Name = name, Label = null };
            }
        }
    }

    static IEnumerable<GenEnum> EnumsIn(GenType type)
    {
        if (type.Enum != null) yield return type.Enum;
        if (type.Item != null) foreach (var e in EnumsIn(type.Item)) yield return e;
    }

    /// <summary>
    /// Items read under a parent path (/schedules/{schedule_id}/disable_times/) do not name their parent;
    /// the client stamps it on them (ScheduleId) so the next cmdlet in a pipeline can bind it.
    /// </summary>
    void AddPathIds()
    {
        foreach (var op in spec.Operations)
        {
            var success = op.SuccessType?.Kind == ApiKind.Array ? op.SuccessType.Items : op.SuccessType;
            // A record of another resource (a recovery answered by a recover action) keeps its own fields only.
            if (success?.Schema == null || IsSameAsOther(success.Schema.Name)) continue;
            var model = result.ModelOf(success.Schema);
            foreach (var parameter in op.PathParameters)
            {
                var jsonName = parameter.Name;
                if (parameter.Name == "id")
                {
                    // Records read below an item (/policies/{id}/options/, /backups/{id}/logs/) have no id of
                    // their own; they get their owner's (PolicyId, BackupId), so they pipe on.
                    var segments = op.Segments.ToList();
                    var at = segments.IndexOf("{id}");
                    // Only top-level resources (/api/policies/{id}/...): /api/accounts/backup/{id}/ is an account, not a backup.
                    if (at != segments.IndexOf("api") + 2 || at == segments.Count - 1 || model.Property("id") != null) continue;
                    jsonName = Names.SingularAll(segments[at - 1]) + "_id";
                }
                // A parent with an idAlias names its id on the children too, so they pipe to the cmdlets
                // whose parameter carries that name (the volumes of an instance target: PolicyInstanceId).
                else if (CmdletInference.ParentIdName(overlay, op, parameter.Name) is { } alias)
                    jsonName = System.Text.RegularExpressions.Regex.Replace(alias, "(?<!^)([A-Z])", "_$1").ToLowerInvariant();
                if (model.Property(jsonName) != null) continue;
                model.Properties.Add(new GenProperty
                {
                    JsonName = jsonName,
                    Name = Names.Pascal(jsonName),
                    Type = new GenType { Kind = GenKind.Long },
                    FromPath = true,
                    PathParameter = parameter.Name,
                });
            }
        }
    }

    static void NameProperties(GenModel model)
    {
        var used = new HashSet<string>(StringComparer.Ordinal) { "AdditionalProperties", "GetAdditionalProperties", "GetRawValue", "ToString" };
        if (model.IdAlias != null) used.Add(model.IdAlias);
        foreach (var property in model.Properties.OrderBy(p => p.FromPath).ThenBy(p => p.JsonName, StringComparer.Ordinal))
        {
            var name = Names.Pascal(property.JsonName);
            if (name == model.Name) name += "Value"; // C# forbids a member named like its type
            property.Name = Unique(name, used);
        }
        model.Properties.Sort((a, b) => a.FromPath != b.FromPath ? a.FromPath.CompareTo(b.FromPath) : string.CompareOrdinal(a.JsonName, b.JsonName));
    }

    static string Unique(string name, HashSet<string> used)
    {
        var candidate = name;
        for (var n = 2; !used.Add(candidate); n++) candidate = name + n;
        return candidate;
    }
}
