using System.Management.Automation;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Wait-CpmRecovery: follows recoveries (GET /api/recoveries/{id}/) until they end, all together, and
    /// returns each final record as soon as it ends; a recovery that did not fully succeed is also a
    /// non-terminating error.
    /// </summary>
    [CpmEndpoint("GET", "/api/recoveries/{id}/")]
    [Cmdlet(VerbsLifecycle.Wait, "CpmRecovery", DefaultParameterSetName = CpmParameterSets.Id)]
    [OutputType(typeof(Recovery))]
    public sealed class WaitCpmRecoveryCommand : CpmWaitCmdlet<Recovery>
    {
        // All it needs comes from the overlay's "work" section for Recovery records (CpmWorkKinds.Recovery).
    }
}
