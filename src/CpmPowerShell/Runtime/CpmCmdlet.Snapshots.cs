using System;
using System.Linq;
using System.Management.Automation;
using CpmPowerShell.Client;
using CpmPowerShell.Models;

namespace CpmPowerShell.Runtime
{
    /// <summary>What Invoke-CpmRecovery and Remove-CpmBackupSnapshot share: a record of the general snapshot list turned into its kind's record.</summary>
    public abstract partial class CpmCmdlet
    {
        /// <summary>
        /// The kind of a general-list record (Get-CpmBackupSnapshot); null, after a CpmUnsupportedInput error,
        /// when its SnapshotType names no kind the module knows.
        /// </summary>
        protected CpmSnapshotKind SnapshotKindOf(BackupSnapshot snapshot, object target)
        {
            var kind = CpmSnapshotKind.For(snapshot);
            if (kind != null) return kind;
            WriteCpmError(CpmErrorIds.UnsupportedInput, ErrorCategory.InvalidData,
                $"Snapshot record {snapshot.Id} of backup {snapshot.BackupId} has the type '{snapshot.SnapshotType}', which names no snapshot kind this module knows ({CpmSnapshotKind.KnownTypes}).",
                $"Read it through the list of its kind (for example Get-CpmBackupRdsDatabase -BackupId {snapshot.BackupId}) and pipe that record instead.",
                target);
            return null;
        }

        /// <summary>
        /// The kind's own record for a general-list record, read on the server the record came from, where
        /// the kind's endpoints take it: by its id, which the general list and the kind's list share, or, should
        /// a server number them apart, by the backed-up resource (and region) in the kind's list. Null after an
        /// error when neither finds it.
        /// </summary>
        protected CpmModel KindRecordOf(BackupSnapshot snapshot, CpmSnapshotKind kind, object target)
        {
            if (snapshot.BackupId == null || snapshot.Id == null) { WriteMissingId(snapshot); return null; }
            var connection = ConnectionOfOrigin(snapshot);
            if (connection == null) return null;
            var backupId = snapshot.BackupId.Value;
            CpmModel record = null;
            var read = false;
            Try(target, () =>
            {
                record = FindKindRecord(connection.Client, snapshot, kind, backupId);
                read = true;
            });
            if (!read) return null; // the read failed, and said why
            if (record == null)
            {
                WriteCpmError(CpmErrorIds.NotFound, ErrorCategory.ObjectNotFound,
                    $"The {kind.What} snapshot record {snapshot.Id} of backup {backupId} ({snapshot.BackedUpResourceId}) is not in the backup's {kind.What} list on {connection.Name}; it may have been deleted since it was read.",
                    $"List what the backup holds now with {kind.ListCommand} -BackupId {backupId}, and pipe that record instead.",
                    target);
                return null;
            }
            if (record.Origin == null) CpmOrigins.Stamp(record, connection);
            return record;
        }

        CpmModel FindKindRecord(CpmClient client, BackupSnapshot snapshot, CpmSnapshotKind kind, long backupId)
        {
            try
            {
                var record = Await(ct => kind.GetAsync(client, backupId, snapshot.Id.Value, ct));
                // Where a server numbers the lists apart, the same id may be another resource's record: never act on that one.
                if (SameResource(record, snapshot)) return record;
            }
            catch (CpmApiException e) when (e.Kind == CpmErrorKind.NotFound)
            {
            }
            var matches = kind.List(client, backupId, CancellationToken)
                .Where(r => Text(r, "BackedUpResourceId") == snapshot.BackedUpResourceId
                            && (string.IsNullOrEmpty(snapshot.Region) || Text(r, "Region") == snapshot.Region))
                .Take(2).ToList();
            return matches.Count == 1 ? matches[0] : null;
        }

        static bool SameResource(CpmModel record, BackupSnapshot snapshot)
        {
            var resource = Text(record, "BackedUpResourceId");
            return string.IsNullOrEmpty(resource) || string.IsNullOrEmpty(snapshot.BackedUpResourceId) || resource == snapshot.BackedUpResourceId;
        }

        static string Text(object record, string property) => record.GetType().GetProperty(property)?.GetValue(record) as string;
    }
}
