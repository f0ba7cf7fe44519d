using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Invoke-CpmRecovery: recovers whatever snapshot record is piped in, calling the recover endpoint
    /// that the generated registry (<see cref="CpmWorkKinds.RecoverEndpoints"/>) names for its type, with
    /// the server's defaults (same region, same settings as at backup time) and the few settings that apply
    /// across kinds: a suffix for the new names that databases and tables need, and where to put the result.
    /// Records of the general list (Get-CpmBackupSnapshot) are first read as their kind's record.
    /// </summary>
    // The recover POSTs it calls come from the recover registry (CpmEndpointTable), not from attributes.
    [CpmEndpoint("GET", "/api/recoveries/{id}/")]
    [Cmdlet(VerbsLifecycle.Invoke, "CpmRecovery", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Recovery))]
    public sealed class InvokeCpmRecoveryCommand : CpmCmdlet
    {
        /// <summary>Snapshot records: from Get-CpmBackupSnapshot, or from a kind's own list (Get-CpmBackupInstance, Get-CpmBackupRdsDatabase, ...).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [CpmObjectId]
        [ValidateNotNullOrEmpty]
        public object[] InputObject { get; set; }

        /// <summary>
        /// Appended to the backed-up resource's name to name what a recovery creates where AWS needs a new
        /// name (RDS databases and clusters, Redshift clusters, DynamoDB tables): -NameSuffix '-rehearsal'.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string NameSuffix { get; set; }

        /// <summary>Instances: the VPC to launch the recovered instance in (with -SubnetId).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string VpcId { get; set; }

        /// <summary>Instances: the subnet to launch the recovered instance in.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string SubnetId { get; set; }

        /// <summary>Instances: the security groups of the recovered instance.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] SecurityGroupId { get; set; }

        /// <summary>RDS databases and clusters, Redshift clusters: the subnet group to recover into.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string SubnetGroupName { get; set; }

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

        protected override void BeginCpmProcessing()
        {
            RequireWaitForTimeout(Wait, IsBound(nameof(Timeout)));
            if (IsBound(nameof(VpcId)) && !IsBound(nameof(SubnetId)))
                ThrowCpmError(CpmErrorIds.InvalidArgument, ErrorCategory.InvalidArgument,
                    "-VpcId was given without -SubnetId: an instance is placed in a VPC through one of its subnets.",
                    "Add -SubnetId with a subnet of that VPC.", VpcId);
        }

        protected override void ProcessCpmRecord()
        {
            var timeout = IsBound(nameof(Timeout)) ? Timeout : (TimeSpan?)null;
            foreach (var input in InputObject) RecoverOne(input, timeout);
        }

        /// <summary>"a, b or c".</summary>
        static string OneOf(IEnumerable<string> words)
        {
            var list = words.ToList();
            return list.Count < 2 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " or " + list[list.Count - 1];
        }

        /// <summary>
        /// Finds the recover endpoint for the record's type in the generated registry (one overlay
        /// "recovers" key per snapshot kind), takes the path ids from the record and calls it.
        /// </summary>
        void RecoverOne(object input, TimeSpan? timeout)
        {
            var item = input is PSObject pso ? pso.BaseObject : input;
            if (item is BackupSnapshot snapshot)
            {
                item = KindRecordToRecover(snapshot, input);
                if (item == null) return;
            }
            var endpoint = CpmRecoverEndpoint.For(item);
            if (endpoint == null)
            {
                var kind = CpmSnapshotKind.ForRecord(item);
                if (kind?.CannotRecover != null)
                {
                    WriteCannotRecover(kind, item.GetType().GetProperty("BackupId")?.GetValue(item), input);
                    return;
                }
                var kinds = CpmWorkKinds.RecoverEndpoints;
                WriteCpmError(CpmErrorIds.UnsupportedInput, ErrorCategory.InvalidType,
                    $"Invoke-CpmRecovery cannot recover a {item?.GetType().Name ?? "null"}; it takes snapshot records from Get-CpmBackupSnapshot, or {OneOf(kinds.Select(k => k.What))} snapshot records.",
                    $"Pipe records from Get-CpmBackupSnapshot or {OneOf(kinds.Select(k => k.ListCommand))} (for example Get-CpmBackup -Id 12 | Get-CpmBackupSnapshot | Invoke-CpmRecovery).",
                    input);
                return;
            }
            var ids = endpoint.IdsOf(item);
            if (ids.Any(id => id == null))
            {
                WriteMissingId(item);
                return;
            }
            if (!ActOnServerOf(item)) return;

            var values = ids.Select(id => id.Value).ToArray();
            var body = endpoint.NewBody();
            if (!ApplySettings(endpoint, item, body, input)) return;
            var path = endpoint.PathFor(values);
            // The record's own id is the last path id; its backup the first.
            var description = $"{endpoint.What} {endpoint.ResourceOf(item)} from snapshot record {values[values.Length - 1]} of backup {values[0]}";
            if (!ShouldProcessCall(description, "POST", path, body, Force)) return;
            Try(item, () => WriteStartedWork(endpoint.Work, Await(ct => endpoint.RecoverAsync(Client, values, body, ct)), Wait, timeout));
        }

        /// <summary>A general-list record as its kind's record, or null after saying why it cannot be recovered.</summary>
        object KindRecordToRecover(BackupSnapshot snapshot, object input)
        {
            var kind = SnapshotKindOf(snapshot, input);
            if (kind == null) return null;
            if (kind.CannotRecover != null)
            {
                WriteCannotRecover(kind, snapshot.BackupId, input);
                return null;
            }
            return KindRecordOf(snapshot, kind, input);
        }

        void WriteCannotRecover(CpmSnapshotKind kind, object backupId, object input)
        {
            WriteCpmError(CpmErrorIds.UnsupportedInput, ErrorCategory.InvalidOperation,
                $"{("aeiouAEIOU".IndexOf(kind.What[0]) >= 0 ? "An" : "A")} {kind.What} snapshot record cannot be recovered by itself; nothing was sent.",
                string.Format(System.Globalization.CultureInfo.InvariantCulture, kind.CannotRecover, backupId ?? "<backup id>"),
                input);
        }

        /// <summary>
        /// Puts the cross-kind settings into a kind's body where the kind takes them, and the new names a
        /// database or table recovery needs. False, after an error, when a needed name cannot be made.
        /// </summary>
        bool ApplySettings(CpmRecoverEndpoint endpoint, object record, object body, object input)
        {
            if (body is BackupSnapshotInstanceRecoverCreateRequest instance && SubnetId != null)
            {
                instance.Placement = InstancePlacement.Vpc;
                instance.VpcSubnetId = new List<string> { SubnetId };
                if (VpcId != null) instance.Vpc = new List<string> { VpcId };
            }
            if (body is BackupSnapshotInstanceRecoverCreateRequest withGroups && SecurityGroupId != null)
                withGroups.SecurityGroups = SecurityGroupId.ToList();
            if (SubnetGroupName != null) Set(body, "SubnetGroupName", SubnetGroupName);

            var nameProperty = body.GetType().GetProperty("AwsResourceId") != null ? "AwsResourceId"
                : body.GetType().GetProperty("AwsResourceName") != null ? "AwsResourceName" : null;
            if (nameProperty == null) return true;

            var original = endpoint.ResourceOf(record);
            var isTable = nameProperty == "AwsResourceName";
            if (NameSuffix == null)
            {
                WriteCpmError(CpmErrorIds.InvalidArgument, ErrorCategory.InvalidArgument,
                    $"Recovering the {endpoint.What} '{original}' creates a new {(isTable ? "table" : "one")}, which needs a name that the region does not have yet; nothing was sent.",
                    $"Give -NameSuffix (with -NameSuffix '-rehearsal' the new one is named '{original}-rehearsal'), or recover it with {endpoint.Command} and name it there.",
                    input);
                return false;
            }
            var name = original + NameSuffix;
            if (endpoint.What.IndexOf("Redshift", StringComparison.Ordinal) >= 0) name = name.ToLowerInvariant(); // AWS keeps Redshift names in lower case
            var isCluster = body.GetType().GetProperty("AwsDbinstanceId") != null;
            var problem = isTable ? TableNameProblem(name) : IdentifierProblem(name, isCluster ? 63 - InstanceSuffix.Length : 63);
            if (problem != null)
            {
                WriteCpmError(CpmErrorIds.InvalidArgument, ErrorCategory.InvalidArgument,
                    $"The new name '{name}' for the {endpoint.What} '{original}' is not one AWS takes: {problem}; nothing was sent.",
                    $"Choose another -NameSuffix, or recover it with {endpoint.Command} and name it there.",
                    input);
                return false;
            }
            Set(body, nameProperty, name);
            // A cluster comes back with one DB instance, which needs a name too (as the AWS console names it).
            if (isCluster) Set(body, "AwsDbinstanceId", name + InstanceSuffix);
            return true;
        }

        const string InstanceSuffix = "-instance-1";

        static void Set(object body, string property, string value) => body.GetType().GetProperty(property)?.SetValue(body, value);

        /// <summary>AWS's rule for RDS and Redshift identifiers; null when the name keeps it.</summary>
        static string IdentifierProblem(string name, int maxLength)
        {
            if (name.Length > maxLength) return $"it has {name.Length} characters and may have at most {maxLength} here";
            if (!Regex.IsMatch(name, "^[A-Za-z][A-Za-z0-9-]*$")) return "it must start with a letter and hold only letters, digits and hyphens";
            if (name.EndsWith("-", StringComparison.Ordinal) || name.Contains("--")) return "it may not end with a hyphen or hold two hyphens in a row";
            return null;
        }

        /// <summary>AWS's rule for DynamoDB table names; null when the name keeps it.</summary>
        static string TableNameProblem(string name)
        {
            if (name.Length < 3 || name.Length > 255) return "it must have 3 to 255 characters";
            if (!Regex.IsMatch(name, "^[A-Za-z0-9_.-]+$")) return "it may hold only letters, digits, underscores, hyphens and dots";
            return null;
        }
    }
}
