using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// One recover endpoint as Invoke-CpmRecovery sees it: which snapshot records it takes, the ids it reads
    /// from them, and the call. The instances live in <see cref="CpmWorkKinds.RecoverEndpoints"/>, generated
    /// from the overlay's "recovers" keys.
    /// </summary>
    public abstract class CpmRecoverEndpoint
    {
        protected CpmRecoverEndpoint(string what, string command, string listCommand, string pathTemplate, CpmWorkKind work)
        {
            What = what;
            Command = command;
            ListCommand = listCommand;
            PathTemplate = pathTemplate;
            Work = work;
        }

        /// <summary>"instance": what a record of this kind recovers.</summary>
        public string What { get; }
        /// <summary>The typed recover command (Invoke-CpmInstanceRecovery), for its full set of options.</summary>
        public string Command { get; }
        /// <summary>The command that lists such records (Get-CpmBackupInstance).</summary>
        public string ListCommand { get; }
        /// <summary>"/api/backups/{backup_id}/snapshots/instances/{snapshot_record_id}/recover/".</summary>
        public string PathTemplate { get; }
        /// <summary>The work the answer starts (a recovery), for -Wait.</summary>
        public CpmWorkKind Work { get; }
        public abstract Type RecordType { get; }

        /// <summary>The path ids taken from the record, in path order; null where the record lacks one.</summary>
        public abstract long?[] IdsOf(object record);

        /// <summary>The backed-up resource (i-0abc...), for -WhatIf text and prompts.</summary>
        public abstract string ResourceOf(object record);

        /// <summary>A request body with the server's defaults (same region, settings as at backup time).</summary>
        public abstract object NewBody();

        public abstract Task<CpmModel> RecoverAsync(CpmClient client, long[] ids, object body, CancellationToken token);

        /// <summary>The path with the ids filled in, in order.</summary>
        public string PathFor(long[] ids)
        {
            var path = PathTemplate;
            foreach (var id in ids)
            {
                var open = path.IndexOf('{');
                path = path.Substring(0, open) + CpmIds.ToText(id) + path.Substring(path.IndexOf('}', open) + 1);
            }
            return path;
        }

        /// <summary>The endpoint for this kind of record, or null.</summary>
        public static CpmRecoverEndpoint For(object record) =>
            record == null ? null : CpmWorkKinds.RecoverEndpoints.FirstOrDefault(e => e.RecordType == record.GetType());
    }

    /// <summary>An endpoint that recovers TRecord snapshots with a TBody request and answers a TResult record (a recovery).</summary>
    public sealed class CpmRecoverEndpoint<TRecord, TBody, TResult> : CpmRecoverEndpoint where TRecord : class where TBody : new() where TResult : CpmModel
    {
        readonly Func<TRecord, long?[]> ids;
        readonly Func<TRecord, string> resourceOf;
        readonly Func<CpmClient, long[], TBody, CancellationToken, Task<TResult>> call;

        public CpmRecoverEndpoint(string what, string command, string listCommand, string pathTemplate, Func<TRecord, long?[]> ids,
            Func<TRecord, string> resourceOf, Func<CpmClient, long[], TBody, CancellationToken, Task<TResult>> call, CpmWorkKind work)
            : base(what, command, listCommand, pathTemplate, work)
        {
            this.ids = ids;
            this.resourceOf = resourceOf;
            this.call = call;
        }

        public override Type RecordType => typeof(TRecord);
        public override long?[] IdsOf(object record) => ids((TRecord)record);
        public override string ResourceOf(object record) => resourceOf((TRecord)record);
        public override object NewBody() => new TBody();

        public override async Task<CpmModel> RecoverAsync(CpmClient client, long[] ids, object body, CancellationToken token) =>
            await call(client, ids, (TBody)body, token).ConfigureAwait(false);
    }
}
