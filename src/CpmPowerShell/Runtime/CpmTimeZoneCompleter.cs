using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>Tab completion for -Timezone: the zones the server supports (GET /api/system/timezones/).</summary>
    public sealed class CpmTimeZoneCompleter : CpmLiveCompleter
    {
        /// <summary>A server's zone list hardly ever changes.</summary>
        protected override TimeSpan CacheLifetime => TimeSpan.FromMinutes(10);

        protected override IEnumerable<CpmCompletionValue> ReadValues(CpmClient client, IDictionary fakeBoundParameters, CancellationToken cancellationToken) =>
            client.ListSystemTimezones(cancellationToken: cancellationToken)
                .Select(zone => new CpmCompletionValue(zone.Id, string.IsNullOrEmpty(zone.DisplayName) ? zone.Id : zone.Id + " - " + zone.DisplayName));
    }
}
