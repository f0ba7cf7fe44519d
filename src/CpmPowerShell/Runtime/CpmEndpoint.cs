using System;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// One endpoint of the API guide as Find-CpmCommand shows it: where the guide describes it, what it
    /// does, who may call it, since when, and which cmdlet calls it (Invoke-CpmApi where no typed cmdlet
    /// does yet).
    /// </summary>
    public sealed class CpmEndpoint
    {
        /// <summary>A row of the generated table; the callers are filled in once, by CpmEndpointTable.</summary>
        internal CpmEndpoint(string section, string method, string path, string title, string area, string apiVersion,
            string[] permissions, string[] generatedCommands)
        {
            Section = section;
            Method = method;
            Path = path;
            Title = title;
            Area = area;
            ApiVersion = apiVersion;
            Permissions = permissions;
            GeneratedCommands = generatedCommands;
        }

        /// <summary>The guide's section that describes the endpoint ("13.6").</summary>
        public string Section { get; }

        /// <summary>GET, POST, PUT or DELETE.</summary>
        public string Method { get; }

        /// <summary>The path template, e.g. /api/policies/{policy_id}/backups/.</summary>
        public string Path { get; }

        /// <summary>The guide's title of the endpoint.</summary>
        public string Title { get; }

        /// <summary>The API area (the guide's chapter), e.g. Policies.</summary>
        public string Area { get; }

        /// <summary>The cmdlet whose job the endpoint is; Invoke-CpmApi where no typed cmdlet calls it yet.</summary>
        public string Command { get; internal set; }

        /// <summary>Other cmdlets that also call the endpoint (a Set-* reading before it writes, Wait-* polling).</summary>
        public string[] OtherCommands { get; internal set; }

        /// <summary>Who may call the endpoint, as the guide states it.</summary>
        public string[] Permissions { get; }

        /// <summary>The API version that introduced the endpoint.</summary>
        public string ApiVersion { get; }

        /// <summary>True when a typed cmdlet calls the endpoint.</summary>
        public bool IsCovered => !string.Equals(Command, CpmEndpointTable.RawCommand, StringComparison.OrdinalIgnoreCase);

        /// <summary>Generated cmdlets that call the endpoint, the main one first (from the generator).</summary>
        internal string[] GeneratedCommands { get; }

        public override string ToString() => Method + " " + Path;
    }
}
