using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Admin;

/// <summary>Counters over /api/ calls, for tests and benchmarks (GET /_sim/stats).</summary>
public sealed class RequestStats
{
    readonly object sync = new();
    readonly SortedDictionary<string, long> byMethod = new(StringComparer.Ordinal);
    readonly SortedDictionary<string, long> byStatus = new(StringComparer.Ordinal);
    readonly SortedDictionary<string, long> byPath = new(StringComparer.Ordinal);
    readonly SortedDictionary<string, long> byOperation = new(StringComparer.Ordinal);

    public long Requests { get; private set; }
    public long TokenObtains { get; private set; }
    public long TokenRefreshes { get; private set; }
    public long Unauthorized { get; private set; }
    public long FaultsInjected { get; private set; }
    /// <summary>POST, PUT, PATCH and DELETE calls other than token calls, whatever their outcome.</summary>
    public long Writes { get; private set; }

    internal void Record(string method, string path, string? operation, int status, bool isTokenCall, bool faultInjected)
    {
        lock (sync)
        {
            Requests++;
            Increment(byMethod, method);
            Increment(byStatus, status.ToString());
            Increment(byPath, path);
            if (operation != null) Increment(byOperation, operation);
            if (status == 401) Unauthorized++;
            if (faultInjected) FaultsInjected++;
            if (!isTokenCall && method is "POST" or "PUT" or "PATCH" or "DELETE") Writes++;
        }
    }

    internal void TokenObtained() { lock (sync) TokenObtains++; }
    internal void TokenRefreshed() { lock (sync) TokenRefreshes++; }

    public void Reset()
    {
        lock (sync)
        {
            Requests = TokenObtains = TokenRefreshes = Unauthorized = FaultsInjected = Writes = 0;
            byMethod.Clear();
            byStatus.Clear();
            byPath.Clear();
            byOperation.Clear();
        }
    }

    /// <summary>byPath counts concrete paths; byOperation counts "METHOD template" of the spec.</summary>
    public JObject ToJson()
    {
        lock (sync)
            return new JObject
            {
                ["requests"] = Requests,
                ["byMethod"] = JObject.FromObject(byMethod),
                ["byStatus"] = JObject.FromObject(byStatus),
                ["tokenObtains"] = TokenObtains,
                ["tokenRefreshes"] = TokenRefreshes,
                ["unauthorized"] = Unauthorized,
                ["faultsInjected"] = FaultsInjected,
                ["writes"] = Writes,
                ["byPath"] = JObject.FromObject(byPath),
                ["byOperation"] = JObject.FromObject(byOperation),
            };
    }

    static void Increment(SortedDictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
