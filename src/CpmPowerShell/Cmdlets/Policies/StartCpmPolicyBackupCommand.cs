using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Start-CpmPolicyBackup: backs up a policy now (POST /api/policies/{id}/backups/), finds the backup
    /// record the server made for it (GET /api/backups/?tracker_id=) and, with -Wait, follows it to the end:
    /// every policy the pipeline brings is started first, then all the backups are waited for together.
    /// </summary>
    [CpmEndpoint("POST", "/api/policies/{id}/backups/")]
    [CpmEndpoint("GET", "/api/policies/")]
    [CpmEndpoint("GET", "/api/backups/")]
    [CpmEndpoint("GET", "/api/backups/{id}/")]
    [Cmdlet(VerbsLifecycle.Start, "CpmPolicyBackup", DefaultParameterSetName = CpmParameterSets.PolicyId, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Backup))]
    public sealed class StartCpmPolicyBackupCommand : CpmCmdlet
    {
        /// <summary>How long to look for the new backup record (less when -Wait's -Timeout is shorter).</summary>
        static readonly TimeSpan RecordLookupLimit = TimeSpan.FromSeconds(60);

        /// <summary>
        /// Ids of the policies to back up. Piped policies bind as InputObject (so their names show); other
        /// records bind through a PolicyId property (targets, options), never Id, so a piped backup or
        /// schedule can never start a policy by accident.
        /// </summary>
        [Parameter(ParameterSetName = CpmParameterSets.PolicyId, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Parameter(ParameterSetName = CpmParameterSets.PipedPolicyId, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [CpmObjectId]
        [ValidateRange(1, long.MaxValue)]
        [ValidateNotNullOrEmpty]
        public long[] PolicyId { get; set; }

        /// <summary>Policies, e.g. from Get-CpmPolicy; their names then show in -WhatIf, prompts and errors.</summary>
        [Parameter(ParameterSetName = CpmParameterSets.InputObject, Mandatory = true, ValueFromPipeline = true)]
        [CpmObjectId]
        [ValidateNotNullOrEmpty]
        public Policy[] InputObject { get; set; }

        /// <summary>Names of the policies to back up; wildcards back up every policy that matches.</summary>
        [Parameter(ParameterSetName = CpmParameterSets.Name, Mandatory = true, Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(GetCpmPolicyCommand.NameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; }

        /// <summary>Follow the backups (all together, after starting them all) until they end and return their final records.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: the longest time to wait for all the backups (a TimeSpan, "00:30:00", or seconds).</summary>
        [Parameter]
        [CpmTimeoutTransformation]
        public TimeSpan Timeout { get; set; }

        /// <summary>Policies already started by this command, per server: piping several targets of one policy starts it once.</summary>
        readonly HashSet<(CpmConnection, long)> startedPolicies = new HashSet<(CpmConnection, long)>();

        protected override void BeginCpmProcessing() => RequireWaitForTimeout(Wait, IsBound(nameof(Timeout)));

        protected override void ProcessCpmRecord()
        {
            switch (ParameterSetName)
            {
                case CpmParameterSets.InputObject:
                    foreach (var policy in InputObject)
                    {
                        if (policy?.Id == null) { WriteMissingId(policy); continue; }
                        if (!ActOnServerOf(policy)) continue;
                        StartOnce(policy.Id.Value, policy.Name);
                    }
                    break;
                case CpmParameterSets.Name:
                    foreach (var policy in PoliciesNamed(Name)) StartOnce(policy.Id.Value, policy.Name);
                    break;
                default:
                    foreach (var id in PolicyId) StartOnce(id, null);
                    break;
            }
        }

        void StartOnce(long policyId, string name)
        {
            if (!startedPolicies.Add((Connection, policyId)))
            {
                WriteVerbose($"Policy {policyId} was already started by this command; not starting it twice.");
                return;
            }
            Try(policyId, () => Start(policyId, name));
        }

        /// <summary>The policies whose names match; a literal name that matches none is CpmNotFound.</summary>
        List<Policy> PoliciesNamed(string[] names)
        {
            var matches = NameMatcher<Policy>(names, p => p.Name);
            var query = new ListPoliciesQuery { Search = SearchTermFor(names) };
            var policies = Await(ct => Task.Run(() => Client.ListPolicies(query, 0, ct).Where(matches).ToList(), ct));
            WriteUnmatchedNames(names, new HashSet<string>(policies.Select(p => p.Name), StringComparer.OrdinalIgnoreCase), "policy");
            return policies.Where(p => p.Id != null).ToList();
        }

        void Start(long policyId, string name)
        {
            var path = $"/api/policies/{policyId}/backups/";
            var policyText = string.IsNullOrEmpty(name) ? $"policy {policyId}" : $"policy '{name}' ({policyId})";
            if (!ShouldProcessCall(policyText, "POST", path)) return;

            var clock = Stopwatch.StartNew();
            var client = Client; // the backup is found and followed on the connection that started it
            PolicyBackup accepted;
            try
            {
                accepted = Await(ct => client.CreatePolicyBackupAsync(CpmIds.ToText(policyId), ct));
            }
            catch (CpmApiException e) when (e.Kind == CpmErrorKind.PreconditionFailed)
            {
                WriteError(CpmErrorMap.ForKind(e,
                    $"CPM did not start a backup of {policyText} (412 Precondition Failed): the policy is disabled, or a backup of it is still running.",
                    $"See the policy's latest backup with Get-CpmBackup -PolicyId {policyId} -First 1 (Wait-CpmBackup follows it), or enable the policy with Set-CpmPolicy -Id {policyId} -Enabled.",
                    policyId));
                return;
            }

            var timeout = IsBound(nameof(Timeout)) ? Timeout : (TimeSpan?)null;
            var limitedByTimeout = Wait && timeout < RecordLookupLimit;
            var backup = FindBackup(client, policyId, accepted.TrackerId, clock, limitedByTimeout ? timeout.Value : RecordLookupLimit, limitedByTimeout);
            if (backup == null) return;
            if (Wait) Track(CpmWorkKinds.Backup.Follow(backup.Id.GetValueOrDefault(), backup), policyId, timeout);
            else WriteObject(backup);
        }

        /// <summary>
        /// The server answers with a tracker id; the backup record shows up in the list shortly after.
        /// Returns null (having written an error) if it does not appear within limit.
        /// </summary>
        Backup FindBackup(CpmClient client, long policyId, long? trackerId, Stopwatch clock, TimeSpan limit, bool limitIsTimeout)
        {
            if (trackerId == null)
            {
                WriteCpmError(CpmErrorIds.InvalidResponse, ErrorCategory.InvalidResult,
                    $"The server started a backup of policy {policyId} but did not return its tracker id, so the backup record cannot be found.",
                    $"Look for it with Get-CpmBackup -PolicyId {policyId}.", policyId);
                return null;
            }
            var query = new ListBackupsQuery { Policy = policyId, TrackerId = trackerId };
            var pause = TimeSpan.FromMilliseconds(250);
            while (true)
            {
                var page = Await(ct => client.ListBackupsPageAsync(1, 1, query, ct));
                if (page.Items.Count > 0) return page.Items[0];
                if (clock.Elapsed >= limit)
                {
                    // Either the user's -Timeout ran out, or the record is late to appear.
                    WriteCpmError(limitIsTimeout ? CpmErrorIds.WaitTimeout : CpmErrorIds.BackupNotFound, limitIsTimeout ? ErrorCategory.OperationTimeout : ErrorCategory.ObjectNotFound,
                        $"The backup of policy {policyId} was started (tracker {trackerId}), but no backup record appeared within {limit}.",
                        $"Look for it later with Get-CpmBackup -PolicyId {policyId} -First 1.", policyId);
                    return null;
                }
                var wait = pause;
                Await(ct => Task.Delay(wait, ct));
                pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 5000));
            }
        }
    }
}
