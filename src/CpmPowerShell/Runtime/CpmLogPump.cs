using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Carries the client's log lines from whatever thread wrote them to the pipeline thread, the only
    /// thread allowed to call WriteVerbose/WriteDebug/WriteWarning. The pipeline thread waits on the pump
    /// instead of blocking on the task, so lines appear while a slow request (or its retries) runs.
    /// </summary>
    internal sealed class CpmLogPump
    {
        readonly ConcurrentQueue<Tuple<CpmLogLevel, string>> lines = new ConcurrentQueue<Tuple<CpmLogLevel, string>>();

        // Released once per line, on completion and on cancellation; never disposed, because a late
        // release from an abandoned task must not fail.
        readonly SemaphoreSlim wake = new SemaphoreSlim(0);

        /// <summary>The sink for <see cref="CpmClient.BeginLogScope"/>; callable from any thread.</summary>
        public void Post(CpmLogLevel level, string text)
        {
            lines.Enqueue(Tuple.Create(level, text));
            wake.Release();
        }

        /// <summary>Wakes the waiting pipeline thread without a line (a transfer's progress moved on); callable from any thread.</summary>
        public void Wake() => wake.Release();

        /// <summary>
        /// Waits for task on the calling (pipeline) thread, writing log lines as they come. When
        /// cancellation is requested first, it stops waiting and throws PipelineStoppedException; the
        /// task is left to finish (its failure observed) since it was given the same token.
        /// </summary>
        public void WaitFor(Task task, CancellationToken cancellation, Action<CpmLogLevel, string> write, Action woken = null)
        {
            task.ContinueWith(t => { _ = t.Exception; wake.Release(); },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            using (cancellation.Register(() => wake.Release()))
            {
                while (!task.IsCompleted)
                {
                    wake.Wait();
                    Drain(write);
                    woken?.Invoke();
                    if (cancellation.IsCancellationRequested && !task.IsCompleted) throw new PipelineStoppedException();
                }
            }
            Drain(write);
        }

        void Drain(Action<CpmLogLevel, string> write)
        {
            while (lines.TryDequeue(out var line)) write(line.Item1, line.Item2);
        }
    }
}
