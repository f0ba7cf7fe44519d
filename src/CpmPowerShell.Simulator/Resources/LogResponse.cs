using CpmPowerShell.Simulator.Engine;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources;

/// <summary>Answers a log list as JSON ({log_time, log_type, log}, oldest first) or, when asked for, CSV.</summary>
static class LogResponse
{
    public static ApiResponse Respond(ApiRequest request, IEnumerable<LogEntry> entries)
    {
        var rows = entries.OrderBy(e => e.Time).Select(e => new JObject
        {
            ["log_time"] = Timestamps.Format(e.Time),
            ["log_type"] = e.Type,
            ["log"] = e.Message,
        }).ToList();
        // No schema: the columns follow the rows (log_time, log_type, log) rather than the engine's added id.
        return request.WantsCsv
            ? CsvExport.Respond(request, rows, null, request.Operation.SuccessStatus)
            : ApiResponse.Json(request.Operation.SuccessStatus, new JArray(rows));
    }
}
