using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.Serialization;
using System.Threading;
using System.Threading.Tasks;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// One kind of policy target (13.25-13.63) as Add-CpmPolicyTarget and Remove-CpmPolicyTarget see it: the
    /// ResourceType text the combined list (Get-CpmPolicyTarget, 13.24) gives it, its typed record, and its
    /// endpoints under /api/policies/{policy_id}/targets/. <see cref="All"/> is the one table of kinds.
    /// </summary>
    public abstract class CpmPolicyTargetKind
    {
        protected CpmPolicyTargetKind(string resourceType, string segment, string what, string noun, string[] aliases)
        {
            ResourceType = resourceType;
            Segment = segment;
            What = what;
            Noun = noun;
            this.aliases = aliases;
        }

        readonly string[] aliases;

        /// <summary>"RDS Database": the ResourceType the combined list shows.</summary>
        public string ResourceType { get; }
        /// <summary>"rds_databases": the path segment under .../targets/.</summary>
        public string Segment { get; }
        /// <summary>"RDS database": for messages.</summary>
        public string What { get; }
        /// <summary>"PolicyRdsDatabase": the noun of the kind's own cmdlets (Get-CpmPolicyRdsDatabase).</summary>
        public string Noun { get; }
        public abstract Type RecordType { get; }

        /// <summary>"/api/policies/{policy_id}/targets/rds_databases/".</summary>
        public string CollectionTemplate => "/api/policies/{policy_id}/targets/" + Segment + "/";
        /// <summary>"/api/policies/{policy_id}/targets/rds_databases/{id}/".</summary>
        public string ItemTemplate => CollectionTemplate + "{id}/";

        public string CollectionPath(long policyId) => $"/api/policies/{CpmIds.ToText(policyId)}/targets/{Segment}/";
        public string ItemPath(long policyId, long id) => CollectionPath(policyId) + CpmIds.ToText(id) + "/";

        /// <summary>The target's full record of this kind (the combined list has only the fields all kinds share).</summary>
        public abstract Task<CpmModel> GetAsync(CpmClient client, long policyId, long id, CancellationToken token);

        /// <summary>Adds a target of this kind to a policy from a body of its create fields.</summary>
        public abstract Task<CpmModel> CreateAsync(CpmClient client, long policyId, JObject body, CancellationToken token);

        public abstract Task DeleteAsync(CpmClient client, long policyId, long id, CancellationToken token);

        /// <summary>
        /// The fields of a record that the kind's create endpoint takes, with their values; read-only fields
        /// (id, status, what CPM read from AWS) and fields the server sent but this module does not model
        /// are left out, so a copy sends only what a user could have typed.
        /// </summary>
        public abstract JObject CreateBodyOf(CpmModel record);

        /// <summary>Whether a ResourceType text names this kind: exact, or one of the names a server may use for it.</summary>
        bool Names(string resourceType)
        {
            var key = Key(resourceType);
            return key == Key(ResourceType) || aliases.Any(a => Key(a) == key);
        }

        /// <summary>"RDS Database", "rds_database", "RdsDatabase" all read alike.</summary>
        static string Key(string text) => new string((text ?? "").Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

        /// <summary>The kind of a target record: typed records by their type, the combined list's by ResourceType.</summary>
        public static CpmPolicyTargetKind For(object record)
        {
            switch (record)
            {
                case null:
                    return null;
                case PolicyTarget summary:
                    return All.FirstOrDefault(k => k.Names(summary.ResourceType)) ?? ByAwsId(summary.AwsResourceId);
                default:
                    return All.FirstOrDefault(k => k.RecordType == record.GetType());
            }
        }

        /// <summary>
        /// How an operator knows a target, for -WhatIf and prompts: "'orders-db'", "'web-01' (i-0abc...)";
        /// its name (a DynamoDB table's AwsResourceName) and AWS id where it has them.
        /// </summary>
        public static string Label(object record)
        {
            string Text(string property) => record?.GetType().GetProperty(property)?.GetValue(record) as string;
            var awsId = Text("AwsResourceId");
            var name = Text("Name") ?? Text("AwsResourceName");
            var label = string.IsNullOrWhiteSpace(name) ? awsId : name;
            if (string.IsNullOrWhiteSpace(label)) return "(unnamed)";
            return string.IsNullOrWhiteSpace(awsId) || label == awsId ? $"'{label}'" : $"'{label}' ({awsId})";
        }

        /// <summary>The ResourceType names the module knows, for messages: "EC2 Instance, EBS Volume, ...".</summary>
        public static string KnownTypes => string.Join(", ", All.Select(k => "'" + k.ResourceType + "'"));

        /// <summary>The message for a combined-list record whose ResourceType no kind names ("add", "remove").</summary>
        public static string UnknownType(string resourceType, string verb) =>
            $"The resource type '{resourceType}' is not one this module knows how to {verb}; it knows {KnownTypes}.";

        /// <summary>
        /// The policy and target ids a target record carries: the typed records of every kind and the combined
        /// list's have both (PolicyId stamped by the client), without a common type to read them through.
        /// </summary>
        public static (long? PolicyId, long? Id) IdsOf(object record)
        {
            var type = record.GetType();
            return ((long?)type.GetProperty("PolicyId")?.GetValue(record), (long?)type.GetProperty("Id")?.GetValue(record));
        }

        /// <summary>Where a server names the type in words the table does not know, an AWS id with a prefix still tells.</summary>
        static CpmPolicyTargetKind ByAwsId(string awsId)
        {
            if (string.IsNullOrEmpty(awsId)) return null;
            var segment = awsId.StartsWith("i-", StringComparison.Ordinal) ? "instances"
                : awsId.StartsWith("vol-", StringComparison.Ordinal) ? "volumes"
                : awsId.StartsWith("fs-", StringComparison.Ordinal) ? "efs"
                : null;
            return All.FirstOrDefault(k => k.Segment == segment);
        }

        /// <summary>Every kind of target a policy has, in the guide's order.</summary>
        public static readonly IReadOnlyList<CpmPolicyTargetKind> All = new CpmPolicyTargetKind[]
        {
            new Kind<PolicyTargetInstance, PolicyTargetInstanceCreateRequest>("EC2 Instance", "instances", "EC2 instance", "PolicyInstance",
                new[] { "Instance", "EC2" },
                (c, p, i, t) => c.GetPolicyTargetInstanceAsync(p, i, t), (c, p, b, t) => c.CreatePolicyTargetInstanceAsync(p, b, t), (c, p, i, t) => c.DeletePolicyTargetInstanceAsync(p, i, t)),
            new Kind<PolicyTargetVolume, PolicyTargetVolumeCreateRequest>("EBS Volume", "volumes", "EBS volume", "PolicyVolume",
                new[] { "Volume", "EBS" },
                (c, p, i, t) => c.GetPolicyTargetVolumeAsync(p, i, t), (c, p, b, t) => c.CreatePolicyTargetVolumeAsync(p, b, t), (c, p, i, t) => c.DeletePolicyTargetVolumeAsync(p, i, t)),
            new Kind<PolicyTargetDynamoDbTable, PolicyTargetDynamoDbTableCreateRequest>("DynamoDB Table", "dynamodb_tables", "DynamoDB table", "PolicyDynamoDbTable",
                new[] { "DynamoDB" },
                (c, p, i, t) => c.GetPolicyTargetDynamodbTableAsync(p, i, t), (c, p, b, t) => c.CreatePolicyTargetDynamodbTableAsync(p, b, t), (c, p, i, t) => c.DeletePolicyTargetDynamodbTableAsync(p, i, t)),
            new Kind<PolicyTargetEfs, PolicyTargetEfsCreateRequest>("EFS", "efs", "EFS file system", "PolicyEfs",
                new[] { "Elastic File System", "EFS File System" },
                (c, p, i, t) => c.GetPolicyTargetEfsAsync(p, i, t), (c, p, b, t) => c.CreatePolicyTargetEfsAsync(p, b, t), (c, p, i, t) => c.DeletePolicyTargetEfsAsync(p, i, t)),
            new Kind<PolicyTargetRdsCluster, PolicyTargetRdsClusterCreateRequest>("RDS Cluster", "rds_clusters", "RDS cluster", "PolicyRdsCluster",
                new[] { "Aurora Cluster", "Aurora", "RDS Aurora Cluster" },
                (c, p, i, t) => c.GetPolicyTargetRdsClusterAsync(p, i, t), (c, p, b, t) => c.CreatePolicyTargetRdsClusterAsync(p, b, t), (c, p, i, t) => c.DeletePolicyTargetRdsClusterAsync(p, i, t)),
            new Kind<PolicyTargetRdsDatabase, PolicyTargetRdsDatabaseCreateRequest>("RDS Database", "rds_databases", "RDS database", "PolicyRdsDatabase",
                new[] { "RDS Instance", "RDS DB Instance", "RDS" },
                (c, p, i, t) => c.GetPolicyTargetRdsDatabaseAsync(p, i, t), (c, p, b, t) => c.CreatePolicyTargetRdsDatabaseAsync(p, b, t), (c, p, i, t) => c.DeletePolicyTargetRdsDatabaseAsync(p, i, t)),
            new Kind<PolicyTargetRedshiftCluster, PolicyTargetRedshiftClusterCreateRequest>("Redshift Cluster", "redshift_clusters", "Redshift cluster", "PolicyRedshiftCluster",
                new[] { "Redshift" },
                (c, p, i, t) => c.GetPolicyTargetRedshiftClusterAsync(p, i, t), (c, p, b, t) => c.CreatePolicyTargetRedshiftClusterAsync(p, b, t), (c, p, i, t) => c.DeletePolicyTargetRedshiftClusterAsync(p, i, t)),
            new Kind<PolicyTargetS3Sync, PolicyTargetS3SyncCreateRequest>("S3 Sync", "s3syncs", "S3 sync", "PolicyS3Sync",
                new[] { "S3 Bucket Sync", "S3" },
                (c, p, i, t) => c.GetPolicyTargetS3syncAsync(p, i, t), (c, p, b, t) => c.CreatePolicyTargetS3syncAsync(p, b, t), (c, p, i, t) => c.DeletePolicyTargetS3syncAsync(p, i, t)),
        };

        /// <summary>A kind whose records are TRecord and whose create endpoint takes a TCreate body.</summary>
        sealed class Kind<TRecord, TCreate> : CpmPolicyTargetKind where TRecord : CpmModel where TCreate : CpmModel
        {
            readonly Func<CpmClient, string, string, CancellationToken, Task<TRecord>> get;
            readonly Func<CpmClient, string, TCreate, CancellationToken, Task<TRecord>> create;
            readonly Func<CpmClient, string, string, CancellationToken, Task> delete;

            /// <summary>The JSON names of TCreate's fields (enum fields are private members holding the API's code).</summary>
            static readonly string[] createFields = typeof(TCreate).GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .Select(m => m.GetCustomAttribute<DataMemberAttribute>()?.Name).Where(n => n != null).Distinct().ToArray();

            public Kind(string resourceType, string segment, string what, string noun, string[] aliases,
                Func<CpmClient, string, string, CancellationToken, Task<TRecord>> get,
                Func<CpmClient, string, TCreate, CancellationToken, Task<TRecord>> create,
                Func<CpmClient, string, string, CancellationToken, Task> delete)
                : base(resourceType, segment, what, noun, aliases)
            {
                this.get = get;
                this.create = create;
                this.delete = delete;
            }

            public override Type RecordType => typeof(TRecord);

            public override async Task<CpmModel> GetAsync(CpmClient client, long policyId, long id, CancellationToken token) =>
                await get(client, CpmIds.ToText(policyId), CpmIds.ToText(id), token).ConfigureAwait(false);

            public override async Task<CpmModel> CreateAsync(CpmClient client, long policyId, JObject body, CancellationToken token) =>
                await create(client, CpmIds.ToText(policyId), body.ToObject<TCreate>(CpmJson.Serializer), token).ConfigureAwait(false);

            public override Task DeleteAsync(CpmClient client, long policyId, long id, CancellationToken token) =>
                delete(client, CpmIds.ToText(policyId), CpmIds.ToText(id), token);

            public override JObject CreateBodyOf(CpmModel record)
            {
                var all = JObject.FromObject(record, CpmJson.Serializer);
                var body = new JObject();
                foreach (var field in createFields)
                    if (all.TryGetValue(field, out var value) && value.Type != JTokenType.Null) body[field] = value.DeepClone();
                return body;
            }
        }
    }

    /// <summary>Tab completion of -ResourceType: the kinds' ResourceType texts.</summary>
    public sealed class CpmPolicyTargetKindCompleter : CpmValuesCompleter
    {
        public CpmPolicyTargetKindCompleter() : base(CpmPolicyTargetKind.All.Select(k => k.ResourceType).ToArray()) { }
    }
}
