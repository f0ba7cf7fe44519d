using CpmPowerShell.Spec;

namespace CpmPowerShell.Simulator.Engine;

/// <summary>The media type and API version a call asked for.</summary>
sealed record Negotiated(string ApiVersion, bool Csv);

/// <summary>
/// Reads the Accept header (chapters 1.5 and 1.6): "application/json; version=1.4.0" picks a version (none
/// means the latest; one not documented is 406), "text/csv" picks CSV where the operation produces it.
/// Operations that only produce files (CSV-only, zip, bz2) answer their file whatever Accept says, since
/// the guide's own samples send application/json to them.
/// </summary>
sealed class ContentNegotiation
{
    readonly HashSet<string> versions;
    readonly string latest;

    public ContentNegotiation(IReadOnlyList<string> apiVersions)
    {
        versions = new HashSet<string>(apiVersions, StringComparer.Ordinal);
        latest = apiVersions.OrderByDescending(v => Version.TryParse(v, out var parsed) ? parsed : new Version()).FirstOrDefault() ?? "";
    }

    public string Latest => latest;

    public ApiResponse? Negotiate(string? accept, ApiOperation? operation, out Negotiated result)
    {
        result = new Negotiated(latest, false);
        var produces = operation?.Produces ?? Array.Empty<string>();
        var json = produces.Count == 0 || produces.Contains(ApiResponse.JsonType);
        var csv = produces.Contains("text/csv");
        var fileOnly = !json;

        var ranges = (accept ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ranges.Length == 0) return null;

        string? version = null;
        var chosen = false;
        foreach (var range in ranges)
        {
            var parts = range.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 0) continue;
            var media = parts[0].ToLowerInvariant();
            bool? wantsCsv = media switch
            {
                "application/json" or "application/*" or "*/*" when json => false,
                "text/csv" or "text/*" when csv => true,
                _ when fileOnly => csv,
                _ => null,
            };
            if (wantsCsv == null) continue;
            version = Parameter(parts, "version");
            result = new Negotiated(latest, wantsCsv.Value);
            chosen = true;
            break;
        }
        if (!chosen) return ApiResponse.Detail(406, "Could not satisfy the request Accept header.");
        if (version != null && !versions.Contains(version)) return ApiResponse.Detail(406, "Invalid version in \"Accept\" header.");
        result = result with { ApiVersion = version ?? latest };
        return null;
    }

    static string? Parameter(string[] parts, string name)
    {
        foreach (var part in parts.Skip(1))
        {
            var equals = part.IndexOf('=');
            if (equals > 0 && part[..equals].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                return part[(equals + 1)..].Trim().Trim('"');
        }
        return null;
    }
}
