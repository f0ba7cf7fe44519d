using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CpmPowerShell.Client;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Find-CpmCommand: which cmdlet calls which endpoint of the API guide, from a table built into the
    /// module (no connection, nothing read from a server). Criteria combine; without any it lists all
    /// endpoints. It has no -Server: it never talks to a server, and the table is the same for all of them.
    /// </summary>
    [Cmdlet(VerbsCommon.Find, "CpmCommand")]
    [OutputType(typeof(CpmEndpoint))]
    public sealed class FindCpmCommandCommand : CpmCmdletBase
    {
        const string ApiRoot = "/api";

        /// <summary>
        /// A path template, a concrete path with ids, or a URL, with or without /api and the trailing slash;
        /// wildcards allowed; a query string is ignored.
        /// </summary>
        [Parameter(Position = 0)]
        [Alias("Uri")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CpmApiPathCompleter))]
        public string Path { get; set; }

        /// <summary>Only endpoints that take this HTTP method.</summary>
        [Parameter]
        [ValidateSet("GET", "POST", "PUT", "DELETE", IgnoreCase = true)]
        public string Method { get; set; }

        /// <summary>Only endpoints described in these sections of the guide ("13.3", "13.*").</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string Section { get; set; }

        /// <summary>Only endpoints this cmdlet calls (as main or other command); binds from Get-Command output by Name.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string Command { get; set; }

        protected override object ErrorTarget => Path ?? Command;

        protected override void ProcessCpmRecord()
        {
            var path = Path == null ? null : NormalizePath(Path);
            var found = CpmEndpointTable.All.Where(e =>
                    (Method == null || string.Equals(e.Method, Method, StringComparison.OrdinalIgnoreCase))
                    && (Section == null || Like(e.Section, Section))
                    && (Command == null || Like(e.Command, Command) || e.OtherCommands.Any(c => Like(c, Command))))
                .ToList();
            if (path != null) found = MatchPath(found, path);

            foreach (var endpoint in found) WriteObject(endpoint);
            if (found.Count == 0) WriteNotFound(path);
        }

        /// <summary>
        /// The endpoints whose template the path names. A template match wins (/api/accounts/backup/ is not
        /// /api/accounts/{id}/); otherwise ids in the path stand for the template's placeholders, segment by
        /// segment up to the first wildcard (/api/policies/5/* matches below /api/policies/{policy_id}/).
        /// </summary>
        static List<CpmEndpoint> MatchPath(List<CpmEndpoint> endpoints, string path)
        {
            var literal = endpoints.Where(e => Like(e.Path, path)).ToList();
            if (literal.Count > 0) return literal;
            return endpoints.Where(e => Like(e.Path, WithPlaceholdersOf(e.Path, path))).ToList();
        }

        /// <summary>The path with each segment at a placeholder of the template replaced by that placeholder.</summary>
        static string WithPlaceholdersOf(string template, string path)
        {
            var templateParts = template.Split('/');
            var parts = path.Split('/');
            for (var i = 0; i < parts.Length && i < templateParts.Length; i++)
            {
                if (WildcardPattern.ContainsWildcardCharacters(parts[i])) break;
                if (templateParts[i].StartsWith("{", StringComparison.Ordinal) && parts[i].Length > 0) parts[i] = templateParts[i];
            }
            return string.Join("/", parts);
        }

        /// <summary>
        /// The form of a template: a URL gives its path; "?name=value" and "#..." are dropped (a "?" followed by
        /// no "=" is a wildcard); /api is added when missing, and a trailing slash unless it ends in a wildcard.
        /// </summary>
        internal static string NormalizePath(string input)
        {
            var text = input.Trim();
            var scheme = text.IndexOf("://", StringComparison.Ordinal);
            var isUrl = scheme > 0;
            if (isUrl)
            {
                var slash = text.IndexOf('/', scheme + 3);
                text = slash < 0 ? "/" : text.Substring(slash);
            }

            var hash = text.IndexOf('#');
            if (hash >= 0) text = text.Substring(0, hash);
            var query = text.IndexOf('?');
            if (query >= 0 && (isUrl || text.IndexOf('=', query) > 0)) text = text.Substring(0, query);
            if (text.IndexOf('%') >= 0) text = Uri.UnescapeDataString(text); // a URL copied with %7Bid%7D

            if (!text.StartsWith("/", StringComparison.Ordinal) && !text.StartsWith("*", StringComparison.Ordinal)) text = "/" + text;
            if (text.StartsWith("/", StringComparison.Ordinal) && !IsUnderApi(text)) text = ApiRoot + text;
            if (!text.EndsWith("/", StringComparison.Ordinal) && !text.EndsWith("*", StringComparison.Ordinal)) text += "/";
            return text;
        }

        static bool IsUnderApi(string path) =>
            string.Equals(path, ApiRoot, StringComparison.OrdinalIgnoreCase) || path.StartsWith(ApiRoot + "/", StringComparison.OrdinalIgnoreCase);

        static bool Like(string value, string pattern) =>
            value != null && new WildcardPattern(pattern, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant).IsMatch(value);

        void WriteNotFound(string path)
        {
            var criteria = new List<string>();
            if (Path != null) criteria.Add(string.Equals(Path, path, StringComparison.Ordinal) ? $"-Path '{Path}'" : $"-Path '{Path}' (read as {path})");
            if (Method != null) criteria.Add("-Method " + Method.ToUpperInvariant());
            if (Section != null) criteria.Add($"-Section '{Section}'");
            if (Command != null) criteria.Add($"-Command '{Command}'");
            var message = $"No endpoint of the CPM API guide matches {string.Join(" and ", criteria)}.";
            // A real cmdlet that calls nothing (Get-CpmConnection) deserves a plainer answer than "no match".
            if (criteria.Count == 1 && Command != null && !WildcardPattern.ContainsWildcardCharacters(Command)
                && InvokeCommand.GetCommand(Command, CommandTypes.Cmdlet) != null)
                message = $"{Command} calls no endpoint of the CPM API.";
            WriteCpmError(CpmErrorIds.CommandNotFound, ErrorCategory.ObjectNotFound, message,
                "Leave out a criterion, or use wildcards (Find-CpmCommand -Path '*backups*', -Command '*Policy*'); Find-CpmCommand without arguments lists every endpoint.",
                (object)Path ?? Command ?? (object)Section ?? Method);
        }
    }
}
