using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Invoke-CpmRecovery: recovers whatever snapshot record is piped in, calling the recover endpoint
    /// that the generated registry (<see cref="CpmWorkKinds.RecoverEndpoints"/>) names for its type, with
    /// the server's defaults: same region, same settings as at backup time.
    /// </summary>
    // The recover POSTs it calls come from the recover registry (CpmEndpointTable), not from attributes.
    [CpmEndpoint("GET", "/api/recoveries/{id}/")]
    [Cmdlet(VerbsLifecycle.Invoke, "CpmRecovery", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Recovery))]
    public sealed class InvokeCpmRecoveryCommand : CpmCmdlet
    {
        /// <summary>Instance or volume snapshot records (Get-CpmBackupInstance, Get-CpmBackupVolume).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [CpmObjectId]
        [ValidateNotNullOrEmpty]
        public object[] InputObject { get; set; }

        /// <summary>Follow the recoveries (all together, after starting them all) until they end and return their final records.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: the longest time to wait for all the recoveries (a TimeSpan, "00:30:00", or seconds).</summary>
        [Parameter]
        [CpmTimeoutTransformation]
        public TimeSpan Timeout { get; set; }

        /// <summary>Recover without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginCpmProcessing() => RequireWaitForTimeout(Wait, IsBound(nameof(Timeout)));

        protected override void ProcessCpmRecord()
        {
            var timeout = IsBound(nameof(Timeout)) ? Timeout : (TimeSpan?)null;
            foreach (var input in InputObject) RecoverOne(input, timeout);
        }

        /// <summary>"a, b or c".</summary>
        static string OneOf(IEnumerable<string> words)
        {
            var list = words.ToList();
            return list.Count < 2 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " or " + list[list.Count - 1];
        }

        /// <summary>
        /// Finds the recover endpoint for the record's type in the generated registry (one overlay
        /// "recovers" key per snapshot kind), takes the path ids from the record and calls it.
        /// </summary>
        void RecoverOne(object input, TimeSpan? timeout)
        {
            var item = input is PSObject pso ? pso.BaseObject : input;
            var endpoint = CpmRecoverEndpoint.For(item);
            if (endpoint == null)
            {
                var kinds = CpmWorkKinds.RecoverEndpoints;
                WriteCpmError(CpmErrorIds.UnsupportedInput, ErrorCategory.InvalidType,
                    $"Invoke-CpmRecovery cannot recover a {item?.GetType().Name ?? "null"}; it takes {OneOf(kinds.Select(k => k.What))} snapshot records.",
                    $"Pipe records from {OneOf(kinds.Select(k => k.ListCommand))} (for example Get-CpmBackup -Id 12 | {kinds[0].ListCommand} | Invoke-CpmRecovery).",
                    input);
                return;
            }
            var ids = endpoint.IdsOf(item);
            if (ids.Any(id => id == null))
            {
                WriteMissingId(item);
                return;
            }
            if (!ActOnServerOf(item)) return;

            var values = ids.Select(id => id.Value).ToArray();
            var body = endpoint.NewBody();
            var path = endpoint.PathFor(values);
            // The record's own id is the last path id; its backup the first.
            var description = $"{endpoint.What} {endpoint.ResourceOf(item)} from snapshot record {values[values.Length - 1]} of backup {values[0]}";
            if (!ShouldProcessCall(description, "POST", path, body, Force)) return;
            Try(item, () => WriteStartedWork(endpoint.Work, Await(ct => endpoint.RecoverAsync(Client, values, body, ct)), Wait, timeout));
        }
    }
}
