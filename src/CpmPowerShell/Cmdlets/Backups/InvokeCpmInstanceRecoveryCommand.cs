using System;
using System.Management.Automation;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>The hand-written half of Invoke-CpmInstanceRecovery: -Wait follows the recovery it starts.</summary>
    public sealed partial class InvokeCpmInstanceRecoveryCommand
    {
        /// <summary>Follow the recovery until it ends and return its final record.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: the longest time to wait (a TimeSpan, "00:30:00", or seconds).</summary>
        [Parameter]
        [CpmTimeoutTransformation]
        public TimeSpan Timeout { get; set; }

        protected override void BeginCpmProcessing() => RequireWaitForTimeout(Wait, IsBound(nameof(Timeout)));

        void WriteResult(Recovery started) =>
            WriteRecoveryResult(started, Wait, IsBound(nameof(Timeout)) ? Timeout : (TimeSpan?)null);
    }
}
