using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CpmPowerShell.Client;
using Newtonsoft.Json;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// What every CpmPowerShell cmdlet shares, connected or not: waiting for the client on the pipeline
    /// thread while its log lines reach Verbose/Debug/Warning, Ctrl+C, turning exceptions into error
    /// records, streaming and paging output, name wildcards and the -WhatIf text.
    /// Cmdlets that talk to a server derive from <see cref="CpmCmdlet"/>.
    /// </summary>
    public abstract class CpmCmdletBase : PSCmdlet, IDisposable
    {
        readonly CancellationTokenSource stopping = new CancellationTokenSource();

        /// <summary>Cancelled when the user presses Ctrl+C (StopProcessing). Pass it to every client call.</summary>
        protected CancellationToken CancellationToken => stopping.Token;

        #region Lifecycle

        protected sealed override void BeginProcessing()
        {
            Run(() =>
            {
                OnBeginProcessing();
                BeginCpmProcessing();
            });
        }

        /// <summary>Work before the first pipeline object. Failures here stop the command.</summary>
        protected virtual void BeginCpmProcessing()
        {
        }

        /// <summary>Runs before BeginCpmProcessing; CpmCmdlet resolves the connection here.</summary>
        private protected virtual void OnBeginProcessing()
        {
        }

        /// <summary>
        /// Calls <see cref="ProcessCpmRecord"/>. An exception that escapes it is written as a
        /// non-terminating error, so one failed pipeline item does not stop the others.
        /// </summary>
        protected sealed override void ProcessRecord()
        {
            try
            {
                if (!OnProcessRecord()) return;
                ProcessCpmRecord();
            }
            catch (OperationCanceledException) when (IsStopRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception e) when (IsReportable(e))
            {
                WriteError(CpmErrorMap.FromException(e, ErrorTarget));
            }
        }

        /// <summary>The cmdlet's work for one pipeline object (or the single call without pipeline input).</summary>
        protected abstract void ProcessCpmRecord();

        /// <summary>
        /// Runs before ProcessCpmRecord for each pipeline object; false skips the object (after writing why).
        /// CpmCmdlet picks the connection the piped object came from here.
        /// </summary>
        private protected virtual bool OnProcessRecord() => true;

        protected sealed override void EndProcessing() => Run(EndCpmProcessing);

        /// <summary>Work after the last pipeline object. Failures here stop the command.</summary>
        protected virtual void EndCpmProcessing()
        {
        }

        protected override void StopProcessing()
        {
            try
            {
                stopping.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The command already finished.
            }
        }

        /// <summary>TargetObject of errors that escape ProcessCpmRecord (Try sets its own).</summary>
        protected virtual object ErrorTarget => null;

        public void Dispose()
        {
            stopping.Dispose();
        }

        /// <summary>Begin/End work: failures become terminating errors with the module's ErrorIds.</summary>
        void Run(Action action)
        {
            try
            {
                action();
            }
            catch (OperationCanceledException) when (IsStopRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception e) when (IsReportable(e))
            {
                ThrowTerminatingError(CpmErrorMap.FromException(e, ErrorTarget));
            }
        }

        bool IsStopRequested => Stopping || stopping.IsCancellationRequested;

        /// <summary>
        /// Exceptions we turn into our error records. PowerShell's own (RuntimeException and kin: a stopped
        /// pipeline, -ErrorAction Stop, a terminating error already reported, a downstream command's
        /// failure coming back through WriteObject) must travel on unchanged.
        /// </summary>
        bool IsReportable(Exception e) =>
            !(e is RuntimeException) && !(e is HaltCommandException)
            && !(e is OperationCanceledException && IsStopRequested);

        #endregion

        #region Output

        /// <summary>
        /// Writes an object to the pipeline. It hides Cmdlet.WriteObject so that every object a module
        /// cmdlet writes passes through <see cref="Stamp"/> (CpmCmdlet records on each record the
        /// connection it came from), whichever code path writes it.
        /// </summary>
        protected new void WriteObject(object sendToPipeline) => base.WriteObject(Stamp(sendToPipeline));

        /// <summary>As <see cref="WriteObject(object)"/>; with enumerateCollection each element is stamped.</summary>
        protected new void WriteObject(object sendToPipeline, bool enumerateCollection)
        {
            if (!enumerateCollection || sendToPipeline is string || !(sendToPipeline is System.Collections.IEnumerable items))
            {
                base.WriteObject(Stamp(sendToPipeline));
                return;
            }
            foreach (var item in items) base.WriteObject(Stamp(item));
        }

        /// <summary>Marks an object on its way out; the base leaves it as it is.</summary>
        private protected virtual object Stamp(object item) => item;

        #endregion

        #region Per-item errors

        /// <summary>
        /// Runs one item's work; a failure becomes a non-terminating error whose TargetObject is target,
        /// and the cmdlet goes on with the next item.
        /// </summary>
        protected void Try(object target, Action action)
        {
            try
            {
                action();
            }
            catch (OperationCanceledException) when (IsStopRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception e) when (IsReportable(e))
            {
                WriteError(Refusal(e, target) ?? CpmErrorMap.FromException(e, target));
            }
        }

        /// <summary>A 412 told in the cmdlet's own words where it declares them ([CpmWhenRefused]); else null.</summary>
        ErrorRecord Refusal(Exception e, object target)
        {
            var words = GetType().GetCustomAttribute<CpmWhenRefusedAttribute>();
            if (words == null || !(e is CpmApiException api) || api.Kind != CpmErrorKind.PreconditionFailed) return null;
            var about = NameServer(Convert.ToString(target, CultureInfo.InvariantCulture));
            var message = words.Message.Replace("{target}", about)
                          + (string.IsNullOrWhiteSpace(api.ServerMessage) ? "" : $" The server said: {api.ServerMessage.Trim()}");
            return CpmErrorMap.ForKind(api, message, words.RecommendedAction.Replace("{target}", about), target);
        }

        /// <summary>Stops the command with one of the module's own errors.</summary>
        protected void ThrowCpmError(string errorId, ErrorCategory category, string message, string recommendedAction, object target)
        {
            ThrowTerminatingError(CpmErrorMap.Create(errorId, category, message, recommendedAction, target));
        }

        /// <summary>Writes one of the module's own non-terminating errors.</summary>
        protected void WriteCpmError(string errorId, ErrorCategory category, string message, string recommendedAction, object target)
        {
            WriteError(CpmErrorMap.Create(errorId, category, message, recommendedAction, target));
        }

        /// <summary>Reports a pipeline object that lacks the id(s) the call needs; the next object is processed.</summary>
        protected void WriteMissingId(object item)
        {
            WriteCpmError(CpmErrorIds.MissingId, ErrorCategory.InvalidArgument,
                $"The input object{DescribeType(item)} has no id, so it cannot identify what to act on.",
                "Pipe objects read from the server (Get-Cpm* commands), or pass the id with -Id.", item);
        }

        static string DescribeType(object item)
        {
            var value = item is PSObject pso ? pso.BaseObject : item;
            return value == null ? "" : " (" + value.GetType().Name + ")";
        }

        #endregion

        #region Waiting for the client

        /// <summary>
        /// Runs an async client call and waits for it on the pipeline thread, writing the client's log
        /// lines to Verbose/Debug/Warning as they come. Ctrl+C cancels the call and stops the pipeline.
        /// The call's own exception (e.g. CpmApiException) is rethrown unwrapped.
        /// </summary>
        protected T Await<T>(Func<CancellationToken, Task<T>> call)
        {
            if (call == null) throw new ArgumentNullException(nameof(call));
            var token = CancellationToken;
            var task = RunWithLogs(() => call(token));
            return task.GetAwaiter().GetResult();
        }

        /// <summary>As <see cref="Await{T}"/>, for calls without a result.</summary>
        protected void Await(Func<CancellationToken, Task> call)
        {
            if (call == null) throw new ArgumentNullException(nameof(call));
            var token = CancellationToken;
            RunWithLogs(async () =>
            {
                await call(token).ConfigureAwait(false);
                return true;
            }).GetAwaiter().GetResult();
        }

        /// <summary>
        /// As <see cref="Await{T}"/>, for a call that moves a file: the call gets a progress callback (any
        /// thread may call it with bytes done and the total, if known) and the pipeline thread shows it
        /// with Write-Progress under activity, a few times a second at most.
        /// </summary>
        protected T AwaitTransfer<T>(string activity, Func<CancellationToken, Action<long, long?>, Task<T>> call)
        {
            if (call == null) throw new ArgumentNullException(nameof(call));
            var token = CancellationToken;
            var progress = new CpmTransferProgress(activity);
            try
            {
                return RunWithLogs(() => call(token, progress.Report), progress).GetAwaiter().GetResult();
            }
            finally
            {
                progress.Complete(WriteProgress);
            }
        }

        /// <summary>Starts work on the thread pool inside a log scope and pumps its logs until it ends.</summary>
        Task<T> RunWithLogs<T>(Func<Task<T>> start, CpmTransferProgress progress = null)
        {
            CancellationToken.ThrowIfCancellationRequested();
            var pump = new CpmLogPump();
            using (CpmClient.BeginLogScope(pump.Post, WantsDebug))
            {
                if (progress != null) progress.Wake = pump.Wake;
                // Task.Run captures the log scope (an AsyncLocal) and keeps any SynchronizationContext of
                // the host away from the client's continuations.
                var task = Task.Run(start);
                pump.WaitFor(task, CancellationToken, WriteLogLine, progress == null ? (Action)null : () => progress.Show(WriteProgress));
                return task;
            }
        }

        /// <summary>
        /// Whether WriteDebug would show anything: -Debug, else $DebugPreference other than SilentlyContinue
        /// or Ignore (as PowerShell decides). When it would not, the client does not format request and
        /// response bodies for the Debug stream at all: for a list that is most of the work per page.
        /// </summary>
        bool WantsDebug
        {
            get
            {
                if (MyInvocation.BoundParameters.TryGetValue("Debug", out var bound)) return LanguagePrimitives.IsTrue(bound);
                var preference = SessionState.PSVariable.GetValue("DebugPreference");
                if (preference == null) return false; // PowerShell's default, SilentlyContinue
                // A local `$DebugPreference = 'Continue'` holds a string, not an ActionPreference.
                if (!Enum.TryParse(preference.ToString(), true, out ActionPreference level)) return true;
                return level != ActionPreference.SilentlyContinue && level != ActionPreference.Ignore;
            }
        }

        void WriteLogLine(CpmLogLevel level, string text)
        {
            switch (level)
            {
                case CpmLogLevel.Warning:
                    WriteWarning(text);
                    break;
                case CpmLogLevel.Debug:
                    WriteDebug(text);
                    break;
                default:
                    WriteVerbose(text);
                    break;
            }
        }

        #endregion

        #region Streaming and paging

        /// <summary>
        /// The part of a list given by the user (-Id 1,2,3) that -Skip and -First select; with
        /// -IncludeTotalCount the total is the length of the list.
        /// </summary>
        protected IEnumerable<T> PageOf<T>(IReadOnlyCollection<T> items)
        {
            var paging = PagingParameters;
            if (paging == null) return items;
            if (paging.IncludeTotalCount.IsPresent) WriteObject(paging.NewTotalCount((ulong)items.Count, 1.0));
            var skip = (int)Math.Min(paging.Skip, int.MaxValue);
            var first = (int)Math.Min(paging.First, int.MaxValue);
            return items.Skip(skip).Take(first);
        }

        /// <summary>
        /// Writes each object of a lazy sequence (e.g. CpmClient.Paginate) as soon as it arrives: the first
        /// page's objects reach the pipeline before the second page is asked for. Stops on Ctrl+C and when
        /// a downstream command (Select-Object -First) has enough.
        /// </summary>
        protected void WriteStream<T>(IEnumerable<T> items) => WriteStream(items, item => (object)item);

        /// <summary>
        /// As <see cref="WriteStream{T}(IEnumerable{T})"/>, converting each item on the pipeline thread, so a
        /// page already in memory is not left once per item (wrapping the source in Select would hide it).
        /// </summary>
        protected void WriteStream<T>(IEnumerable<T> items, Func<T, object> convert)
        {
            foreach (var item in Pumped(items)) WriteObject(convert(item));
        }

        /// <summary>
        /// Implements SupportsPaging (-First, -Skip, -IncludeTotalCount) over a lazy source.
        /// source(skip) yields the list from position skip. With a clientFilter (e.g. name wildcards) the
        /// list is read from the start, filtered here, and -Skip/-First count matching objects only.
        /// No page beyond what -First needs is fetched. totalCount, when given, asks the server for the
        /// list's size (used for -IncludeTotalCount when the list is not read to its end).
        /// </summary>
        protected void WritePaged<T>(Func<int, IEnumerable<T>> source, Func<T, bool> clientFilter = null,
            Func<CancellationToken, Task<int?>> totalCount = null)
        {
            if (source == null) throw new ArgumentNullException(nameof(source));
            var paging = PagingParameters;
            var skip = paging?.Skip ?? 0UL;
            var first = paging?.First ?? ulong.MaxValue;
            var includeTotal = paging != null && paging.IncludeTotalCount.IsPresent;
            var totalWritten = false;

            // Without a filter the server's count is the answer; ask it first, as users expect it on top.
            if (includeTotal && clientFilter == null && totalCount != null)
            {
                var total = Await(totalCount);
                if (total.HasValue)
                {
                    WriteObject(paging.NewTotalCount((ulong)total.Value, 1.0));
                    totalWritten = true;
                }
            }

            ulong position = 0; // objects seen in the list (matching ones only, with a filter)
            ulong written = 0;
            var readToEnd = false; // -First 0 reads nothing, so it proves nothing about the total

            if (first > 0)
            {
                var start = clientFilter == null ? (int)Math.Min(skip, int.MaxValue) : 0;
                readToEnd = false;
                using (var items = Pumped(source(start)).GetEnumerator())
                {
                    while (true)
                    {
                        if (!items.MoveNext())
                        {
                            readToEnd = true;
                            break;
                        }
                        var item = items.Current;
                        if (clientFilter != null)
                        {
                            if (!clientFilter(item)) continue;
                            if (position++ < skip) continue;
                        }
                        else
                        {
                            position++;
                        }
                        WriteObject(item);
                        if (++written >= first) break;
                    }
                }
            }

            if (!includeTotal || totalWritten) return;
            var counted = clientFilter == null ? skip + position : position;
            if (readToEnd && (position > 0 || skip == 0))
            {
                WriteObject(paging.NewTotalCount(counted, 1.0));
            }
            else if (clientFilter == null && totalCount != null && Await(totalCount) is int server)
            {
                WriteObject(paging.NewTotalCount((ulong)server, 1.0));
            }
            else
            {
                WriteObject(paging.NewTotalCount(counted, 0.0));
            }
        }

        /// <summary>
        /// <see cref="WritePaged{T}"/> filtered by -Name wildcards (matched exactly on the client). A name
        /// without wildcards that matched nothing is reported as CpmNotFound, as Get-Process does, unless
        /// -First or -Skip cut the list short (then its absence proves nothing).
        /// </summary>
        protected void WritePagedByName<T>(string[] names, Func<T, string> nameOf, string noun,
            Func<int, IEnumerable<T>> source, Func<CancellationToken, Task<int?>> totalCount = null)
        {
            var matcher = NameMatcher(names, nameOf);
            if (matcher == null)
            {
                WritePaged(source, null, totalCount);
                return;
            }
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            WritePaged(source, item =>
            {
                if (!matcher(item)) return false;
                seen.Add(nameOf(item));
                return true;
            }, totalCount);

            var paging = PagingParameters;
            if (paging != null && (paging.First != ulong.MaxValue || paging.Skip != 0)) return;
            WriteUnmatchedNames(names, seen, noun);
        }

        /// <summary>CpmNotFound for each name without wildcards that is not among the names found.</summary>
        protected void WriteUnmatchedNames(string[] names, ISet<string> found, string noun)
        {
            foreach (var name in names.Where(n => !string.IsNullOrEmpty(n) && !WildcardPattern.ContainsWildcardCharacters(n) && !found.Contains(n)))
            {
                WriteCpmError(CpmErrorIds.NotFound, ErrorCategory.ObjectNotFound, $"No {noun} is named '{name}'.",
                    $"Check the name, or use wildcards (-Name '{name}*'); a Get command without -Name lists them all.", name);
            }
        }

        /// <summary>
        /// Enumerates items with each MoveNext that may fetch a page run through the log pump, so log lines
        /// appear live and Ctrl+C is honoured even inside a slow page. Items of a page already in memory
        /// (<see cref="ICpmPageBuffer"/>) are taken on the pipeline thread directly.
        /// </summary>
        IEnumerable<T> Pumped<T>(IEnumerable<T> items)
        {
            if (items == null) yield break;
            var enumerator = items.GetEnumerator();
            Task<bool> step = null;
            try
            {
                while (true)
                {
                    if (enumerator is ICpmPageBuffer buffer && buffer.HasBufferedItem)
                    {
                        // An item of the page already read: no I/O and no log lines, so no reason to leave
                        // the pipeline thread (a hop per item costs more than the rest of its work).
                        CancellationToken.ThrowIfCancellationRequested();
                        if (!enumerator.MoveNext()) yield break;
                        yield return enumerator.Current;
                        continue;
                    }
                    var pump = new CpmLogPump();
                    using (CpmClient.BeginLogScope(pump.Post, WantsDebug))
                    {
                        CancellationToken.ThrowIfCancellationRequested();
                        step = Task.Run(() => enumerator.MoveNext());
                        pump.WaitFor(step, CancellationToken, WriteLogLine);
                    }
                    if (!step.GetAwaiter().GetResult()) yield break;
                    yield return enumerator.Current;
                }
            }
            finally
            {
                // An abandoned MoveNext may still run; dispose the enumerator only after it ends.
                if (step == null || step.IsCompleted) enumerator.Dispose();
                else step.ContinueWith(_ => enumerator.Dispose(), TaskScheduler.Default);
            }
        }

        #endregion

        #region Names

        /// <summary>
        /// A predicate matching names against wildcard patterns (case-insensitive), or null when there
        /// is no pattern, meaning "no filter".
        /// </summary>
        protected static Func<T, bool> NameMatcher<T>(string[] patterns, Func<T, string> nameOf)
        {
            if (nameOf == null) throw new ArgumentNullException(nameof(nameOf));
            var wildcards = (patterns ?? Array.Empty<string>())
                .Where(p => !string.IsNullOrEmpty(p))
                .Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant))
                .ToArray();
            if (wildcards.Length == 0) return null;
            return item =>
            {
                var name = nameOf(item);
                return name != null && wildcards.Any(w => w.IsMatch(name));
            };
        }

        /// <summary>
        /// The text to pass as the server's search filter for a -Name: with exactly one pattern, its
        /// longest run of literal characters ("prod-*-db" gives "prod-"); null when there is none or
        /// several patterns. The server narrows by substring, the client then matches exactly.
        /// </summary>
        protected static string SearchTermFor(string[] patterns)
        {
            if (patterns == null || patterns.Length != 1 || string.IsNullOrEmpty(patterns[0])) return null;

            var pattern = patterns[0];
            string best = "";
            var run = new StringBuilder();
            void EndRun()
            {
                if (run.Length > best.Length) best = run.ToString();
                run.Clear();
            }

            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '`' && i + 1 < pattern.Length)
                {
                    run.Append(pattern[++i]); // escaped: a literal character
                }
                else if (c == '*' || c == '?')
                {
                    EndRun();
                }
                else if (c == '[')
                {
                    EndRun();
                    var close = pattern.IndexOf(']', i + 1);
                    i = close < 0 ? pattern.Length : close;
                }
                else
                {
                    run.Append(c);
                }
            }
            EndRun();
            return best.Length == 0 ? null : best;
        }

        #endregion

        #region ShouldProcess

        /// <summary>
        /// ShouldProcess for one API call. The action reads "METHOD /path" and, when a body is given, its
        /// JSON with secrets masked, so -WhatIf shows what would be sent (and sends nothing). With
        /// force (a -Force switch) the call proceeds without a prompt unless -WhatIf or -Confirm is given.
        /// </summary>
        protected bool ShouldProcessCall(string target, string method, string path, object body = null, bool force = false)
            => ShouldProcessCall(target, method, path, body, force, null);

        /// <summary>
        /// As above, treating the call as impact instead of the cmdlet's ConfirmImpact. Only a lower
        /// impact can be emulated (a call that would prompt at the cmdlet's level does not prompt).
        /// </summary>
        private protected bool ShouldProcessCall(string target, string method, string path, object body, bool force, ConfirmImpact? impact)
        {
            var action = DescribeCall(method, path, body);
            target = NameServer(target);
            if (IsWhatIf || IsSwitchBound("Confirm", true)) return ShouldProcessOrExplain(target, action);
            if (force) return true;
            if (impact.HasValue && !IsSwitchBound("Confirm", false) && !PromptsAt(impact.Value)) return true;
            return ShouldProcessOrExplain(target, action);
        }

        /// <summary>
        /// The -WhatIf/-Confirm target with the server it is on ("schedule 'x' (9) on cpm-a:8443"), so with
        /// several connections open nobody confirms a change on the wrong server. The base has no server.
        /// </summary>
        private protected virtual string NameServer(string target) => target;

        /// <summary>
        /// ShouldProcess, except that a host that cannot ask (pwsh -NonInteractive, a scheduled task, Azure
        /// Automation) stops the command with CpmConfirmationRequired, which says what to add, instead of
        /// the host's exception; nothing is sent.
        /// </summary>
        bool ShouldProcessOrExplain(string target, string action)
        {
            try
            {
                return ShouldProcess(target, action);
            }
            catch (Exception e) when (!IsStopRequested && (e is PSInvalidOperationException || e is System.Management.Automation.Host.HostException
                                                            || e is NotImplementedException || e is NotSupportedException))
            {
                var command = MyInvocation.MyCommand.Name;
                var force = MyInvocation.MyCommand.Parameters.ContainsKey("Force") ? "-Force or " : "";
                ThrowTerminatingError(CpmErrorMap.Create(CpmErrorIds.ConfirmationRequired, ErrorCategory.InvalidOperation,
                    $"{command} needs a confirmation for {target} ({action}), but this PowerShell host cannot ask for one (it runs non-interactively). Nothing was sent.",
                    $"In scripts and runbooks add {force}-Confirm:$false to confirm in advance, or -WhatIf to see what would be done.",
                    target, e));
                return false; // not reached
            }
        }

        /// <summary>"POST /api/schedules/ {"name":"x","password":"********"}".</summary>
        protected static string DescribeCall(string method, string path, object body = null)
        {
            var text = (method ?? "").ToUpperInvariant() + " " + path;
            if (body == null) return text;
            var json = CpmSecrets.Redact(CpmPSJson.BodyToJToken(body, revealSecrets: false));
            return text + " " + json.ToString(Formatting.None);
        }

        /// <summary>True when -WhatIf is given, or $WhatIfPreference is on for the caller.</summary>
        protected bool IsWhatIf =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound)
                ? LanguagePrimitives.IsTrue(bound)
                : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));

        bool IsSwitchBound(string name, bool value) =>
            MyInvocation.BoundParameters.TryGetValue(name, out var bound) && LanguagePrimitives.IsTrue(bound) == value;

        /// <summary>Whether $ConfirmPreference asks for confirmation at this impact.</summary>
        bool PromptsAt(ConfirmImpact impact)
        {
            var preference = SessionState.PSVariable.GetValue("ConfirmPreference");
            if (preference == null || !Enum.TryParse(preference.ToString(), true, out ConfirmImpact level)) level = ConfirmImpact.High;
            return level != ConfirmImpact.None && impact >= level;
        }

        #endregion

        #region Small helpers

        /// <summary>Whether the user gave this parameter (on the command line or from the pipeline).</summary>
        protected bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);

        /// <summary>
        /// A date for the API, which speaks UTC. Dates typed by users (Unspecified kind) are local time.
        /// </summary>
        protected static DateTime? ToUtc(DateTime? value) => value.HasValue ? CpmTime.ToUtc(value.Value) : (DateTime?)null;

        /// <summary>This runspace's connections (created on first use).</summary>
        internal CpmSessionState Session => CpmSessionState.Get(SessionState);

        #endregion
    }
}
