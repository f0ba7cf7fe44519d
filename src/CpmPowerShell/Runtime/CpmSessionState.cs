using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// The open connections of one runspace and which one is current. It lives in a variable of the
    /// runspace's global scope (not in a static), so every runspace — ForEach-Object -Parallel,
    /// Start-ThreadJob, a host's own runspaces — starts with no connection and cannot see another's.
    /// </summary>
    internal sealed class CpmSessionState
    {
        /// <summary>Name of the global variable that holds this object.</summary>
        public const string VariableName = "CpmPowerShellSession";

        readonly object gate = new object();
        readonly List<CpmConnection> connections = new List<CpmConnection>();
        CpmConnection current;

        /// <summary>This runspace's state, created on first use.</summary>
        public static CpmSessionState Get(SessionState sessionState)
        {
            var existing = Find(sessionState);
            if (existing != null) return existing;

            var created = new CpmSessionState();
            sessionState.PSVariable.Set("global:" + VariableName, created);
            var runspace = System.Management.Automation.Runspaces.Runspace.DefaultRunspace;
            if (runspace != null)
                lock (byRunspace)
                {
                    byRunspace.Remove(runspace); // a state of an earlier import of the module
                    byRunspace.Add(runspace, created);
                }
            var variable = sessionState.PSVariable.Get("global:" + VariableName);
            if (variable != null)
                variable.Description = "Open CPM connections of this runspace; managed by Connect-CpmServer and Disconnect-CpmServer.";
            return created;
        }

        /// <summary>
        /// The state of each runspace, for Remove-Module: while it runs, the runspace's variables cannot be
        /// read from outside a command (its pipeline is busy), so the state is found here instead.
        /// </summary>
        static readonly ConditionalWeakTable<System.Management.Automation.Runspaces.Runspace, CpmSessionState> byRunspace =
            new ConditionalWeakTable<System.Management.Automation.Runspaces.Runspace, CpmSessionState>();

        /// <summary>The state a runspace made, or null.</summary>
        public static CpmSessionState OfRunspace(System.Management.Automation.Runspaces.Runspace runspace) =>
            runspace != null && byRunspace.TryGetValue(runspace, out var state) ? state : null;

        /// <summary>This runspace's state, or null when nothing was ever connected here.</summary>
        public static CpmSessionState Find(SessionState sessionState) =>
            sessionState?.PSVariable.GetValue("global:" + VariableName) is CpmSessionState state ? state : null;

        public CpmConnection Current
        {
            get { lock (gate) return current; }
        }

        /// <summary>Open connections, the current one first, then by connection time.</summary>
        public IReadOnlyList<CpmConnection> Connections
        {
            get
            {
                lock (gate)
                    return connections.OrderByDescending(c => c == current).ThenBy(c => c.ConnectedAt).ToList();
            }
        }

        /// <summary>
        /// Adds a new connection and makes it current; an open one of the same name is closed and replaced
        /// (and returned, else null).
        /// </summary>
        public CpmConnection Add(CpmConnection connection)
        {
            CpmConnection replaced;
            lock (gate)
            {
                replaced = connections.FirstOrDefault(c => NameEquals(c.Name, connection.Name));
                if (replaced != null) connections.Remove(replaced);
                connections.Add(connection);
                SetCurrentLocked(connection);
            }
            replaced?.Close();
            return replaced;
        }

        /// <summary>Closes every connection of this runspace (the module is being removed).</summary>
        public void CloseAll()
        {
            List<CpmConnection> closing;
            lock (gate)
            {
                closing = connections.ToList();
                connections.Clear();
                SetCurrentLocked(null);
            }
            foreach (var connection in closing) connection.Close();
        }

        /// <summary>
        /// Removes and closes a connection. When it was current, no connection is current afterwards:
        /// switching silently to another server could send the next command somewhere unintended.
        /// </summary>
        public bool Remove(CpmConnection connection)
        {
            bool removed;
            lock (gate)
            {
                removed = connections.Remove(connection);
                if (current == connection) SetCurrentLocked(null);
            }
            connection.Close();
            return removed;
        }

        /// <summary>
        /// Finds an open connection from what a user typed: its Name, the host, host:port or a URL.
        /// A host alone matches a connection on any port when only one is open to that host.
        /// </summary>
        public CpmConnection Resolve(string text)
        {
            var wanted = (text ?? "").Trim();
            if (wanted.Length == 0) return null;
            lock (gate)
            {
                var byName = connections.FirstOrDefault(c => NameEquals(c.Name, wanted));
                if (byName != null) return byName;
                if (!CpmServerEndpoint.TryParse(wanted, out var address)) return null;

                // By address: with several connections to it (two users), the one named after it, else none.
                var byAddress = connections.Where(c => NameEquals(c.Address, address.Name)).ToList();
                if (byAddress.Count == 1) return byAddress[0];
                if (byAddress.Count > 1) return byAddress.FirstOrDefault(c => NameEquals(c.Name, address.Name));
                if (address.HasExplicitPort) return null;

                var byHost = connections.Where(c => NameEquals(c.Server, address.Host)).ToList();
                return byHost.Count == 1 ? byHost[0] : null;
            }
        }

        public override string ToString()
        {
            lock (gate)
                return connections.Count == 0
                    ? "No CPM connection"
                    : $"{connections.Count} CPM connection(s); current: {current?.Name ?? "none"}";
        }

        void SetCurrentLocked(CpmConnection connection)
        {
            if (current != null) current.IsCurrent = false;
            current = connection;
            if (current != null) current.IsCurrent = true;
        }

        static bool NameEquals(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }
}
