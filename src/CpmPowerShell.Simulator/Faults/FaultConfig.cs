namespace CpmPowerShell.Simulator.Faults;

/// <summary>
/// Faults to inject into /api/ calls. Rates are probabilities (0..1) drawn from a seeded Random;
/// <see cref="FailNext"/> rules are deterministic and used up in order. Token calls are spared unless
/// <see cref="IncludeTokenCalls"/> is set or a rule's pathPrefix names /api/token/ itself.
/// </summary>
public sealed class FaultConfig
{
    public double ErrorRate { get; set; }
    public int ErrorStatus { get; set; } = 503;
    public double ThrottleRate { get; set; }
    public int RetryAfterSeconds { get; set; } = 1;
    public int LatencyMs { get; set; }
    public double DropRate { get; set; }
    public bool IncludeTokenCalls { get; set; }
    public List<FailRule> FailNext { get; set; } = new();

    public FaultConfig Clone()
    {
        var copy = (FaultConfig)MemberwiseClone();
        copy.FailNext = FailNext.Select(r => r.Clone()).ToList();
        return copy;
    }
}

/// <summary>Fail the next <see cref="Count"/> matching calls: with <see cref="Status"/>, or by dropping the connection.</summary>
public sealed class FailRule
{
    public int Status { get; set; } = 503;
    public int Count { get; set; } = 1;
    /// <summary>Only calls with this method (any when null).</summary>
    public string? Method { get; set; }
    /// <summary>Only calls whose path starts with this (any /api/ call when null).</summary>
    public string? PathPrefix { get; set; }
    public bool Drop { get; set; }
    /// <summary>
    /// Answer the call normally, but drop the connection after this many bytes of the body (a download
    /// that breaks half way). Status and Drop are then ignored.
    /// </summary>
    public int? TruncateAfterBytes { get; set; }
    /// <summary>Retry-After for a 429 or 503 from this rule (the global value when null).</summary>
    public int? RetryAfterSeconds { get; set; }

    public FailRule Clone() => (FailRule)MemberwiseClone();
}
