using System.Globalization;
using CpmPowerShell.Simulator.Engine;

namespace CpmPowerShell.Simulator.Faults;

/// <summary>The fault chosen for one call: a delay, then possibly a drop or an error answer.</summary>
sealed record FaultDecision(int DelayMs, ApiResponse? Response)
{
    /// <summary>Answer normally but cut the body after this many bytes.</summary>
    public int? TruncateAfterBytes { get; init; }

    public static readonly FaultDecision None = new(0, null);
    public bool Injected => Response != null;
}

/// <summary>
/// Decides, per /api/ call, whether to delay, drop or fail it. Order: latency (always, when set), then the
/// first matching failNext rule, then the drop, throttle and error rates.
/// </summary>
sealed class FaultInjector
{
    readonly object sync = new();
    readonly int randomSeed;
    Random random;
    FaultConfig config = new();

    public FaultInjector(int randomSeed)
    {
        this.randomSeed = randomSeed;
        random = new Random(randomSeed);
    }

    public FaultConfig Current
    {
        get { lock (sync) return config.Clone(); }
    }

    /// <summary>Replaces the whole configuration (fields left out fall back to their defaults).</summary>
    public void Set(FaultConfig value)
    {
        lock (sync) config = value.Clone();
    }

    public void Clear()
    {
        lock (sync)
        {
            config = new FaultConfig();
            random = new Random(randomSeed);
        }
    }

    public FaultDecision Decide(string method, string path, bool isTokenCall)
    {
        lock (sync)
        {
            var delay = isTokenCall && !config.IncludeTokenCalls ? 0 : config.LatencyMs;

            foreach (var rule in config.FailNext)
            {
                if (rule.Method != null && !rule.Method.Equals(method, StringComparison.OrdinalIgnoreCase)) continue;
                if (rule.PathPrefix != null && !path.StartsWith(rule.PathPrefix, StringComparison.Ordinal)) continue;
                var namesTokenPath = rule.PathPrefix?.StartsWith("/api/token", StringComparison.Ordinal) == true;
                if (isTokenCall && !config.IncludeTokenCalls && !namesTokenPath) continue;
                if (--rule.Count <= 0) config.FailNext.Remove(rule);
                if (rule.TruncateAfterBytes is { } cut) return new FaultDecision(delay, null) { TruncateAfterBytes = cut };
                return new FaultDecision(delay, rule.Drop ? Dropped() : Error(rule.Status, rule.RetryAfterSeconds ?? config.RetryAfterSeconds));
            }

            if (isTokenCall && !config.IncludeTokenCalls) return delay == 0 ? FaultDecision.None : new FaultDecision(delay, null);
            if (config.DropRate > 0 && random.NextDouble() < config.DropRate) return new FaultDecision(delay, Dropped());
            if (config.ThrottleRate > 0 && random.NextDouble() < config.ThrottleRate) return new FaultDecision(delay, Error(429, config.RetryAfterSeconds));
            if (config.ErrorRate > 0 && random.NextDouble() < config.ErrorRate) return new FaultDecision(delay, Error(config.ErrorStatus, config.RetryAfterSeconds));
            return delay == 0 ? FaultDecision.None : new FaultDecision(delay, null);
        }
    }

    static ApiResponse Dropped() => new() { Drop = true };

    /// <summary>An injected error, marked with X-Sim-Fault so a log reader can tell it from a real one.</summary>
    static ApiResponse Error(int status, int retryAfterSeconds)
    {
        var detail = status switch
        {
            429 => $"Request was throttled. Expected available in {retryAfterSeconds} second{(retryAfterSeconds == 1 ? "" : "s")}.",
            502 => "Bad gateway (simulated).",
            503 => "Service temporarily unavailable (simulated).",
            504 => "Gateway timeout (simulated).",
            _ => "A server error occurred (simulated).",
        };
        var response = ApiResponse.Detail(status, detail).WithHeader("X-Sim-Fault", "injected");
        if (status is 429 or 503) response.WithHeader("Retry-After", retryAfterSeconds.ToString(CultureInfo.InvariantCulture));
        return response;
    }
}
