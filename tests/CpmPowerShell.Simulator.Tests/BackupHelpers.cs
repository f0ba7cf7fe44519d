using System.Net;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>Steps the policy, backup and recovery tests share.</summary>
static class BackupHelpers
{
    /// <summary>A pinned start time with whole seconds, so timestamps can be compared as text.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    public static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss") + "Z";

    public static async Task<int> PolicyIdAsync(this SimClient client, string name)
    {
        var policies = (JArray)(await client.GetAsync("api/policies/")).Json;
        return (int)policies.Single(p => (string)p["name"] == name)["id"];
    }

    /// <summary>Backup now; answers the tracker id and the id of the record it made.</summary>
    public static async Task<(long Tracker, int BackupId)> StartBackupAsync(this SimClient client, int policyId)
    {
        var started = await client.PostAsync($"api/policies/{policyId}/backups/");
        Assert.Equal(HttpStatusCode.Accepted, started.Status);
        var tracker = (long)started.Json["tracker_id"];
        var found = (JArray)(await client.GetAsync($"api/backups/?tracker_id={tracker}")).Json;
        return (tracker, (int)Assert.Single(found)["id"]);
    }

    public static async Task<JObject> BackupAsync(this SimClient client, int backupId)
    {
        var reply = await client.GetAsync($"api/backups/{backupId}/");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return (JObject)reply.Json;
    }

    public static async Task SetOutcomeAsync(this SimClient client, object outcome)
    {
        var reply = await client.PostAsync("_sim/outcomes", outcome, auth: false);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    /// <summary>A private simulator on a pinned clock with slow, predictable runs (backups 40 s, recoveries 20 s).</summary>
    public static Task<OwnSimulator> StartPinnedAsync(FixedClock clock, int seedBackups = 12) =>
        OwnSimulator.StartAsync(new SimulatorOptions { Clock = clock, BackupSeconds = 40, RecoverySeconds = 20, SeedBackups = seedBackups });
}
