using System;
using System.Diagnostics;
using System.Management.Automation;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Wait-CpmRecovery: follows recoveries (GET /api/recoveries/{id}/) until they end and returns their
    /// final records; a recovery that did not fully succeed is also a non-terminating error.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "CpmRecovery", DefaultParameterSetName = "Id")]
    [OutputType(typeof(Recovery))]
    public sealed class WaitCpmRecoveryCommand : CpmWaitCmdlet<Recovery>
    {
        protected override long? IdOf(Recovery record) => record.Id;

        protected override void Follow(long id, Stopwatch clock, TimeSpan? timeout)
        {
            WaitAndWrite(RecoveryWork(id), null, clock, timeout);
        }
    }
}
