using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Tab completion from values read from the server (names, time zones). It completes against the
    /// connection named by -Server, else the current one; with none it offers nothing. Values are cached
    /// per connection and list, and the prompt never waits more than <see cref="WaitLimit"/>: a slower
    /// server offers what the cache still holds (or nothing) while the call finishes in the background and
    /// fills the cache for the next Tab. Completion never throws and never writes anything.
    /// </summary>
    public abstract class CpmLiveCompleter : IArgumentCompleter
    {
        /// <summary>The longest a Tab waits for the server.</summary>
        public static readonly TimeSpan WaitLimit = TimeSpan.FromMilliseconds(1500);

        /// <summary>A listing that has not ended by then is given up (it only ever fills the cache).</summary>
        static readonly TimeSpan FetchLimit = TimeSpan.FromSeconds(30);

        /// <summary>At most this many items are read from a list: completion is for picking, not for export.</summary>
        protected const int MaxItems = 1000;

        // Per connection (dropped with it), per list key: the latest fetch.
        static readonly ConditionalWeakTable<CpmConnection, Dictionary<string, Fetch>> cache =
            new ConditionalWeakTable<CpmConnection, Dictionary<string, Fetch>>();

        /// <summary>How long fetched values are offered without asking the server again.</summary>
        protected virtual TimeSpan CacheLifetime => TimeSpan.FromSeconds(45);

        /// <summary>
        /// Which list the bound parameters ask for (a key for the cache, e.g. the parent id), or null when
        /// they do not say enough to list anything.
        /// </summary>
        protected virtual string ListKey(IDictionary fakeBoundParameters) => "";

        /// <summary>Reads the values from the server (on a worker thread): the text to insert and a tooltip.</summary>
        protected abstract IEnumerable<CpmCompletionValue> ReadValues(CpmClient client, IDictionary fakeBoundParameters, CancellationToken cancellationToken);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var values = Values(fakeBoundParameters ?? new Hashtable());
                return CpmCompletionText.Filter(values, wordToComplete).ToList();
            }
            catch (Exception)
            {
                // Completion must never fail loudly; offer nothing instead.
                return Array.Empty<CompletionResult>();
            }
        }

        IReadOnlyList<CpmCompletionValue> Values(IDictionary bound)
        {
            var connection = ConnectionFor(bound);
            if (connection == null || !connection.IsOpen || connection.Client == null) return Array.Empty<CpmCompletionValue>();
            var key = ListKey(bound);
            if (key == null) return Array.Empty<CpmCompletionValue>();
            key = GetType().FullName + "|" + key;

            Fetch fetch;
            var lists = cache.GetOrCreateValue(connection);
            lock (lists)
            {
                lists.TryGetValue(key, out var latest);
                if (latest == null || latest.IsStale(CacheLifetime))
                {
                    var client = connection.Client;
                    fetch = new Fetch(ct => ReadValues(client, bound, ct), latest?.Values);
                    lists[key] = fetch;
                }
                else fetch = latest;
            }
            return fetch.WaitForValues(WaitLimit);
        }

        /// <summary>The connection -Server names (a connection or a name typed), else the runspace's current one.</summary>
        static CpmConnection ConnectionFor(IDictionary bound)
        {
            var state = CpmSessionState.OfRunspace(System.Management.Automation.Runspaces.Runspace.DefaultRunspace);
            if (bound.Contains("Server"))
            {
                var server = bound["Server"] is PSObject wrapped ? wrapped.BaseObject : bound["Server"];
                if (server is CpmConnection given) return given.IsUnresolved ? null : given;
                // A name that matches no open connection offers nothing, never the current server's values.
                return server is string text ? state?.Resolve(text) : null;
            }
            return state?.Current;
        }

        /// <summary>A bound parameter read as a positive id (PolicyId typed before -Name), or null.</summary>
        protected static long? BoundId(IDictionary bound, string parameterName)
        {
            if (bound == null || !bound.Contains(parameterName)) return null;
            var value = bound[parameterName] is PSObject wrapped ? wrapped.BaseObject : bound[parameterName];
            if (value is Array array && array.Length == 1) value = array.GetValue(0);
            return LanguagePrimitives.TryConvertTo(value, out long id) && id > 0 ? id : (long?)null;
        }

        /// <summary>One listing of one list: its task, and the values of the listing before it, for use meanwhile.</summary>
        sealed class Fetch
        {
            readonly Task<IReadOnlyList<CpmCompletionValue>> task;
            readonly DateTime startedUtc = DateTime.UtcNow;
            readonly IReadOnlyList<CpmCompletionValue> previous;

            public Fetch(Func<CancellationToken, IEnumerable<CpmCompletionValue>> read, IReadOnlyList<CpmCompletionValue> previous)
            {
                this.previous = previous;
                // Not on the caller's execution context: the client's log scope belongs to commands, not to Tab.
                using (ExecutionContext.SuppressFlow())
                {
                    var limit = new CancellationTokenSource(FetchLimit);
                    task = Task.Run(() => (IReadOnlyList<CpmCompletionValue>)read(limit.Token).Take(MaxItems).ToList(), limit.Token);
                    task.ContinueWith(t => { _ = t.Exception; limit.Dispose(); }, TaskScheduler.Default);
                }
            }

            /// <summary>What this fetch read, else (still running or failed) what the one before it read.</summary>
            public IReadOnlyList<CpmCompletionValue> Values =>
                task.Status == TaskStatus.RanToCompletion ? task.Result : previous;

            public bool IsStale(TimeSpan lifetime) =>
                task.IsFaulted || task.IsCanceled || (task.IsCompleted && DateTime.UtcNow - startedUtc > lifetime)
                || (!task.IsCompleted && DateTime.UtcNow - startedUtc > FetchLimit);

            public IReadOnlyList<CpmCompletionValue> WaitForValues(TimeSpan limit)
            {
                try
                {
                    task.Wait(limit);
                }
                catch (AggregateException)
                {
                    // Failed: offer what an earlier listing found, if anything.
                }
                return Values ?? Array.Empty<CpmCompletionValue>();
            }
        }
    }

    /// <summary>A value a live completer offers: the text to insert and what the tooltip says about it.</summary>
    public struct CpmCompletionValue
    {
        public CpmCompletionValue(string text, string toolTip = null)
        {
            Text = text;
            ToolTip = string.IsNullOrEmpty(toolTip) ? text : toolTip;
        }

        public string Text { get; }
        public string ToolTip { get; }
    }

    /// <summary>Matching what was typed and quoting what is inserted, for the module's completers.</summary>
    internal static class CpmCompletionText
    {
        static readonly char[] Special = { ' ', '\t', '\'', '"', '$', '`', ';', '(', ')', '{', '}', '[', ']', ',', '@', '#', '|', '&', '<', '>' };

        /// <summary>The values that start with what was typed (wildcards allowed), quoted where needed, in name order.</summary>
        public static IEnumerable<CompletionResult> Filter(IEnumerable<CpmCompletionValue> values, string wordToComplete)
        {
            var word = wordToComplete ?? "";
            var quote = word.Length > 0 && (word[0] == '\'' || word[0] == '"');
            var typed = word.Trim('\'', '"');
            var pattern = WildcardPattern.ContainsWildcardCharacters(typed)
                ? new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase)
                : null;
            return values
                .Where(v => !string.IsNullOrEmpty(v.Text))
                .Where(v => pattern != null ? pattern.IsMatch(v.Text) : v.Text.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .GroupBy(v => v.Text, StringComparer.Ordinal).Select(g => g.First())
                .OrderBy(v => v.Text, StringComparer.OrdinalIgnoreCase)
                .Select(v => new CompletionResult(Quote(v.Text, quote), v.Text, CompletionResultType.ParameterValue, v.ToolTip));
        }

        /// <summary>The text as one argument: single-quoted when PowerShell would read it otherwise (or when the user began with a quote).</summary>
        public static string Quote(string text, bool always = false) =>
            always || text.IndexOfAny(Special) >= 0 || text.StartsWith("-", StringComparison.Ordinal)
                ? "'" + text.Replace("'", "''") + "'"
                : text;
    }
}
