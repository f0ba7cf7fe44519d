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
            var state = CpmSessionState.OfRunspace(System.Management.Automation.Runspaces.Runspace.DefaultRunspace);
            foreach (var connection in state?.Connections ?? Array.Empty<CpmConnection>())
            {
                if (!connection.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase)) continue;
                var tip = connection.Name + (connection.Name == connection.Address ? "" : " (" + connection.Address + ")")
                    + (connection.IsCurrent ? ", current" : "")
                    + (connection.UserId.HasValue ? ", user " + connection.UserId.Value : "");
                yield return new CompletionResult(CpmCompletionText.Quote(connection.Name), connection.Name, CompletionResultType.ParameterValue, tip);
            }
        }
    }
}
