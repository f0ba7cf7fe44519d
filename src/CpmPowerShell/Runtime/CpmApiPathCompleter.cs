using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Tab completion for Invoke-CpmApi -Path: the guide's paths, in the form being typed ("pol",
    /// "/pol" or "/api/pol"). Segments already typed may hold real ids where the guide has {id}
    /// ("policies/5/t" offers "policies/5/targets/"). With -Method given, only paths that take it.
    /// </summary>
    public sealed class CpmApiPathCompleter : IArgumentCompleter
    {
        const string ApiPrefix = "/api/";

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var word = wordToComplete ?? "";
                var quote = word.Length > 0 && (word[0] == '\'' || word[0] == '"');
                var typed = word.Trim('\'', '"');
                var method = fakeBoundParameters != null && fakeBoundParameters.Contains("Method") ? fakeBoundParameters["Method"]?.ToString() : null;

                // The form the user is typing: the full path, a leading slash without /api/, or neither.
                string prefix;
                if (typed.StartsWith(ApiPrefix, StringComparison.OrdinalIgnoreCase) || ApiPrefix.StartsWith(typed, StringComparison.OrdinalIgnoreCase) && typed.Length > 1) prefix = ApiPrefix;
                else if (typed.StartsWith("/", StringComparison.Ordinal)) prefix = "/";
                else prefix = "";
                var rest = typed.Length >= prefix.Length ? typed.Substring(prefix.Length) : "";

                var results = new List<CompletionResult>();
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var entry in CpmEndpointTable.Paths)
                {
                    var path = entry.Key;
                    var methods = entry.Value;
                    if (!string.IsNullOrEmpty(method) && !methods.Split(new[] { ", " }, StringSplitOptions.None).Contains(method, StringComparer.OrdinalIgnoreCase)) continue;
                    var completed = Complete(path.Substring(ApiPrefix.Length), rest);
                    if (completed == null || !seen.Add(completed)) continue;
                    var text = prefix + completed;
                    results.Add(new CompletionResult(CpmCompletionText.Quote(text, quote), text, CompletionResultType.ParameterValue, methods + " " + path));
                }
                return results;
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>();
            }
        }

        /// <summary>
        /// The template (below /api/) completed from what was typed: typed segments stand for its
        /// placeholders, the last one must begin its segment. Null when the template does not fit.
        /// </summary>
        static string Complete(string template, string typed)
        {
            var parts = template.Split('/');
            var typedParts = typed.Split('/');
            if (typedParts.Length > parts.Length) return null;
            for (var i = 0; i < typedParts.Length - 1; i++)
            {
                var isPlaceholder = parts[i].StartsWith("{", StringComparison.Ordinal);
                if (typedParts[i].Length == 0 || !isPlaceholder && !string.Equals(parts[i], typedParts[i], StringComparison.OrdinalIgnoreCase)) return null;
                parts[i] = typedParts[i];
            }
            // The segment being typed begins a name, or is a number where the guide has an id.
            var last = typedParts.Length - 1;
            if (parts[last].StartsWith("{", StringComparison.Ordinal) && typedParts[last].Length > 0 && typedParts[last].All(char.IsDigit))
                parts[last] = typedParts[last];
            else if (!parts[last].StartsWith(typedParts[last], StringComparison.OrdinalIgnoreCase))
                return null;
            return string.Join("/", parts);
        }
    }
}
