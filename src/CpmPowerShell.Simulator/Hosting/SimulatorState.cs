using CpmPowerShell.Simulator.Admin;
using CpmPowerShell.Simulator.Auth;
using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using CpmPowerShell.Simulator.Faults;
using CpmPowerShell.Simulator.Resources;
using CpmPowerShell.Spec;

namespace CpmPowerShell.Simulator.Hosting;

/// <summary>Everything one simulator run holds: spec, data, tokens, faults and counters.</summary>
sealed class SimulatorState
{
    static readonly Lazy<Dictionary<string, ApiSpec>> Specs = new(() => new Dictionary<string, ApiSpec>(StringComparer.Ordinal));

    volatile string apiKey;

    public SimulatorState(SimulatorOptions options, string certificatePem)
    {
        Options = options;
        Clock = options.Clock;
        Spec = LoadSpec(options.SpecPath);
        Model = new ResourceModel(Spec);
        Store = new DataStore();
        Generic = new GenericOperations(Model, Store);
        Negotiation = new ContentNegotiation(Spec.ApiVersions);
        Registry = new HandlerRegistry(Model);
        Runs = new RunControl(options);
        Handlers = ResourceHandlers.Create(new ResourceContext { Generic = Generic, Clock = Clock, Options = options, CertificatePem = certificatePem, Runs = Runs });
        foreach (var handler in Handlers) handler.Register(Registry);
        apiKey = options.ApiKey;
        Tokens = new TokenService(Clock, TimeSpan.FromSeconds(options.AccessLifetimeSeconds), TimeSpan.FromSeconds(options.RefreshLifetimeSeconds));
        TokenEndpoints = new TokenEndpoints(Tokens, () => apiKey);
        Faults = new FaultInjector(options.RandomSeed);
        Faults.Set(options.Faults.Clone());
        SeedSize = options.Seed;
        SeedBackups = options.SeedBackups;
        Seed();
    }

    public SimulatorOptions Options { get; }
    public TimeProvider Clock { get; }
    public ApiSpec Spec { get; }
    public ResourceModel Model { get; }
    public DataStore Store { get; }
    public GenericOperations Generic { get; }
    public ContentNegotiation Negotiation { get; }
    public HandlerRegistry Registry { get; }
    public IReadOnlyList<ResourceHandler> Handlers { get; }
    public TokenService Tokens { get; }
    public TokenEndpoints TokenEndpoints { get; }
    public FaultInjector Faults { get; }
    public RequestStats Stats { get; } = new();
    public RequestLog Log { get; } = new();
    public int SeedSize { get; private set; }
    public int SeedBackups { get; private set; }
    public RunControl Runs { get; }

    public string ApiKey
    {
        get => apiKey;
        set => apiKey = value;
    }

    /// <summary>
    /// Fresh seed data, no faults, zero counters, start-up lifetimes, key, durations and outcomes. Issued
    /// tokens stay valid.
    /// </summary>
    public void Reset(int? seedSize, int? seedBackups = null)
    {
        Runs.Reset();
        lock (Store.Sync)
        {
            Store.Clear();
            SeedSize = seedSize ?? Options.Seed;
            SeedBackups = seedBackups ?? Options.SeedBackups;
            Seed();
        }
        Faults.Clear();
        Faults.Set(Options.Faults.Clone());
        Stats.Reset();
        Log.Clear();
        Tokens.AccessLifetime = TimeSpan.FromSeconds(Options.AccessLifetimeSeconds);
        Tokens.RefreshLifetime = TimeSpan.FromSeconds(Options.RefreshLifetimeSeconds);
        apiKey = Options.ApiKey;
        TokenEndpoints.RemoveUserKeys();
    }

    void Seed()
    {
        lock (Store.Sync)
        {
            var seed = new SeedContext
            {
                Size = SeedSize,
                Backups = SeedBackups,
                Random = new Random(Options.RandomSeed),
                Now = Timestamps.TruncateToSeconds(Clock.GetUtcNow()),
            };
            foreach (var handler in Handlers) handler.Seed(seed);
        }
    }

    /// <summary>The spec is immutable, so runs in one process (tests) share the parsed copy.</summary>
    static ApiSpec LoadSpec(string? path)
    {
        path ??= File.Exists(Path.Combine(AppContext.BaseDirectory, "cpm-api.json"))
            ? Path.Combine(AppContext.BaseDirectory, "cpm-api.json")
            : ApiSpec.LocateInRepo(AppContext.BaseDirectory);
        path = Path.GetFullPath(path);
        lock (Specs.Value)
        {
            if (!Specs.Value.TryGetValue(path, out var spec)) Specs.Value[path] = spec = ApiSpec.Load(path);
            return spec;
        }
    }
}
