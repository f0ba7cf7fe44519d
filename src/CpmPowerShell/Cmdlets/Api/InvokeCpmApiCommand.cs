using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using CpmPowerShell.Client;
using CpmPowerShell.Runtime;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Invoke-CpmApi: calls any CPM endpoint through the current connection (tokens, retries, errors and
    /// secret hygiene included). JSON answers come back as PSCustomObjects, one per array item; other text
    /// (CSV) as one string; -OutFile saves any answer, binary ones included, to a file; -InFile sends one. -First and -Skip
    /// (SupportsPaging) select from a list: page by page with -All, else from the array the server sent.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "CpmApi", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, SupportsPaging = true)]
    [OutputType(typeof(PSObject), typeof(string), typeof(FileInfo))]
    public sealed class InvokeCpmApiCommand : CpmCmdlet
    {
        static readonly Regex Placeholder = new Regex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.Compiled);
        const string PageKey = "page", PageSizeKey = "page_size";

        /// <summary>The endpoint: "policies/", "/policies/", "/api/policies/{id}/" or a full URL (e.g. a "next" link).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [Alias("Uri")]
        [ArgumentCompleter(typeof(CpmApiPathCompleter))]
        public string Path { get; set; }

        /// <summary>The HTTP method. GET never prompts; POST, PUT and PATCH act as ConfirmImpact Medium, DELETE as High.</summary>
        [Parameter]
        [ValidateSet("GET", "POST", "PUT", "DELETE", "PATCH", IgnoreCase = true)]
        public string Method { get; set; } = "GET";

        /// <summary>Values for the {name} placeholders of -Path.</summary>
        [Parameter]
        public IDictionary PathParameter { get; set; }

        /// <summary>Query parameters. Arrays are sent comma-separated, dates as UTC, switches as true/false.</summary>
        [Parameter]
        public IDictionary Query { get; set; }

        /// <summary>The request body: a hashtable, a PSCustomObject, a model object, or JSON text.</summary>
        [Parameter]
        public object Body { get; set; }

        /// <summary>
        /// Follows the list's pages to the end, writing each item as its page arrives (GET only). A page_size
        /// in -Query sets how many items each request reads; page is the cmdlet's own.
        /// </summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        /// <summary>
        /// Saves the answer's body to this file, streamed, with progress; when it names a folder (or ends in a
        /// slash), the server's file name is used. An existing file is replaced only with -Force.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string OutFile { get; set; }

        /// <summary>Sends this file as the request body (with -InFileField: as that field of a multipart form).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string InFile { get; set; }

        /// <summary>The form field that carries -InFile (patch_file); -Body's fields are sent beside it as form fields.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string InFileField { get; set; }

        /// <summary>The media type to ask for: application/json (default) or text/csv on report and log endpoints.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Accept { get; set; } = "application/json";

        /// <summary>Skips the confirmation prompt (DELETE asks by default), and lets -OutFile replace an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override object ErrorTarget => Path;

        protected override void ProcessCpmRecord()
        {
            var method = Method.ToUpperInvariant();
            CheckCombination(method);

            var request = BuildRequest(method);
            var shown = request.ResolvePath() + QueryText(request) + (request.Upload != null ? $" with the file {request.Upload.FilePath}" : "");
            var target = Connection.Name;

            if (method == "GET")
            {
                // A read never asks, but -WhatIf still means "send nothing".
                if (IsWhatIf)
                {
                    ShouldProcess(target, DescribeCall(method, shown));
                    return;
                }
            }
            else
            {
                var impact = method == "DELETE" ? ConfirmImpact.High : ConfirmImpact.Medium;
                if (!ShouldProcessCall(target, method, shown, Body, Force, impact)) return;
            }

            if (OutFile != null)
                SaveResponse(request, OutFile, Force, "-OutFile");
            else if (All)
                WriteAllPages(request);
            else if (request.Upload != null)
                WriteResponse(AwaitUpload(request, token => Client.SendRawAsync(request, token)));
            else
                WriteResponse(Await(token => Client.SendRawAsync(request, token)));
        }

        /// <summary>Every item of the list, page by page, as PSCustomObjects; -Skip and -First ask only for the pages they need.</summary>
        void WriteAllPages(CpmRequest request)
        {
            var pageSize = TakePageSize(request);
            var client = Client;
            WritePaged(skip => new ConvertedPages(pageSize.HasValue
                    ? client.Paginate<JToken>(request, skip, pageSize.Value, CancellationToken)
                    : client.Paginate<JToken>(request, skip, CancellationToken)), null,
                async token => (await client.GetPageAsync<JToken>(request, 1, 1, token).ConfigureAwait(false)).TotalCount);
        }

        /// <summary>Removes page_size from the request's query and returns it (a positive whole number), or null when absent.</summary>
        int? TakePageSize(CpmRequest request)
        {
            int? size = null;
            for (var i = request.Query.Count - 1; i >= 0; i--)
            {
                var pair = request.Query[i];
                if (!string.Equals(pair.Key, PageSizeKey, StringComparison.OrdinalIgnoreCase)) continue;
                if (!int.TryParse(pair.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < 1)
                    throw new ArgumentException($"page_size '{pair.Value}' in -Query is not a positive whole number; give the number of items each page should hold, such as 500.");
                size = size ?? value; // the last one given wins, as in the query string the server would read
                request.Query.RemoveAt(i);
            }
            return size;
        }

        void CheckCombination(string method)
        {
            if (All && method != "GET") throw new ArgumentException("-All follows the pages of a list; use it with -Method GET.");
            if (All && OutFile != null) throw new ArgumentException("-All and -OutFile cannot be used together.");
            if (All && !IsJson(Accept)) throw new ArgumentException("-All reads JSON pages; CSV reports come whole without it.");
            if (Body != null && method == "GET") throw new ArgumentException("A GET request has no body; pass filters with -Query.");
            if (InFile != null && method == "GET") throw new ArgumentException("-InFile sends a file as the request body; use it with -Method POST, PUT or PATCH.");
            if (InFileField != null && InFile == null) throw new ArgumentException("-InFileField names the form field of -InFile; give -InFile too.");
            if (InFile != null && InFileField == null && Body != null)
                throw new ArgumentException("Without -InFileField the file is the whole body, so -Body has nowhere to go; add -InFileField to send a form with both.");
        }

        CpmRequest BuildRequest(string method)
        {
            SplitPath(Path, out var path, out var pathQuery);
            var request = new CpmRequest(new HttpMethod(method), path) { Accept = Accept };

            var names = Placeholder.Matches(path).Cast<Match>().Select(m => m.Groups[1].Value).Distinct().ToList();
            var given = ToPairs(PathParameter);
            foreach (var name in names)
            {
                var match = given.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
                if (match.Key == null || match.Value == null)
                    throw new ArgumentException($"-Path has the placeholder {{{name}}} but -PathParameter gives no value for it.");
                request.WithPath(name, match.Value);
            }
            var unused = given.Where(p => !names.Contains(p.Key, StringComparer.OrdinalIgnoreCase)).Select(p => p.Key).ToList();
            if (unused.Count > 0)
                throw new ArgumentException($"-PathParameter has {string.Join(", ", unused)}, which -Path does not use.");

            foreach (var pair in pathQuery) request.WithQuery(pair.Key, pair.Value);
            foreach (var pair in ToPairs(Query)) request.WithQuery(pair.Key, pair.Value);
            if (All && request.Query.Any(p => string.Equals(p.Key, PageKey, StringComparison.OrdinalIgnoreCase)))
                throw new ArgumentException("-All asks for every page itself; remove page from -Query (page_size may stay), or use -Skip and -First to select items.");

            if (Body != null) request.Body = CpmPSJson.BodyToJToken(Body, revealSecrets: true);
            if (InFile != null) request.Upload = FileToUpload(InFile, InFileField);
            return request;
        }

        /// <summary>Takes a path, a path with ?query, or a full URL (only its path and query are used).</summary>
        static void SplitPath(string input, out string path, out List<KeyValuePair<string, string>> query)
        {
            var text = input.Trim();
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
                text = uri.PathAndQuery;

            query = new List<KeyValuePair<string, string>>();
            var mark = text.IndexOf('?');
            if (mark < 0)
            {
                path = text;
                return;
            }
            path = text.Substring(0, mark);
            foreach (var part in text.Substring(mark + 1).Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = part.IndexOf('=');
                var name = Uri.UnescapeDataString((equals < 0 ? part : part.Substring(0, equals)).Replace('+', ' '));
                var value = equals < 0 ? "" : Uri.UnescapeDataString(part.Substring(equals + 1).Replace('+', ' '));
                query.Add(new KeyValuePair<string, string>(name, value));
            }
        }

        static List<KeyValuePair<string, object>> ToPairs(IDictionary dictionary)
        {
            var pairs = new List<KeyValuePair<string, object>>();
            if (dictionary == null) return pairs;
            foreach (DictionaryEntry entry in dictionary)
                pairs.Add(new KeyValuePair<string, object>(Convert.ToString(CpmPSJson.Unwrap(entry.Key)), CpmPSJson.Unwrap(entry.Value)));
            return pairs;
        }

        /// <summary>"?status=F&amp;api_key=********" for the -WhatIf text; secret values masked.</summary>
        static string QueryText(CpmRequest request)
        {
            if (request.Query.Count == 0) return "";
            return "?" + string.Join("&", request.Query.Select(p => p.Key + "=" + CpmSecrets.ShowValue(p.Key, p.Value)));
        }

        void WriteResponse(CpmResponse response)
        {
            if (string.IsNullOrEmpty(response.Content)) return; // 204 and friends: nothing to say

            var media = response.MediaType ?? "";
            if (IsJson(media) || media.Length == 0 && LooksLikeJson(response.Content))
            {
                var token = CpmJson.Parse(response.Content);
                if (token is JArray array)
                {
                    foreach (var item in PageOf(array.ToList())) WriteObject(CpmPSJson.ToPSObject(item));
                }
                else if (token.Type != JTokenType.Null)
                {
                    WriteObject(CpmPSJson.ToPSObject(token));
                }
            }
            else if (IsText(media))
            {
                // CSV stays text: usage reports end with a signature row that is not data. Pipe to ConvertFrom-Csv.
                WriteObject(response.Content);
            }
            else
            {
                WriteCpmError(CpmErrorIds.BinaryContent, ErrorCategory.InvalidResult,
                    $"The server answered {response.Content.Length} characters of {media}, which is not text.",
                    "Save the answer with -OutFile instead.", Path);
            }
        }

        /// <summary>
        /// The pages of a list as PSCustomObjects, converted one by one as the pipeline takes them. The
        /// enumerator still tells which items are already in memory (<see cref="ICpmPageBuffer"/>).
        /// </summary>
        sealed class ConvertedPages : IEnumerable<object>
        {
            readonly IEnumerable<JToken> pages;

            public ConvertedPages(IEnumerable<JToken> pages) => this.pages = pages;

            public IEnumerator<object> GetEnumerator() => new Enumerator(pages.GetEnumerator());

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

            sealed class Enumerator : IEnumerator<object>, ICpmPageBuffer
            {
                readonly IEnumerator<JToken> inner;

                public Enumerator(IEnumerator<JToken> inner) => this.inner = inner;

                public object Current { get; private set; }

                object IEnumerator.Current => Current;

                public bool HasBufferedItem => inner is ICpmPageBuffer buffer && buffer.HasBufferedItem;

                public bool MoveNext()
                {
                    if (!inner.MoveNext()) return false;
                    Current = CpmPSJson.ToPSObject(inner.Current);
                    return true;
                }

                public void Reset() => throw new NotSupportedException();

                public void Dispose() => inner.Dispose();
            }
        }

        static bool IsJson(string media)
        {
            var type = (media ?? "").Split(';')[0].Trim().ToLowerInvariant();
            return type == "application/json" || type.EndsWith("+json", StringComparison.Ordinal);
        }

        static bool IsText(string media)
        {
            var type = media.Split(';')[0].Trim().ToLowerInvariant();
            return type.StartsWith("text/", StringComparison.Ordinal) || type.EndsWith("xml", StringComparison.Ordinal)
                   || type == "application/csv" || type == "application/javascript";
        }

        static bool LooksLikeJson(string content)
        {
            var trimmed = content.TrimStart();
            return trimmed.StartsWith("{", StringComparison.Ordinal) || trimmed.StartsWith("[", StringComparison.Ordinal);
        }
    }
}
