using System;
using System.Management.Automation;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Remove-CpmPolicyTarget: removes whatever policy target is piped in (from Get-CpmPolicyTarget or any
    /// kind's own Get-CpmPolicy* cmdlet) through the DELETE endpoint of its kind, which the table of kinds
    /// (<see cref="CpmPolicyTargetKind"/>) names; or one target given by -PolicyId, -Id and -ResourceType.
    /// The AWS resource and its backups stay; the policy stops protecting it.
    /// </summary>
    // The DELETE endpoints it calls come from CpmPolicyTargetKind.All (listed for Find-CpmCommand by CpmEndpointTable);
    // a volume selected under an instance has its own, declared here.
    [CpmEndpoint("DELETE", "/api/policies/{policy_id}/targets/instances/{instance_id}/volumes/{id}/")]
    [Cmdlet(VerbsCommon.Remove, "CpmPolicyTarget", DefaultParameterSetName = CpmParameterSets.InputObject, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RemoveCpmPolicyTargetCommand : CpmCmdlet
    {
        /// <summary>Target records of any kind: PolicyTarget from Get-CpmPolicyTarget, or the typed records of each kind.</summary>
        [Parameter(ParameterSetName = CpmParameterSets.InputObject, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [CpmObjectId]
        [ValidateNotNullOrEmpty]
        public object[] InputObject { get; set; }

        /// <summary>The policy the target belongs to.</summary>
        [Parameter(ParameterSetName = CpmParameterSets.Id, Mandatory = true)]
        [ValidateRange(1, long.MaxValue)]
        public long PolicyId { get; set; }

        /// <summary>The target's id in CPM (the Id column of Get-CpmPolicyTarget).</summary>
        [Parameter(ParameterSetName = CpmParameterSets.Id, Mandatory = true)]
        [ValidateRange(1, long.MaxValue)]
        [ValidateNotNullOrEmpty]
        public long[] Id { get; set; }

        /// <summary>The target's kind, as Get-CpmPolicyTarget shows it in ResourceType ("RDS Database").</summary>
        [Parameter(ParameterSetName = CpmParameterSets.Id, Mandatory = true)]
        [ArgumentCompleter(typeof(CpmPolicyTargetKindCompleter))]
        [ValidateNotNullOrEmpty]
        public string ResourceType { get; set; }

        /// <summary>Remove without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessCpmRecord()
        {
            if (ParameterSetName == CpmParameterSets.Id)
            {
                var kind = CpmPolicyTargetKind.For(new PolicyTarget { ResourceType = ResourceType });
                if (kind == null)
                {
                    WriteUnknownType(ResourceType, ResourceType);
                    return;
                }
                foreach (var id in Id) Remove(kind, PolicyId, id, $"{kind.What} target {id} of policy {PolicyId}", id);
                return;
            }
            foreach (var input in InputObject) RemoveOne(input);
        }

        void RemoveOne(object input)
        {
            var item = input is PSObject pso ? pso.BaseObject : input;
            if (item is PolicyTargetInstanceVolume volume)
            {
                // A volume selected under an instance target: removed from the instance, not from the policy.
                if (volume.PolicyId == null || volume.PolicyInstanceId == null || volume.Id == null) { WriteMissingId(item); return; }
                if (!ActOnServerOf(item)) return;
                var path = $"/api/policies/{volume.PolicyId}/targets/instances/{volume.PolicyInstanceId}/volumes/{volume.Id}/";
                if (!ShouldProcessCall($"volume {CpmPolicyTargetKind.Label(volume)}, target {volume.Id} of instance target {volume.PolicyInstanceId} in policy {volume.PolicyId}", "DELETE", path, null, Force)) return;
                Try(item, () => Await(ct => Client.DeletePolicyTargetInstanceVolumeAsync(CpmIds.ToText(volume.PolicyId.Value), CpmIds.ToText(volume.PolicyInstanceId.Value), CpmIds.ToText(volume.Id.Value), ct)));
                return;
            }

            var kind = CpmPolicyTargetKind.For(item);
            if (kind == null)
            {
                if (item is PolicyTarget summary) WriteUnknownType(summary.ResourceType, input);
                else
                    WriteCpmError(CpmErrorIds.UnsupportedInput, ErrorCategory.InvalidType,
                        $"Remove-CpmPolicyTarget cannot remove a {item?.GetType().Name ?? "null"}; it takes policy targets.",
                        "Pipe records from Get-CpmPolicyTarget or from a kind's own command (Get-CpmPolicyInstance, Get-CpmPolicyRdsDatabase, ...).",
                        input);
                return;
            }
            var (policyId, id) = CpmPolicyTargetKind.IdsOf(item);
            if (policyId == null || id == null) { WriteMissingId(item); return; }
            if (!ActOnServerOf(item)) return;
            Remove(kind, policyId.Value, id.Value, $"{kind.What} {CpmPolicyTargetKind.Label(item)}, target {id} of policy {policyId}", input);
        }

        void Remove(CpmPolicyTargetKind kind, long policyId, long id, string description, object target)
        {
            if (!ShouldProcessCall(description, "DELETE", kind.ItemPath(policyId, id), null, Force)) return;
            Try(target, () => Await(ct => kind.DeleteAsync(Client, policyId, id, ct)));
        }

        void WriteUnknownType(string resourceType, object target)
        {
            WriteCpmError(CpmErrorIds.UnsupportedInput, ErrorCategory.InvalidData,
                CpmPolicyTargetKind.UnknownType(resourceType, "remove"),
                "Remove it with the endpoint of its kind, for example Invoke-CpmApi -Method DELETE -Path policies/<policy id>/targets/<kind>/<id>/.",
                target);
        }
    }
}
