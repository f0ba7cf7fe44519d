using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// The guide's endpoints with the cmdlets that call them: the generated rows (Generated/CpmEndpointTable.cs)
    /// joined, on first use, with the [CpmEndpoint] declarations of the hand-written cmdlets.
    /// </summary>
    internal static partial class CpmEndpointTable
    {
        /// <summary>The command named for endpoints no typed cmdlet calls yet.</summary>
        internal const string RawCommand = "Invoke-CpmApi";

        static readonly string[] MethodOrder = { "GET", "POST", "PUT", "PATCH", "DELETE" };

        static readonly Lazy<IReadOnlyList<CpmEndpoint>> all = new Lazy<IReadOnlyList<CpmEndpoint>>(Build);

        static readonly Lazy<IReadOnlyList<KeyValuePair<string, string>>> paths = new Lazy<IReadOnlyList<KeyValuePair<string, string>>>(() =>
            Generated.GroupBy(r => r.Path, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new KeyValuePair<string, string>(g.Key, string.Join(", ", g.Select(r => r.Method).Distinct().OrderBy(MethodRank))))
                .ToList());

        /// <summary>Every endpoint, in the guide's section order.</summary>
        internal static IReadOnlyList<CpmEndpoint> All => all.Value;

        /// <summary>Every path template with the methods it takes ("GET, PUT, DELETE"), in path order.</summary>
        internal static IReadOnlyList<KeyValuePair<string, string>> Paths => paths.Value;

        /// <summary>
        /// The endpoint a concrete call went to ("POST", "/api/users/5/reset_password/"), or null. A literal segment
        /// wins over a parameter (/api/users/me/... is not /api/users/{id}/...). Reads the generated rows only.
        /// </summary>
        internal static CpmEndpoint Match(string method, string path)
        {
            if (string.IsNullOrEmpty(method) || string.IsNullOrEmpty(path)) return null;
            var query = path.IndexOf('?');
            var segments = (query < 0 ? path : path.Substring(0, query)).Trim('/').Split('/');
            return Generated
                .Where(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))
                .Select(r => new { Row = r, Template = r.Path.Trim('/').Split('/') })
                .Where(t => t.Template.Length == segments.Length && t.Template.Select((s, i) =>
                    s.StartsWith("{", StringComparison.Ordinal) || string.Equals(s, segments[i], StringComparison.Ordinal)).All(ok => ok))
                .OrderBy(t => t.Template.Count(s => s.StartsWith("{", StringComparison.Ordinal)))
                .Select(t => t.Row)
                .FirstOrDefault();
        }

        static int MethodRank(string method)
        {
            var i = Array.IndexOf(MethodOrder, method);
            return i < 0 ? int.MaxValue : i;
        }

        static IReadOnlyList<CpmEndpoint> Build()
        {
            var handWritten = HandWrittenCallers();
            foreach (var row in Generated)
            {
                var key = row.Method + " " + row.Path;
                // Generated cmdlets first: a typed cmdlet whose job the endpoint is comes before a hand-written
                // one that also calls it (Wait-CpmBackup polls what Get-CpmBackup reads).
                var callers = row.GeneratedCommands.Concat(handWritten.TryGetValue(key, out var more) ? more : Enumerable.Empty<string>())
                    .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                handWritten.Remove(key);
                row.Command = callers.Count > 0 ? callers[0] : RawCommand;
                row.OtherCommands = callers.Skip(1).ToArray();
            }
            // A declaration that names no endpoint of the guide is a defect of the module, not of the user's input.
            if (handWritten.Count > 0)
                throw new InvalidOperationException("[CpmEndpoint] names endpoints the API guide does not have: "
                                                    + string.Join("; ", handWritten.Select(h => h.Key + " (" + string.Join(", ", h.Value) + ")")) + ".");
            return Generated;
        }

        /// <summary>"METHOD path" -> the hand-written cmdlets that declare it, by name.</summary>
        static Dictionary<string, List<string>> HandWrittenCallers()
        {
            var callers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var types = LoadableTypes().OrderBy(t => t.FullName, StringComparer.Ordinal);
            foreach (var type in types)
            {
                var cmdlet = type.GetCustomAttribute<CmdletAttribute>(false);
                if (cmdlet == null) continue;
                var name = cmdlet.VerbName + "-" + cmdlet.NounName;
                foreach (var endpoint in type.GetCustomAttributes<CpmEndpointAttribute>(false))
                    Add(endpoint.Method.ToUpperInvariant() + " " + endpoint.Path, name);
            }
            // Invoke-CpmRecovery calls whatever recover endpoints the registry holds, so a snapshot kind added
            // to the overlay is listed here too, without an attribute to keep in step.
            foreach (var recover in CpmWorkKinds.RecoverEndpoints)
                Add("POST " + recover.PathTemplate, RecoveryDispatcher);
            // Likewise the policy target dispatchers, for every kind in their table.
            foreach (var kind in CpmPolicyTargetKind.All)
            {
                Add("POST " + kind.CollectionTemplate, TargetAdder);
                Add("DELETE " + kind.ItemTemplate, TargetRemover);
            }
            // And Remove-CpmBackupSnapshot, for every snapshot kind with a single-record DELETE.
            foreach (var kind in CpmSnapshotKind.All)
                if (kind.CanDelete) Add("DELETE " + kind.ItemTemplate, SnapshotRemover);
            return callers;

            void Add(string key, string command)
            {
                if (!callers.TryGetValue(key, out var list)) callers[key] = list = new List<string>();
                list.Add(command);
            }
        }

        const string RecoveryDispatcher = "Invoke-CpmRecovery";
        const string TargetAdder = "Add-CpmPolicyTarget";
        const string TargetRemover = "Remove-CpmPolicyTarget";
        const string SnapshotRemover = "Remove-CpmBackupSnapshot";

        /// <summary>
        /// The module's types. Should one fail to load (a dependency of another version in an old host),
        /// the others still answer: the cmdlets are all loadable, or the module would not have imported.
        /// </summary>
        static IEnumerable<Type> LoadableTypes()
        {
            try { return typeof(CpmEndpointTable).Assembly.GetTypes(); }
            catch (ReflectionTypeLoadException e) { return e.Types.Where(t => t != null); }
        }
    }
}
