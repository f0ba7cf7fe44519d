using System;
using System.Management.Automation;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// What Wait-CpmBackup and Wait-CpmRecovery share: -Id or records from the pipeline, -Timeout, and one
    /// wait for all of them together (after the last input) that starts from the server's current state
    /// (a piped record may be minutes old).
    /// </summary>
    public abstract class CpmWaitCmdlet<TRecord> : CpmCmdlet where TRecord : CpmModel
    {
        /// <summary>Ids of the records to wait for (bare numbers may be piped).</summary>
        [Parameter(ParameterSetName = "Id", Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [CpmObjectId]
        [ValidateRange(1, long.MaxValue)]
        [ValidateNotNullOrEmpty]
        public long[] Id { get; set; }

        /// <summary>Records read before, e.g. from a Get-Cpm* command or a command that started the work.</summary>
        [Parameter(ParameterSetName = "InputObject", Mandatory = true, ValueFromPipeline = true)]
        [CpmObjectId]
        [ValidateNotNullOrEmpty]
        public TRecord[] InputObject { get; set; }

        /// <summary>The longest time to wait for all the records together (a TimeSpan, "00:30:00", or seconds).</summary>
        [Parameter]
        [CpmTimeoutTransformation]
        public TimeSpan Timeout { get; set; }

        /// <summary>The record's id, or null when it has none.</summary>
        protected abstract long? IdOf(TRecord record);

        /// <summary>The work of following record id, with no record at hand (it is read afresh).</summary>
        protected abstract TrackedWork WorkFor(long id);

        protected override void ProcessCpmRecord()
        {
            var timeout = IsBound(nameof(Timeout)) ? Timeout : (TimeSpan?)null;
            if (ParameterSetName == "InputObject")
            {
                foreach (var record in InputObject)
                {
                    var id = record == null ? null : IdOf(record);
                    if (id == null) { WriteMissingId(record); continue; }
                    if (!ActOnServerOf(record)) continue; // each record is read on the server it came from
                    Track(WorkFor(id.Value), record, timeout);
                }
                return;
            }
            foreach (var id in Id) Track(WorkFor(id), id, timeout);
        }
    }
}
