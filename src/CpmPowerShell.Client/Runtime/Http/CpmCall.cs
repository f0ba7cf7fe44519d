using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// A request made ready to send: URI, headers and body text fixed once, so every attempt (retry, or
    /// replay after a token renewal) builds a fresh HttpRequestMessage with identical content and the
    /// token of the moment. Also carries what the attempts learnt, for the error message.
    /// </summary>
    internal sealed class CpmCall
    {
        const string FormMediaType = "application/x-www-form-urlencoded";

        /// <param name="tokens">Where each attempt gets its bearer token; null for the token calls themselves.</param>
        public CpmCall(CpmRequest request, CpmSettings settings, ICpmAccessTokens tokens, bool stream)
        {
            Method = request.Method;
            Path = request.ResolvePath();
            Uri = BuildUri(settings.BaseUri, Path, request.AllQuery());
            Accept = AcceptHeader(request.Accept, settings.ApiVersion);
            AcceptMediaType = MediaTypeOf(Accept);
            Idempotent = request.Idempotent ?? IsIdempotentMethod(request.Method);
            Tokens = tokens;
            Stream = stream;
            Upload = request.Upload;
            if (Upload != null)
            {
                // The body's top-level fields travel as form fields beside the file (or not at all for a raw upload).
                if (request.Body != null && Upload.FieldName != null)
                    UploadFields = JObject.Parse(JsonText(request.Body)).Properties()
                        .Select(p => new KeyValuePair<string, string>(p.Name, FormValue(p.Value))).Where(p => p.Value != null).ToList();
            }
            else if (request.Body != null)
            {
                BodyMediaType = request.FormEncoded ? FormMediaType : "application/json";
                BodyText = request.FormEncoded ? FormText(request.Body) : JsonText(request.Body);
                BodySecrets = CpmRedactor.SecretValuesOf(BodyText, request.FormEncoded);
            }
        }

        public HttpMethod Method { get; }
        /// <summary>/api/... without the query: what messages show.</summary>
        public string Path { get; }
        public Uri Uri { get; private set; }
        public string Accept { get; }
        public string AcceptMediaType { get; }
        public bool Idempotent { get; }
        public ICpmAccessTokens Tokens { get; }
        /// <summary>A successful answer's body is streamed to the caller instead of read into memory.</summary>
        public bool Stream { get; }
        public string BodyText { get; }
        /// <summary>A file sent as the body (multipart or raw); <see cref="BodyText"/> is then null.</summary>
        public CpmUpload Upload { get; }
        /// <summary>Form fields sent beside an uploaded file.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> UploadFields { get; } = Array.Empty<KeyValuePair<string, string>>();
        public string BodyMediaType { get; }

        /// <summary>Values of secret fields in the body (a new password...), masked if the server echoes them.</summary>
        public IReadOnlyList<string> BodySecrets { get; } = Array.Empty<string>();

        /// <summary>The bearer token of the current attempt: taken afresh before each one, renewed before a replay after a 401.</summary>
        public string AccessToken { get; set; }

        /// <summary>Attempts made so far (the first one included); a replay after a 401 is part of its attempt.</summary>
        public int Attempts;

        /// <summary>Redirects followed so far.</summary>
        public int Redirects { get; private set; }

        /// <summary>Set when the server asked to wait longer than the client may, which stops retrying.</summary>
        public TimeSpan? RetryAfterTooLong { get; set; }

        /// <summary>For a streamed answer: the attempt's timer, still running while the body is read.</summary>
        public CancellationTokenSource StreamTimeout { get; set; }
        public CancellationTokenSource StreamCancellation { get; set; }

        public int Retries => Math.Max(0, Attempts - 1);

        /// <summary>Points the call at a same-origin redirect target; it starts a fresh series of attempts there.</summary>
        public void FollowRedirect(Uri target)
        {
            Uri = target;
            Redirects++;
            Attempts = 0;
            RetryAfterTooLong = null;
        }

        public string Describe() => Method.Method + " " + Path;

        public HttpRequestMessage CreateMessage(string userAgent)
        {
            var message = new HttpRequestMessage(Method, Uri);
            message.Headers.TryAddWithoutValidation("Accept", Accept);
            message.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            if (Tokens != null && AccessToken != null)
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
            if (BodyText != null)
                message.Content = new StringContent(BodyText, Encoding.UTF8, BodyMediaType);
            else if (Upload != null)
                message.Content = UploadContent();
            return message;
        }

        /// <summary>The file (opened afresh for this attempt), alone or in a multipart form with the other fields.</summary>
        HttpContent UploadContent()
        {
            var file = Upload.CreateFileContent();
            if (Upload.FieldName == null) return file;
            var form = new MultipartFormDataContent();
            foreach (var field in UploadFields) form.Add(new StringContent(field.Value, Encoding.UTF8), field.Key);
            form.Add(file, Upload.FieldName, System.IO.Path.GetFileName(Upload.FilePath));
            return form;
        }

        /// <summary>GET, PUT, DELETE, HEAD, OPTIONS may be sent twice with the same effect; POST and PATCH may not.</summary>
        public static bool IsIdempotentMethod(HttpMethod method) =>
            method == HttpMethod.Get || method == HttpMethod.Put || method == HttpMethod.Delete ||
            method == HttpMethod.Head || method == HttpMethod.Options;

        /// <summary>
        /// The API version is a parameter of the requested media type (guide 1.6). It is sent with CSV too:
        /// the server reads it from whichever media type it negotiates, and a CSV report should come from the
        /// same API version as the JSON calls of the session. A media type that already names a version is
        /// left as given (Invoke-CpmApi users asking for something specific).
        /// </summary>
        public static string AcceptHeader(string accept, string apiVersion)
        {
            var media = string.IsNullOrWhiteSpace(accept) ? "application/json" : accept.Trim().TrimEnd(';').Trim();
            if (string.IsNullOrEmpty(apiVersion) || media.IndexOf("version=", StringComparison.OrdinalIgnoreCase) >= 0)
                return media;
            return media + "; version=" + apiVersion;
        }

        static string MediaTypeOf(string accept)
        {
            var semicolon = accept.IndexOf(';');
            return (semicolon < 0 ? accept : accept.Substring(0, semicolon)).Trim();
        }

        static Uri BuildUri(Uri baseUri, string path, IEnumerable<KeyValuePair<string, string>> query)
        {
            var text = new StringBuilder(path.TrimStart('/'));
            var first = true;
            foreach (var pair in query)
            {
                text.Append(first ? '?' : '&');
                first = false;
                text.Append(Uri.EscapeDataString(pair.Key)).Append('=').Append(Uri.EscapeDataString(pair.Value ?? string.Empty));
            }
            return new Uri(baseUri, text.ToString());
        }

        static string JsonText(object body)
        {
            switch (body)
            {
                case string text: return text; // already JSON (Invoke-CpmApi -Body '{...}')
                case JToken token: return token.ToString(Formatting.None, CpmJson.Settings.Converters.ToArray());
                default: return CpmJson.Serialize(body);
            }
        }

        /// <summary>name=value&amp;... from a dictionary, model or anonymous object; top-level fields only.</summary>
        static string FormText(object body)
        {
            if (body is string text) return text;
            IEnumerable<KeyValuePair<string, string>> pairs;
            if (body is IEnumerable<KeyValuePair<string, string>> strings)
                pairs = strings;
            else if (body is IDictionary dictionary)
                pairs = dictionary.Keys.Cast<object>().Select(k => new KeyValuePair<string, string>(
                    Convert.ToString(k, System.Globalization.CultureInfo.InvariantCulture), CpmRequest.FormatValue(dictionary[k])));
            else
                pairs = JObject.FromObject(body, CpmJson.Serializer).Properties().Select(p => new KeyValuePair<string, string>(p.Name, FormValue(p.Value)));
            return string.Join("&", pairs.Where(p => p.Value != null)
                .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        }

        static string FormValue(JToken value)
        {
            switch (value.Type)
            {
                case JTokenType.Null:
                case JTokenType.Undefined: return null;
                case JTokenType.Boolean: return value.Value<bool>() ? "true" : "false";
                case JTokenType.String: return value.Value<string>();
                case JTokenType.Object:
                case JTokenType.Array: return value.ToString(Formatting.None);
                default: return Convert.ToString(((JValue)value).Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
