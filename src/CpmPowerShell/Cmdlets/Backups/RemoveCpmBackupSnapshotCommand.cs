using System.Collections.Generic;
using System.Management.Automation;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Remove-CpmBackupSnapshot: deletes all snapshots of backups (given by id or as backup records), or the
    /// single snapshot records of the general list (Get-CpmBackupSnapshot) piped in, each through the DELETE
    /// endpoint of its kind (<see cref="CpmSnapshotKind"/>). Nothing else binds: a log line or a kind's own
    /// record that carries a BackupId never deletes all snapshots of its backup. Each path is deleted once
    /// per command and server, however often it comes down the pipeline.
    /// </summary>
    // The per-kind DELETE endpoints it calls come from CpmSnapshotKind.All (listed for Find-CpmCommand by CpmEndpointTable).
    [CpmEndpoint("DELETE", "/api/backups/{backup_id}/snapshots/")]
    [Cmdlet(VerbsCommon.Remove, "CpmBackupSnapshot", DefaultParameterSetName = CpmParameterSets.Id, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RemoveCpmBackupSnapshotCommand : CpmCmdlet
    {
        const string SnapshotSet = "Snapshot";

        /// <summary>The backups whose snapshots all go; bare ids from the pipeline bind here, never a BackupId property.</summary>
        [Parameter(ParameterSetName = CpmParameterSets.Id, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [CpmObjectId]
        [ValidateRange(1, long.MaxValue)]
        [ValidateNotNullOrEmpty]
        public long[] BackupId { get; set; }

        /// <summary>Backup records (Get-CpmBackup) whose snapshots all go.</summary>
        [Parameter(ParameterSetName = CpmParameterSets.InputObject, Mandatory = true, ValueFromPipeline = true)]
        [CpmObjectId]
        [ValidateNotNullOrEmpty]
        public Backup[] InputObject { get; set; }

        /// <summary>Single snapshot records of the general list (Get-CpmBackupSnapshot): only these go.</summary>
        [Parameter(ParameterSetName = SnapshotSet, Mandatory = true, ValueFromPipeline = true)]
        [CpmObjectId]
        [ValidateNotNullOrEmpty]
        public BackupSnapshot[] Snapshot { get; set; }

        /// <summary>Delete without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessCpmRecord()
        {
            switch (ParameterSetName)
            {
                case CpmParameterSets.InputObject:
                    foreach (var backup in InputObject)
                    {
                        if (backup == null || !ActOnServerOf(backup)) continue;
                        if (backup.Id == null) { WriteMissingId(backup); continue; }
                        RemoveAll(backup.Id.Value, backup);
                    }
                    break;
                case SnapshotSet:
                    foreach (var snapshot in Snapshot) RemoveOne(snapshot);
                    break;
                default:
                    foreach (var id in BackupId) RemoveAll(id, id);
                    break;
            }
        }

        void RemoveAll(long backupId, object target)
        {
            var path = $"/api/backups/{CpmIds.ToText(backupId)}/snapshots/";
            if (!FirstTimeFor(path)) return;
            if (!ShouldProcessCall($"all snapshots of backup {backupId}", "DELETE", path, null, Force)) return;
            Try(target, () => Await(ct => Client.DeleteBackupSnapshotAsync(CpmIds.ToText(backupId), ct)));
        }

        /// <summary>One record of the general list, deleted through its kind's endpoint once its kind's record is found.</summary>
        void RemoveOne(BackupSnapshot snapshot)
        {
            if (snapshot == null || !ActOnServerOf(snapshot)) return;
            var kind = SnapshotKindOf(snapshot, snapshot);
            if (kind == null) return;
            if (!kind.CanDelete)
            {
                WriteCpmError(CpmErrorIds.UnsupportedInput, ErrorCategory.InvalidOperation,
                    $"CPM deletes no single {kind.What} snapshot record (record {snapshot.Id} of backup {snapshot.BackupId}, {snapshot.BackedUpResourceId}): an instance's snapshots are the snapshots of its volumes. Nothing was sent.",
                    $"Delete its volumes' snapshots with Get-CpmBackupVolume -BackupId {snapshot.BackupId} | Remove-CpmBackupVolume, or every snapshot of the backup with Remove-CpmBackupSnapshot -BackupId {snapshot.BackupId}.",
                    snapshot);
                return;
            }
            var record = KindRecordOf(snapshot, kind, snapshot);
            if (record == null) return;
            var id = (long?)record.GetType().GetProperty("Id")?.GetValue(record);
            if (id == null) { WriteMissingId(record); return; }
            var backupId = snapshot.BackupId.Value;
            var path = kind.ItemPath(backupId, id.Value);
            if (!FirstTimeFor(path)) return;
            var where = string.IsNullOrEmpty(snapshot.Region) ? "" : ", " + snapshot.Region;
            if (!ShouldProcessCall($"{kind.What} snapshot record {id} of backup {backupId} ({snapshot.BackedUpResourceId}{where})", "DELETE", path, null, Force)) return;
            Try(snapshot, () => Await(ct => kind.DeleteAsync(Client, backupId, id.Value, ct)));
        }
    }
}
