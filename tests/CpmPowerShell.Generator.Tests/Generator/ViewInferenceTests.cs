using CpmPowerShell.Generator.Emit;
using CpmPowerShell.Generator.Model;
using CpmPowerShell.Generator.Overlay;
using Xunit;

namespace CpmPowerShell.Generator.Tests.Generator;

/// <summary>The default table view a record gets when the overlay declares none (ViewInference).</summary>
public class ViewInferenceTests
{
    static GenProperty Prop(string json, string name, GenKind kind, GenEnum e = null) =>
        new() { JsonName = json, Name = name, Type = new GenType { Kind = kind, Enum = e } };

    static GenModel Widget()
    {
        var status = new GenEnum { Key = "widgets.status", Name = "WidgetStatus" };
        status.Members.Add(new GenEnumMember("Running", "R", null));
        status.Members.Add(new GenEnumMember("Done", "D", null));
        var model = new GenModel { Name = "Widget", Stem = "widgets" };
        model.Properties.AddRange(new[]
        {
            Prop("description", "Description", GenKind.String),
            Prop("created", "Created", GenKind.DateTime),
            Prop("tags", "Tags", GenKind.List),
            Prop("name", "Name", GenKind.String),
            Prop("status", "Status", GenKind.Enum, status),
            Prop("id", "Id", GenKind.Long),
            Prop("enabled", "Enabled", GenKind.Bool),
            Prop("policy_id", "PolicyId", GenKind.Long),
            Prop("aws_region", "AwsRegion", GenKind.String),
            Prop("api_key", "ApiKey", GenKind.String),
        });
        return model;
    }

    [Fact]
    public void KeyColumnsAreParentIdIdNameThenStatusTimeSwitch()
    {
        var view = ViewInference.Default(Widget());

        Assert.Equal(new[] { "PolicyId", "Id", "Name", "Status", "Created" }, view.Key);
        Assert.Equal(new[] { "Enabled", "AwsRegion" }, view.Wide);
    }

    [Fact]
    public void ListsFreeTextAndSecretsAreNeverColumns()
    {
        var columns = ViewInference.Default(Widget()).Columns.ToList();

        Assert.DoesNotContain("Tags", columns);
        Assert.DoesNotContain("Description", columns);
        Assert.DoesNotContain("ApiKey", columns);
    }

    [Fact]
    public void TheDefaultFitsEightyAndOneHundredTwentyColumns()
    {
        var model = Widget();
        var view = ViewInference.Default(model);
        var columns = view.Columns.Select(n => model.Properties.Single(p => p.Name == n)).ToList();

        var widths = FormatEmitter.Widths(model, columns, view.Key.Count); // throws when a view does not fit
        Assert.Equal(columns.Count, widths.Length);
    }

    [Fact]
    public void ADeclaredViewWinsAndOnlyCmdletOutputsGetADefault()
    {
        var declared = new Dictionary<string, ViewOverlay> { ["Widget"] = new() { Key = { "Id", "Name" } } };
        var cmdlet = new GenCmdlet
        {
            Name = "Get-CpmWidget", Verb = "Get", Noun = "CpmWidget", Area = "Widgets", Kind = CmdletKind.Get,
            Operation = null!, NounText = "widget", Output = Widget(),
        };

        var views = ViewInference.WithDefaults(declared, new[] { cmdlet });
        Assert.Equal(new[] { "Id", "Name" }, views["Widget"].Key);

        views = ViewInference.WithDefaults(new Dictionary<string, ViewOverlay>(), new[] { cmdlet });
        Assert.Equal("PolicyId", views["Widget"].Key[0]);
        Assert.Single(views);
    }
}
