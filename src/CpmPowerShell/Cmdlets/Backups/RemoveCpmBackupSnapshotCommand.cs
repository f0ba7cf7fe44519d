using System.Collections.Generic;
using System.Management.Automation;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Remove-CpmBackupSnapshot: deletes all snapshots of backups (DELETE /api/backups/{backup_id}/snapshots/).
    /// Written by hand because the target is the backup itself: it binds backup records or bare backup ids,
    /// never a BackupId property of something else (a piped instance record or log line would otherwise
    /// delete every snapshot of its backup, once per piped object).
    /// </summary>
    [CpmEndpoint("DELETE", "/api/backups/{backup_id}/snapshots/")]
    [Cmdlet(VerbsCommon.Remove, "CpmBackupSnapshot", DefaultParameterSetName = CpmParameterSets.Id, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RemoveCpmBackupSnapshotCommand : CpmCmdlet
    {
        /// <summary>Ids of the backups whose snapshots to delete (bare numbers may be piped).</summary>
        [Parameter(ParameterSetName = CpmParameterSets.Id, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [CpmObjectId]
        [ValidateRange(1, long.MaxValue)]
        [ValidateNotNullOrEmpty]
        public long[] BackupId { get; set; }

        /// <summary>Backup records, e.g. from Get-CpmBackup.</summary>
        [Parameter(ParameterSetName = CpmParameterSets.InputObject, Mandatory = true, ValueFromPipeline = true)]
        [CpmObjectId]
        [ValidateNotNullOrEmpty]
        public Backup[] InputObject { get; set; }

        /// <summary>Delete without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Backups handled by this command already, per server: each is deleted from once.</summary>
        readonly HashSet<(CpmConnection, long)> done = new HashSet<(CpmConnection, long)>();

        protected override void ProcessCpmRecord()
        {
            if (ParameterSetName == CpmParameterSets.InputObject)
            {
                foreach (var backup in InputObject)
                {
                    if (backup?.Id == null) { WriteMissingId(backup); continue; }
                    if (!ActOnServerOf(backup)) continue;
                    Remove(backup.Id.Value, backup);
                }
                return;
            }
            foreach (var id in BackupId) Remove(id, id);
        }

        void Remove(long backupId, object target)
        {
            if (!done.Add((Connection, backupId))) return;
            var path = $"/api/backups/{backupId}/snapshots/";
            if (!ShouldProcessCall($"all snapshots of backup {backupId}", "DELETE", path, null, Force)) return;
            Try(target, () => Await(ct => Client.DeleteBackupSnapshotAsync(CpmIds.ToText(backupId), ct)));
        }
    }
}
