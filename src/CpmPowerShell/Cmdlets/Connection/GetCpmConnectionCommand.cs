using System;
using System.Linq;
using System.Management.Automation;
using CpmPowerShell.Client;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>Get-CpmConnection: the open CPM connections of this runspace, the current one first.</summary>
    [Cmdlet(VerbsCommon.Get, "CpmConnection", DefaultParameterSetName = CpmParameterSets.All)]
    [OutputType(typeof(CpmConnection))]
    public sealed class GetCpmConnectionCommand : CpmCmdletBase
    {
        /// <summary>
        /// Only connections whose Name (host[:port]) matches one of these wildcard patterns. Named -Server like
        /// on every other cmdlet of the module; -Name works too.
        /// </summary>
        [Parameter(Position = 0, ParameterSetName = CpmParameterSets.All)]
        [Alias("Name")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CpmConnectionCompleter))]
        public string[] Server { get; set; }

        /// <summary>Only the current connection (nothing when none is current).</summary>
        [Parameter(Mandatory = true, ParameterSetName = CpmParameterSets.Current)]
        public SwitchParameter Current { get; set; }

        protected override void ProcessCpmRecord()
        {
            var session = CpmSessionState.Find(SessionState);
            if (session == null) return;

            if (Current)
            {
                if (session.Current != null) WriteObject(session.Current);
                return;
            }

            var matches = NameMatcher<CpmConnection>(Server, c => c.Name);
            var connections = session.Connections.Where(c => matches == null || matches(c)).ToList();
            foreach (var connection in connections) WriteObject(connection);

            // A literal name that matched nothing deserves a word, as Get-Variable gives one.
            foreach (var name in Server ?? Array.Empty<string>())
            {
                if (WildcardPattern.ContainsWildcardCharacters(name)) continue;
                if (connections.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))) continue;
                WriteCpmError(CpmErrorIds.ConnectionNotFound, ErrorCategory.ObjectNotFound,
                    $"No open CPM connection is named '{name}'.", "Run Get-CpmConnection to see the open connections.", name);
            }
        }
    }
}
