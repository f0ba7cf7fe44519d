using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Tab completion for a CPM enum parameter: the friendly names (never Unknown), each with its API
    /// code in the tooltip ("Weeks (W)"). Typing a code completes to its name.
    /// Usage: <c>[ArgumentCompleter(typeof(CpmEnumCompleter&lt;ScheduleRepeat&gt;))]</c>.
    /// </summary>
    public sealed class CpmEnumCompleter<TEnum> : IArgumentCompleter where TEnum : struct, Enum
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = (wordToComplete ?? "").Trim('\'', '"');
            var type = typeof(TEnum);
            foreach (var name in CpmEnum.Names(type))
            {
                var code = CpmEnum.CodeOfName(type, name);
                var byName = name.StartsWith(word, StringComparison.OrdinalIgnoreCase);
                var byCode = word.Length > 0 && string.Equals(code, word, StringComparison.Ordinal);
                if (!byName && !byCode) continue;
                var tip = code == null ? name : name + " (" + code + ")";
                yield return new CompletionResult(name, name, CompletionResultType.ParameterValue, tip);
            }
        }
    }
}
