using System.Collections.Generic;
using System.Management.Automation;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Remove-CpmAccountSnapshot: deletes every snapshot of an account's backups: any account by -AccountId
    /// (4.22), a backup account (4.11) or a DR account (4.19), or piped records of Get-CpmAccount,
    /// Get-CpmBackupAccount and Get-CpmDrAccount (each through its kind's endpoint) and bare ids; nothing binds by
    /// property name, so a piped snapshot that names its account deletes nothing. It destroys backups, so it asks at High
    /// impact, and -WhatIf and the prompt name the account. The account itself stays.
    /// </summary>
    [CpmEndpoint("DELETE", "/api/accounts/{id}/snapshots/")]
    [CpmEndpoint("DELETE", "/api/accounts/backup/{id}/snapshots/")]
    [CpmEndpoint("DELETE", "/api/accounts/dr/{id}/snapshots/")]
    [CpmEndpoint("GET", "/api/accounts/{id}/")]
    [Cmdlet(VerbsCommon.Remove, "CpmAccountSnapshot", DefaultParameterSetName = RecordSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RemoveCpmAccountSnapshotCommand : CpmCmdlet
    {
        const string AnySet = "AccountId";
        const string BackupSet = "BackupAccountId";
        const string DrSet = "DrAccountId";
        const string RecordSet = "InputObject";

        /// <summary>Ids of accounts of any kind (4.22).</summary>
        [Parameter(ParameterSetName = AnySet, Mandatory = true, Position = 0)]
        [ValidateRange(1, long.MaxValue)]
        [ValidateNotNullOrEmpty]
        public long[] AccountId { get; set; }

        /// <summary>Ids of backup accounts (4.11).</summary>
        [Parameter(ParameterSetName = BackupSet, Mandatory = true)]
        [ValidateRange(1, long.MaxValue)]
        [ValidateNotNullOrEmpty]
        public long[] BackupAccountId { get; set; }

        /// <summary>Ids of DR accounts (4.19).</summary>
        [Parameter(ParameterSetName = DrSet, Mandatory = true)]
        [ValidateRange(1, long.MaxValue)]
        [ValidateNotNullOrEmpty]
        public long[] DrAccountId { get; set; }

        /// <summary>
        /// Account records (Get-CpmAccount, Get-CpmBackupAccount, Get-CpmDrAccount) or bare account ids from the
        /// pipeline. Nothing binds by property name: a snapshot or backup record carries an AccountId too, and
        /// piping one must never delete every snapshot of its account.
        /// </summary>
        [Parameter(ParameterSetName = RecordSet, Mandatory = true, ValueFromPipeline = true)]
        [CpmObjectId]
        [ValidateNotNullOrEmpty]
        public object[] InputObject { get; set; }

        /// <summary>Delete without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessCpmRecord()
        {
            switch (ParameterSetName)
            {
                case BackupSet: foreach (var id in BackupAccountId) Remove(id, "backup/", "backup account"); break;
                case DrSet: foreach (var id in DrAccountId) Remove(id, "dr/", "DR account"); break;
                case AnySet: foreach (var id in AccountId) Remove(id, "", "account"); break;
                default: foreach (var input in InputObject) RemoveRecord(input); break;
            }
        }

        /// <summary>An account record through the endpoint of its kind; a bare number as an account of any kind.</summary>
        void RemoveRecord(object input)
        {
            var item = input is PSObject pso ? pso.BaseObject : input;
            switch (item)
            {
                case BackupAccount backup when backup.Id != null:
                    if (ActOnServerOf(backup)) Remove(backup.Id.Value, "backup/", "backup account");
                    return;
                case DrAccount dr when dr.Id != null:
                    if (ActOnServerOf(dr)) Remove(dr.Id.Value, "dr/", "DR account");
                    return;
                case Account account when account.Id != null:
                    if (ActOnServerOf(account)) Remove(account.Id.Value, "", "account");
                    return;
                case BackupAccount _:
                case DrAccount _:
                case Account _:
                    WriteMissingId(item);
                    return;
            }
            if (item is int || item is long || item is string)
            {
                var text = System.Convert.ToString(item, System.Globalization.CultureInfo.InvariantCulture);
                if (long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0)
                {
                    Remove(id, "", "account");
                    return;
                }
            }
            WriteCpmError(CpmErrorIds.UnsupportedInput, ErrorCategory.InvalidType,
                $"Remove-CpmAccountSnapshot takes account records or account ids, not a {item?.GetType().Name ?? "null"}; nothing was deleted.",
                "Pipe records from Get-CpmAccount, Get-CpmBackupAccount or Get-CpmDrAccount, or give -AccountId. A record that merely names an account (a snapshot, a backup) never deletes all of its snapshots.",
                input);
        }

        void Remove(long id, string segment, string kind)
        {
            // Keyed by the id alone: an account is one account whichever endpoint names it.
            if (!FirstTimeFor($"The snapshots of account {id}")) return;
            var path = $"/api/accounts/{segment}{CpmIds.ToText(id)}/snapshots/";
            var description = $"all snapshots of the backups of {kind} {CpmTargetText.NameAndId(NameOf(id), id)} (the account stays)";
            if (!ShouldProcessCall(description, "DELETE", path, null, Force)) return;
            var text = CpmIds.ToText(id);
            Try(id, () => Await(ct =>
                segment == "backup/" ? Client.DeleteAccountBackupSnapshotAsync(text, ct)
                : segment == "dr/" ? Client.DeleteAccountDrSnapshotAsync(text, ct)
                : Client.DeleteAccountSnapshotAsync(text, ct)));
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
