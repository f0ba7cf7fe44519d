using System;
using System.Collections.Generic;
using System.Threading;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// Where log lines go. The sink lives in an AsyncLocal, so a scope opened by a cmdlet receives the
    /// lines of every call made inside it, including those written from thread-pool continuations, while
    /// calls made elsewhere (another runspace, another scope) never reach it. No scope: nothing is logged.
    /// </summary>
    internal static class CpmLog
    {
        static readonly AsyncLocal<Scope> Current = new AsyncLocal<Scope>();

        public static IDisposable Begin(Action<CpmLogLevel, string> sink, bool includeDebug)
        {
            if (sink == null) throw new ArgumentNullException(nameof(sink));
            var scope = new Scope(sink, includeDebug, Current.Value);
            Current.Value = scope;
            return scope;
        }

        /// <summary>True when some scope will receive Verbose lines (saves formatting work otherwise).</summary>
        public static bool IsEnabled => Current.Value != null;

        /// <summary>True when the scope wants Debug lines (request and response bodies).</summary>
        public static bool IsDebugEnabled => Current.Value?.IncludeDebug == true;

        /// <summary>Writes a line that the caller has already redacted.</summary>
        public static void Write(CpmLogLevel level, string line)
        {
            var scope = Current.Value;
            if (scope == null || (level == CpmLogLevel.Debug && !scope.IncludeDebug)) return;
            try { scope.Sink(level, line); }
            catch (Exception) { /* a failing log sink must not fail the API call it describes */ }
        }

        sealed class Scope : IDisposable
        {
            public Scope(Action<CpmLogLevel, string> sink, bool includeDebug, Scope previous)
            {
                Sink = sink;
                IncludeDebug = includeDebug;
                Previous = previous;
            }

            public Action<CpmLogLevel, string> Sink { get; }
            public bool IncludeDebug { get; }
            public Scope Previous { get; }

            public void Dispose()
            {
                if (Current.Value == this) Current.Value = Previous;
            }
        }
    }

    /// <summary>One client's way into <see cref="CpmLog"/>: everything passes through its redactor.</summary>
    internal sealed class CpmLogger
    {
        // Debug bodies beyond this are cut: a 10,000-item page is not worth printing in full.
        const int MaxBodyChars = 32 * 1024;

        readonly CpmRedactor redactor;

        public CpmLogger(CpmRedactor redactor) { this.redactor = redactor; }

        public bool IsVerboseEnabled => CpmLog.IsEnabled;
        public bool IsDebugEnabled => CpmLog.IsDebugEnabled;

        public void Verbose(string line)
        {
            if (CpmLog.IsEnabled) CpmLog.Write(CpmLogLevel.Verbose, redactor.Scrub(line));
        }

        public void Debug(string line)
        {
            if (CpmLog.IsDebugEnabled) CpmLog.Write(CpmLogLevel.Debug, redactor.Scrub(line));
        }

        /// <summary>Logs a body with secret fields masked, then cut to a readable length.</summary>
        public void DebugBody(string label, string body, string mediaType, IEnumerable<string> extraSecrets = null)
        {
            if (!CpmLog.IsDebugEnabled || string.IsNullOrEmpty(body)) return;
            var redacted = redactor.Scrub(redactor.RedactBody(body, mediaType), extraSecrets);
            if (redacted.Length > MaxBodyChars)
                redacted = redacted.Substring(0, MaxBodyChars) + $"... ({redacted.Length - MaxBodyChars} more characters)";
            CpmLog.Write(CpmLogLevel.Debug, label + redacted);
        }
    }
}
