using System.Runtime.CompilerServices;

// The tests reach the helpers (redactor, JWT reader, certificate pins) and the clock-taking constructor.
[assembly: InternalsVisibleTo("CpmPowerShell.Client.Tests")]

// The module records on each model the connection it was read through (CpmModel.Origin).
[assembly: InternalsVisibleTo("CpmPowerShell")]
