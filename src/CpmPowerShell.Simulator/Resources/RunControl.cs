using CpmPowerShell.Simulator.Engine;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources;

/// <summary>
/// How simulated backups and recoveries run: how long they take and how they end. Read when one starts
/// (so a change applies to runs started afterwards); set at start-up from the options and at run time
/// through /_sim/outcomes and /_sim/config. It has its own lock because the control API does not take
/// the store lock.
/// </summary>
sealed class RunControl
{
    /// <summary>Final backup statuses a run can be told to end with (the guide's codes).</summary>
    public const string BackupOutcomes = "BASF";
    /// <summary>Final recovery statuses: R success, A partial, F failure.</summary>
    public const string RecoveryOutcomes = "RAF";

    readonly object gate = new();
    readonly SimulatorOptions options;
    readonly Dictionary<string, char> backupByPolicy = new(StringComparer.Ordinal);
    readonly Dictionary<string, char> recoveryByPolicy = new(StringComparer.Ordinal);
    char backup = 'B';
    char recovery = 'R';
    double backupSeconds;
    double recoverySeconds;

    public RunControl(SimulatorOptions options)
    {
        this.options = options;
        Reset();
    }

    public TimeSpan BackupDuration
    {
        get { lock (gate) return TimeSpan.FromSeconds(backupSeconds); }
    }

    public TimeSpan RecoveryDuration
    {
        get { lock (gate) return TimeSpan.FromSeconds(recoverySeconds); }
    }

    public double BackupSeconds
    {
        get { lock (gate) return backupSeconds; }
        set { lock (gate) backupSeconds = CheckSeconds(value, "backupSeconds"); }
    }

    public double RecoverySeconds
    {
        get { lock (gate) return recoverySeconds; }
        set { lock (gate) recoverySeconds = CheckSeconds(value, "recoverySeconds"); }
    }

    /// <summary>The final status a backup of this policy started now will reach.</summary>
    public char BackupOutcome(string policyId)
    {
        lock (gate) return backupByPolicy.GetValueOrDefault(policyId, backup);
    }

    /// <summary>The final status a recovery from a backup of this policy started now will reach.</summary>
    public char RecoveryOutcome(string? policyId)
    {
        lock (gate) return policyId != null && recoveryByPolicy.TryGetValue(policyId, out var own) ? own : recovery;
    }

    /// <summary>Start-up durations, every run ending well.</summary>
    public void Reset()
    {
        lock (gate)
        {
            ResetOutcomes();
            backupSeconds = options.BackupSeconds;
            recoverySeconds = options.RecoverySeconds;
        }
    }

    /// <summary>Every run ends well again (B and R), for every policy.</summary>
    public void ResetOutcomes()
    {
        lock (gate)
        {
            backup = 'B';
            recovery = 'R';
            backupByPolicy.Clear();
            recoveryByPolicy.Clear();
        }
    }

    /// <summary>
    /// Applies {"backup": "F", "recovery": "R", "policy": 3}: without "policy" the codes become the
    /// defaults; with it they apply to that policy only, and null removes its own setting. Throws
    /// ArgumentException on a bad body (the control API turns it into a 400).
    /// </summary>
    public void Apply(JObject body)
    {
        var hasBackup = body.TryGetValue("backup", out var backupToken);
        var hasRecovery = body.TryGetValue("recovery", out var recoveryToken);
        if (!hasBackup && !hasRecovery)
            throw new ArgumentException("Send \"backup\" (B, A, S or F) and/or \"recovery\" (R, A or F), optionally with \"policy\".");
        var policy = body["policy"] is { Type: not JTokenType.Null } p ? Json.ScalarText(p) : null;
        var backupCode = hasBackup ? Code(backupToken, BackupOutcomes, "backup", policy != null) : null;
        var recoveryCode = hasRecovery ? Code(recoveryToken, RecoveryOutcomes, "recovery", policy != null) : null;
        lock (gate)
        {
            if (hasBackup) Set(ref backup, backupByPolicy, policy, backupCode, 'B');
            if (hasRecovery) Set(ref recovery, recoveryByPolicy, policy, recoveryCode, 'R');
        }
    }

    static void Set(ref char fallback, Dictionary<string, char> byPolicy, string? policy, char? code, char initial)
    {
        if (policy == null) fallback = code ?? initial;
        else if (code == null) byPolicy.Remove(policy);
        else byPolicy[policy] = code.Value;
    }

    static char? Code(JToken? token, string allowed, string field, bool nullAllowed)
    {
        if (token == null || token.Type == JTokenType.Null)
            return nullAllowed ? null : allowed[0];
        var text = (string?)token;
        if (text is { Length: 1 } && allowed.Contains(text[0])) return text[0];
        throw new ArgumentException($"\"{field}\" must be one of {string.Join(", ", allowed.ToCharArray())}.");
    }

    public JObject OutcomesJson()
    {
        lock (gate)
        {
            var policies = new JObject();
            foreach (var id in backupByPolicy.Keys.Union(recoveryByPolicy.Keys).OrderBy(k => k, StringComparer.Ordinal))
            {
                var own = new JObject();
                if (backupByPolicy.TryGetValue(id, out var b)) own["backup"] = b.ToString();
                if (recoveryByPolicy.TryGetValue(id, out var r)) own["recovery"] = r.ToString();
                policies[id] = own;
            }
            return new JObject { ["backup"] = backup.ToString(), ["recovery"] = recovery.ToString(), ["policies"] = policies };
        }
    }

    static double CheckSeconds(double value, string name) =>
        value is >= 0 and <= 86400 && !double.IsNaN(value) ? value : throw new ArgumentException($"{name} must be from 0 to 86400.");
}
