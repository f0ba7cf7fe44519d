using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Tab completion from a fixed list of values (e.g. the fields a list can be ordered by). Generated
    /// cmdlets derive a small nested class that passes the values; PowerShell 5.1 has no
    /// ArgumentCompletions attribute, so this is the portable way.
    /// </summary>
    public abstract class CpmValuesCompleter : IArgumentCompleter
    {
        readonly string[] values;

        protected CpmValuesCompleter(params string[] values) { this.values = values; }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName,
            string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CpmCompletionText.Filter(values.Select(v => new CpmCompletionValue(v)), wordToComplete);
    }
}
