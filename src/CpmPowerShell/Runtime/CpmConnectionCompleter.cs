using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CpmPowerShell.Runtime
{
    /// <summary>Tab completion for -Server: the Names of this runspace's open connections.</summary>
    public sealed class CpmConnectionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = (wordToComplete ?? "").Trim('\'', '"');
            foreach (var connection in OpenConnections())
            {
                if (!connection.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase)) continue;
                var tip = connection.Name + (connection.IsCurrent ? " (current)" : "")
                    + (connection.UserId.HasValue ? ", user " + connection.UserId.Value : "");
                yield return new CompletionResult(Quote(connection.Name), connection.Name, CompletionResultType.ParameterValue, tip);
            }
        }

        // Completion runs on the runspace's pipeline thread, so a nested pipeline on the current
        // runspace can read the session variable.
        static IReadOnlyList<CpmConnection> OpenConnections()
        {
            try
            {
                using (var ps = PowerShell.Create(RunspaceMode.CurrentRunspace))
                {
                    ps.AddCommand("Microsoft.PowerShell.Utility\\Get-Variable")
                        .AddParameter("Name", CpmSessionState.VariableName)
                        .AddParameter("Scope", "Global")
                        .AddParameter("ValueOnly")
                        .AddParameter("ErrorAction", "Ignore");
                    var state = ps.Invoke().Select(o => o?.BaseObject).OfType<CpmSessionState>().FirstOrDefault();
                    return state?.Connections ?? Array.Empty<CpmConnection>();
                }
            }
            catch (Exception)
            {
                // Completion must never fail loudly; offer nothing instead.
                return Array.Empty<CpmConnection>();
            }
        }

        // host:port is fine unquoted; quote anything with characters PowerShell would read specially ([::1]:8443).
        static string Quote(string name) => name.IndexOfAny(new[] { ' ', '$', '`', ';', '(', ')', '{', '}', '[', ']', ',', '@', '#' }) >= 0
            ? "'" + name.Replace("'", "''") + "'"
            : name;
    }
}
