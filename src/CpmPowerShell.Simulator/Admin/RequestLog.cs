using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Admin;

/// <summary>One /api/ call as the log keeps it: never headers or bodies, so never a token or key.</summary>
public sealed record LoggedRequest(DateTimeOffset Time, string Method, string Path, string Query, int Status, bool HasBody, string? Operation, double DurationMs);

/// <summary>The last calls (a ring of fixed size), so tests can prove what was or was not sent.</summary>
public sealed class RequestLog
{
    const int Capacity = 1000;
    readonly object sync = new();
    readonly Queue<LoggedRequest> entries = new();

    internal void Add(LoggedRequest entry)
    {
        lock (sync)
        {
            entries.Enqueue(entry);
            if (entries.Count > Capacity) entries.Dequeue();
        }
    }

    /// <summary>The last <paramref name="count"/> calls, oldest first.</summary>
    public IReadOnlyList<LoggedRequest> Last(int count)
    {
        lock (sync) return entries.Skip(Math.Max(0, entries.Count - count)).ToList();
    }

    public void Clear()
    {
        lock (sync) entries.Clear();
    }

    public static JObject ToJson(LoggedRequest entry) => new()
    {
        ["time"] = Engine.Timestamps.Format(entry.Time),
        ["method"] = entry.Method,
        ["path"] = entry.Path,
        ["query"] = entry.Query,
        ["status"] = entry.Status,
        ["hasBody"] = entry.HasBody,
        ["operation"] = entry.Operation,
        ["durationMs"] = Math.Round(entry.DurationMs, 2),
    };
}
