using System;
using System.Management.Automation;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// What every Wait-* command shares (its kind of work comes from <see cref="CpmWorkKinds"/> by record type): -Id or records from the pipeline, -Timeout, and one
    /// wait for all of them together (after the last input) that starts from the server's current state
    /// (a piped record may be minutes old).
    /// </summary>
    public abstract class CpmWaitCmdlet<TRecord> : CpmCmdlet where TRecord : CpmModel
    {
        /// <summary>Ids of the records to wait for (bare numbers may be piped).</summary>
        [Parameter(ParameterSetName = CpmParameterSets.Id, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [CpmObjectId]
        [ValidateRange(1, long.MaxValue)]
        [ValidateNotNullOrEmpty]
        public long[] Id { get; set; }

        /// <summary>Records read before, e.g. from a Get-Cpm* command or a command that started the work.</summary>
        [Parameter(ParameterSetName = CpmParameterSets.InputObject, Mandatory = true, ValueFromPipeline = true)]
        [CpmObjectId]
        [ValidateNotNullOrEmpty]
        public TRecord[] InputObject { get; set; }

        /// <summary>The longest time to wait for all the records together (a TimeSpan, "00:30:00", or seconds).</summary>
        [Parameter]
        [CpmTimeoutTransformation]
        public TimeSpan Timeout { get; set; }

        /// <summary>What TRecord is a record of (from the generated registry of work).</summary>
        static CpmWorkKind Kind => CpmWorkKind.ForRecord(typeof(TRecord));

        protected override void ProcessCpmRecord()
        {
            var timeout = IsBound(nameof(Timeout)) ? Timeout : (TimeSpan?)null;
            if (ParameterSetName == CpmParameterSets.InputObject)
            {
                foreach (var record in InputObject)
                {
                    var id = record == null ? null : Kind.IdOf(record);
                    if (id == null) { WriteMissingId(record); continue; }
                    if (!ActOnServerOf(record)) continue; // each record is read on the server it came from
                    Track(Kind.Follow(id.Value), record, timeout);
                }
                return;
            }
            foreach (var id in Id) Track(Kind.Follow(id), id, timeout);
        }
    }
}
