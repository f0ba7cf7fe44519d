using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Base of every cmdlet that calls a CPM server: adds -Server and resolves the connection to use
    /// (the one given, else the current one) before the first pipeline object.
    /// </summary>
    public abstract partial class CpmCmdlet : CpmCmdletBase
    {
        CpmConnection connection;

        /// <summary>
        /// The CPM connection to use: a connection object (from Connect-CpmServer -PassThru or
        /// Get-CpmConnection) or the Name of an open one (host, host:port or URL). Default: the current connection.
        /// </summary>
        [Parameter]
        [CpmConnectionTransformation]
        [ArgumentCompleter(typeof(CpmConnectionCompleter))]
        public CpmConnection Server { get; set; }

        /// <summary>The connection this command uses; set before BeginCpmProcessing runs.</summary>
        protected CpmConnection Connection =>
            connection ?? throw new InvalidOperationException("The connection is resolved in BeginProcessing; it is not available yet.");

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
                ThrowCpmError("CpmUserUnknown", ErrorCategory.InvalidOperation,
                    $"The server {Connection.Name} did not say which user the API key belongs to, so there is no default user id.",
                    "Pass the user id explicitly with -UserId.", Connection.Name);
                return 0; // not reached: ThrowCpmError throws
            }
        }

        private protected override void OnBeginProcessing() => connection = ResolveConnection();

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

        CpmConnection ResolveConnection()
        {
            if (Server != null)
            {
                if (Server.IsUnresolved)
                {
                    ThrowCpmError("CpmConnectionNotFound", ErrorCategory.ObjectNotFound,
                        $"No open CPM connection matches '{Server.Requested}'. {DescribeOpenConnections()}",
                        $"Pass the Name of an open connection (see Get-CpmConnection), or run Connect-CpmServer -Server {Server.Requested} first.",
                        Server.Requested);
                }
                if (!Server.IsOpen)
                {
                    ThrowCpmError("CpmConnectionClosed", ErrorCategory.InvalidOperation,
                        $"The connection to {Server.Name} was closed (Disconnect-CpmServer or a newer Connect-CpmServer to the same server).",
                        $"Run Connect-CpmServer -Server {Server.Name} again, or pass a connection from Get-CpmConnection.",
                        Server);
                }
                return Server;
            }

            var current = CpmSessionState.Find(SessionState)?.Current;
            if (current != null) return current;

            ThrowCpmError("CpmNotConnected", ErrorCategory.InvalidOperation,
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
