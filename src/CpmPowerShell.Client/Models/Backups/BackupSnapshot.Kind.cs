using System;
using System.Linq;
using System.Runtime.Serialization;

namespace CpmPowerShell.Models
{
    /// <summary>
    /// The kinds of snapshot records a backup holds, one per list under /api/backups/{id}/snapshots/.
    /// The Dr kinds are copies in another region (disaster recovery). Unknown: a type this module cannot
    /// tell (the raw text stays in <see cref="BackupSnapshot.SnapshotType"/>).
    /// </summary>
    public enum SnapshotKind
    {
        Unknown = 0,
        Instance,
        Volume,
        DrVolume,
        Efs,
        DrEfs,
        RdsDatabase,
        DrRdsDatabase,
        RdsCluster,
        DrRdsCluster,
        RedshiftCluster,
        DynamoDbTable,
        InitialAmi,
        DrInitialAmi,
        OnlyAmi,
        DrOnlyAmi,
    }

    /// <summary>
    /// A record of the general snapshot list (Get-CpmBackupSnapshot) says its kind only as text in
    /// snapshot_type, whose values the guide leaves open ("ebs", "ebs_copy", "rds", ...). Kind and IsDr read
    /// that text loosely, so a server that spells a type a little differently is still understood.
    /// </summary>
    public sealed partial class BackupSnapshot
    {
        /// <summary>The kind of snapshot, read from SnapshotType; Unknown when the text names no kind this module knows.</summary>
        [IgnoreDataMember]
        public SnapshotKind Kind => KindOf(SnapshotType);

        /// <summary>True for a copy in another region or account (disaster recovery), whose Region is where the copy is.</summary>
        [IgnoreDataMember]
        public bool IsDr => Words(SnapshotType).Any(w => w == "copy" || w == "dr");

        /// <summary>
        /// "ebs_copy" -> DrVolume, "RDS Cluster" -> RdsCluster, "initial_ami" -> InitialAmi. A copy is marked by
        /// the word copy or dr; the rest names the resource.
        /// </summary>
        public static SnapshotKind KindOf(string snapshotType)
        {
            var words = Words(snapshotType);
            var dr = words.Any(w => w == "copy" || w == "dr");
            var key = string.Concat(words.Where(w => w != "copy" && w != "dr" && w != "snapshot" && w != "snapshots" && w != "backup"));
            SnapshotKind local;
            switch (key)
            {
                case "instance": case "instances": case "ec2": case "ec2instance":
                    local = SnapshotKind.Instance; break;
                case "ebs": case "volume": case "volumes": case "ebsvolume":
                    local = SnapshotKind.Volume; break;
                case "efs": case "efsfilesystem": case "filesystem":
                    local = SnapshotKind.Efs; break;
                case "rds": case "rdsdatabase": case "rdsdatabases": case "rdsinstance": case "rdsdb": case "rdsdbinstance":
                    local = SnapshotKind.RdsDatabase; break;
                case "rdscluster": case "rdsclusters": case "aurora": case "auroracluster": case "rdsauroracluster":
                    local = SnapshotKind.RdsCluster; break;
                case "redshift": case "redshiftcluster": case "redshiftclusters":
                    local = SnapshotKind.RedshiftCluster; break;
                case "dynamodb": case "dynamodbtable": case "dynamodbtables":
                    local = SnapshotKind.DynamoDbTable; break;
                case "initialami": case "initialamis":
                    local = SnapshotKind.InitialAmi; break;
                case "ami": case "amis": case "onlyami": case "onlyamis": case "amionly":
                    local = SnapshotKind.OnlyAmi; break;
                default:
                    return SnapshotKind.Unknown;
            }
            if (!dr) return local;
            switch (local)
            {
                case SnapshotKind.Volume: return SnapshotKind.DrVolume;
                case SnapshotKind.Efs: return SnapshotKind.DrEfs;
                case SnapshotKind.RdsDatabase: return SnapshotKind.DrRdsDatabase;
                case SnapshotKind.RdsCluster: return SnapshotKind.DrRdsCluster;
                case SnapshotKind.InitialAmi: return SnapshotKind.DrInitialAmi;
                case SnapshotKind.OnlyAmi: return SnapshotKind.DrOnlyAmi;
                default: return SnapshotKind.Unknown; // instances, Redshift and DynamoDB have no DR copies of their own
            }
        }

        /// <summary>"rds_cluster_copy", "RDS Cluster Copy", "rdsClusterCopy" -> rds, cluster, copy.</summary>
        static string[] Words(string text)
        {
            if (string.IsNullOrWhiteSpace(text)) return new string[0];
            var spaced = new System.Text.StringBuilder();
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (!char.IsLetterOrDigit(c)) { spaced.Append(' '); continue; }
                // a lower-case letter followed by an upper-case one starts a new word (rdsCluster)
                if (i > 0 && char.IsUpper(c) && char.IsLower(text[i - 1])) spaced.Append(' ');
                spaced.Append(char.ToLowerInvariant(c));
            }
            return spaced.ToString().Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
