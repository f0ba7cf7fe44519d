using System;
using System.Management.Automation;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Invoke-CpmRecovery: recovers whatever snapshot record is piped in, calling the matching recover
    /// endpoint (instance: POST .../snapshots/instances/{id}/recover/, volume: .../volumes/{id}/recover/)
    /// with the server's defaults: same region, same settings as at backup time.
    /// </summary>
    [CpmEndpoint("POST", "/api/backups/{backup_id}/snapshots/instances/{snapshot_record_id}/recover/")]
    [CpmEndpoint("POST", "/api/backups/{backup_id}/snapshots/volumes/{snapshot_record_id}/recover/")]
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

        void RecoverOne(object input, TimeSpan? timeout)
        {
            var item = input is PSObject pso ? pso.BaseObject : input;
            if (!ActOnServerOf(item)) return;
            switch (item)
            {
                case BackupSnapshotInstance instance when instance.BackupId != null && instance.Id != null:
                    Recover(instance, "instance", instance.BackupId.Value, instance.Id.Value, instance.BackedUpResourceId,
                        new BackupSnapshotInstanceRecoverCreateRequest(),
                        (body, ct) => Client.CreateBackupSnapshotInstanceRecoverAsync(CpmIds.ToText(instance.BackupId.Value), CpmIds.ToText(instance.Id.Value), body, ct),
                        timeout);
                    break;
                case BackupSnapshotVolume volume when CpmIds.ToLong(volume.BackupId) != null && volume.Id != null:
                    var backupId = CpmIds.ToLong(volume.BackupId).Value;
                    Recover(volume, "volume", backupId, volume.Id.Value, volume.BackedUpResourceId,
                        new BackupSnapshotVolumeRecoverCreateRequest(),
                        (body, ct) => Client.CreateBackupSnapshotVolumeRecoverAsync(CpmIds.ToText(backupId), CpmIds.ToText(volume.Id.Value), body, ct),
                        timeout);
                    break;
                case BackupSnapshotInstance _:
                case BackupSnapshotVolume _:
                    WriteMissingId(item);
                    break;
                default:
                    WriteCpmError("CpmUnsupportedInput", ErrorCategory.InvalidType,
                        $"Invoke-CpmRecovery cannot recover a {item?.GetType().Name ?? "null"}; it takes instance and volume snapshot records.",
                        "Pipe records from Get-CpmBackupInstance or Get-CpmBackupVolume (for example Get-CpmBackup -Id 12 | Get-CpmBackupInstance | Invoke-CpmRecovery).",
                        input);
                    break;
            }
        }

        void Recover<TBody>(object target, string kind, long backupId, long recordId, string resourceId, TBody body,
            Func<TBody, System.Threading.CancellationToken, System.Threading.Tasks.Task<Recovery>> call, TimeSpan? timeout)
        {
            var path = $"/api/backups/{backupId}/snapshots/{kind}s/{recordId}/recover/";
            var description = $"{kind} {resourceId} from snapshot record {recordId} of backup {backupId}";
            if (!ShouldProcessCall(description, "POST", path, body, Force)) return;
            Try(target, () => WriteRecoveryResult(Await(ct => call(body, ct)), Wait, timeout));
        }
    }
}
