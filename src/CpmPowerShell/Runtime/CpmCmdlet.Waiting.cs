using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Following tracked work (any kind of <see cref="CpmWorkKinds"/>) until it ends. ProcessRecord starts the work and
    /// hands it to <see cref="Track"/>; EndProcessing then waits for everything tracked together: one
    /// poll per record per round, one progress bar per record, each final record (and its error) written
    /// as soon as it ends, one -Timeout for the whole set, Ctrl+C at any time.
    /// </summary>
    public abstract partial class CpmCmdlet
    {
        /// <summary>First pause between polls; it grows to <see cref="LongestPoll"/> for long work.</summary>
        static readonly TimeSpan FirstPoll = TimeSpan.FromSeconds(1);
        static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(10);
        /// <summary>Polls of one record that may fail in a row (after the client's own retries) before its wait gives up.</summary>
        const int FailedPollsTolerated = 5;

        readonly List<CpmTrackedWork> tracked = new List<CpmTrackedWork>();
        TimeSpan? trackedTimeout;

        /// <summary>
        /// Remembers started work; it is waited for, with everything else tracked, after the last pipeline
        /// object. target is what errors about it name (the user's input); timeout counts from then.
        /// </summary>
        protected void Track(CpmTrackedWork work, object target, TimeSpan? timeout)
        {
            if (work == null) throw new ArgumentNullException(nameof(work));
            work.Target = target ?? work.Title;
            work.Connection = Connection;
            tracked.Add(work);
            trackedTimeout = timeout;
        }

        /// <summary>The work's record, marked with the connection it was read through.</summary>
        static object Stamped(CpmTrackedWork work)
        {
            if (work.Record is CpmModel model) CpmOrigins.Stamp(model, work.Connection);
            return work.Record;
        }

        /// <summary>
        /// Waits for the work tracked while the pipeline ran. A subclass that overrides this must call it.
        /// </summary>
        protected override void EndCpmProcessing() => WaitForTracked();

        void WaitForTracked()
        {
            if (tracked.Count == 0) return;
            var pending = new List<CpmTrackedWork>(tracked);
            tracked.Clear();
            var timeout = trackedTimeout;
            var clock = Stopwatch.StartNew();
            var pause = FirstPoll;
            foreach (var work in pending)
                work.Progress = new ProgressRecord(NextActivityId(), "Waiting for " + work.Title, "Starting") { PercentComplete = -1 };
            // Wait-* has no record yet: its first read is at once (a record done already ends the wait).
            var readNow = pending.Any(w => w.Record == null);
            try
            {
                while (pending.Count > 0)
                {
                    foreach (var work in pending) ShowProgress(work, clock, timeout);
                    if (timeout.HasValue && clock.Elapsed >= timeout.Value)
                    {
                        foreach (var work in pending.ToList())
                        {
                            pending.Remove(work);
                            CompleteProgress(work);
                            WriteWaitTimeout(work, timeout.Value);
                        }
                        return;
                    }
                    if (!readNow)
                    {
                        var sleep = timeout.HasValue && timeout.Value - clock.Elapsed < pause ? timeout.Value - clock.Elapsed : pause;
                        if (sleep > TimeSpan.Zero) Await(ct => Task.Delay(sleep, ct));
                        pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 1.5, LongestPoll.TotalMilliseconds));
                    }
                    readNow = false;

                    foreach (var work in pending.ToList())
                    {
                        var keepWaiting = Poll(work) && work.IsRunning;
                        if (keepWaiting) continue;
                        pending.Remove(work);
                        CompleteProgress(work);
                        if (!work.IsRunning) WriteFinal(work);
                    }
                }
            }
            finally
            {
                foreach (var work in pending) CompleteProgress(work);
            }
        }

        /// <summary>
        /// Reads the record once. False when its wait is over without an ending: the server said no
        /// (404, 403...) or kept failing; the error (after the last record read) has been written.
        /// </summary>
        bool Poll(CpmTrackedWork work)
        {
            var alive = false;
            Try(work.Target, () =>
            {
                try
                {
                    Await(work.ReadAsync);
                    work.FailedPolls = 0;
                }
                catch (CpmApiException e) when (IsPassing(e))
                {
                    // A runbook waits for hours: one bad minute at the server must not end the wait.
                    if (++work.FailedPolls >= FailedPollsTolerated)
                    {
                        // Giving up: the last record read still reaches the caller before the error.
                        if (work.Record != null) WriteObject(Stamped(work));
                        throw;
                    }
                    WriteWarning($"Could not read {work.Title} ({e.Message}); trying again.");
                }
                alive = true;
            });
            return alive;
        }

        void ShowProgress(CpmTrackedWork work, Stopwatch clock, TimeSpan? timeout)
        {
            var status = work.Status;
            if (!work.WarnedUnknown && work.HasUnknownStatus)
            {
                // Treated as still running: ending the wait would report a failure that may not be one.
                work.WarnedUnknown = true;
                WriteWarning($"{Capitalized(work.Title)} has a status this module does not know ({status}); waiting on until it changes{(timeout.HasValue ? " or the timeout passes" : "; use -Timeout to limit the wait")}.");
            }
            work.Progress.StatusDescription = $"{status} ({FormatElapsed(clock.Elapsed)} elapsed{(timeout.HasValue ? ", timeout " + FormatElapsed(timeout.Value) : "")})";
            WriteProgress(work.Progress);
        }

        void CompleteProgress(CpmTrackedWork work)
        {
            if (work.Progress == null || work.Progress.RecordType == ProgressRecordType.Completed) return;
            work.Progress.RecordType = ProgressRecordType.Completed;
            try
            {
                WriteProgress(work.Progress);
            }
            catch (PipelineStoppedException)
            {
                // Stopping (Ctrl+C, Select-Object -First): the host clears the bars itself.
            }
        }

        /// <summary>The final record and, unless it succeeded, a non-terminating error naming its status.</summary>
        void WriteFinal(CpmTrackedWork work)
        {
            WriteObject(Stamped(work));
            var errorId = work.ErrorId;
            if (errorId == null) return;
            WriteCpmError(errorId, ErrorCategory.InvalidResult,
                $"{Capitalized(work.Title)} ended with status '{work.Status}'{(work.EndedPartly ? ": part of it did not succeed" : "")}.",
                $"See why with {work.LogHint}.", work.Record);
        }

        /// <summary>The last record read and CpmWaitTimeout: the work goes on at the server.</summary>
        void WriteWaitTimeout(CpmTrackedWork work, TimeSpan timeout)
        {
            if (work.Record != null) WriteObject(Stamped(work));
            WriteCpmError(CpmErrorIds.WaitTimeout, ErrorCategory.OperationTimeout,
                $"{Capitalized(work.Title)} is still {work.Status} after {FormatElapsed(timeout)}; it goes on at the server.",
                $"Wait longer with {work.ResumeHint}, or check it later.", work.Record ?? work.Target);
        }

        /// <summary>-Timeout only means something with -Wait; alone it would be silently ignored.</summary>
        protected void RequireWaitForTimeout(bool wait, bool timeoutGiven)
        {
            if (timeoutGiven && !wait)
                ThrowCpmError(CpmErrorIds.InvalidArgument, ErrorCategory.InvalidArgument,
                    "-Timeout limits how long -Wait waits; without -Wait the command returns as soon as the work has started.",
                    "Add -Wait, or leave out -Timeout.", null);
        }

        /// <summary>Faults that may pass: server errors, throttling, dropped connections, timeouts.</summary>
        static bool IsPassing(CpmApiException e) =>
            e.Kind == CpmErrorKind.ServerError || e.Kind == CpmErrorKind.Throttled
            || e.Kind == CpmErrorKind.Network || e.Kind == CpmErrorKind.Timeout;

        static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

        static int activityCounter;

        /// <summary>Each record gets its own progress bar, so records waited for together do not overwrite each other.</summary>
        static int NextActivityId() => Interlocked.Increment(ref activityCounter) % 1000000 + 1000;

        static string FormatElapsed(TimeSpan span) =>
            span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss") : span.ToString(@"m\:ss");

        /// <summary>
        /// What commands that start tracked work (recover, run, scan...) do with the server's answer: write
        /// it, or with -Wait track it (on the connection it was started on) so it is followed to the end
        /// with the others after the last input.
        /// </summary>
        protected void WriteStartedWork(CpmWorkKind kind, CpmModel started, bool wait, TimeSpan? timeout)
        {
            var id = started == null ? null : kind.IdOf(started);
            if (!wait || id == null)
            {
                WriteObject(started);
                if (wait) WriteWarning($"The server's answer carries no {kind.Noun} id, so -Wait cannot follow it; find it with {kind.WaitCommand.Replace("Wait-", "Get-")} -First 1.");
                return;
            }
            Track(kind.Follow(id.Value, started), started, timeout);
        }
    }
}
