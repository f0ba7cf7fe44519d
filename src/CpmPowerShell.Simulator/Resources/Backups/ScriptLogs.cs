using CpmPowerShell.Simulator.Engine;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Backups;

/// <summary>
/// The logs of a backup's scripts (7.3/7.4), for a policy that runs backup scripts: one per script CPM runs
/// (before the snapshots, after them, and once the backup is complete). Their text is the script's output
/// when the policy collects it, else a line saying it was not collected.
/// </summary>
static class ScriptLogs
{
    public static string PathOf(string backupId) => $"{BackupLedger.CollectionPath}{backupId}/script_logs/";

    public static void Insert(GenericOperations generic, BackupRun run)
    {
        var policy = run.PolicyName ?? run.PolicyId;
        foreach (var (script, time) in new[] { ("before", run.Start), ("after", run.SnapshotTime(run.Targets.Count)), ("complete", run.End) })
        {
            var log = run.ScriptOutput
                ? $"{Timestamps.Format(time)} {script}_{policy}: started\n{Timestamps.Format(time)} {script}_{policy}: exit code 0"
                : "The policy does not collect script output (collect_script_output is off).";
            generic.Insert(PathOf(run.Id), "/api/backups/{}/script_logs/", new JObject { ["title"] = $"{script}_{policy}", ["log"] = log }, 1, time);
        }
    }
}
