namespace CpmPowerShell.Client
{
    /// <summary>
    /// Implemented by the enumerators of <see cref="CpmClient.Paginate{T}"/>. A caller that moves each
    /// MoveNext off its own thread (so log lines show and Ctrl+C works while a page loads) can skip that
    /// for items of the page already in memory.
    /// </summary>
    public interface ICpmPageBuffer
    {
        /// <summary>True when the next MoveNext returns an item of the page in memory: no request, no waiting, no log lines.</summary>
        bool HasBufferedItem { get; }
    }
}
