using CpmPowerShell.Simulator.Faults;

namespace CpmPowerShell.Simulator;

/// <summary>Everything a simulator run can be told, from the command line or in-process.</summary>
public sealed class SimulatorOptions
{
    public const string DefaultApiKey = "cpm-simulator-key";
    public const string ApiKeyVariable = "CPM_SIM_API_KEY";

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }
    /// <summary>The key POST /api/token/obtain/api_key/ accepts (it belongs to the root user, id 1).</summary>
    public string ApiKey { get; set; } = DefaultApiKey;
    public int AccessLifetimeSeconds { get; set; } = 3600;
    public int RefreshLifetimeSeconds { get; set; } = 86400;
    /// <summary>Seed data size: this many schedules (plus the root user and a few others, and four policies and one per five schedules beyond five).</summary>
    public int Seed { get; set; } = 5;
    /// <summary>Finished backups seeded across the seeded policies (history for demos; large for benchmarks).</summary>
    public int SeedBackups { get; set; } = 12;
    /// <summary>
    /// How long a backup started through the API runs: Initializing for the first quarter, In Progress
    /// for the rest, then its final status.
    /// </summary>
    public double BackupSeconds { get; set; } = 3;
    /// <summary>How long a recovery stays In Progress before its final status.</summary>
    public double RecoverySeconds { get; set; } = 3;
    /// <summary>Seeds the fault dice and the seed data, so runs repeat.</summary>
    public int RandomSeed { get; set; } = 1;

    /// <summary>Faults from the start (the control API can change them at run time).</summary>
    public FaultConfig Faults { get; set; } = new();

    /// <summary>Stop when this process exits (the test runner that started us).</summary>
    public int? ParentPid { get; set; }
    /// <summary>The zone the simulated CPM server runs in (system_time of run times, schedules without a zone).</summary>
    public string SystemTimeZone { get; set; } = "UTC";
    /// <summary>The CPM server version GET /api/system/version/ reports (API 1.5.0 is CPM 3.1.0).</summary>
    public string CpmVersion { get; set; } = "3.1.0";
    /// <summary>cpm-api.json; by default the copy beside the simulator's dll, else the repository's.</summary>
    public string? SpecPath { get; set; }
    /// <summary>The clock for tokens, timestamps and run times (tests may pin it).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;
}
