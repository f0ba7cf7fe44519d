namespace CpmPowerShell.Simulator.Engine.Store;

/// <summary>
/// The records behind one concrete collection path (e.g. /api/schedules/ or /api/backups/7/snapshots/volumes/),
/// kept in id order with a lookup by id. The last few filtered/ordered views are cached until the data
/// changes, so walking a large ordered list page by page does not sort it again for every page.
/// </summary>
sealed class RecordCollection
{
    const int CachedViews = 4;

    readonly List<Record> items = new();
    readonly Dictionary<string, Record> byId = new(StringComparer.Ordinal);
    readonly LinkedList<(string Key, long Version, IReadOnlyList<Record> Items)> views = new();
    readonly DataStore store;

    internal RecordCollection(DataStore store, string path, string shape)
    {
        this.store = store;
        Path = path;
        Shape = shape;
    }

    public string Path { get; }
    public string Shape { get; }
    public IReadOnlyList<Record> Items => items;
    public int Count => items.Count;

    public Record? Get(string id) => byId.GetValueOrDefault(id);

    public Record Add(Record record)
    {
        if (!byId.TryAdd(record.Id, record)) throw new InvalidOperationException($"Duplicate id {record.Id} in {Path}.");
        items.Add(record);
        store.Changed();
        return record;
    }

    /// <summary>Call after changing a record's data.</summary>
    public void Update(Record record)
    {
        record.Invalidate();
        store.Changed();
    }

    public bool Remove(string id)
    {
        if (!byId.Remove(id, out var record)) return false;
        items.Remove(record);
        store.Changed();
        store.RemoveUnder(Path + id + "/");
        return true;
    }

    /// <summary>Removes every matching record (and what is stored below each) in one pass over the list.</summary>
    public List<Record> RemoveWhere(Func<Record, bool> match)
    {
        var removed = items.Where(match).ToList();
        if (removed.Count == 0) return removed;
        var gone = removed.ToHashSet();
        items.RemoveAll(gone.Contains);
        foreach (var record in removed)
        {
            byId.Remove(record.Id);
            store.RemoveUnder(Path + record.Id + "/");
        }
        store.Changed();
        return removed;
    }

    public void Clear()
    {
        foreach (var record in items) store.RemoveUnder(Path + record.Id + "/");
        items.Clear();
        byId.Clear();
        store.Changed();
    }

    /// <summary>A cached query result, valid while nothing in the store changed.</summary>
    public IReadOnlyList<Record> View(string key, Func<IReadOnlyList<Record>> compute)
    {
        for (var node = views.First; node != null; node = node.Next)
        {
            if (node.Value.Key != key) continue;
            if (node.Value.Version == store.Version) return node.Value.Items;
            views.Remove(node);
            break;
        }
        var result = compute();
        views.AddFirst((key, store.Version, result));
        if (views.Count > CachedViews) views.RemoveLast();
        return result;
    }
}
