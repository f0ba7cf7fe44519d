using System;
using CpmPowerShell.Client;
using CpmPowerShell.Models;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Which backup and recovery statuses mean "still running", "done" and "done but not well", and the
    /// stable ErrorId each unhappy ending gets (CpmBackupFailed, CpmBackupPartiallySuccessful...).
    /// </summary>
    public static class CpmWorkStatus
    {
        /// <summary>
        /// Initializing and In Progress run; so does no status at all. A code this module does not know
        /// (a newer server) counts as running too: ending the wait early would report a failure that is not.
        /// </summary>
        public static bool IsRunning(BackupStatus? status) =>
            status == null || status == BackupStatus.Initializing || status == BackupStatus.InProgress || status == BackupStatus.Unknown;

        public static bool IsRunning(RecoveryStatus? status) =>
            status == null || status == RecoveryStatus.InProgress || status == RecoveryStatus.Unknown;

        /// <summary>Null for a successful ending; else the ErrorId that names the status.</summary>
        public static string ErrorIdFor(BackupStatus? status)
        {
            switch (status)
            {
                case BackupStatus.BackupSuccessful:
                case BackupStatus.MovedToS3Storage: // a successful backup whose snapshots were moved on
                case BackupStatus.MovedToS3Glacier:
                    return null;
                case BackupStatus.BackupFailed: return "CpmBackupFailed";
                case BackupStatus.BackupPartiallySuccessful: return "CpmBackupPartiallySuccessful";
                case BackupStatus.NotAllSnapshotsSucceeded: return "CpmBackupNotAllSnapshotsSucceeded";
                case BackupStatus.AllSnapshotsDeleted: return "CpmBackupAllSnapshotsDeleted";
                default: return "CpmBackupStatusUnknown";
            }
        }

        public static string ErrorIdFor(RecoveryStatus? status)
        {
            switch (status)
            {
                case RecoveryStatus.RecoverySuccessful: return null;
                case RecoveryStatus.RecoveryFailed: return "CpmRecoveryFailed";
                case RecoveryStatus.RecoveryPartiallySuccessful: return "CpmRecoveryPartiallySuccessful";
                default: return "CpmRecoveryStatusUnknown";
            }
        }

        /// <summary>The guide's label ("Backup Successful"), or the raw code when this module does not know it.</summary>
        public static string Describe<TEnum>(TEnum? status, string rawCode) where TEnum : struct, Enum
        {
            if (status == null) return "no status";
            if (Convert.ToInt32(status.Value) == 0) return $"unknown status '{rawCode}'";
            return CpmEnum.LabelOf(status.Value) ?? status.Value.ToString();
        }
    }
}
