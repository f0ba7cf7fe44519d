using System.Globalization;

namespace CpmPowerShell.Simulator.Hosting;

/// <summary>Parses the simulator's command line into <see cref="SimulatorOptions"/>.</summary>
static class CommandLine
{
    public const string Usage = """
        Usage: dotnet CpmPowerShell.Simulator.dll [options]

          --port <n>               TCP port on 127.0.0.1 (default 0: any free port)
          --api-key <key>          API key accepted by the token call (default: $CPM_SIM_API_KEY,
                                   else "cpm-simulator-key"); prefer the variable, which ps cannot show
          --access-lifetime <s>    access token lifetime in seconds (default 3600)
          --refresh-lifetime <s>   refresh token lifetime in seconds (default 86400)
          --seed <n>               seed data: n schedules plus a few users and policies (default 5)
          --seed-backups <n>       seed data: n finished backups across the seeded policies (default 12)
          --backup-seconds <s>     how long a backup started through the API runs (default 3)
          --recovery-seconds <s>   how long a recovery runs (default 3)
          --random-seed <n>        seed of the fault dice and the seed data (default 1)
          --error-rate <0..1>      share of /api/ calls answered with --error-status
          --error-status <code>    status of injected errors (default 503)
          --throttle-rate <0..1>   share of /api/ calls answered 429 with Retry-After
          --retry-after <s>        Retry-After of injected 429/503 answers (default 1)
          --latency-ms <ms>        delay added to every /api/ call
          --drop-rate <0..1>       share of /api/ calls whose connection is dropped unanswered
          --include-token-calls    let the above hit the token calls too
          --system-timezone <id>   the simulated server's time zone (default UTC)
          --parent-pid <pid>       stop when that process exits
          --help                   show this text

        Prints one line when ready:
          CPM simulator listening on https://127.0.0.1:<port>/ sha256=<certificate SHA-256, hex>
        """;

    /// <summary>The options, or null when --help was asked for. Throws ArgumentException on bad input.</summary>
    public static SimulatorOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new SimulatorOptions
        {
            ApiKey = Environment.GetEnvironmentVariable(SimulatorOptions.ApiKeyVariable) is { Length: > 0 } key ? key : SimulatorOptions.DefaultApiKey,
        };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Int(int min) => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min
                ? v : throw new ArgumentException($"{name} needs a whole number >= {min}.");
            double Seconds() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 86400
                ? v : throw new ArgumentException($"{name} needs a number of seconds from 0 to 86400.");
            double Rate() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 1
                ? v : throw new ArgumentException($"{name} needs a number from 0 to 1.");

            switch (name)
            {
                case "--help" or "-h" or "-?": return null;
                case "--port": options.Port = Int(0); break;
                case "--api-key": options.ApiKey = Value(); break;
                case "--access-lifetime": options.AccessLifetimeSeconds = Int(1); break;
                case "--refresh-lifetime": options.RefreshLifetimeSeconds = Int(1); break;
                case "--seed": options.Seed = Int(0); break;
                case "--seed-backups": options.SeedBackups = Int(0); break;
                case "--backup-seconds": options.BackupSeconds = Seconds(); break;
                case "--recovery-seconds": options.RecoverySeconds = Seconds(); break;
                case "--random-seed": options.RandomSeed = Int(int.MinValue); break;
                case "--error-rate": options.Faults.ErrorRate = Rate(); break;
                case "--error-status": options.Faults.ErrorStatus = Int(100); break;
                case "--throttle-rate": options.Faults.ThrottleRate = Rate(); break;
                case "--retry-after": options.Faults.RetryAfterSeconds = Int(0); break;
                case "--latency-ms": options.Faults.LatencyMs = Int(0); break;
                case "--drop-rate": options.Faults.DropRate = Rate(); break;
                case "--include-token-calls": options.Faults.IncludeTokenCalls = true; break;
                case "--system-timezone": options.SystemTimeZone = Value(); break;
                case "--parent-pid": options.ParentPid = Int(1); break;
                default: throw new ArgumentException($"Unknown option '{name}'.");
            }
        }
        if (options.Port > 65535) throw new ArgumentException("--port must be at most 65535.");
        return options;
    }
}
