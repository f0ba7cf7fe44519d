using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Engine.Store;

/// <summary>
/// All simulated data: collections and singletons keyed by their concrete path, and id counters keyed by
/// path shape (so ids are unique per resource kind, as database keys are). Callers hold <see cref="Sync"/>
/// around every use; request handling is short, so one lock is simpler than finer ones and fast enough.
/// </summary>
sealed class DataStore
{
    readonly Dictionary<string, RecordCollection> collections = new(StringComparer.Ordinal);
    readonly Dictionary<string, Record> singletons = new(StringComparer.Ordinal);
    readonly Dictionary<string, long> nextIds = new(StringComparer.Ordinal);

    public object Sync { get; } = new();

    /// <summary>Bumped by every change; cached views compare against it.</summary>
    public long Version { get; private set; }

    internal void Changed() => Version++;

    /// <summary>The collection at a concrete path such as "/api/schedules/"; created on first write.</summary>
    public RecordCollection Collection(string path, string shape)
    {
        if (!collections.TryGetValue(path, out var collection))
            collections[path] = collection = new RecordCollection(this, path, shape);
        return collection;
    }

    /// <summary>The collection at a path if anything was ever stored there.</summary>
    public RecordCollection? FindCollection(string path) => collections.GetValueOrDefault(path);

    public IEnumerable<RecordCollection> CollectionsOfShape(string shape) => collections.Values.Where(c => c.Shape == shape);

    public Record? Singleton(string path) => singletons.GetValueOrDefault(path);

    public Record SetSingleton(string path, JObject data)
    {
        var record = new Record("", data);
        singletons[path] = record;
        Changed();
        return record;
    }

    public long NextId(string shape)
    {
        var id = nextIds.GetValueOrDefault(shape) + 1;
        nextIds[shape] = id;
        return id;
    }

    /// <summary>Makes sure later ids of a kind come after one that was stored with an explicit id.</summary>
    public void SeenId(string shape, long id)
    {
        if (nextIds.GetValueOrDefault(shape) < id) nextIds[shape] = id;
    }

    /// <summary>Drops everything stored below a deleted record (its sub-collections and settings).</summary>
    public void RemoveUnder(string pathPrefix)
    {
        foreach (var key in collections.Keys.Where(k => k.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList())
            collections.Remove(key);
        foreach (var key in singletons.Keys.Where(k => k.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList())
            singletons.Remove(key);
    }

    public void Clear()
    {
        collections.Clear();
        singletons.Clear();
        nextIds.Clear();
        Changed();
    }
}
