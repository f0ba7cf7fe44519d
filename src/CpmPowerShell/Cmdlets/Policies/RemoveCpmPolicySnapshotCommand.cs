using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Remove-CpmPolicySnapshot: deletes the snapshots of every backup of a policy (13.13), only the native
    /// ones (13.14), or the native ones with their S3 and Glacier copies (13.15). It destroys backups, so it
    /// takes policies or bare ids only, never a PolicyId property of another record (a target or a custom
    /// tag piped by mistake would wipe the whole policy), asks at High impact, and -WhatIf and the prompt
    /// say how many backup records the policy has.
    /// </summary>
    [CpmEndpoint("DELETE", "/api/policies/{id}/snapshots/")]
    [CpmEndpoint("DELETE", "/api/policies/{id}/snapshots/native/")]
    [CpmEndpoint("DELETE", "/api/policies/{id}/snapshots/s3/")]
    [CpmEndpoint("GET", "/api/backups/")]
    [Cmdlet(VerbsCommon.Remove, "CpmPolicySnapshot", DefaultParameterSetName = CpmParameterSets.PolicyId, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RemoveCpmPolicySnapshotCommand : CpmCmdlet
    {
        /// <summary>Ids of the policies whose snapshots to delete.</summary>
        [Parameter(ParameterSetName = CpmParameterSets.PolicyId, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [CpmObjectId]
        [ValidateRange(1, long.MaxValue)]
        [ValidateNotNullOrEmpty]
        public long[] PolicyId { get; set; }

        /// <summary>Policies, e.g. from Get-CpmPolicy; their names then show in -WhatIf, prompts and errors.</summary>
        [Parameter(ParameterSetName = CpmParameterSets.InputObject, Mandatory = true, ValueFromPipeline = true)]
        [CpmObjectId]
        [ValidateNotNullOrEmpty]
        public Policy[] InputObject { get; set; }

        /// <summary>Which snapshots: All (the default), Native (AWS snapshots only; S3 and Glacier copies stay), or NativeS3AndGlacier.</summary>
        [Parameter]
        [CpmEnumTransformation(typeof(PolicySnapshotScope))]
        public PolicySnapshotScope Scope { get; set; } = PolicySnapshotScope.All;

        /// <summary>Delete without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessCpmRecord()
        {
            if (ParameterSetName == CpmParameterSets.InputObject)
            {
                foreach (var policy in InputObject)
                {
                    if (policy == null || !ActOnServerOf(policy)) continue;
                    if (policy.Id == null) { WriteMissingId(policy); continue; }
                    Remove(policy.Id.Value, CpmTargetText.NameAndId(policy.Name, policy.Id), policy);
                }
                return;
            }
            foreach (var id in PolicyId) Remove(id, CpmIds.ToText(id), id);
        }

        void Remove(long policyId, string policyText, object target)
        {
            if (!FirstTimeFor($"The snapshots of policy {policyId}")) return;
            var path = PathOf(policyId, Scope);
            var description = $"{What(Scope)} of policy {policyText}, {BackupCount(policyId)}";
            if (!ShouldProcessCall(description, "DELETE", path, null, Force)) return;
            Try(target, () => Await(ct => Delete(Client, policyId, Scope, ct)));
        }

        /// <summary>"which has 12 backup records": read for -WhatIf and the prompt, so nobody confirms blind.</summary>
        string BackupCount(long policyId)
        {
            try
            {
                var page = Await(ct => Client.ListBackupsPageAsync(1, 1, new ListBackupsQuery { Policy = policyId }, ct));
                return page.TotalCount is int count
                    ? $"which has {count} backup record{(count == 1 ? "" : "s")}"
                    : "whose number of backup records the server did not say";
            }
            catch (CpmApiException e)
            {
                WriteVerbose($"Could not count the backups of policy {policyId}: {e.Message}");
                return "whose backup records could not be counted";
            }
        }

        static string PathOf(long policyId, PolicySnapshotScope scope)
        {
            var root = $"/api/policies/{CpmIds.ToText(policyId)}/snapshots/";
            return scope == PolicySnapshotScope.Native ? root + "native/" : scope == PolicySnapshotScope.NativeS3AndGlacier ? root + "s3/" : root;
        }

        static string What(PolicySnapshotScope scope) =>
            scope == PolicySnapshotScope.Native ? "all native snapshots (S3 and Glacier copies stay)"
            : scope == PolicySnapshotScope.NativeS3AndGlacier ? "all native snapshots, S3 backups and Glacier archives"
            : "all snapshots";

        static Task Delete(CpmClient client, long policyId, PolicySnapshotScope scope, CancellationToken token)
        {
            var id = CpmIds.ToText(policyId);
            return scope == PolicySnapshotScope.Native ? client.DeletePolicySnapshotNativeAsync(id, token)
                : scope == PolicySnapshotScope.NativeS3AndGlacier ? client.DeletePolicySnapshotS3Async(id, token)
                : client.DeletePolicySnapshotAsync(id, token);
        }
    }
}
