using System.Management.Automation;
using CpmPowerShell.Client;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Disconnect-CpmServer: closes connections (default: the current one) and forgets them. When the
    /// current connection closes, none is current until the next Connect-CpmServer: commands then fail
    /// with CpmNotConnected instead of silently going to another server.
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "CpmServer")]
    [OutputType(typeof(void))]
    public sealed class DisconnectCpmServerCommand : CpmCmdletBase
    {
        /// <summary>The connections to close: objects from Get-CpmConnection or their Names. Default: the current one.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [CpmConnectionTransformation]
        [ArgumentCompleter(typeof(CpmConnectionCompleter))]
        public CpmConnection[] Server { get; set; }

        protected override void ProcessCpmRecord()
        {
            var session = CpmSessionState.Find(SessionState);
            if (Server == null)
            {
                var current = session?.Current;
                if (current == null)
                {
                    // Idempotent, so scripts may disconnect in a finally block without checking first.
                    WriteVerbose("No CPM connection is current; nothing to disconnect.");
                    return;
                }
                Close(session, current);
                return;
            }

            foreach (var connection in Server)
            {
                if (connection == null) continue;
                if (connection.IsUnresolved)
                {
                    WriteCpmError(CpmErrorIds.ConnectionNotFound, ErrorCategory.ObjectNotFound,
                        $"No open CPM connection matches '{connection.Requested}'.",
                        "See the open connections with Get-CpmConnection.", connection.Requested);
                    continue;
                }
                Close(session, connection);
            }
        }

        void Close(CpmSessionState session, CpmConnection connection)
        {
            var wasCurrent = connection.IsCurrent;
            // A connection from another runspace ($using:) is closed too, though this session never held it.
            if (session == null || !session.Remove(connection)) connection.Close();
            WriteVerbose($"Disconnected from {connection.Name}." + (wasCurrent ? " No connection is current now." : ""));
        }
    }
}
