using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// One API call before it is sent: method, path template with its values, query, body, media type.
    /// Generated client methods build these; Invoke-CpmApi builds them from user input.
    /// </summary>
    public sealed class CpmRequest
    {
        public CpmRequest(HttpMethod method, string path)
        {
            Method = method ?? throw new ArgumentNullException(nameof(method));
            Path = path ?? throw new ArgumentNullException(nameof(path));
        }

        public HttpMethod Method { get; }

        /// <summary>
        /// Template as in the spec ("/api/schedules/{id}/"); "schedules/", "/schedules/" are accepted too.
        /// A query written into the path ("policies/?account=1") or a full https URL (a `next` link) is
        /// accepted as well: only its path and query are used, never its host.
        /// </summary>
        public string Path { get; }

        public IDictionary<string, string> PathParameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public IList<KeyValuePair<string, string>> Query { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>
        /// A model, JToken, IDictionary or anonymous object; serialized with <see cref="CpmJson"/>.
        /// A string is sent as it is (already JSON, or form text when <see cref="FormEncoded"/>).
        /// </summary>
        public object Body { get; set; }

        /// <summary>A file to send (multipart with <see cref="Body"/>'s fields beside it, or as the raw body).</summary>
        public CpmUpload Upload { get; set; }

        /// <summary>Send the body form-encoded (the token calls, as the guide shows them).</summary>
        public bool FormEncoded { get; set; }

        /// <summary>Media type asked for, without the version parameter (added by the client).</summary>
        public string Accept { get; set; } = "application/json";

        /// <summary>Null: decided by method (GET, PUT, DELETE, HEAD retry; POST never replays).</summary>
        public bool? Idempotent { get; set; }

        /// <summary>Sets {name} in the path; the value is formatted invariantly and URL-escaped.</summary>
        public CpmRequest WithPath(string name, object value)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("A path parameter needs a name.", nameof(name));
            var text = FormatValue(value);
            if (string.IsNullOrEmpty(text))
                throw new ArgumentException($"The path parameter '{name}' of {Path} needs a value.", nameof(value));
            PathParameters[name] = text;
            return this;
        }

        /// <summary>
        /// Adds a query parameter; null is skipped. bool -> true/false, DateTime -> ISO 8601 UTC,
        /// enum -> its wire code, a sequence -> comma-separated.
        /// </summary>
        public CpmRequest WithQuery(string name, object value)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("A query parameter needs a name.", nameof(name));
            var text = FormatValue(value);
            if (text != null) Query.Add(new KeyValuePair<string, string>(name, text));
            return this;
        }

        /// <summary>The path with every {name} filled, normalised to start with /api/ and end with '/'.</summary>
        public string ResolvePath()
        {
            var template = NormalisePath(SplitPathAndQuery(Path, out _));
            var result = new StringBuilder(template.Length + 16);
            var index = 0;
            while (index < template.Length)
            {
                var open = template.IndexOf('{', index);
                if (open < 0) { result.Append(template, index, template.Length - index); break; }
                var close = template.IndexOf('}', open + 1);
                if (close < 0) throw new ArgumentException($"The path {Path} has an unclosed '{{'.");
                result.Append(template, index, open - index);
                var name = template.Substring(open + 1, close - open - 1);
                if (!PathParameters.TryGetValue(name, out var value) || string.IsNullOrEmpty(value))
                    throw new ArgumentException($"The path {Path} needs a value for {{{name}}}; none was given.");
                result.Append(Uri.EscapeDataString(value));
                index = close + 1;
            }
            return result.ToString();
        }

        /// <summary>"GET /api/schedules/5/" — for messages and -WhatIf; no query, no body.</summary>
        public override string ToString()
        {
            try { return Method.Method + " " + ResolvePath(); }
            catch (ArgumentException) { return Method.Method + " " + NormalisePath(SplitPathAndQuery(Path, out _)); }
        }

        /// <summary>The query pairs to send: those written into <see cref="Path"/> first, then <see cref="Query"/>.</summary>
        internal IEnumerable<KeyValuePair<string, string>> AllQuery()
        {
            SplitPathAndQuery(Path, out var embedded);
            return embedded == null ? Query : ParseQuery(embedded).Concat(Query);
        }

        /// <summary>A copy whose query has <paramref name="replaced"/> instead of any pair of the same names.</summary>
        internal CpmRequest CopyWithQuery(params KeyValuePair<string, string>[] replaced)
        {
            var names = new HashSet<string>(replaced.Select(p => p.Key), StringComparer.Ordinal);
            var copy = new CpmRequest(Method, SplitPathAndQuery(Path, out _))
            {
                Body = Body,
                Upload = Upload,
                FormEncoded = FormEncoded,
                Accept = Accept,
                Idempotent = Idempotent,
            };
            foreach (var pair in PathParameters) copy.PathParameters[pair.Key] = pair.Value;
            foreach (var pair in AllQuery()) if (!names.Contains(pair.Key)) copy.Query.Add(pair);
            foreach (var pair in replaced) copy.Query.Add(pair);
            return copy;
        }

        /// <summary>Formats a path or query value the way the API reads it; null stays null.</summary>
        internal static string FormatValue(object value)
        {
            switch (value)
            {
                case null: return null;
                case string text: return text;
                case bool flag: return flag ? "true" : "false";
                // PowerShell users type local times ("2024-05-01 10:00"): Unspecified is read as local; the API speaks GMT.
                case DateTime time: return CpmTime.ToWire(time);
                case DateTimeOffset offset: return CpmTime.ToWire(offset);
                // CPM enums travel as their wire code; an enum without codes (not ours) by its name.
                case Enum code: return CpmEnum.Names(code.GetType()).Any() ? CpmEnum.ToCode(code) : code.ToString();
                case IFormattable formattable: return formattable.ToString(null, CultureInfo.InvariantCulture);
                case IEnumerable sequence:
                    var parts = sequence.Cast<object>().Select(FormatValue).Where(p => p != null).ToList();
                    return parts.Count == 0 ? null : string.Join(",", parts);
                default: return Convert.ToString(value, CultureInfo.InvariantCulture);
            }
        }

        /// <summary>"policies/", "/policies/", "/api/policies/", "api/policies" -> "/api/policies/".</summary>
        static string NormalisePath(string path)
        {
            var trimmed = path.Trim().Trim('/');
            if (!(trimmed == "api" || trimmed.StartsWith("api/", StringComparison.Ordinal)))
                trimmed = trimmed.Length == 0 ? "api" : "api/" + trimmed;
            return "/" + trimmed + "/";
        }

        /// <summary>Drops a URL's scheme and host, and splits off a query written into the path.</summary>
        static string SplitPathAndQuery(string path, out string query)
        {
            var text = path.Trim();
            if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            {
                // Only the path and query of a pasted URL are used: requests always go to the connected server.
                var uri = new Uri(text, UriKind.Absolute);
                text = uri.AbsolutePath + uri.Query;
            }
            var mark = text.IndexOf('?');
            if (mark < 0) { query = null; return text; }
            query = text.Substring(mark + 1);
            return text.Substring(0, mark);
        }

        static IEnumerable<KeyValuePair<string, string>> ParseQuery(string query)
        {
            foreach (var part in query.Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = part.IndexOf('=');
                var name = equals < 0 ? part : part.Substring(0, equals);
                var value = equals < 0 ? string.Empty : part.Substring(equals + 1);
                yield return new KeyValuePair<string, string>(Unescape(name), Unescape(value));
            }
        }

        static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
    }
}
