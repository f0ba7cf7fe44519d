using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Tab completion for -Name: the names of the things on the server, through the cmdlet's own list
    /// call. Generated cmdlets derive a small nested class; a list under a parent (a policy's targets)
    /// names the parent's parameters, and offers nothing until they are typed.
    /// </summary>
    public abstract class CpmNameCompleter : CpmLiveCompleter
    {
        readonly string[] parentParameters;

        /// <param name="parentParameters">The cmdlet parameters holding the list's parent ids (PolicyId), in path order.</param>
        protected CpmNameCompleter(params string[] parentParameters) { this.parentParameters = parentParameters; }

        /// <summary>Reads the names from the server; parentIds are the values of the parent parameters, in order.</summary>
        protected abstract IEnumerable<string> ListNames(CpmClient client, long[] parentIds, CancellationToken cancellationToken);

        protected sealed override string ListKey(IDictionary fakeBoundParameters)
        {
            var ids = ParentIds(fakeBoundParameters);
            return ids == null ? null : string.Join("/", ids);
        }

        protected sealed override IEnumerable<CpmCompletionValue> ReadValues(CpmClient client, IDictionary fakeBoundParameters, CancellationToken cancellationToken) =>
            ListNames(client, ParentIds(fakeBoundParameters), cancellationToken).Select(name => new CpmCompletionValue(name));

        long[] ParentIds(IDictionary bound)
        {
            var ids = new long[parentParameters.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                var id = BoundId(bound, parentParameters[i]);
                if (id == null) return null;
                ids[i] = id.Value;
            }
            return ids;
        }
    }
}
