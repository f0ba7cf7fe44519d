using CpmPowerShell.Generator.Model;

namespace CpmPowerShell.Generator.Emit;

/// <summary>
/// Writes one cmdlet class per file under src/CpmPowerShell/Generated/Cmdlets/&lt;Area&gt;/. The classes are
/// partial and derive from CpmCmdlet, which owns connections, errors, cancellation and ShouldProcess.
/// </summary>
public static class CmdletEmitter
{
    public static string PathOf(GenCmdlet cmdlet) => $"src/CpmPowerShell/Generated/Cmdlets/{cmdlet.Area}/{cmdlet.ClassName}.cs";

    public static void EmitAll(IEnumerable<GenCmdlet> cmdlets, IDictionary<string, string> files)
    {
        foreach (var cmdlet in cmdlets) files[PathOf(cmdlet)] = Emit(cmdlet);
    }

    static readonly Dictionary<string, string> VerbClasses = new()
    {
        ["Get"] = "VerbsCommon.Get", ["New"] = "VerbsCommon.New", ["Set"] = "VerbsCommon.Set", ["Remove"] = "VerbsCommon.Remove",
        ["Add"] = "VerbsCommon.Add", ["Start"] = "VerbsLifecycle.Start", ["Stop"] = "VerbsLifecycle.Stop",
        ["Invoke"] = "VerbsLifecycle.Invoke", ["Test"] = "VerbsDiagnostic.Test", ["Save"] = "VerbsData.Save",
        ["Move"] = "VerbsCommon.Move", ["Reset"] = "VerbsCommon.Reset", ["Wait"] = "VerbsLifecycle.Wait",
        ["Clear"] = "VerbsCommon.Clear",
    };

    static string Emit(GenCmdlet c)
    {
        var w = new CodeWriter();
        w.Line(CodeWriter.Header.TrimEnd('\n'));
        foreach (var u in new[] { "System", "System.Collections.Generic", "System.Linq", "System.Management.Automation",
                     "CpmPowerShell.Client", "CpmPowerShell.Models", "CpmPowerShell.Runtime" })
            w.Line($"using {u};");
        if (c.Parameters.Any(p => p.Type == "SecureString")) w.Line("using System.Security;");
        w.Line();
        w.Open("namespace CpmPowerShell.Commands");
        var api = c.Operation.Api;
        w.Doc(Names.Xml($"{c.Name}: {Describe(c)} Calls {Calls(c)}."));
        if (c.WhenRefused != null) w.Line($"[CpmWhenRefused({Names.Literal(c.WhenRefused[0])}, {Names.Literal(c.WhenRefused[1])})]");
        w.Line(CmdletAttribute(c));
        if (c.Output != null) w.Line($"[OutputType(typeof({c.Output.Name}))]");
        w.Open($"public sealed partial class {c.ClassName} : CpmCmdlet");
        foreach (var parameter in c.Parameters) WriteParameter(w, c, parameter);
        if (c.Parameters.Any(p => p.Role == ParameterRole.OrderBy))
        {
            w.Doc("Tab completion for -OrderBy: the fields this list can be sorted by ('-' sorts descending).");
            var values = string.Join(", ", c.Parameter(ParameterRole.OrderBy)!.Completions.Select(Names.Literal));
            w.Open("public sealed class OrderByCompleter : CpmValuesCompleter");
            w.Line($"public OrderByCompleter() : base({values}) {{ }}");
            w.Close();
            w.Line();
        }
        if (CompletesNames(c)) WriteNameCompleter(w, c);
        if (c.WaitFor != null) WriteWaitParameters(w);
        w.Open("protected override void ProcessCpmRecord()");
        switch (c.Kind)
        {
            case CmdletKind.Get: WriteGet(w, c); break;
            case CmdletKind.Create:
            case CmdletKind.Action: WriteCreate(w, c); break;
            case CmdletKind.Update: WriteUpdate(w, c); break;
            case CmdletKind.Remove: WriteRemove(w, c); break;
        }
        w.Close();
        if (c.Kind is CmdletKind.Create or CmdletKind.Action or CmdletKind.Update && c.Operation.Body != null)
            WriteApplyParameters(w, c);
        if (c.Kind != CmdletKind.Get) WriteHooks(w, c);
        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>-Name completes from the server when the list can be read without required filters.</summary>
    static bool CompletesNames(GenCmdlet c) => c.Parameter(ParameterRole.Name) != null && c.NameField != null && c.Operation.RequiredQuery.Count == 0;

    /// <summary>
    /// Tab completion for -Name: a nested class listing the names through this cmdlet's own list call;
    /// the base class finds the connection, caches and bounds the wait. Parent ids come from what is typed.
    /// </summary>
    static void WriteNameCompleter(CodeWriter w, GenCmdlet c)
    {
        var op = c.Operation;
        var parents = op.PathParameters.Select(p => ParentFor(c, p.Name).Name).ToList();
        var args = parents.Select((_, i) => $"CpmIds.ToText(parentIds[{i}])").ToList();
        if (op.QueryClass != null && c.DefaultOrderBy != null) args.Add($"query: new {op.QueryClass} {{ Ordering = {Names.Literal(c.DefaultOrderBy)} }}");
        args.Add("cancellationToken: ct");
        var call = op.Paginated ? $"client.{op.Name}({string.Join(", ", args)})" : $"client.{op.Name}Async({string.Join(", ", args)}).GetAwaiter().GetResult()";
        w.Doc(Names.Xml($"Tab completion for -Name: the names of the {Plural(c.NounText)} on the server."));
        w.Open("public sealed class NameCompleter : CpmNameCompleter");
        if (parents.Count > 0)
        {
            w.Line($"public NameCompleter() : base({string.Join(", ", parents.Select(Names.Literal))}) {{ }}");
            w.Line();
        }
        w.Line("protected override IEnumerable<string> ListNames(CpmClient client, long[] parentIds, System.Threading.CancellationToken ct) =>");
        w.Line($"    {call}.Select(item => item.{op.Result!.Property(c.NameField!)!.Name});");
        w.Close();
        w.Line();
    }

    /// <summary>
    /// Partial-method hooks for hand-written behaviour in a partial class beside the generated one
    /// (src/CpmPowerShell/Cmdlets/&lt;Area&gt;/): C# 7.3 partial void methods, so an unused hook costs nothing.
    /// </summary>
    static void WriteHooks(CodeWriter w, GenCmdlet c)
    {
        var body = c.Operation.Body != null && c.Kind != CmdletKind.Remove ? $"{c.Operation.Body.Name} body, " : "";
        w.Line();
        w.Doc("Hook, before -WhatIf/-Confirm and the request: adjust the body, or refuse (write an error with the base's helpers) by setting proceed to false.");
        w.Line($"partial void OnBeforeSend(string path, object target, {body}ref bool proceed);");
        if (ResultType(c) is { } result)
        {
            w.Line();
            w.Doc("Hook, after the server answered and before the result is written: enrich it, replace it, or follow up.");
            w.Line($"partial void OnResult(object target, ref {result} result);");
        }
    }

    /// <summary>The C# type of what the called operation returns, or null when it returns nothing the cmdlet writes.</summary>
    static string? ResultType(GenCmdlet c)
    {
        if (c.Kind == CmdletKind.Remove) return null;
        var op = c.Operation;
        if (op.IsDownload) return null;
        if (op.Result != null) return op.ReturnsList ? $"IReadOnlyList<{op.Result.Name}>" : op.Result.Name;
        return op.Api.SuccessType != null ? "Newtonsoft.Json.Linq.JToken" : null; // the client's type for an undocumented JSON answer
    }

    /// <summary>-Wait and -Timeout of a cmdlet that starts tracked work; the base class does the waiting.</summary>
    static void WriteWaitParameters(CodeWriter w)
    {
        w.Line("[Parameter]");
        w.Line("public SwitchParameter Wait { get; set; }");
        w.Line();
        w.Line("[Parameter]");
        w.Line("[CpmTimeoutTransformation]");
        w.Line("public TimeSpan Timeout { get; set; }");
        w.Line();
        w.Line("protected override void BeginCpmProcessing() => RequireWaitForTimeout(Wait, IsBound(nameof(Timeout)));");
        w.Line();
    }

    static string Describe(GenCmdlet c) => c.Kind switch
    {
        CmdletKind.Get => $"lists or reads {Plural(c.NounText)}.",
        CmdletKind.Create => $"creates a {c.NounText}.",
        CmdletKind.Update => $"changes the given fields of a {c.NounText} (read, merge, write).",
        CmdletKind.Remove => $"deletes {Plural(c.NounText)}.",
        _ => $"runs {c.Operation.Api.Method} {c.Operation.Api.Path}.",
    };

    static string Plural(string noun) => noun.EndsWith('y') ? noun[..^1] + "ies" : noun + "s";

    static string Calls(GenCmdlet c) =>
        string.Join(" and ", new[] { c.Operation, c.Item }.Where(o => o != null).Distinct().Select(o => $"{o!.Api.Method} {o.Api.Path}"));

    static string CmdletAttribute(GenCmdlet c)
    {
        var parts = new List<string> { VerbClasses.TryGetValue(c.Verb, out var verb) ? verb : throw new InvalidDataException($"No verb class for {c.Verb}."), Names.Literal(c.Noun) };
        if (c.DefaultParameterSet != null) parts.Add($"DefaultParameterSetName = {SetName(c.DefaultParameterSet)}");
        if (c.Kind != CmdletKind.Get)
        {
            parts.Add("SupportsShouldProcess = true");
            parts.Add($"ConfirmImpact = ConfirmImpact.{c.ConfirmImpact}");
        }
        if (c.SupportsPaging) parts.Add("SupportsPaging = true");
        return $"[Cmdlet({string.Join(", ", parts)})]";
    }

    /// <summary>A parameter-set name as the constant code compares (CpmParameterSets), never a bare string.</summary>
    static string SetName(string set) => set switch
    {
        CmdletModelBuilder.AllSets => "ParameterAttribute.AllParameterSets",
        CmdletModelBuilder.ListSet or CmdletModelBuilder.IdSet or CmdletModelBuilder.InputObjectSet => "CpmParameterSets." + set,
        _ => throw new InvalidDataException($"Parameter set '{set}' has no CpmParameterSets constant."),
    };

    static void WriteParameter(CodeWriter w, GenCmdlet c, GenParameter p)
    {
        foreach (var set in p.Sets)
        {
            var args = new List<string>();
            if (set.SetName != null) args.Add($"ParameterSetName = {SetName(set.SetName)}");
            if (set.Mandatory) args.Add("Mandatory = true");
            if (set.Position != null) args.Add($"Position = {set.Position}");
            if (set.FromPipeline) args.Add("ValueFromPipeline = true");
            if (set.ByPropertyName) args.Add("ValueFromPipelineByPropertyName = true");
            w.Line(args.Count == 0 ? "[Parameter]" : $"[Parameter({string.Join(", ", args)})]");
        }
        // An id names an object on one server: a piped object that binds it brings its connection along.
        // So does a filter bound from a piped object's property (a policy's PolicyId for Get-CpmBackup).
        if (p.Role is ParameterRole.OwnId or ParameterRole.PathId or ParameterRole.InputObject
            || p.Role == ParameterRole.Query && p.Sets.Any(s => s.ByPropertyName)
            // So does a body id bound from a piped object (a user's UserId for New-CpmDelegate).
            || p.Role == ParameterRole.Body && p.Type == "long" && p.Sets.Any(s => s.ByPropertyName))
            w.Line("[CpmObjectId]");
        if (p.Aliases.Count > 0) w.Line($"[Alias({string.Join(", ", p.Aliases.Select(Names.Literal))})]");
        if (p.Role == ParameterRole.Name || p.Wildcards) w.Line("[SupportsWildcards]");
        if (p.Enum != null)
        {
            // The parameter's own type: a single-value enum refuses several values instead of OR-ing them.
            w.Line($"[CpmEnumTransformation(typeof({p.Type}))]");
            // PowerShell completes an enum parameter with all its names, Unknown too, and never asks an
            // ArgumentCompleter; a ValidateSet of the names a user may pass is what it offers instead.
            // Codes still bind: the transformation turns them into names before the set is checked.
            var names = p.Enum.Members.Select(m => Names.Literal(m.Name)); // Unknown (0) is not among them
            w.Line($"[ValidateSet({string.Join(", ", names)}, IgnoreCase = true)]");
        }
        if (p.BodyProperty?.Type is { } bodyType && (bodyType.Model ?? bodyType.Item?.Model) is { } model)
            w.Line($"[CpmModelTransformation(typeof({model.Name}))]");
        if (p.Type == "SwitchParameter" && p.Role == ParameterRole.Body) w.Line("[CpmSwitchTransformation]");
        if (p.Type is "DateTime" or "DateTime?") w.Line("[CpmDateTimeTransformation]");
        if (p.Role == ParameterRole.OrderBy) w.Line("[ArgumentCompleter(typeof(OrderByCompleter))]");
        if (p.Role == ParameterRole.Name && CompletesNames(c)) w.Line("[ArgumentCompleter(typeof(NameCompleter))]");
        if (p.Role == ParameterRole.Body && p.ApiName == "timezone" && p.Type == "string") w.Line("[ArgumentCompleter(typeof(CpmTimeZoneCompleter))]");
        if (p.Role == ParameterRole.Clear) w.Line($"[ValidateSet({string.Join(", ", p.Completions.Select(Names.Literal))}, IgnoreCase = true)]");
        if (p.Role is ParameterRole.OwnId or ParameterRole.PathId) w.Line("[ValidateRange(1, long.MaxValue)]");
        if (p.Type.EndsWith("[]", StringComparison.Ordinal) && p.Role is ParameterRole.OwnId or ParameterRole.InputObject or ParameterRole.Name)
            w.Line("[ValidateNotNullOrEmpty]");
        var initial = p.DefaultValue != null ? $" = {p.DefaultValue};" : "";
        w.Line($"public {p.Type} {p.Name} {{ get; set; }}{initial}");
        w.Line();
    }

    /// <summary>C# expression converting a cmdlet parameter to the client's argument or model value.</summary>
    static string Convert(GenParameter p, string expression)
    {
        if (p.Type == "SwitchParameter") return expression + ".IsPresent";
        if (p.Type == "SecureString") return $"CpmSecret.FromSecureString({expression}).Reveal()";
        if (p.Type is "DateTime" or "DateTime?") return $"ToUtc({expression})";
        if (p.Type == "DateTime[]") return $"{expression}.Select(d => ToUtc(d).Value).ToList()";
        if (p.Type.EndsWith("[]", StringComparison.Ordinal)) return $"new List<{p.Type[..^2]}>({expression})";
        return expression;
    }

    static string PathArgument(GenParameter p) => $"CpmIds.ToText({p.Name})";

    // ---- Get -----------------------------------------------------------------------------------

    static void WriteGet(CodeWriter w, GenCmdlet c)
    {
        var parents = c.WithRole(ParameterRole.PathId).ToList();
        if (c.Item != null)
        {
            var itemCall = $"Client.{c.Item.Name}Async({string.Join(", ", c.Item.PathParameters.Select(p => p.Name == "id" ? "CpmIds.ToText(id)" : PathArgument(ParentFor(c, p.Name))).Append("ct"))})";
            if (c.Operation.ReturnsList) w.Open($"if (ParameterSetName == {SetName(CmdletModelBuilder.IdSet)})");
            // -First/-Skip/-IncludeTotalCount apply to the ids given, as they do to a list.
            w.Line(c.SupportsPaging ? $"foreach (var id in PageOf({c.OwnId!.Name}))" : $"foreach (var id in {c.OwnId!.Name})");
            w.Line($"    Try(id, () => WriteObject({Await(itemCall)}));");
            if (c.Operation.ReturnsList)
            {
                w.Line("return;");
                w.Close();
            }
            if (!c.Operation.ReturnsList) return;
            w.Line();
        }

        var op = c.Operation;
        var args = op.PathParameters.Select(p => PathArgument(ParentFor(c, p.Name))).ToList();
        foreach (var q in op.RequiredQuery) args.Add(c.Parameters.First(p => p.ApiName == q.Name).Name);
        if (op.QueryClass != null)
        {
            w.Line($"var query = new {op.QueryClass}();");
            foreach (var p in c.WithRole(ParameterRole.Query).Except(c.UnionFilters))
                w.Line($"if (IsBound(nameof({p.Name}))) query.{Names.Pascal(p.ApiName!)} = {Convert(p, p.Name)};");
            var search = c.Parameter(ParameterRole.Search);
            var name = c.Parameter(ParameterRole.Name);
            if (search != null && name != null)
                w.Line("query.Search = IsBound(nameof(Search)) ? Search : SearchTermFor(Name);");
            else if (search != null)
                w.Line("if (IsBound(nameof(Search))) query.Search = Search;");
            if (c.Parameter(ParameterRole.OrderBy) != null && c.DefaultOrderBy != null)
                w.Line($"query.Ordering = IsBound(nameof(OrderBy)) ? string.Join(\",\", OrderBy) : {Names.Literal(c.DefaultOrderBy)};");
            else if (c.Parameter(ParameterRole.OrderBy) != null)
                w.Line("if (IsBound(nameof(OrderBy))) query.Ordering = string.Join(\",\", OrderBy);");
            args.Add("query");
        }
        if (!op.ReturnsList && c.Item == null)
        {
            // A singleton: the server's one object, written as it is.
            w.Line($"WriteObject({Await($"Client.{op.Name}Async({string.Join(", ", args.Append("ct"))})")});");
            return;
        }
        if (c.OffersCsv)
        {
            w.Open("if (AsCsv)");
            w.Line($"WriteObject({Await($"Client.{op.Name}CsvAsync({string.Join(", ", args.Append("ct"))})")});");
            w.Line("return;");
            w.Close();
        }
        string source, total;
        if (op.Paginated)
        {
            // -IncludeTotalCount asks the server for the list's size: one page of one item carries the count.
            var pageArgs = args.Take(args.Count - (op.QueryClass != null ? 1 : 0)).Append("1").Append("1")
                .Concat(op.QueryClass != null ? new[] { "query" } : Array.Empty<string>()).Append("ct");
            source = $"skip => Client.{op.Name}({string.Join(", ", args.Append("skip").Append("CancellationToken"))})";
            total = $"async ct => (await Client.{op.Name}PageAsync({string.Join(", ", pageArgs)})).TotalCount";
        }
        else
        {
            args.Add("ct");
            w.Line($"var items = {Await($"Client.{op.Name}Async({string.Join(", ", args)})")};");
            source = "skip => items.Skip(skip)";
            total = "ct => System.Threading.Tasks.Task.FromResult<int?>(items.Count)";
        }
        if (op.Paginated && (c.UnionFilters.Any() || c.TimeRange != null)) (source, total) = WriteListing(w, c);
        if (c.NameField != null)
            w.Line($"WritePagedByName(Name, item => item.{op.Result!.Property(c.NameField)!.Name}, {Names.Literal(c.NounText)}, {source}, {total});");
        else
            w.Line($"WritePaged({source}, null, {total});");
    }

    /// <summary>
    /// A list read once per value of its array filters and merged in the list's order (CpmListing), then
    /// narrowed to -After/-Before; returns the source and total-count expressions for WritePaged.
    /// </summary>
    static (string Source, string Total) WriteListing(CodeWriter w, GenCmdlet c)
    {
        var op = c.Operation;
        var args = op.PathParameters.Select(p => PathArgument(ParentFor(c, p.Name))).Concat(op.RequiredQuery.Select(q => c.Parameters.First(p => p.ApiName == q.Name).Name)).ToList();
        var prefix = string.Concat(args.Select(a => a + ", "));
        w.Line($"var queries = new List<{op.QueryClass}> {{ query }};");
        foreach (var p in c.UnionFilters)
            w.Line($"if (IsBound(nameof({p.Name}))) queries = CpmListing.Split(queries, {p.Name}, (q, value) => q.{Names.Pascal(p.ApiName!)} = value, q => q.Clone());");
        var element = op.Result!.Name;
        w.Line($"var listing = CpmListing.Union<{element}, {op.QueryClass}>(queries, (q, skip) => Client.{op.Name}({prefix}q, skip, CancellationToken),");
        w.Line($"    async (q, ct) => (await Client.{op.Name}PageAsync({prefix}1, 1, q, ct)).TotalCount, {(c.Parameter(ParameterRole.OrderBy) != null ? "query.Ordering" : "null")});");
        if (c.TimeRange != null)
        {
            var field = op.Result.Property(c.TimeRange)!;
            w.Line($"if (IsBound(nameof(After)) || IsBound(nameof(Before)))");
            w.Line($"    listing = listing.Within(item => item.{field.Name}, {Names.Literal(c.TimeRange)}, IsBound(nameof(After)) ? After : (DateTime?)null, IsBound(nameof(Before)) ? Before : (DateTime?)null);");
        }
        return ("listing.Source", "listing.TotalCount");
    }

    static GenParameter ParentFor(GenCmdlet c, string apiName) =>
        c.Parameters.First(p => p.ApiName == apiName && p.Role is ParameterRole.PathId or ParameterRole.OwnId);

    static string Await(string call) => $"Await(ct => {call})";

    // ---- New / Add / actions -------------------------------------------------------------------

    static void WriteCreate(CodeWriter w, GenCmdlet c)
    {
        var op = c.Operation;
        var args = op.PathParameters.Select(p => PathArgument(ParentFor(c, p.Name))).ToList();
        foreach (var q in op.RequiredQuery) args.Add(c.Parameters.First(p => p.ApiName == q.Name).Name);
        if (op.Body != null)
        {
            w.Line($"var body = new {op.Body.Name}();");
            w.Line("ApplyParameters(body);");
            args.Add("body");
        }
        if (op.QueryClass != null)
        {
            w.Line($"var query = new {op.QueryClass}();");
            foreach (var p in c.WithRole(ParameterRole.Query))
                w.Line($"if (IsBound(nameof({p.Name}))) query.{Names.Pascal(p.ApiName!)} = {Convert(p, p.Name)};");
            args.Add("query");
        }
        args.Add("ct");
        var nameParameter = c.Parameters.FirstOrDefault(p => p.Role == ParameterRole.Body && p.ApiName == (c.NameField ?? "name"));
        var parents = c.WithRole(ParameterRole.PathId).Select(p => (Names.SingularAll(p.ApiName!.Replace("_id", "")).Replace('_', ' '), p.Name));
        var target = TargetText(c.NounText, nameParameter?.Name, null, parents);
        if (c.Kind == CmdletKind.Action && op.PathParameters.Count > 0)
        {
            // An action names the record it acts on, then what holds it: "snapshot record 7 of backup 3".
            var chain = op.PathParameters.AsEnumerable().Reverse().Select(p => (PathThing(op, p.Name), ParentFor(c, p.Name).Name)).ToList();
            target = TargetText(chain[0].Item1, null, chain[0].Item2, chain.Skip(1));
        }
        w.Line($"var path = {PathExpression(op, name => ParentFor(c, name).Name)};");
        w.Line($"var target = {target};");
        WriteBeforeSend(w, "target", op.Body != null ? "body" : null);
        var force = c.Parameter(ParameterRole.Force) != null ? ", Force" : "";
        w.Line($"if (!ShouldProcessCall(target, {Names.Literal(op.Api.Method)}, path, {(op.Body != null ? "body" : "null")}{force})) return;");
        var call = $"Client.{op.Name}Async({string.Join(", ", args)})";
        if (ResultType(c) == null)
        {
            w.Line($"Try(target, () => {Await(call)});");
            return;
        }
        w.Open("Try(target, () =>");
        w.Line($"var result = {Await(call)};");
        w.Line("OnResult(target, ref result);");
        if (c.WaitFor != null) w.Line($"WriteStartedWork(CpmWorkKinds.{Names.Pascal(c.WaitFor)}, result, Wait, IsBound(nameof(Timeout)) ? Timeout : (TimeSpan?)null);");
        else w.Line("if (result != null) WriteObject(result); // a hook may drop it; $null never reaches the pipeline");
        w.Close(");");
    }

    /// <summary>Calls the OnBeforeSend hook; the cmdlet stops here, sending nothing, when it says no.</summary>
    static void WriteBeforeSend(CodeWriter w, string target, string? body)
    {
        w.Line("var proceed = true;");
        w.Line($"OnBeforeSend(path, {target}, {(body != null ? body + ", " : "")}ref proceed);");
        w.Line("if (!proceed) return;");
    }

/// <summary>What a path id names, for messages: snapshot_record_id -> "snapshot record"; {id} -> the collection before it.</summary>
    static string PathThing(ClientOperation op, string name)
    {
        if (name != "id") return Names.SingularAll(name.Replace("_id", "")).Replace('_', ' ');
        var segments = op.Api.Segments.ToList();
        return Names.SingularAll(segments[segments.IndexOf("{id}") - 1]).Replace('_', ' ');
    }

    /// <summary>
    /// The one way to write a request path for messages: the template with each path parameter replaced by
    /// the C# expression valueOf(apiName) gives (a parameter, or a loop variable).
    /// </summary>
    static string PathExpression(ClientOperation op, Func<string, string> valueOf)
    {
        var path = op.Api.Path;
        foreach (var p in op.PathParameters) path = path.Replace("{" + p.Name + "}", "{" + valueOf(p.Name) + "}");
        return path.Contains('{') ? "$" + Names.Literal(path) : Names.Literal(path);
    }

    /// <summary>In Update/Remove(parents..., id, target): the local that holds a path parameter's value.</summary>
    static string LocalOf(GenCmdlet c, string apiName) => apiName == c.OwnId!.ApiName ? "id" : Names.Camel(ParentFor(c, apiName).Name);

    static void WriteApplyParameters(CodeWriter w, GenCmdlet c)
    {
        var body = c.Operation.Body!;
        w.Line();
        w.Doc("Copies the parameters the user gave onto the request body; absent ones are left as they are.");
        w.Open($"void ApplyParameters({body.Name} body)");
        // A flattened nested object (overlay "flatten") is always sent, so a required one is there even when
        // none of its fields was given; Set-* keeps the current one and changes only the given fields.
        foreach (var container in c.WithRole(ParameterRole.Body).Select(p => p.Container).OfType<GenProperty>().Distinct())
            w.Line($"if (body.{container.Name} == null) body.{container.Name} = new {container.Type.Model!.Name}();");
        foreach (var p in c.WithRole(ParameterRole.Body))
        {
            var property = p.BodyProperty!;
            var value = Convert(p, p.Name);
            var target = p.Container != null ? $"body.{p.Container.Name}.{property.Name}" : $"body.{property.Name}";
            if (p.DefaultFromConnection != null)
                w.Line($"{target} = IsBound(nameof({p.Name})) ? {value} : {p.DefaultFromConnection};");
            else if (p.DefaultValue != null && c.Kind != CmdletKind.Update)
                w.Line($"{target} = {value};");
            else if (c.Kind == CmdletKind.Update && property.Type.Kind == GenKind.Model)
                w.Line($"if (IsBound(nameof({p.Name}))) {target} = CpmMerge.Overlay({target}, {value});");
            else
                w.Line($"if (IsBound(nameof({p.Name}))) {target} = {value};");
        }
        if (c.Parameter(ParameterRole.Clear) is { } clear)
        {
            var fields = c.WithRole(ParameterRole.Body).Where(p => clear.Completions.Contains(p.Name))
                .Select(p => $"[{Names.Literal(p.Name)}] = {Names.Literal(p.ApiName!)}");
            w.Line($"ApplyClear(body, Clear, new Dictionary<string, string> {{ {string.Join(", ", fields)} }});");
        }
        w.Close();
    }

    // ---- Set -----------------------------------------------------------------------------------

    static void WriteUpdate(CodeWriter w, GenCmdlet c)
    {
        var resource = c.Item!.Result!;
        WriteTargets(w, c, resource, "Update");
        w.Line();
        var parents = c.WithRole(ParameterRole.PathId).ToList();
        var signature = string.Join(", ", parents.Select(p => "long " + Names.Camel(p.Name)).Append("long id").Append("object target"));
        w.Open($"void Update({signature})");
        w.Open("Try(target, () =>");
        var itemArgs = c.Item.PathParameters.Select(p => $"CpmIds.ToText({LocalOf(c, p.Name)})").Append("ct");
        w.Line($"var current = {Await($"Client.{c.Item.Name}Async({string.Join(", ", itemArgs)})")};");
        w.Line("// The API's PUT wants the whole object: start from what the server has, then apply what was given.");
        w.Line($"var body = CpmMerge.Project<{c.Operation.Body!.Name}>(current);");
        w.Line("ApplyParameters(body);");
        w.Line($"var path = {PathExpression(c.Operation, name => LocalOf(c, name))};");
        var name = resource.Property(c.NameField ?? "name");
        w.Line($"var target = {TargetText(c.NounText, name != null ? "current." + name.Name : null, "id")};");
        WriteBeforeSend(w, "target", "body");
        w.Line($"if (IsUnchanged(current, body, target)) {{ if (PassThru) WriteObject(current); return; }}");
        w.Line($"if (!ShouldProcessCall(target, \"PUT\", path, body)) return;");
        var args = c.Operation.PathParameters.Select(p => $"CpmIds.ToText({LocalOf(c, p.Name)})").Append("body").Append("ct");
        w.Line($"var updated = {Await($"Client.{c.Operation.Name}Async({string.Join(", ", args)})")};");
        w.Line("OnResult(target, ref updated);");
        w.Line("if (PassThru) WriteObject(updated);");
        w.Close(");");
        w.Close();
    }

    /// <summary>
    /// The one way to write the -WhatIf/-Confirm target text (also the error target): a C# string expression
    /// for "noun 'name' (id) of parent value ...", each part only when given (C# expressions, not text).
    /// </summary>
    static string TargetText(string noun, string? name, string? id, IEnumerable<(string Thing, string Value)>? parents = null)
    {
        var text = noun;
        // A record read from the server may have an empty name: CpmTargetText then shows the id alone.
        if (name != null && id != null) text += $" {{CpmTargetText.NameAndId({name}, {id})}}";
        else if (name != null) text += $" '{{{name}}}'";
        else if (id != null) text += $" {{{id}}}";
        foreach (var (thing, value) in parents ?? Array.Empty<(string, string)>()) text += $" of {thing} {{{value}}}";
        return text.Contains('{') ? "$" + Names.Literal(text) : Names.Literal(text);
    }

    /// <summary>Loops over -Id values or piped objects, calling action(parents..., id, target).</summary>
    static void WriteTargets(CodeWriter w, GenCmdlet c, GenModel? resource, string action)
    {
        var parents = c.WithRole(ParameterRole.PathId).ToList();
        if (resource != null && c.Parameter(ParameterRole.InputObject) != null)
        {
            w.Open($"if (ParameterSetName == {SetName(CmdletModelBuilder.InputObjectSet)})");
            w.Open("foreach (var item in InputObject)");
            w.Line("if (item == null || !ActOnServerOf(item)) continue;");
            var missing = new List<string> { "item.Id == null" };
            var args = new List<string>();
            foreach (var parent in parents)
            {
                // The parent's id as the record carries it: its own field, or the path id the client stamped on it.
                var property = resource.Property(parent.ApiName!) ?? resource.Properties.FirstOrDefault(p => p.FromPath && p.PathParameter == parent.ApiName);
                if (property == null) throw new InvalidDataException($"{c.Name}: {resource.Name} does not carry {parent.ApiName}; it cannot be piped.");
                // Some records carry their parent's id as text (a volume snapshot's backup_id).
                var value = property.Type.Kind == GenKind.String ? $"CpmIds.ToLong(item.{property.Name})" : $"item.{property.Name}";
                missing.Add($"{value} == null");
                args.Add($"{value}.Value");
            }
            args.Add("item.Id.Value");
            args.Add("item");
            w.Line($"if ({string.Join(" || ", missing)}) {{ WriteMissingId(item); continue; }}");
            w.Line($"{action}({string.Join(", ", args)});");
            w.Close();
            w.Line("return;");
            w.Close();
        }
        var idArgs = parents.Select(p => p.Name).Append("id").Append("id");
        w.Line($"foreach (var id in {c.OwnId!.Name}) {action}({string.Join(", ", idArgs)});");
    }

    // ---- Remove --------------------------------------------------------------------------------

    static void WriteRemove(CodeWriter w, GenCmdlet c)
    {
        var resource = c.Parameter(ParameterRole.InputObject) != null ? c.Resource : null;
        WriteTargets(w, c, resource, "Remove");
        w.Line();
        var parents = c.WithRole(ParameterRole.PathId).ToList();
        var signature = string.Join(", ", parents.Select(p => "long " + Names.Camel(p.Name)).Append("long id").Append("object target"));
        w.Open($"void Remove({signature})");
        w.Line($"var path = {PathExpression(c.Operation, name => LocalOf(c, name))};");
        var name = resource?.Property(c.NameField ?? "name");
        var targetText = c.OwnerNoun != null ? TargetText($"all {Plural(c.NounText)} of {c.OwnerNoun}", null, "id")
            : name != null ? $"target is {resource!.Name} item && item.{name.Name} != null ? {TargetText(c.NounText, "item." + name.Name, "id")} : {TargetText(c.NounText, null, "id")}"
            : TargetText(c.NounText, null, "id");
        w.Line($"var description = {targetText};");
        WriteBeforeSend(w, "target", null);
        w.Line("if (!ShouldProcessCall(description, \"DELETE\", path, null, Force)) return;");
        var args = c.Operation.PathParameters.Select(p => $"CpmIds.ToText({LocalOf(c, p.Name)})").Append("ct");
        w.Line($"Try(target, () => {Await($"Client.{c.Operation.Name}Async({string.Join(", ", args)})")});");
        w.Close();
    }
}
