using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Backups;

/// <summary>
/// A policy target as it was when a backup started: its kind ("instances" or "volumes", as in the
/// snapshot paths) and the target record's fields (never changed afterwards, so seeded backups of one
/// policy can share them).
/// </summary>
sealed record BackupTarget(string Kind, JObject Target)
{
    public string ResourceId => (string?)Target["aws_resource_id"] ?? "";
    public string? Name => (string?)Target["name"];
    public string? Region => (string?)Target["aws_region"];
    public bool IsInstance => Kind == "instances";
    /// <summary>"instance i-0abc (web-01)", for log lines.</summary>
    public string Describe() => $"{(IsInstance ? "instance" : "volume")} {ResourceId}" + (Name is { Length: > 0 } ? $" ({Name})" : "");
}
