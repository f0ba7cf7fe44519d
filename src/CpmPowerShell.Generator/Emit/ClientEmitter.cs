using CpmPowerShell.Generator.Model;
using CpmPowerShell.Spec;

namespace CpmPowerShell.Generator.Emit;

/// <summary>
/// Writes CpmClient partial classes (one file per API area, one method per endpoint) and the query
/// classes of list endpoints under src/CpmPowerShell.Client/Generated/.
/// </summary>
public static class ClientEmitter
{
    const string Root = "src/CpmPowerShell.Client/Generated";

    public static void EmitAll(IReadOnlyList<ClientOperation> operations, IDictionary<string, string> files)
    {
        foreach (var area in operations.GroupBy(o => o.Api.Tag).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var areaName = Names.Pascal(area.Key);
            files[$"{Root}/Client/CpmClient.{areaName}.cs"] = ClientFile(areaName, area.ToList());
            foreach (var op in area.Where(o => o.QueryClass != null))
                files[$"{Root}/Queries/{areaName}/{op.QueryClass}.cs"] = QueryFile(op);
        }
    }

    static string ClientFile(string area, List<ClientOperation> operations)
    {
        var w = new CodeWriter();
        w.Line(CodeWriter.Header.TrimEnd('\n'));
        foreach (var u in new[] { "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http",
                     "System.Threading", "System.Threading.Tasks", "CpmPowerShell.Models", "Newtonsoft.Json.Linq" })
            w.Line($"using {u};");
        w.Line();
        w.Open("namespace CpmPowerShell.Client");
        w.Doc($"{Names.Xml(area)} endpoints.");
        w.Open("public sealed partial class CpmClient");
        var first = true;
        foreach (var op in operations)
        {
            if (!first) w.Line();
            first = false;
            WriteOperation(w, op);
        }
        w.Close();
        w.Close();
        return w.ToString();
    }

    static void WriteOperation(CodeWriter w, ClientOperation op)
    {
        var api = op.Api;
        var args = new List<string>();
        args.AddRange(op.PathParameters.Select(p => "string " + Names.Camel(p.Name)));
        args.AddRange(op.RequiredQuery.Select(p => op.QueryType(p) + " " + Names.Camel(p.Name)));
        if (op.Body != null) args.Add(op.Body.Name + " body" + (api.RequestBodyRequired ? "" : " = null"));
        // Optional arguments go last, so each variant appends its own required ones (skip, page) first.
        var optional = op.QueryClass != null ? new List<string> { op.QueryClass + " query = null" } : new List<string>();
        var summary = $"{api.Method} {api.Path} (guide section {api.Section}){(api.Deprecated ? "; deprecated since " + api.DeprecatedSince : "")}.";

        if (op.Paginated)
        {
            var item = op.Result!.Name;
            w.Doc(Names.Xml(summary) + " Streams every item, fetching one page at a time.");
            w.Open($"public IEnumerable<{item}> {op.Name}({Join(args, optional.Concat(new[] { "int skip = 0", "CancellationToken cancellationToken = default" }))})");
            WriteRequest(w, op, null);
            w.Line($"return Paginate<{item}>(request, skip, cancellationToken){StampSelect(op)};");
            if (Stamps(op).Any()) WriteStampFunction(w, op);
            w.Close();
            w.Line();
            w.Doc(Names.Xml(summary) + " One page (1-based).");
            w.Open($"public async Task<CpmPage<{item}>> {op.Name}PageAsync({Join(args.Concat(new[] { "int page", "int pageSize" }).ToList(), optional.Concat(new[] { "CancellationToken cancellationToken = default" }))})");
            WriteRequest(w, op, null);
            w.Line($"var result = await GetPageAsync<{item}>(request, page, pageSize, cancellationToken).ConfigureAwait(false);");
            if (Stamps(op).Any())
            {
                w.Line("foreach (var item in result.Items) Stamp(item);");
                w.Line("return result;");
                WriteStampFunction(w, op);
            }
            else w.Line("return result;");
            w.Close();
        }
        else if (op.IsDownload)
        {
            var media = api.Downloads[0];
            w.Doc(Names.Xml(summary) + $" Writes the {media} answer to destination.");
            w.Open($"public Task<CpmDownload> {op.Name}Async({Join(args.Append("Stream destination").ToList(), optional.Append("CancellationToken cancellationToken = default"))})");
            WriteRequest(w, op, media);
            w.Line("return DownloadAsync(request, destination, cancellationToken);");
            w.Close();
        }
        else if (op.Result == null && api.SuccessType != null)
        {
            w.Doc(Names.Xml(summary) + " The guide documents the answer only as a JSON object.");
            w.Open($"public Task<JToken> {op.Name}Async({Join(args, optional.Append("CancellationToken cancellationToken = default"))})");
            WriteRequest(w, op, null);
            w.Line("return SendAsync<JToken>(request, cancellationToken);");
            w.Close();
        }
        else if (op.Result == null)
        {
            w.Doc(Names.Xml(summary));
            w.Open($"public Task {op.Name}Async({Join(args, optional.Append("CancellationToken cancellationToken = default"))})");
            WriteRequest(w, op, null);
            w.Line("return SendAsync(request, cancellationToken);");
            w.Close();
        }
        else
        {
            var type = op.ReturnsList ? $"IReadOnlyList<{op.Result.Name}>" : op.Result.Name;
            var wire = op.ReturnsList ? $"List<{op.Result.Name}>" : op.Result.Name;
            w.Doc(Names.Xml(summary));
            w.Open($"public async Task<{type}> {op.Name}Async({Join(args, optional.Append("CancellationToken cancellationToken = default"))})");
            WriteRequest(w, op, null);
            var send = op.ReadsOneOfArray ? "SendOneAsync" : "SendAsync";
            w.Line($"var result = await {send}<{wire}>(request, cancellationToken).ConfigureAwait(false);");
            if (Stamps(op).Any())
            {
                if (op.ReturnsList) w.Line("if (result != null) foreach (var item in result) Stamp(item);");
                else w.Line("if (result != null) Stamp(result);");
                w.Line("return result;");
                WriteStampFunction(w, op);
            }
            else w.Line("return result;");
            w.Close();
        }

        if (op.ProducesCsv && !op.IsDownload)
        {
            w.Line();
            w.Doc(Names.Xml($"{api.Method} {api.Path} as CSV text (Accept: text/csv)."));
            w.Open($"public async Task<string> {op.Name}CsvAsync({Join(args, optional.Append("CancellationToken cancellationToken = default"))})");
            WriteRequest(w, op, "text/csv");
            w.Line("var response = await SendRawAsync(request, cancellationToken).ConfigureAwait(false);");
            w.Line("return response.Content;");
            w.Close();
        }
    }

    static string Join(List<string> args, IEnumerable<string> more) => string.Join(", ", args.Concat(more));

    static void WriteRequest(CodeWriter w, ClientOperation op, string? accept)
    {
        var api = op.Api;
        w.Line($"var request = new CpmRequest(new HttpMethod({Names.Literal(api.Method)}), {Names.Literal(api.Path)})");
        foreach (var p in op.PathParameters) w.Line($"    .WithPath({Names.Literal(p.Name)}, {Names.Camel(p.Name)})");
        foreach (var p in op.RequiredQuery) w.Line($"    .WithQuery({Names.Literal(p.Name)}, {Names.Camel(p.Name)})");
        w.Line("    ;");
        if (op.Body != null) w.Line("request.Body = body;");
        if (accept != null) w.Line($"request.Accept = {Names.Literal(accept)};");
        if (op.QueryClass != null) w.Line("query?.ApplyTo(request);");
    }

    /// <summary>Path ids the result model carries as FromPath properties (ScheduleId of a disable time).</summary>
    static IEnumerable<(string Property, string Argument)> Stamps(ClientOperation op) =>
        op.Result == null ? Enumerable.Empty<(string, string)>() :
        op.Result.Properties.Where(p => p.FromPath && op.PathParameters.Any(q => q.Name == p.PathParameter))
            .Select(p => (p.Name, Names.Camel(p.PathParameter!)));

    static string StampSelect(ClientOperation op) =>
        Stamps(op).Any() ? ".Select(item => { Stamp(item); return item; })" : "";

    static void WriteStampFunction(CodeWriter w, ClientOperation op)
    {
        w.Line();
        w.Open($"void Stamp({op.Result!.Name} item)");
        foreach (var (property, argument) in Stamps(op)) w.Line($"item.{property} = CpmIds.ToLong({argument});");
        w.Close();
    }

    static string QueryFile(ClientOperation op)
    {
        var w = new CodeWriter();
        w.Line(CodeWriter.Header.TrimEnd('\n'));
        w.Line("using System;");
        w.Line("using CpmPowerShell.Client;");
        w.Line();
        w.Open("namespace CpmPowerShell.Models");
        w.Doc(Names.Xml($"Optional filters of {op.Api.Method} {op.Api.Path}; unset ones are not sent."));
        w.Open($"public sealed class {op.QueryClass}");
        foreach (var p in op.OptionalQuery)
        {
            var type = op.QueryType(p);
            w.Line($"public {(type == "string" ? "string" : type + "?")} {Names.Pascal(p.Name)} {{ get; set; }}");
        }
        w.Line();
        w.Doc("A copy to change one filter in, e.g. one query per value of a filter that takes several.");
        w.Line($"public {op.QueryClass} Clone() => ({op.QueryClass})MemberwiseClone();");
        w.Line();
        w.Open("public void ApplyTo(CpmRequest request)");
        foreach (var p in op.OptionalQuery) w.Line($"request.WithQuery({Names.Literal(p.Name)}, {Names.Pascal(p.Name)});");
        w.Close();
        w.Close();
        w.Close();
        return w.ToString();
    }
}
