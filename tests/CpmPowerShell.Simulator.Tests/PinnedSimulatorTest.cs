using static CpmPowerShell.Simulator.Tests.BackupHelpers;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>
/// A test class whose every test gets its own simulator on a fixed clock (T0, moved by hand), started before
/// the test and stopped after it: for backups, recoveries and other runs whose timing a test controls.
/// </summary>
public abstract class PinnedSimulatorTest : IAsyncLifetime
{
    protected readonly FixedClock clock = new(T0);
    protected OwnSimulator sim;
    protected SimClient client;

    public async Task InitializeAsync()
    {
        sim = await StartPinnedAsync(clock);
        client = sim.Client;
    }

    public async Task DisposeAsync() => await sim.DisposeAsync();
}
