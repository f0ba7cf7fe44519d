using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// One kind of long-running work (backups, recoveries...): how to read its record by id and what each
    /// status means. The instances live in <see cref="CpmWorkKinds"/>, generated from the overlay's "work"
    /// sections; -Wait and Wait-* follow any of them the same way.
    /// </summary>
    public abstract class CpmWorkKind
    {
        protected CpmWorkKind(string noun, string waitCommand, string logCommand)
        {
            Noun = noun;
            WaitCommand = waitCommand;
            LogCommand = logCommand;
        }

        /// <summary>"backup": used in titles and messages.</summary>
        public string Noun { get; }
        /// <summary>The Wait-* command that resumes a wait.</summary>
        public string WaitCommand { get; }
        /// <summary>The command that shows why the work did not succeed; {id} stands for the record's id.</summary>
        public string LogCommand { get; }
        /// <summary>The record type (Backup, Recovery).</summary>
        public abstract Type RecordType { get; }

        /// <summary>The record's id, or null when it has none (or is not of this kind).</summary>
        public abstract long? IdOf(object record);

        /// <summary>The work of following record id; current is the record at hand, if any (else it is read first).</summary>
        public abstract CpmTrackedWork Follow(long id, object current = null);

        /// <summary>The kind whose records are of type recordType.</summary>
        public static CpmWorkKind ForRecord(Type recordType) =>
            CpmWorkKinds.All.FirstOrDefault(k => k.RecordType == recordType)
            ?? throw new InvalidOperationException($"No kind of work follows {recordType.Name} records; declare one in the overlay's \"work\" section.");
    }

    /// <summary>A kind of work whose record has a status enum TStatus.</summary>
    public sealed class CpmWorkKind<TRecord, TStatus> : CpmWorkKind where TRecord : CpmModel where TStatus : struct, Enum
    {
        readonly Func<CpmClient, long, CancellationToken, Task<TRecord>> read;
        readonly Func<TRecord, long?> idOf;
        readonly Func<TRecord, TStatus?> statusOf;
        readonly Func<TRecord, string> rawStatusOf;
        readonly HashSet<TStatus> running, succeeded, partial;
        readonly Dictionary<TStatus, string> errorIds;
        readonly string unknownErrorId;

        public CpmWorkKind(string noun, Func<CpmClient, long, CancellationToken, Task<TRecord>> read, Func<TRecord, long?> idOf,
            Func<TRecord, TStatus?> statusOf, Func<TRecord, string> rawStatusOf, TStatus[] running, TStatus[] succeeded, TStatus[] partial,
            Dictionary<TStatus, string> errorIds, string unknownErrorId, string waitCommand, string logCommand)
            : base(noun, waitCommand, logCommand)
        {
            this.read = read;
            this.idOf = idOf;
            this.statusOf = statusOf;
            this.rawStatusOf = rawStatusOf;
            this.running = new HashSet<TStatus>(running);
            this.succeeded = new HashSet<TStatus>(succeeded);
            this.partial = new HashSet<TStatus>(partial);
            this.errorIds = errorIds;
            this.unknownErrorId = unknownErrorId;
        }

        public override Type RecordType => typeof(TRecord);

        public override long? IdOf(object record) => record is TRecord typed ? idOf(typed) : null;

        /// <summary>
        /// Running statuses run; so does no status at all, and a code this module does not know (a newer
        /// server): ending the wait early would report a failure that may not be one.
        /// </summary>
        public bool IsRunning(TStatus? status) => status == null || IsUnknown(status) || running.Contains(status.Value);

        /// <summary>Ended, but not everything worked (the record is written, with an error).</summary>
        public bool IsPartial(TStatus? status) => status != null && partial.Contains(status.Value);

        /// <summary>Null for a successful ending; else the ErrorId that names the status.</summary>
        public string ErrorIdFor(TStatus? status)
        {
            if (status != null && succeeded.Contains(status.Value)) return null;
            return status != null && errorIds.TryGetValue(status.Value, out var id) ? id : unknownErrorId;
        }

        /// <summary>The guide's label ("Backup Successful"), or the raw code when this module does not know it.</summary>
        public static string Describe(TStatus? status, string rawCode)
        {
            if (status == null) return "no status";
            if (IsUnknown(status)) return $"unknown status '{rawCode}'";
            return CpmEnum.LabelOf(status.Value) ?? status.Value.ToString();
        }

        /// <summary>Our enums keep 0 for a code this module does not know.</summary>
        static bool IsUnknown(TStatus? status) => status != null && Convert.ToInt64(status.Value, CultureInfo.InvariantCulture) == 0;

        public override CpmTrackedWork Follow(long id, object current = null) => Follow(id, current as TRecord);

        public CpmTrackedWork<TRecord> Follow(long id, TRecord current) => new CpmTrackedWork<TRecord>
        {
            Title = $"{Noun} {id}",
            Current = current,
            Read = (client, ct) => read(client, id, ct),
            IsRunningStatus = r => IsRunning(statusOf(r)),
            StatusText = r => Describe(statusOf(r), rawStatusOf(r)),
            IsUnknownStatus = r => IsUnknown(statusOf(r)),
            ErrorIdOf = r => ErrorIdFor(statusOf(r)),
            IsPartialStatus = r => IsPartial(statusOf(r)),
            ResumeHint = $"{WaitCommand} -Id {id} -Timeout <time>",
            LogHint = LogCommand.Replace("{id}", CpmIds.ToText(id)),
        };
    }
}
