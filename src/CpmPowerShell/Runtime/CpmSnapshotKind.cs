using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CpmPowerShell.Client;
using CpmPowerShell.Models;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// One kind of snapshot record (7.9-7.68) as the dispatchers see it: the <see cref="SnapshotKind"/> that
    /// Get-CpmBackupSnapshot (7.5) shows, the typed record of the kind's own list, and its endpoints under
    /// /api/backups/{backup_id}/snapshots/. Invoke-CpmRecovery and Remove-CpmBackupSnapshot turn a record
    /// of the general list into the kind's record with it. <see cref="All"/> is the one table of kinds.
    /// </summary>
    public abstract class CpmSnapshotKind
    {
        protected CpmSnapshotKind(SnapshotKind kind, string segment, string what, string noun, string cannotRecover)
        {
            Kind = kind;
            Segment = segment;
            What = what;
            Noun = noun;
            CannotRecover = cannotRecover;
        }

        public SnapshotKind Kind { get; }
        /// <summary>"dr_volumes": the path segment under .../snapshots/.</summary>
        public string Segment { get; }
        /// <summary>"DR volume": for messages.</summary>
        public string What { get; }
        /// <summary>"BackupDrVolume": the noun of the kind's own cmdlets (Get-CpmBackupDrVolume).</summary>
        public string Noun { get; }
        /// <summary>Why a record of this kind cannot be recovered, and what to do instead; null where it can.</summary>
        public string CannotRecover { get; }
        public abstract Type RecordType { get; }
        /// <summary>False where the API deletes no single record of this kind (instances).</summary>
        public abstract bool CanDelete { get; }

        public string ListCommand => "Get-Cpm" + Noun;
        /// <summary>"/api/backups/{backup_id}/snapshots/dr_volumes/{id}/".</summary>
        public string ItemTemplate => "/api/backups/{backup_id}/snapshots/" + Segment + "/{id}/";
        public string ItemPath(long backupId, long id) => $"/api/backups/{CpmIds.ToText(backupId)}/snapshots/{Segment}/{CpmIds.ToText(id)}/";

        /// <summary>The kind's own record with this id (the general list and the kind's list share record ids).</summary>
        public abstract Task<CpmModel> GetAsync(CpmClient client, long backupId, long id, CancellationToken token);

        /// <summary>Every record of this kind in a backup.</summary>
        public abstract IEnumerable<CpmModel> List(CpmClient client, long backupId, CancellationToken token);

        public abstract Task DeleteAsync(CpmClient client, long backupId, long id, CancellationToken token);

        /// <summary>The kind of a record of the general list; null when its SnapshotType names none the table knows.</summary>
        public static CpmSnapshotKind For(BackupSnapshot snapshot) =>
            snapshot == null ? null : All.FirstOrDefault(k => k.Kind == snapshot.Kind);

        /// <summary>The kind of one of the kinds' own records, by its type.</summary>
        public static CpmSnapshotKind ForRecord(object record) =>
            record == null ? null : All.FirstOrDefault(k => k.RecordType == record.GetType());

        /// <summary>The snapshot types the module reads, for messages: "instance, ebs, ebs_copy, ...".</summary>
        public const string KnownTypes = "instance, ebs, ebs_copy, efs, efs_copy, rds, rds_copy, rds_cluster, rds_cluster_copy, redshift, dynamodb, initial_ami, initial_ami_copy, ami, ami_copy";

        const string AmiAdvice = "CPM has no recover endpoint for AMI records: recover the instance from its instance snapshot record of the same backup (Get-CpmBackupInstance -BackupId {0} | Invoke-CpmRecovery), or launch an instance from the image in AWS.";

        /// <summary>Every kind of snapshot record, in the order of the guide's kinds.</summary>
        public static readonly IReadOnlyList<CpmSnapshotKind> All = new CpmSnapshotKind[]
        {
            new KindOf<BackupSnapshotInstance>(SnapshotKind.Instance, "instances", "instance", "BackupInstance", null,
                (c, b, i, t) => c.GetBackupSnapshotInstanceAsync(b, i, t), (c, b, t) => c.ListBackupSnapshotInstances(b, null, 0, t), null),
            new KindOf<BackupSnapshotVolume>(SnapshotKind.Volume, "volumes", "volume", "BackupVolume", null,
                (c, b, i, t) => c.GetBackupSnapshotVolumeAsync(b, i, t), (c, b, t) => c.ListBackupSnapshotVolumes(b, null, 0, t), (c, b, i, t) => c.DeleteBackupSnapshotVolumeAsync(b, i, t)),
            new KindOf<BackupSnapshotDrVolume>(SnapshotKind.DrVolume, "dr_volumes", "DR volume", "BackupDrVolume", null,
                (c, b, i, t) => c.GetBackupSnapshotDrVolumeAsync(b, i, t), (c, b, t) => c.ListBackupSnapshotDrVolumes(b, null, 0, t), (c, b, i, t) => c.DeleteBackupSnapshotDrVolumeAsync(b, i, t)),
            new KindOf<BackupSnapshotEfs>(SnapshotKind.Efs, "efs", "EFS", "BackupEfs", null,
                (c, b, i, t) => c.GetBackupSnapshotEfsAsync(b, i, t), (c, b, t) => c.ListBackupSnapshotEfs(b, null, 0, t), (c, b, i, t) => c.DeleteBackupSnapshotEfsAsync(b, i, t)),
            new KindOf<BackupSnapshotDrEfs>(SnapshotKind.DrEfs, "dr_efs", "DR EFS", "BackupDrEfs", null,
                (c, b, i, t) => c.GetBackupSnapshotDrEfsAsync(b, i, t), (c, b, t) => c.ListBackupSnapshotDrEfs(b, null, 0, t), (c, b, i, t) => c.DeleteBackupSnapshotDrEfsAsync(b, i, t)),
            new KindOf<BackupSnapshotRdsDatabase>(SnapshotKind.RdsDatabase, "rds_databases", "RDS database", "BackupRdsDatabase", null,
                (c, b, i, t) => c.GetBackupSnapshotRdsDatabaseAsync(b, i, t), (c, b, t) => c.ListBackupSnapshotRdsDatabases(b, null, 0, t), (c, b, i, t) => c.DeleteBackupSnapshotRdsDatabaseAsync(b, i, t)),
            new KindOf<BackupSnapshotDrRdsDatabase>(SnapshotKind.DrRdsDatabase, "dr_rds_databases", "DR RDS database", "BackupDrRdsDatabase", null,
                (c, b, i, t) => c.GetBackupSnapshotDrRdsDatabaseAsync(b, i, t), (c, b, t) => c.ListBackupSnapshotDrRdsDatabases(b, null, 0, t), (c, b, i, t) => c.DeleteBackupSnapshotDrRdsDatabaseAsync(b, i, t)),
            new KindOf<BackupSnapshotRdsCluster>(SnapshotKind.RdsCluster, "rds_clusters", "RDS cluster", "BackupRdsCluster", null,
                (c, b, i, t) => c.GetBackupSnapshotRdsClusterAsync(b, i, t), (c, b, t) => c.ListBackupSnapshotRdsClusters(b, null, 0, t), (c, b, i, t) => c.DeleteBackupSnapshotRdsClusterAsync(b, i, t)),
            new KindOf<BackupSnapshotDrRdsCluster>(SnapshotKind.DrRdsCluster, "dr_rds_clusters", "DR RDS cluster", "BackupDrRdsCluster", null,
                (c, b, i, t) => c.GetBackupSnapshotDrRdsClusterAsync(b, i, t), (c, b, t) => c.ListBackupSnapshotDrRdsClusters(b, null, 0, t), (c, b, i, t) => c.DeleteBackupSnapshotDrRdsClusterAsync(b, i, t)),
            new KindOf<BackupSnapshotRedshiftCluster>(SnapshotKind.RedshiftCluster, "redshift_clusters", "Redshift cluster", "BackupRedshiftCluster", null,
                (c, b, i, t) => c.GetBackupSnapshotRedshiftClusterAsync(b, i, t), (c, b, t) => c.ListBackupSnapshotRedshiftClusters(b, null, 0, t), (c, b, i, t) => c.DeleteBackupSnapshotRedshiftClusterAsync(b, i, t)),
            new KindOf<BackupSnapshotDynamoDbTable>(SnapshotKind.DynamoDbTable, "dynamodb_tables", "DynamoDB table", "BackupDynamoDbTable", null,
                (c, b, i, t) => c.GetBackupSnapshotDynamodbTableAsync(b, i, t), (c, b, t) => c.ListBackupSnapshotDynamodbTables(b, null, 0, t), (c, b, i, t) => c.DeleteBackupSnapshotDynamodbTableAsync(b, i, t)),
            new KindOf<BackupSnapshotInitialAmi>(SnapshotKind.InitialAmi, "initial_amis", "initial AMI", "BackupInitialAmi", AmiAdvice,
                (c, b, i, t) => c.GetBackupSnapshotInitialAmisAsync(b, i, t), (c, b, t) => c.ListBackupSnapshotInitialAmis(b, null, 0, t), (c, b, i, t) => c.DeleteBackupSnapshotInitialAmisAsync(b, i, t)),
            new KindOf<BackupSnapshotDrInitialAmi>(SnapshotKind.DrInitialAmi, "dr_initial_amis", "DR initial AMI", "BackupDrInitialAmi", AmiAdvice,
                (c, b, i, t) => c.GetBackupSnapshotDrInitialAmisAsync(b, i, t), (c, b, t) => c.ListBackupSnapshotDrInitialAmis(b, null, 0, t), (c, b, i, t) => c.DeleteBackupSnapshotDrInitialAmisAsync(b, i, t)),
            new KindOf<BackupSnapshotOnlyAmi>(SnapshotKind.OnlyAmi, "only_amis", "AMI-only", "BackupOnlyAmi", AmiAdvice,
                (c, b, i, t) => c.GetBackupSnapshotOnlyAmisAsync(b, i, t), (c, b, t) => c.ListBackupSnapshotOnlyAmis(b, null, 0, t), (c, b, i, t) => c.DeleteBackupSnapshotOnlyAmisAsync(b, i, t)),
            new KindOf<BackupSnapshotDrOnlyAmi>(SnapshotKind.DrOnlyAmi, "only_dr_amis", "DR AMI-only", "BackupDrOnlyAmi", AmiAdvice,
                (c, b, i, t) => c.GetBackupSnapshotOnlyDrAmisAsync(b, i, t), (c, b, t) => c.ListBackupSnapshotOnlyDrAmis(b, null, 0, t), (c, b, i, t) => c.DeleteBackupSnapshotOnlyDrAmisAsync(b, i, t)),
        };

        /// <summary>A kind whose records are TRecord.</summary>
        sealed class KindOf<TRecord> : CpmSnapshotKind where TRecord : CpmModel
        {
            readonly Func<CpmClient, string, string, CancellationToken, Task<TRecord>> get;
            readonly Func<CpmClient, string, CancellationToken, IEnumerable<TRecord>> list;
            readonly Func<CpmClient, string, string, CancellationToken, Task> delete;

            public KindOf(SnapshotKind kind, string segment, string what, string noun, string cannotRecover,
                Func<CpmClient, string, string, CancellationToken, Task<TRecord>> get,
                Func<CpmClient, string, CancellationToken, IEnumerable<TRecord>> list,
                Func<CpmClient, string, string, CancellationToken, Task> delete)
                : base(kind, segment, what, noun, cannotRecover)
            {
                this.get = get;
                this.list = list;
                this.delete = delete;
            }

            public override Type RecordType => typeof(TRecord);
            public override bool CanDelete => delete != null;

            public override async Task<CpmModel> GetAsync(CpmClient client, long backupId, long id, CancellationToken token) =>
                await get(client, CpmIds.ToText(backupId), CpmIds.ToText(id), token).ConfigureAwait(false);

            public override IEnumerable<CpmModel> List(CpmClient client, long backupId, CancellationToken token) =>
                list(client, CpmIds.ToText(backupId), token);

            public override Task DeleteAsync(CpmClient client, long backupId, long id, CancellationToken token)
            {
                if (delete == null) throw new InvalidOperationException($"The API deletes no single {What} snapshot record.");
                return delete(client, CpmIds.ToText(backupId), CpmIds.ToText(id), token);
            }
        }
    }
}
