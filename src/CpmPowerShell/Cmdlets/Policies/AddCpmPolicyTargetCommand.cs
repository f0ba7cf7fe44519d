using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Add-CpmPolicyTarget: adds any policy target piped in to the policy -PolicyId, through the create
    /// endpoint of its kind (<see cref="CpmPolicyTargetKind"/>), with the settings it has where it came from.
    /// A record of the combined list (Get-CpmPolicyTarget) holds only the fields all kinds share, so the
    /// kind's full record is read first, from the server the record came from. An EC2 instance that backs
    /// up selected volumes only (or all but some) brings that selection along.
    /// </summary>
    // The POST endpoints it calls come from CpmPolicyTargetKind.All (listed for Find-CpmCommand by CpmEndpointTable).
    [CpmEndpoint("POST", "/api/policies/{policy_id}/targets/instances/{instance_id}/volumes/")]
    [Cmdlet(VerbsCommon.Add, "CpmPolicyTarget", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(PolicyTargetInstance), typeof(PolicyTargetVolume), typeof(PolicyTargetDynamoDbTable), typeof(PolicyTargetEfs),
        typeof(PolicyTargetRdsCluster), typeof(PolicyTargetRdsDatabase), typeof(PolicyTargetRedshiftCluster), typeof(PolicyTargetS3Sync))]
    public sealed class AddCpmPolicyTargetCommand : CpmCmdlet
    {
        /// <summary>The policy to add the targets to. Never taken from piped objects: they carry the policy they came from.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateRange(1, long.MaxValue)]
        public long PolicyId { get; set; }

        /// <summary>Targets of any kind: PolicyTarget from Get-CpmPolicyTarget, or the typed records of each kind.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public object[] InputObject { get; set; }

        protected override void ProcessCpmRecord()
        {
            foreach (var input in InputObject) Try(input, () => AddOne(input));
        }

        void AddOne(object input)
        {
            var item = input is PSObject pso ? pso.BaseObject : input;
            if (item is PolicyTargetInstanceVolume)
            {
                WriteCpmError(CpmErrorIds.UnsupportedInput, ErrorCategory.InvalidOperation,
                    "A volume selected under an EC2 instance target belongs to that instance, not to the policy, so it cannot be added to a policy as it is.",
                    "Copy its instance instead (Get-CpmPolicyInstance ... | Add-CpmPolicyTarget -PolicyId <id>), which brings the selected volumes along, or add it to an instance target with Add-CpmPolicyInstanceVolume -PolicyId <id> -PolicyInstanceId <id> -AwsResourceId <vol-...>.",
                    input);
                return;
            }
            var kind = CpmPolicyTargetKind.For(item);
            if (kind == null)
            {
                WriteCpmError(CpmErrorIds.UnsupportedInput, item is PolicyTarget ? ErrorCategory.InvalidData : ErrorCategory.InvalidType,
                    item is PolicyTarget summary
                        ? CpmPolicyTargetKind.UnknownType(summary.ResourceType, "add")
                        : $"Add-CpmPolicyTarget cannot add a {item?.GetType().Name ?? "null"}; it takes policy targets.",
                    "Pipe records from Get-CpmPolicyTarget or from a kind's own command (Get-CpmPolicyInstance, Get-CpmPolicyRdsDatabase, ...), or add the target with the kind's own Add-CpmPolicy* command.",
                    input);
                return;
            }

            var source = ConnectionOfOrigin(item);
            if (source == null) return;
            var record = item as CpmModel;
            var (sourcePolicy, sourceId) = CpmPolicyTargetKind.IdsOf(item);
            if (item.GetType() != kind.RecordType)
            {
                // The combined list's record: read the whole target of its kind where it came from.
                if (sourcePolicy == null || sourceId == null) { WriteMissingId(item); return; }
                record = Await(ct => kind.GetAsync(source.Client, sourcePolicy.Value, sourceId.Value, ct));
            }

            var body = kind.CreateBodyOf(record);
            var volumes = SelectedVolumes(record, source, sourcePolicy, sourceId);
            var description = $"{kind.What} {CpmPolicyTargetKind.Label(record)} to policy {PolicyId}"
                              + (volumes.Count > 0 ? $" with its {volumes.Count} selected volume(s)" : "");
            if (!ShouldProcessCall(description, "POST", kind.CollectionPath(PolicyId), body)) return;
            var created = Await(ct => kind.CreateAsync(Client, PolicyId, body, ct));
            WriteObject(created);
            if (volumes.Count > 0 && created is PolicyTargetInstance instance && instance.Id != null)
                foreach (var volume in volumes)
                    Try(volume, () => Await(ct => Client.CreatePolicyTargetInstanceVolumeAsync(CpmIds.ToText(PolicyId), CpmIds.ToText(instance.Id.Value),
                        new PolicyTargetInstanceVolumeCreateRequest { AwsResourceId = volume.AwsResourceId }, ct)));
        }

        /// <summary>
        /// The volumes an instance target includes or excludes (WhichVolumes IncludeSelected/ExcludeSelected):
        /// without them the copy would back up other volumes than the original. None for other kinds.
        /// </summary>
        List<PolicyTargetInstanceVolume> SelectedVolumes(CpmModel record, CpmConnection source, long? policyId, long? id)
        {
            if (!(record is PolicyTargetInstance instance) || policyId == null || id == null
                || instance.WhichVolumes == WhichVolumes.AllVolumes || instance.WhichVolumes == null)
                return new List<PolicyTargetInstanceVolume>();
            return source.Client.ListPolicyTargetInstanceVolumes(CpmIds.ToText(policyId.Value), CpmIds.ToText(id.Value), 0, CancellationToken).ToList();
        }
    }
}
