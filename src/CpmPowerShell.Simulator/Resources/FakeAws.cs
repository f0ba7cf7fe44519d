using System.Globalization;

namespace CpmPowerShell.Simulator.Resources;

/// <summary>
/// AWS-looking identifiers and attributes derived from a stable hash of some text, so the same
/// resource always gets the same AMI, subnet or snapshot id, in every run and process
/// (string.GetHashCode is randomised per process, so it is not used).
/// </summary>
static class FakeAws
{
    public static readonly string[] InstanceTypes = { "t3.medium", "t3.large", "m5.large", "m5.xlarge", "t3a.large", "m5.2xlarge" };
    public static readonly string[] VolumeTypes = { "gp2", "gp2", "io1", "st1" };

    /// <summary>FNV-1a, 64 bits.</summary>
    public static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    /// <summary>"ami-0" + 16 hex digits, the long form AWS uses today.</summary>
    public static string Id(string prefix, string seed) =>
        prefix + "-0" + Hash(prefix + ":" + seed).ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>A value picked by the hash (the same text always picks the same one).</summary>
    public static T Pick<T>(IReadOnlyList<T> values, string seed) => values[(int)(Hash(seed) % (ulong)values.Count)];

    public static int Number(string seed, int min, int max) => min + (int)(Hash(seed) % (ulong)(max - min + 1));

    public static string PrivateIp(string seed)
    {
        var hash = Hash("ip:" + seed);
        return $"10.0.{hash % 16}.{10 + hash / 16 % 240}";
    }

    /// <summary>The 12-digit AWS account number shown for a CPM account id.</summary>
    public static string AccountNumber(string? accountId) =>
        (100000000000L + Hash("account:" + accountId) % 900000000000L).ToString(CultureInfo.InvariantCulture);
}
