using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Bytes moved by a download or upload, counted on whatever thread moves them and shown by the pipeline
    /// thread (the only one that may call WriteProgress), which the counter wakes at most every 250 ms.
    /// </summary>
    internal sealed class CpmTransferProgress
    {
        static readonly long WakeEvery = Stopwatch.Frequency / 4;
        static int activityCounter;

        readonly ProgressRecord record;
        long done, total = -1, lastWake;

        public CpmTransferProgress(string activity)
        {
            record = new ProgressRecord(Interlocked.Increment(ref activityCounter) % 1000000 + 2000000, activity, "Starting") { PercentComplete = -1 };
        }

        /// <summary>Set by the waiting loop: wakes the pipeline thread.</summary>
        public Action Wake { get; set; }

        /// <summary>Any thread: bytes done so far and the total, when known.</summary>
        public void Report(long bytes, long? of)
        {
            Interlocked.Exchange(ref done, bytes);
            Interlocked.Exchange(ref total, of ?? -1);
            var now = Stopwatch.GetTimestamp();
            var last = Interlocked.Read(ref lastWake);
            if (now - last >= WakeEvery && Interlocked.CompareExchange(ref lastWake, now, last) == last) Wake?.Invoke();
        }

        /// <summary>Pipeline thread: the current count as a progress bar.</summary>
        public void Show(Action<ProgressRecord> write)
        {
            var bytes = Interlocked.Read(ref done);
            if (bytes == 0) return;
            var of = Interlocked.Read(ref total);
            record.StatusDescription = of > 0 ? $"{Size(bytes)} of {Size(of)}" : Size(bytes);
            record.PercentComplete = of > 0 ? (int)Math.Min(100, bytes * 100 / of) : -1;
            write(record);
        }

        /// <summary>Pipeline thread: removes the bar, if one was shown.</summary>
        public void Complete(Action<ProgressRecord> write)
        {
            if (record.StatusDescription == "Starting") return;
            record.RecordType = ProgressRecordType.Completed;
            try
            {
                write(record);
            }
            catch (PipelineStoppedException)
            {
                // Stopping (Ctrl+C): the host clears the bars itself.
            }
        }

        static string Size(long bytes) =>
            bytes >= 1 << 20 ? $"{bytes / (double)(1 << 20):0.0} MB" : bytes >= 1 << 10 ? $"{bytes / 1024.0:0.0} KB" : $"{bytes} bytes";
    }
}
