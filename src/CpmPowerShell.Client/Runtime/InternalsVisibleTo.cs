using System.Runtime.CompilerServices;

// The tests reach the helpers (redactor, JWT reader, certificate pins) and the clock-taking constructor.
[assembly: InternalsVisibleTo("CpmPowerShell.Client.Tests")]
