using CpmPowerShell.Client;
using CpmPowerShell.Models;
using Newtonsoft.Json.Linq;
using Xunit;

namespace CpmPowerShell.Client.Tests.Runtime;

/// <summary>Read-modify-write: what a Set-* command sends for the fields the user did not give.</summary>
public class MergeTests
{
    [Fact]
    public void ProjectKeepsEnumCodesThisModuleDoesNotKnow()
    {
        var current = JObject.Parse("""{"id":7,"name":"prod","auto_remove_resource":"Q","account":3}""").ToObject<Policy>(CpmJson.Serializer)!;
        var body = CpmMerge.Project<PolicyUpdateRequest>(current);
        var sent = JObject.FromObject(body, CpmJson.Serializer);
        Assert.Equal("Q", (string)sent["auto_remove_resource"]);
        Assert.Null(sent["id"]); // not a field of the update request
    }

    [Fact]
    public void OverlayChangesOnlyTheNestedFieldsGiven()
    {
        var current = new PolicyTargetInstanceApplicationConsistentBackup { EnableAgentScripts = true, VssVolumes = "c:", AgentScriptTimeout = 30 };
        var given = new PolicyTargetInstanceApplicationConsistentBackup { AgentScriptTimeout = 60 };
        var merged = CpmMerge.Overlay(current, given);
        Assert.Equal(60, merged.AgentScriptTimeout);
        Assert.Equal("c:", merged.VssVolumes);
        Assert.True(merged.EnableAgentScripts);
        Assert.Equal(30, current.AgentScriptTimeout); // the current record is not changed
    }

    [Fact]
    public void OverlayWithNothingCurrentIsWhatWasGiven()
    {
        var given = new PolicyTargetInstanceApplicationConsistentBackup { VssVolumes = "d:" };
        Assert.Same(given, CpmMerge.Overlay(null, given));
    }
}
