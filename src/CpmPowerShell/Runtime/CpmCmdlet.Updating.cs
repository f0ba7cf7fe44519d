using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>What every Set-* shares: emptying optional fields, and not writing what would not change.</summary>
    public abstract partial class CpmCmdlet
    {
        /// <summary>
        /// Sends as null the fields named by -Clear and those whose parameter was given as $null
        /// (Set-CpmSchedule -EndDate $null, -Timezone $null). clearable maps parameter names to API names.
        /// A field both cleared and given a value is refused: which one was meant cannot be known.
        /// </summary>
        protected void ApplyClear(CpmModel body, string[] clear, IDictionary<string, string> clearable)
        {
            var fields = new HashSet<string>(clear ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in fields)
            {
                if (MyInvocation.BoundParameters.TryGetValue(parameter, out var value) && value != null)
                    ThrowCpmError(CpmErrorIds.InvalidArgument, ErrorCategory.InvalidArgument,
                        $"-Clear {parameter} and -{parameter} were both given: the field cannot be emptied and set at once.",
                        $"Leave out -{parameter} to empty the field, or leave {parameter} out of -Clear to set it.", parameter);
            }
            foreach (var parameter in clearable.Keys)
                if (MyInvocation.BoundParameters.TryGetValue(parameter, out var value) && value == null) fields.Add(parameter);

            foreach (var parameter in clearable.Keys.Where(fields.Contains)) CpmMerge.SendAsNull(body, clearable[parameter]);
        }

        /// <summary>
        /// True (after saying so on Verbose) when the merged request equals what the server has: a PUT would
        /// change nothing, so none is sent and -WhatIf has nothing to show.
        /// </summary>
        protected bool IsUnchanged(CpmModel current, CpmModel body, string target)
        {
            if (!CpmMerge.ChangesNothing(current, body)) return false;
            WriteVerbose($"The {target} on {Connection.Name} already has the values given; nothing to change, so nothing was sent.");
            return true;
        }
    }
}
