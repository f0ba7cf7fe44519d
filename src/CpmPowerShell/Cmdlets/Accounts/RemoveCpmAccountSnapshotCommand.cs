using System.Collections.Generic;
using System.Management.Automation;
using CpmPowerShell.Client;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Remove-CpmAccountSnapshot: deletes every snapshot of an account's backups: any account by -AccountId
    /// (4.22), a backup account (4.11) or a DR account (4.19), each bound by property name from the records of
    /// Get-CpmAccount, Get-CpmBackupAccount and Get-CpmDrAccount. It destroys backups, so it asks at High
    /// impact, and -WhatIf and the prompt name the account. The account itself stays.
    /// </summary>
    [CpmEndpoint("DELETE", "/api/accounts/{id}/snapshots/")]
    [CpmEndpoint("DELETE", "/api/accounts/backup/{id}/snapshots/")]
    [CpmEndpoint("DELETE", "/api/accounts/dr/{id}/snapshots/")]
    [CpmEndpoint("GET", "/api/accounts/{id}/")]
    [Cmdlet(VerbsCommon.Remove, "CpmAccountSnapshot", DefaultParameterSetName = AnySet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RemoveCpmAccountSnapshotCommand : CpmCmdlet
    {
        const string AnySet = "AccountId";
        const string BackupSet = "BackupAccountId";
        const string DrSet = "DrAccountId";

        /// <summary>Ids of accounts of any kind; binds the AccountId of records from Get-CpmAccount.</summary>
        [Parameter(ParameterSetName = AnySet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [CpmObjectId]
        [ValidateRange(1, long.MaxValue)]
        [ValidateNotNullOrEmpty]
        public long[] AccountId { get; set; }

        /// <summary>Ids of backup accounts; binds the BackupAccountId of records from Get-CpmBackupAccount.</summary>
        [Parameter(ParameterSetName = BackupSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [CpmObjectId]
        [ValidateRange(1, long.MaxValue)]
        [ValidateNotNullOrEmpty]
        public long[] BackupAccountId { get; set; }

        /// <summary>Ids of DR accounts; binds the DrAccountId of records from Get-CpmDrAccount.</summary>
        [Parameter(ParameterSetName = DrSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [CpmObjectId]
        [ValidateRange(1, long.MaxValue)]
        [ValidateNotNullOrEmpty]
        public long[] DrAccountId { get; set; }

        /// <summary>Delete without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Accounts handled by this command already, per server: a repeat asks nothing and sends nothing.</summary>
        readonly HashSet<(CpmConnection, long)> done = new HashSet<(CpmConnection, long)>();

        protected override void ProcessCpmRecord()
        {
            var (ids, segment, kind) =
                ParameterSetName == BackupSet ? (BackupAccountId, "backup/", "backup account")
                : ParameterSetName == DrSet ? (DrAccountId, "dr/", "DR account")
                : (AccountId, "", "account");
            foreach (var id in ids)
            {
                if (!done.Add((Connection, id)))
                {
                    WriteVerbose($"The snapshots of {kind} {id} were handled by this command already; not deleting twice.");
                    continue;
                }
                var path = $"/api/accounts/{segment}{CpmIds.ToText(id)}/snapshots/";
                var description = $"all snapshots of the backups of {kind} {CpmTargetText.NameAndId(NameOf(id), id)} (the account stays)";
                if (!ShouldProcessCall(description, "DELETE", path, null, Force)) continue;
                var text = CpmIds.ToText(id);
                Try(id, () => Await(ct =>
                    segment == "backup/" ? Client.DeleteAccountBackupSnapshotAsync(text, ct)
                    : segment == "dr/" ? Client.DeleteAccountDrSnapshotAsync(text, ct)
                    : Client.DeleteAccountSnapshotAsync(text, ct)));
            }
        }

        /// <summary>The account's name, read for -WhatIf and the prompt so nobody confirms blind; null when it cannot be read.</summary>
        string NameOf(long id)
        {
            try
            {
                return Await(ct => Client.GetAccountAsync(CpmIds.ToText(id), ct))?.Name;
            }
            catch (CpmApiException e)
            {
                WriteVerbose($"Could not read account {id}: {e.Message}");
                return null;
            }
        }
    }
}
