using CpmPowerShell.Generator.Model;
using CpmPowerShell.Generator.Overlay;
using CpmPowerShell.Spec;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit;

namespace CpmPowerShell.Generator.Tests.Generator;

/// <summary>
/// CmdletInference + CmdletModelBuilder per kind of cmdlet, on a small made-up API ("widgets") so each
/// rule is seen on its own rather than only through the whole-output diff.
/// </summary>
public class CmdletModelBuilderTests
{
    // ---- fixture: a tiny spec in the shape of src/api/cpm-api.json -------------------------------

    static JObject Op(string id, string body = null, string result = null, bool list = false, int status = 200, params JObject[] query)
    {
        var op = new JObject
        {
            ["operationId"] = id, ["tags"] = new JArray("Widgets"), ["x-success-code"] = status.ToString(),
            ["parameters"] = new JArray(query),
            ["responses"] = new JObject { [status.ToString()] = new JObject { ["description"] = "OK" } },
        };
        if (result != null)
        {
            JObject schema = new() { ["$ref"] = "#/components/schemas/" + result };
            if (list) { schema = new JObject { ["type"] = "array", ["items"] = schema }; op["x-paginated"] = true; }
            op["responses"]![status.ToString()]!["content"] = new JObject { ["application/json"] = new JObject { ["schema"] = schema } };
        }
        if (body != null)
            op["requestBody"] = new JObject { ["required"] = true, ["content"] = new JObject { ["application/json"] = new JObject { ["schema"] = new JObject { ["$ref"] = "#/components/schemas/" + body } } } };
        return op;
    }

    static JObject Query(string name, string type = "string") => new() { ["name"] = name, ["in"] = "query", ["required"] = false, ["schema"] = new JObject { ["type"] = type } };

    static JObject Schema(params (string Name, string Type)[] properties)
    {
        var props = new JObject();
        foreach (var (name, type) in properties) props[name] = new JObject { ["type"] = type };
        return new JObject { ["type"] = "object", ["properties"] = props };
    }

    static ApiSpec Spec()
    {
        var widget = Schema(("id", "integer"), ("name", "string"), ("color", "string"));
        var part = Schema(("id", "integer"), ("widget_id", "integer"), ("size", "integer"));
        var json = new JObject
        {
            ["info"] = new JObject { ["version"] = "1.0.0" },
            ["paths"] = new JObject
            {
                ["/api/widgets/"] = new JObject
                {
                    ["get"] = Op("widgets_list", result: "response_widgets_list", list: true, query: new[] { Query("search"), Query("ordering"), Query("color"), Query("id") }),
                    ["post"] = Op("widgets_create", body: "data_widgets_create", result: "response_widgets_create", status: 201),
                },
                ["/api/widgets/{id}/"] = new JObject
                {
                    ["get"] = Op("widgets_read", result: "response_widgets_read"),
                    ["put"] = Op("widgets_update", body: "data_widgets_update", result: "response_widgets_update"),
                    ["delete"] = Op("widgets_delete", status: 204),
                },
                ["/api/widgets/{widget_id}/parts/"] = new JObject
                {
                    ["get"] = Op("widgets_parts_list", result: "response_widgets_parts_list", list: true),
                    ["post"] = Op("widgets_parts_create", body: "data_widgets_parts_create", result: "response_widgets_parts_create", status: 201),
                },
                ["/api/widgets/{widget_id}/parts/{id}/"] = new JObject
                {
                    ["get"] = Op("widgets_parts_read", result: "response_widgets_parts_read"),
                    ["delete"] = Op("widgets_parts_delete", status: 204),
                },
                ["/api/widgets/{id}/options/"] = new JObject
                {
                    ["get"] = Op("widgets_options_read", result: "response_widgets_options_read"),
                    ["put"] = Op("widgets_options_update", body: "data_widgets_options_update", result: "response_widgets_options_update"),
                },
                ["/api/widgets/{id}/logs/"] = new JObject
                {
                    ["get"] = Op("widgets_list_logs", result: "response_widgets_list_logs", list: true),
                    ["delete"] = Op("widgets_logs_delete", status: 204), // all logs of a widget at once: not inferred
                },
                ["/api/widgets/{widget_id}/start/"] = new JObject { ["post"] = Op("widgets_start_create", status: 202) },
                // An item GET the guide documents as answering an array (as CPM's custom tags, 13.20).
                ["/api/widgets/{widget_id}/labels/"] = new JObject { ["get"] = Op("widgets_labels_list", result: "response_widgets_labels_list", list: true) },
                ["/api/widgets/{widget_id}/labels/{id}/"] = new JObject { ["get"] = Op("widgets_labels_read", result: "response_widgets_labels_read", list: true) },
                ["/api/gadgets/"] = new JObject { ["get"] = Op("gadgets_list", result: "response_gadgets_list", list: true) },
                // The server's one object, no id in the path (as CPM's dashboard and version, 24.1, 24.5).
                ["/api/status/"] = new JObject { ["get"] = Op("status_list", result: "response_status_list", query: new[] { Query("start_time") }) },
            },
            ["components"] = new JObject
            {
                ["schemas"] = new JObject
                {
                    ["response_widgets_list"] = widget, ["response_widgets_read"] = widget, ["response_widgets_create"] = widget, ["response_widgets_update"] = widget,
                    ["data_widgets_create"] = Schema(("name", "string"), ("color", "string"), ("admin_password", "string")).Also(s => s["required"] = new JArray("name")),
                    ["data_widgets_update"] = Schema(("name", "string"), ("color", "string"), ("access_code", "string")),
                    ["response_widgets_parts_list"] = part, ["response_widgets_parts_read"] = part, ["response_widgets_parts_create"] = part,
                    ["data_widgets_parts_create"] = Schema(("size", "integer"), ("name", "string")),
                    ["response_widgets_options_read"] = Schema(("retries", "integer")), ["response_widgets_options_update"] = Schema(("retries", "integer")),
                    ["data_widgets_options_update"] = Schema(("retries", "integer")),
                    ["response_widgets_list_logs"] = Schema(("log", "string")),
                    ["response_gadgets_list"] = Schema(("id", "integer"), ("name", "string")),
                    ["response_status_list"] = Schema(("ok_num", "integer"), ("failed_num", "integer")),
                    ["response_widgets_labels_list"] = Schema(("id", "integer"), ("text", "string")),
                    ["response_widgets_labels_read"] = Schema(("id", "integer"), ("text", "string")),
                },
            },
        };
        // Path parameters as the spec declares them: named in the path, typed string.
        foreach (var path in ((JObject)json["paths"]!).Properties())
            foreach (var op in ((JObject)path.Value).Properties().Select(p => (JObject)p.Value))
                foreach (var name in System.Text.RegularExpressions.Regex.Matches(path.Name, @"\{(\w+)\}").Select(m => m.Groups[1].Value))
                    ((JArray)op["parameters"]!).Add(new JObject { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = new JObject { ["type"] = "string" } });
        return ApiSpec.Parse(json);
    }

    const string BaseOverlay = """
        {
          "models": {
            "widgets": { "name": "Widget", "idAlias": "WidgetId", "noun": "widget", "cmdletNoun": "Widget" },
            "widgets_parts": { "name": "WidgetPart", "noun": "part", "cmdletNoun": "WidgetPart" },
            "widgets_options": { "name": "WidgetOption", "cmdletNoun": "WidgetOption" },
            "widgets_logs": { "name": "WidgetLog", "cmdletNoun": "WidgetLog" },
            "widgets_labels": { "name": "WidgetLabel", "cmdletNoun": "WidgetLabel" },
            "gadgets": { "name": "Gadget" } // no cmdletNoun: no cmdlets
          },
          "cmdlets": [
            { "name": "Start-CpmWidget", "operation": "POST /api/widgets/{widget_id}/start/" }
          ]
        }
        """;

    static List<GenCmdlet> Build(string overlayJson = BaseOverlay, Action<ApiOverlay> adjust = null)
    {
        var spec = Spec();
        var overlay = JsonConvert.DeserializeObject<ApiOverlay>(overlayJson, new JsonSerializerSettings { MissingMemberHandling = MissingMemberHandling.Error })!;
        adjust?.Invoke(overlay);
        var types = new TypeModelBuilder(spec, overlay).Build();
        var entries = CmdletInference.Expand(spec, overlay);
        var operations = ClientOperation.BuildAll(spec, types, overlay, entries);
        return new CmdletModelBuilder(overlay, types, operations, entries).BuildAll();
    }

    static GenCmdlet Cmdlet(string name, List<GenCmdlet> cmdlets = null) => (cmdlets ?? Build()).Single(c => c.Name == name);

    static ParameterSetUse Use(GenCmdlet c, string parameter) => c.Parameters.Single(p => p.Name == parameter).Sets.Single();

    // ---- tests -----------------------------------------------------------------------------------

    [Fact]
    public void ANounGivesTheCrudCmdletsAndOnlyThose()
    {
        var names = Build().Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(new[]
        {
            "Add-CpmWidgetPart", "Get-CpmWidget", "Get-CpmWidgetLabel", "Get-CpmWidgetLog", "Get-CpmWidgetOption", "Get-CpmWidgetPart", "New-CpmWidget",
            "Remove-CpmWidget", "Remove-CpmWidgetPart", "Set-CpmWidget", "Set-CpmWidgetOption", "Start-CpmWidget",
        }, names);
        // No Get-CpmGadget: gadgets has no cmdletNoun. No Remove-CpmWidgetLog: a DELETE without {id} needs a decision.
    }

    [Fact]
    public void GetWithListAndItem()
    {
        var get = Cmdlet("Get-CpmWidget");
        Assert.Equal(CmdletKind.Get, get.Kind);
        Assert.Equal("GET /api/widgets/", get.Operation.Api.ToString());
        Assert.Equal("GET /api/widgets/{id}/", get.Item!.Api.ToString());
        Assert.True(get.SupportsPaging);
        Assert.Equal("List", get.DefaultParameterSet);
        Assert.Equal("name", get.NameField);
        Assert.Equal(new[] { "Name", "Search", "OrderBy", "Color", "Id" }, get.Parameters.Select(p => p.Name));
        Assert.Equal("Id", Use(get, "Id").SetName);
        Assert.True(Use(get, "Id").FromPipeline);
        Assert.DoesNotContain(get.Parameters, p => p.ApiName == "id" && p.Role == ParameterRole.Query); // the list's id filter would duplicate -Id
    }

    [Fact]
    public void GetOfTheServersOneObjectHasNoIdAndTakesItsQuery()
    {
        var status = Cmdlet("Get-CpmStatus", Build("""{ "models": { "status": { "name": "Status", "cmdletNoun": "Status" } } }"""));
        Assert.Equal("GET /api/status/", status.Operation.Api.ToString());
        Assert.Null(status.Item); // not an item read: there is no id to give
        Assert.False(status.SupportsPaging);
        var since = Assert.Single(status.Parameters);
        Assert.Equal(("StartTime", ParameterRole.Query), (since.Name, since.Role));
    }

    [Fact]
    public void GetListOnlyUnderAnItsParentsId()
    {
        var logs = Cmdlet("Get-CpmWidgetLog");
        Assert.Null(logs.Item);
        var parent = Assert.Single(logs.Parameters);
        Assert.Equal(("WidgetId", ParameterRole.PathId), (parent.Name, parent.Role)); // the parent's idAlias
        Assert.True(parent.Sets.Single().ByPropertyName);
        Assert.Null(logs.NameField); // the records have no name
    }

    [Fact]
    public void GetItemOnlyUnderAParentNamesItsIdAfterTheParent()
    {
        var options = Cmdlet("Get-CpmWidgetOption");
        Assert.Equal("GET /api/widgets/{id}/options/", options.Operation.Api.ToString());
        Assert.False(options.SupportsPaging);
        var id = Assert.Single(options.Parameters);
        Assert.Equal(("WidgetId", ParameterRole.OwnId), (id.Name, id.Role));
        Assert.True(id.Sets.Single().ByPropertyName); // a piped widget binds its WidgetId
    }

    [Fact]
    public void NewTakesTheNameFirstAndBindsNoFieldFromThePipeline()
    {
        var create = Cmdlet("New-CpmWidget");
        Assert.Equal(CmdletKind.Create, create.Kind);
        Assert.Equal("Low", create.ConfirmImpact);
        Assert.Equal(new ParameterSetUse(null, Mandatory: true, Position: 0, FromPipeline: false, ByPropertyName: false), Use(create, "Name"));
        Assert.Equal(new ParameterSetUse(null, Mandatory: false, Position: null, FromPipeline: false, ByPropertyName: false), Use(create, "Color"));
    }

    [Fact]
    public void SecretFieldsAreSecureStringsByNameOrByTheOverlay()
    {
        var create = Cmdlet("New-CpmWidget");
        Assert.Equal("SecureString", create.Parameters.Single(p => p.Name == "AdminPassword").Type);
        Assert.Equal("string", create.Parameters.Single(p => p.Name == "Color").Type);
        var overlay = BaseOverlay.Replace("\"cmdletNoun\": \"Widget\" }",
            "\"cmdletNoun\": \"Widget\", \"cmdlets\": { \"Set\": { \"parameters\": { \"access_code\": { \"secret\": true } } } } }");
        var set = Cmdlet("Set-CpmWidget", Build(overlay));
        Assert.Equal("SecureString", set.Parameters.Single(p => p.Name == "AccessCode").Type);
        Assert.Equal("string", Cmdlet("Set-CpmWidget").Parameters.Single(p => p.Name == "AccessCode").Type);
    }

    [Fact]
    public void AddUnderAParentBindsTheParentIdOnly()
    {
        var add = Cmdlet("Add-CpmWidgetPart");
        Assert.Equal("POST /api/widgets/{widget_id}/parts/", add.Operation.Api.ToString());
        Assert.Equal(new ParameterSetUse(null, Mandatory: true, Position: 0, FromPipeline: false, ByPropertyName: true), Use(add, "WidgetId"));
        Assert.False(Use(add, "Size").ByPropertyName);
        Assert.Null(Use(add, "Name").Position); // only New- takes the name first; Add- takes the parent id
    }

    [Fact]
    public void PipelineFieldsIsADecisionOfTheOverlay()
    {
        var overlay = BaseOverlay.Replace("\"cmdletNoun\": \"WidgetPart\"",
            "\"cmdletNoun\": \"WidgetPart\", \"cmdlets\": { \"Add\": { \"pipelineFields\": true, \"parameters\": { \"name\": { \"pipeline\": false } } } }");
        var add = Cmdlet("Add-CpmWidgetPart", Build(overlay));
        Assert.True(Use(add, "Size").ByPropertyName);
        Assert.False(Use(add, "Name").ByPropertyName); // a field may still say no
        Assert.True(Use(add, "WidgetId").ByPropertyName);
    }

    [Fact]
    public void SetReadsTheItemAndTakesIdsOrObjects()
    {
        var set = Cmdlet("Set-CpmWidget");
        Assert.Equal(CmdletKind.Update, set.Kind);
        Assert.Equal("GET /api/widgets/{id}/", set.Item!.Api.ToString());
        Assert.Equal("Id", set.DefaultParameterSet);
        Assert.Equal(new[] { "Id", "InputObject", "AccessCode", "Color", "Name", "Clear", "PassThru" }, set.Parameters.Select(p => p.Name));
        Assert.All(set.WithRole(ParameterRole.Body), p => Assert.False(p.Sets.Single().ByPropertyName));
        var options = Cmdlet("Set-CpmWidgetOption");
        Assert.Equal("WidgetId", options.OwnId!.Name);
    }

    [Fact]
    public void RemoveIsHighImpactWithForce()
    {
        var remove = Cmdlet("Remove-CpmWidgetPart");
        Assert.Equal(CmdletKind.Remove, remove.Kind);
        Assert.Equal("High", remove.ConfirmImpact);
        Assert.Equal(new[] { "WidgetId", "Id", "InputObject", "Force" }, remove.Parameters.Select(p => p.Name));
        Assert.False(Use(remove, "WidgetId").ByPropertyName); // a piped part binds as InputObject, carrying its widget id
    }

    [Fact]
    public void ActionsAreDeclaredAndNameTheirIdsAfterTheResource()
    {
        var start = Cmdlet("Start-CpmWidget");
        Assert.Equal(CmdletKind.Action, start.Kind);
        Assert.Equal("Medium", start.ConfirmImpact);
        Assert.Equal(new ParameterSetUse(null, Mandatory: true, Position: 0, FromPipeline: false, ByPropertyName: true), Use(start, "WidgetId"));
    }

    [Fact]
    public void ExceptionsSkipRenameOrReplaceAnInferredCmdlet()
    {
        var overlay = BaseOverlay.Replace("\"cmdletNoun\": \"Widget\"",
            "\"cmdletNoun\": \"Widget\", \"cmdlets\": { \"Remove\": { \"skip\": true }, \"New\": { \"name\": \"Add-CpmWidget\" } }")
            .Replace("\"cmdlets\": [", "\"cmdlets\": [ { \"name\": \"Get-CpmWidget\", \"list\": \"GET /api/widgets/\" },");
        var cmdlets = Build(overlay);
        Assert.DoesNotContain(cmdlets, c => c.Name == "Remove-CpmWidget");
        Assert.Contains(cmdlets, c => c.Name == "Add-CpmWidget");
        Assert.Null(Cmdlet("Get-CpmWidget", cmdlets).Item); // the explicit entry replaced the inferred one
    }

    [Fact]
    public void AnExceptionForAVerbThatIsNotInferredIsAnError()
    {
        var overlay = BaseOverlay.Replace("\"cmdletNoun\": \"WidgetLog\"", "\"cmdletNoun\": \"WidgetLog\", \"cmdlets\": { \"Set\": { } }");
        var error = Assert.Throws<InvalidDataException>(() => Build(overlay));
        Assert.Contains("widgets_logs.cmdlets.Set", error.Message);
    }

    [Fact]
    public void AnItemGetDocumentedAsAnArrayIsTheItemReadAsOneRecord()
    {
        var get = Cmdlet("Get-CpmWidgetLabel");
        Assert.Equal("GET /api/widgets/{widget_id}/labels/", $"{get.Operation.Api.Method} {get.Operation.Api.Path}");
        Assert.Equal("/api/widgets/{widget_id}/labels/{id}/", get.Item!.Api.Path);
        Assert.False(get.Item.ReturnsList);
        Assert.True(get.Item.ReadsOneOfArray); // the client takes an object or an array holding it
    }

    [Fact]
    public void WhenRefusedGivesAnActionItsOwnWordsForA412()
    {
        var overlay = BaseOverlay.Replace("{ \"name\": \"Start-CpmWidget\", \"operation\": \"POST /api/widgets/{widget_id}/start/\" }",
            "{ \"name\": \"Start-CpmWidget\", \"operation\": \"POST /api/widgets/{widget_id}/start/\", \"whenRefused\": [\"{target} is busy.\", \"Wait.\"] }");
        Assert.Equal(new[] { "{target} is busy.", "Wait." }, Cmdlet("Start-CpmWidget", Build(overlay)).WhenRefused);

        var broken = overlay.Replace("\"Wait.\"", "").Replace("busy.\", ]", "busy.\"]");
        var error = Assert.Throws<InvalidDataException>(() => Build(broken));
        Assert.Contains("whenRefused", error.Message);
    }
}

static class JObjectExtensions
{
    public static JObject Also(this JObject o, Action<JObject> change) { change(o); return o; }
}
