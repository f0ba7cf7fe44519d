using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// One piece of work to follow, with the state of its wait. Made by <see cref="CpmWorkKind.Follow"/>;
    /// followed by <see cref="CpmCmdlet"/>'s wait loop, which knows nothing of the kind of work.
    /// </summary>
    public abstract class CpmTrackedWork
    {
        /// <summary>"backup 42" — used in progress and messages.</summary>
        public string Title { get; set; }
        /// <summary>
        /// The connection the work was started on (or the record came from), set by Track: each record is
        /// polled there, whatever connection other records of the same command use, and the records
        /// written at the end remember it.
        /// </summary>
        public CpmConnection Connection { get; set; }
        public CpmClient Client => Connection.Client;
        /// <summary>The command that resumes the wait, for the timeout message.</summary>
        public string ResumeHint { get; set; }
        /// <summary>The command that shows why the work did not succeed.</summary>
        public string LogHint { get; set; }

        /// <summary>TargetObject of errors about this work other than its final status (the user's input).</summary>
        internal object Target;
        internal ProgressRecord Progress;
        internal int FailedPolls;
        internal bool WarnedUnknown;

        internal abstract object Record { get; }
        internal abstract Task ReadAsync(CancellationToken token);
        internal abstract bool IsRunning { get; }
        internal abstract string Status { get; }
        internal abstract bool HasUnknownStatus { get; }
        /// <summary>Null for a successful ending, else the ErrorId naming the status (CpmBackupFailed...).</summary>
        internal abstract string ErrorId { get; }
        /// <summary>Ended, but only part of it worked.</summary>
        internal abstract bool EndedPartly { get; }
    }

    /// <summary>What the wait loop needs to know about one kind of record.</summary>
    public sealed class CpmTrackedWork<T> : CpmTrackedWork where T : class
    {
        /// <summary>The last record read; null until the first read (Wait-* reads it afresh).</summary>
        public T Current { get; set; }
        public Func<CpmClient, CancellationToken, Task<T>> Read { get; set; }
        public Func<T, bool> IsRunningStatus { get; set; }
        public Func<T, string> StatusText { get; set; }
        /// <summary>True when the status is a code this module does not know (a newer server).</summary>
        public Func<T, bool> IsUnknownStatus { get; set; }
        public Func<T, string> ErrorIdOf { get; set; }
        public Func<T, bool> IsPartialStatus { get; set; }

        internal override object Record => Current;

        internal override async Task ReadAsync(CancellationToken token)
        {
            var read = await Read(Client, token).ConfigureAwait(false);
            if (read != null) Current = read;
        }

        internal override bool IsRunning => Current == null || IsRunningStatus(Current);
        internal override string Status => Current == null ? "not read yet" : StatusText(Current);
        internal override bool HasUnknownStatus => Current != null && IsUnknownStatus(Current);
        internal override string ErrorId => ErrorIdOf(Current);
        internal override bool EndedPartly => Current != null && IsPartialStatus(Current);
    }
}
