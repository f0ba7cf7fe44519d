using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CpmPowerShell.Client;
using CpmPowerShell.Models;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Following tracked work (a backup, a recovery) until it ends: polling with Write-Progress, -Timeout,
    /// Ctrl+C, and the final record written before any error about its status, so it is never lost.
    /// </summary>
    public abstract partial class CpmCmdlet
    {
        /// <summary>First pause between polls; it grows to <see cref="LongestPoll"/> for long work.</summary>
        static readonly TimeSpan FirstPoll = TimeSpan.FromSeconds(1);
        static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(10);
        /// <summary>Polls that may fail in a row (after the client's own retries) before the wait gives up.</summary>
        const int FailedPollsTolerated = 5;

        /// <summary>What the wait loop needs to know about one kind of record.</summary>
        protected sealed class TrackedWork<T> where T : class
        {
            /// <summary>"Backup 42" — used in progress and messages.</summary>
            public string Title { get; set; }
            public Func<CancellationToken, Task<T>> Read { get; set; }
            public Func<T, bool> IsRunning { get; set; }
            public Func<T, string> StatusText { get; set; }
            /// <summary>True when the status is a code this module does not know (a newer server).</summary>
            public Func<T, bool> HasUnknownStatus { get; set; }
            /// <summary>The command that resumes the wait, for the timeout message.</summary>
            public string ResumeHint { get; set; }
            /// <summary>Null for a successful ending, else the ErrorId naming the status (CpmBackupFailed...).</summary>
            public Func<T, string> ErrorIdOf { get; set; }
            /// <summary>The command that shows why the work did not succeed.</summary>
            public string LogHint { get; set; }
        }

        /// <summary>
        /// Polls until the work ends or the deadline passes. Returns the last record read; on timeout
        /// also writes CpmWaitTimeout (the work goes on at the server). A null deadline waits for ever.
        /// </summary>
        protected T WaitUntilDone<T>(TrackedWork<T> work, T current, Stopwatch clock, TimeSpan? timeout) where T : class
        {
            var progress = new ProgressRecord(NextActivityId(), "Waiting for " + work.Title, "Starting") { PercentComplete = -1 };
            var pause = FirstPoll;
            var failures = 0;
            var warnedUnknown = false;
            var readNow = current == null; // Wait-* starts from the server's state without a pause
            try
            {
                while (current == null || work.IsRunning(current))
                {
                    var status = current == null ? "not read yet" : work.StatusText(current);
                    if (current != null && !warnedUnknown && work.HasUnknownStatus(current))
                    {
                        // Treated as still running: ending the wait would report a failure that may not be one.
                        warnedUnknown = true;
                        WriteWarning($"{Capitalized(work.Title)} has a status this module does not know ({status}); waiting on until it changes{(timeout.HasValue ? " or the timeout passes" : "; use -Timeout to limit the wait")}.");
                    }
                    progress.StatusDescription = $"{status} ({FormatElapsed(clock.Elapsed)} elapsed{(timeout.HasValue ? ", timeout " + FormatElapsed(timeout.Value) : "")})";
                    WriteProgress(progress);

                    if (timeout.HasValue && clock.Elapsed >= timeout.Value)
                    {
                        WriteWaitTimeout(work, current, status, timeout.Value);
                        return current;
                    }
                    if (!readNow)
                    {
                        var sleep = timeout.HasValue && timeout.Value - clock.Elapsed < pause ? timeout.Value - clock.Elapsed : pause;
                        if (sleep > TimeSpan.Zero) Await(ct => Task.Delay(sleep, ct));
                        pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 1.5, LongestPoll.TotalMilliseconds));
                    }
                    readNow = false;

                    try
                    {
                        current = Await(work.Read) ?? current;
                        failures = 0;
                    }
                    catch (CpmApiException e) when (IsPassing(e))
                    {
                        // A runbook waits for hours: one bad minute at the server must not end the wait.
                        if (++failures < FailedPollsTolerated)
                        {
                            WriteWarning($"Could not read {work.Title} ({e.Message}); trying again.");
                            continue;
                        }
                        // Giving up: the last record read still reaches the caller before the error.
                        if (current != null) WriteObject(current);
                        throw;
                    }
                }
                return current;
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        }

        /// <summary>-Timeout only means something with -Wait; alone it would be silently ignored.</summary>
        protected void RequireWaitForTimeout(bool wait, bool timeoutGiven)
        {
            if (timeoutGiven && !wait)
                ThrowCpmError("CpmInvalidArgument", ErrorCategory.InvalidArgument,
                    "-Timeout limits how long -Wait waits; without -Wait the command returns as soon as the work has started.",
                    "Add -Wait, or leave out -Timeout.", null);
        }

        /// <summary>Faults that may pass: server errors, throttling, dropped connections, timeouts.</summary>
        static bool IsPassing(CpmApiException e) =>
            e.Kind == CpmErrorKind.ServerError || e.Kind == CpmErrorKind.Throttled
            || e.Kind == CpmErrorKind.Network || e.Kind == CpmErrorKind.Timeout;

        void WriteWaitTimeout<T>(TrackedWork<T> work, T current, string status, TimeSpan timeout) where T : class
        {
            if (current != null) WriteObject(current);
            WriteCpmError("CpmWaitTimeout", ErrorCategory.OperationTimeout,
                $"{Capitalized(work.Title)} is still {status} after {FormatElapsed(timeout)}; it goes on at the server.",
                $"Wait longer with {work.ResumeHint}, or check it later.", (object)current ?? work.Title);
        }

        static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

        static int activityCounter;

        /// <summary>Each wait gets its own progress bar, so piped items do not overwrite each other.</summary>
        static int NextActivityId() => Interlocked.Increment(ref activityCounter) % 1000000 + 1000;

        static string FormatElapsed(TimeSpan span) =>
            span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss") : span.ToString(@"m\:ss");

        /// <summary>
        /// Follows tracked work until it ends, then writes the final record and, unless it succeeded, a
        /// non-terminating error naming its status. With no record at hand (Wait-* -Id) the first read is
        /// part of the wait, so a failing server is ridden out there too. On timeout the wait has reported.
        /// </summary>
        protected void WaitAndWrite<T>(TrackedWork<T> work, T current, Stopwatch clock, TimeSpan? timeout) where T : class
        {
            var final = WaitUntilDone(work, current, clock, timeout);
            if (final == null || work.IsRunning(final)) return;
            WriteObject(final);
            var errorId = work.ErrorIdOf(final);
            if (errorId == null) return;
            WriteCpmError(errorId, ErrorCategory.InvalidResult,
                $"{Capitalized(work.Title)} ended with status '{work.StatusText(final)}'.",
                $"See why with {work.LogHint}.", final);
        }

        protected TrackedWork<Backup> BackupWork(long id) => new TrackedWork<Backup>
        {
            Title = $"backup {id}",
            Read = ct => Client.GetBackupAsync(CpmIds.ToText(id), ct),
            IsRunning = b => CpmWorkStatus.IsRunning(b.Status),
            StatusText = b => CpmWorkStatus.Describe(b.Status, b.GetRawValue("status")),
            HasUnknownStatus = b => b.Status == BackupStatus.Unknown,
            ErrorIdOf = b => CpmWorkStatus.ErrorIdFor(b.Status),
            ResumeHint = $"Wait-CpmBackup -Id {id} -Timeout <time>",
            LogHint = $"Get-CpmBackupLog -BackupId {id}",
        };

        protected TrackedWork<Recovery> RecoveryWork(long id) => new TrackedWork<Recovery>
        {
            Title = $"recovery {id}",
            Read = ct => Client.GetRecoveryAsync(CpmIds.ToText(id), ct),
            IsRunning = r => CpmWorkStatus.IsRunning(r.Status),
            StatusText = r => CpmWorkStatus.Describe(r.Status, r.GetRawValue("status")),
            HasUnknownStatus = r => r.Status == RecoveryStatus.Unknown,
            ErrorIdOf = r => CpmWorkStatus.ErrorIdFor(r.Status),
            ResumeHint = $"Wait-CpmRecovery -Id {id} -Timeout <time>",
            LogHint = $"Get-CpmRecoveryLog -RecoveryId {id}",
        };

        /// <summary>
        /// What recover cmdlets do with the server's answer: write it, or with -Wait follow it to the end.
        /// </summary>
        protected void WriteRecoveryResult(Recovery started, bool wait, TimeSpan? timeout)
        {
            if (!wait || started?.Id == null)
            {
                WriteObject(started);
                if (wait) WriteWarning("The server's answer carries no recovery id, so -Wait cannot follow it; find it with Get-CpmRecovery -First 1.");
                return;
            }
            WaitAndWrite(RecoveryWork(started.Id.Value), started, Stopwatch.StartNew(), timeout);
        }
    }
}
