using CpmPowerShell.Simulator.Engine.Store;

namespace CpmPowerShell.Simulator.Resources.Backups;

/// <summary>
/// Seed backups: history spread over the seeded policies in turn, oldest first (so id order is start-time
/// order), all ended, about every 37 minutes with runs of 2 to 15 minutes. Final statuses follow a fixed
/// pattern (mostly successful, some partial, failed or deleted); one in fifty is a freezer item. Snapshot
/// records are made on first use, which keeps a start with tens of thousands of backups quick.
/// </summary>
static class BackupSeedData
{
    /// <summary>Index 5 is B so the default dozen includes a freezer item.</summary>
    const string Statuses = "BBABBBBFBBBSBBBBBDBB";
    static readonly TimeSpan Spacing = TimeSpan.FromMinutes(37);

    public static void Seed(BackupLedger ledger, SeedContext seed, IReadOnlyList<Record> policies)
    {
        if (seed.Backups <= 0 || policies.Count == 0) return;
        // Seeded backups of one policy share its targets: they never change, and tens of thousands of copies would not be cheap.
        var targets = policies.ToDictionary(p => p.Id, p => ledger.TargetsOf(p.Id));
        for (var k = 0; k < seed.Backups; k++)
        {
            var policy = policies[k % policies.Count];
            var start = seed.Now - Spacing * (seed.Backups - k) + TimeSpan.FromSeconds(seed.Random.Next(0, 900));
            var duration = TimeSpan.FromSeconds(seed.Random.Next(120, 900));
            var status = Statuses[k % Statuses.Length];
            var record = ledger.AddFinished(policy, targets[policy.Id], start, duration, status == 'D' ? 'B' : status);
            if (status == 'D') ledger.DeleteSnapshots(record, start + duration + TimeSpan.FromMinutes(5));
            if (k % 50 == 5) ledger.Freeze(record, $"{policy["name"]}-keep-{k + 1:D5}", $"Kept from {policy["name"]} for audit", start + duration + TimeSpan.FromMinutes(1));
        }
        // Serialised now rather than on first read, so every walk through the list costs the same (steady benchmarks).
        foreach (var record in ledger.Records) _ = record.Utf8;
    }
}
