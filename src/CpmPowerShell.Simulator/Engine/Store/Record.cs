using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Engine.Store;

/// <summary>
/// One stored resource. Its JSON bytes are cached, so listing a page costs a copy per record rather than
/// a serialisation; whoever changes <see cref="Data"/> must go through the owning collection's Update.
/// </summary>
sealed class Record
{
    byte[]? utf8;

    public Record(string id, JObject data)
    {
        Id = id;
        Data = data;
    }

    public string Id { get; }
    public JObject Data { get; }
    public byte[] Utf8 => utf8 ??= Json.ToBytes(Data);

    internal void Invalidate() => utf8 = null;

    public JToken? this[string field] => Data[field];
}
