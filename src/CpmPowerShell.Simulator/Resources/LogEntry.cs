namespace CpmPowerShell.Simulator.Resources;

/// <summary>One line of a backup's or recovery's log (7.73, 14.4). Type is Info, Warning or Error.</summary>
sealed record LogEntry(DateTimeOffset Time, string Type, string Message);
