using CpmPowerShell.Generator.Emit;
using CpmPowerShell.Spec;
using Xunit;

namespace CpmPowerShell.Generator.Tests.Generator;

/// <summary>The generated endpoint table behind Find-CpmCommand and Invoke-CpmApi -Path completion.</summary>
public class EndpointTableEmitterTests
{
    static readonly string Repo = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ApiSpec.LocateInRepo(AppContext.BaseDirectory))!, "..", ".."));
    static readonly Lazy<Generation.Output> Output = new(() => Generation.Produce(Repo));

    [Fact]
    public void TheTableHasEveryEndpointOnceInSectionOrder()
    {
        var text = Output.Value.Files[EndpointTableEmitter.FilePath];
        var sections = System.Text.RegularExpressions.Regex.Matches(text, @"new CpmEndpoint\(""([\d.]+)""").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(350, sections.Count);
        Assert.Equal(350, sections.Distinct().Count());
        Assert.Equal(sections.OrderBy(s => s, EndpointTableEmitter.SectionComparer.Instance), sections);
        Assert.True(sections.IndexOf("4.2") < sections.IndexOf("4.10"));
    }

    [Fact]
    public void AGetIsTheMainCommandOfItsListAndItemAndASetIsListedAfterItOnTheRead()
    {
        var callers = EndpointTableEmitter.Callers(Output.Value.Cmdlets);
        Assert.Equal(new[] { "Get-CpmPolicy" }, callers["GET /api/policies/"]);
        Assert.Equal(new[] { "Get-CpmPolicy", "Set-CpmPolicy" }, callers["GET /api/policies/{id}/"]);
        Assert.Equal(new[] { "Set-CpmPolicy" }, callers["PUT /api/policies/{id}/"]);
        Assert.Equal(new[] { "Remove-CpmPolicy" }, callers["DELETE /api/policies/{id}/"]);
    }

    [Fact]
    public void EveryGeneratedCmdletCallsTheEndpointsOfItsModel()
    {
        var callers = EndpointTableEmitter.Callers(Output.Value.Cmdlets);
        foreach (var cmdlet in Output.Value.Cmdlets)
        {
            Assert.Contains(cmdlet.Name, callers[cmdlet.Operation.Api.ToString()]);
            if (cmdlet.Item != null) Assert.Contains(cmdlet.Name, callers[cmdlet.Item.Api.ToString()]);
        }
    }
}
