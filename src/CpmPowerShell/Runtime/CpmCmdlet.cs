using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Internal;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Base of every cmdlet that calls a CPM server: adds -Server and decides which connection each call
    /// uses. An object read from a server remembers its connection; when a piped object (or an item of
    /// -InputObject) identifies what to act on, the call goes to that object's server. Otherwise the
    /// connection is -Server, else the current one.
    /// </summary>
    public abstract partial class CpmCmdlet : CpmCmdletBase
    {
        CpmConnection defaultConnection; // -Server, else the current connection (null: none open yet)
        CpmConnection objectConnection;  // the server of the object being acted on, when it carries one
        HashSet<string> commandLineParameters;

        /// <summary>
        /// The CPM connection to use: a connection object (from Connect-CpmServer -PassThru or
        /// Get-CpmConnection) or the Name of an open one (host, host:port or URL). Default: the current
        /// connection, or for piped objects the connection each object was read through.
        /// </summary>
        [Parameter]
        [CpmConnectionTransformation]
        [ArgumentCompleter(typeof(CpmConnectionCompleter))]
        public CpmConnection Server { get; set; }

        /// <summary>The connection this call uses: the acted-on object's, else -Server or the current one.</summary>
        protected CpmConnection Connection => objectConnection ?? defaultConnection ?? NoConnection();

        /// <summary>What this command has done already, per server (see <see cref="FirstTimeFor"/>).</summary>
        readonly HashSet<(CpmConnection, string)> handled = new HashSet<(CpmConnection, string)>();

        /// <summary>
        /// True the first time a command meets this piece of work on the current server; false (with a Verbose
        /// line) after that, so a deletion piped or given twice asks nothing and sends nothing the second time.
        /// </summary>
        protected bool FirstTimeFor(string what)
        {
            if (handled.Add((Connection, what))) return true;
            WriteVerbose($"{what} was already handled by this command; not doing it twice.");
            return false;
        }

        /// <summary>The connection's client, for the generated API methods.</summary>
        protected CpmClient Client => Connection.Client;

        /// <summary>
        /// The connected user's id, the default wherever the API wants a user id. Stops the command
        /// when the server's token did not say who the user is.
        /// </summary>
        protected int ConnectedUserId
        {
            get
            {
                var id = Connection.UserId;
                if (id.HasValue) return id.Value;
                ThrowCpmError(CpmErrorIds.UserUnknown, ErrorCategory.InvalidOperation,
                    $"The server {Connection.Name} did not say which user the API key belongs to, so there is no default user id.",
                    "Pass the user id explicitly with -UserId.", Connection.Name);
                return 0; // not reached: ThrowCpmError throws
            }
        }

        private protected override void OnBeginProcessing()
        {
            commandLineParameters = new HashSet<string>(MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
            defaultConnection = ResolveDefaultConnection();
            // Without pipeline input nothing can bring a connection along: no connection is an error now.
            // With it, piped objects may carry theirs; OnProcessRecord decides per object.
            if (defaultConnection == null && !MyInvocation.ExpectingInput) NoConnection();
        }

        #region The connection of piped objects

        /// <summary>
        /// Per pipeline object: when it binds a parameter that identifies a server object (an id, a parent
        /// id, InputObject), the call goes to the server the object came from. When it only supplies field
        /// values for something new (copying a schedule to another server), -Server decides.
        /// </summary>
        private protected override bool OnProcessRecord()
        {
            objectConnection = null;
            var piped = PipedObject();
            if (piped != null)
            {
                var identifying = ObjectIdParameters(GetType());
                var bindsAnId = MyInvocation.BoundParameters.Keys.Any(k => identifying.Contains(k) && !commandLineParameters.Contains(k));
                if (bindsAnId && !ActOnServerOf(piped)) return false;
            }
            if (objectConnection == null && defaultConnection == null) NoConnection();
            return true;
        }

        static readonly PropertyInfo currentPipelineObject = typeof(Cmdlet).BaseType?.GetProperty(
            "CurrentPipelineObject", BindingFlags.Instance | BindingFlags.NonPublic);

        /// <summary>
        /// The object this record came from the pipeline as, null without pipeline input. PowerShell keeps it
        /// in a non-public property of every command (InternalCommand.CurrentPipelineObject, the same in
        /// Windows PowerShell 5.1 and PowerShell 7); a compiled cmdlet has no public way to see the whole
        /// object when only one of its properties bound (a policy's PolicyId), and that object knows its
        /// server. A hidden ValueFromPipeline parameter would do it publicly, but it changes which
        /// parameter set PowerShell picks for some inputs. TwoServers.Tests.ps1 fails if this ever stops working.
        /// </summary>
        PSObject PipedObject()
        {
            if (!MyInvocation.ExpectingInput || currentPipelineObject == null) return null;
            var value = currentPipelineObject.GetValue(this) as PSObject;
            return value == null || value.BaseObject == null || value == AutomationNull.Value ? null : value;
        }

        /// <summary>
        /// Makes the following calls go to the server that item came from (for loops over -InputObject).
        /// False, after a non-terminating error, when that cannot be: -Server names another server, or the
        /// item's connection was closed and no open connection reaches its server.
        /// </summary>
        protected bool ActOnServerOf(object item)
        {
            objectConnection = null;
            var origin = OriginOf(item);
            if (origin == null) return true; // made by the user, or an id: -Server or the current connection

            if (Server != null)
            {
                if (SameServer(Server, origin)) return true; // same server, maybe another user: -Server decides
                WriteCpmError(CpmErrorIds.ServerMismatch, ErrorCategory.InvalidArgument,
                    $"The {Describe(item)} came from {origin.Name}, but -Server names {Server.Name}. Its id means nothing on another server, so nothing was sent.",
                    $"Leave out -Server to act on {origin.Name}, where the object came from; to act on {Server.Name}, read the object there first (Get-Cpm... -Server {Server.Name}).",
                    item);
                return false;
            }

            objectConnection = origin.IsOpen ? origin : ReplacementFor(origin);
            if (objectConnection != null) return true;
            WriteCpmError(CpmErrorIds.ConnectionClosed, ErrorCategory.InvalidOperation,
                $"The {Describe(item)} came from {origin.Name}, whose connection is closed; it is not sent to another server.",
                $"Run Connect-CpmServer -Server {origin.Name} again, then repeat the command.",
                item);
            return false;
        }

        /// <summary>
        /// Makes the following calls (and -WhatIf targets) use connection: for a command that collects piped
        /// objects of several servers and sends each server's share at the end (Set-CpmAgentConfiguration).
        /// </summary>
        protected void ActOnConnection(CpmConnection connection) => objectConnection = connection;

        /// <summary>
        /// The open connection to the server an object was read through, to read more of it there while the
        /// command itself acts on -Server or the current connection (copying a target to a policy on another
        /// server). The command's own connection for objects the user made. Null, after a CpmConnectionClosed
        /// error, when nothing reaches that server any more.
        /// </summary>
        protected CpmConnection ConnectionOfOrigin(object item)
        {
            var origin = OriginOf(item);
            if (origin == null) return Connection;
            var open = origin.IsOpen ? origin : ReplacementFor(origin);
            if (open != null) return open;
            WriteCpmError(CpmErrorIds.ConnectionClosed, ErrorCategory.InvalidOperation,
                $"The {Describe(item)} came from {origin.Name}, whose connection is closed, so the rest of it cannot be read there.",
                $"Run Connect-CpmServer -Server {origin.Name} again, then repeat the command.",
                item);
            return null;
        }

        /// <summary>An open connection to the server of a closed one: the same name first (a reconnect), then the current one, then any.</summary>
        CpmConnection ReplacementFor(CpmConnection closed)
        {
            var session = CpmSessionState.Find(SessionState);
            if (session == null) return null;
            var open = session.Connections.Where(c => SameServer(c, closed)).ToList();
            return open.FirstOrDefault(c => string.Equals(c.Name, closed.Name, StringComparison.OrdinalIgnoreCase))
                   ?? open.FirstOrDefault(c => c.IsCurrent)
                   ?? open.FirstOrDefault();
        }

        static CpmConnection OriginOf(object item) =>
            (item is PSObject pso ? pso.BaseObject : item) is CpmModel model ? model.Origin as CpmConnection : null;

        static bool SameServer(CpmConnection a, CpmConnection b) =>
            a.BaseUri != null && b.BaseUri != null && Uri.Compare(a.BaseUri, b.BaseUri,
                UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

        static string Describe(object item)
        {
            var value = item is PSObject pso ? pso.BaseObject : item;
            return value == null ? "object" : value.GetType().Name + " object";
        }

        static readonly ConcurrentDictionary<Type, HashSet<string>> objectIdParameters = new ConcurrentDictionary<Type, HashSet<string>>();

        /// <summary>Names of the cmdlet's parameters marked [CpmObjectId].</summary>
        static HashSet<string> ObjectIdParameters(Type cmdlet) => objectIdParameters.GetOrAdd(cmdlet, type =>
            new HashSet<string>(type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.IsDefined(typeof(CpmObjectIdAttribute), true))
                .Select(p => p.Name), StringComparer.OrdinalIgnoreCase));

        /// <summary>Every module record written remembers the connection it was read through.</summary>
        private protected override object Stamp(object item)
        {
            if (item is CpmModel model && model.Origin == null) CpmOrigins.Stamp(model, Connection);
            return item;
        }

        private protected override string NameServer(string target)
        {
            var connection = objectConnection ?? defaultConnection;
            // Invoke-CpmApi's target is the connection itself: "cpm-a on cpm-a" would say nothing more.
            if (connection == null || string.Equals(target, connection.Name, StringComparison.OrdinalIgnoreCase)) return target;
            return target + " on " + connection.Name;
        }

        #endregion

        /// <summary>
        /// Writes a whole list with SupportsPaging: -Skip starts the server at the right page, -First stops
        /// asking for pages once satisfied, -IncludeTotalCount reads the server's count.
        /// </summary>
        protected void WritePaged<T>(CpmRequest request, Func<T, bool> clientFilter = null)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var client = Client;
            WritePaged(skip => client.Paginate<T>(request, skip, CancellationToken), clientFilter,
                token => CountAsync<T>(client, request, token));
        }

        static async Task<int?> CountAsync<T>(CpmClient client, CpmRequest request, CancellationToken token)
        {
            var page = await client.GetPageAsync<T>(request, 1, 1, token).ConfigureAwait(false);
            return page.TotalCount;
        }

        /// <summary>-Server (checked), else the current connection, else null.</summary>
        CpmConnection ResolveDefaultConnection()
        {
            if (Server == null) return CpmSessionState.Find(SessionState)?.Current;
            if (Server.IsUnresolved)
            {
                ThrowCpmError(CpmErrorIds.ConnectionNotFound, ErrorCategory.ObjectNotFound,
                    $"No open CPM connection matches '{Server.Requested}'. {DescribeOpenConnections()}",
                    $"Pass the Name of an open connection (see Get-CpmConnection), or run Connect-CpmServer -Server {Server.Requested} first.",
                    Server.Requested);
            }
            if (!Server.IsOpen)
            {
                ThrowCpmError(CpmErrorIds.ConnectionClosed, ErrorCategory.InvalidOperation,
                    $"The connection to {Server.Name} was closed (Disconnect-CpmServer or a newer Connect-CpmServer with the same name).",
                    $"Run Connect-CpmServer -Server {Server.Name} again, or pass a connection from Get-CpmConnection.",
                    Server);
            }
            return Server;
        }

        CpmConnection NoConnection()
        {
            ThrowCpmError(CpmErrorIds.NotConnected, ErrorCategory.InvalidOperation,
                "No CPM connection is current in this session; run Connect-CpmServer first. " + DescribeOpenConnections(),
                "Run Connect-CpmServer -Server <host> -ApiKey <key> first, or pass -Server.",
                null);
            return null; // not reached
        }

        string DescribeOpenConnections()
        {
            var session = CpmSessionState.Find(SessionState);
            var open = session?.Connections ?? Array.Empty<CpmConnection>();
            if (open.Count == 0) return "No connection is open.";
            var current = session.Current;
            return "Open connections: " + string.Join(", ", open.Select(c => c.Name))
                + (current == null ? " (none is current)." : " (current: " + current.Name + ").");
        }
    }
}
