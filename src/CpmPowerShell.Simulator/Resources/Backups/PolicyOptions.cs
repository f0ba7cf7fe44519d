using CpmPowerShell.Simulator.Engine.Store;
using CpmPowerShell.Simulator.Resources.Policies;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Backups;

/// <summary>
/// What a policy's settings say a backup of it does besides snapshots, read when the backup starts: DR
/// copies into regions (13.9, dr_enabled with dr_regions or cross-account regions), a copy to S3 (13.7,
/// enabled with a repository) and backup scripts (13.12 options, enable_agent_scripts and collect_script_output).
/// Settings never written are off.
/// </summary>
sealed record PolicyOptions(IReadOnlyList<string> DrRegions, bool CopyToS3, string? RepositoryId, bool Scripts, bool ScriptOutput)
{
    public static PolicyOptions Of(DataStore store, string policyId)
    {
        var root = $"{PoliciesHandler.CollectionPath}{policyId}/";
        var dr = store.Singleton(root + "dr/")?.Data;
        var regions = new List<string>();
        if ((bool?)dr?["dr_enabled"] == true)
            foreach (var list in new[] { dr["dr_regions"], dr["cross_account_dr"]?["dr_account_regions"] })
                if (list is JArray ids)
                    foreach (var id in ids.Where(i => i.Type == JTokenType.Integer))
                        if (SnapshotPlan.RegionName((long)id) is var name && !regions.Contains(name)) regions.Add(name);
        var s3 = store.Singleton(root + "copy_to_s3/")?.Data;
        var copy = (bool?)s3?["enabled"] == true && s3["repository"]?.Type is JTokenType.Integer;
        var options = store.Singleton(root + "options/")?.Data;
        var scripts = (bool?)options?["enable_agent_scripts"] == true;
        return new PolicyOptions(regions, copy, copy ? Engine.Json.ScalarText(s3!["repository"]) : null, scripts, scripts && (bool?)options!["collect_script_output"] == true);
    }
}
