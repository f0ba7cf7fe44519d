using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// What an error body says. Reads the guide's format {"errors":[{"field":[{"message","code"}]}]},
    /// Django REST framework's plain {"field":["message"]} and {"detail":"..."}, and falls back to the text
    /// (the title of an HTML page from a proxy). All text passes through the redactor.
    /// </summary>
    internal sealed class CpmErrorBody
    {
        const int MaxTextLength = 400;
        static readonly string[] GeneralFields = { "non_field_errors", "__all__" };
        static readonly Regex HtmlTitle = new Regex(@"<title[^>]*>(?<title>.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline);
        static readonly Regex HtmlTag = new Regex(@"<[^>]+>");
        static readonly Regex Spaces = new Regex(@"\s+");

        CpmErrorBody(string detail, IReadOnlyList<CpmFieldError> fieldErrors)
        {
            Detail = detail;
            FieldErrors = fieldErrors;
        }

        /// <summary>The server's own sentence (detail, message, or the text); null when there is none.</summary>
        public string Detail { get; }

        public IReadOnlyList<CpmFieldError> FieldErrors { get; }

        /// <summary>"name: This field may not be blank; description: ..." — the field errors in one line.</summary>
        public string FieldSummary => FieldErrors.Count == 0 ? null : string.Join("; ", FieldErrors.Select(Describe));

        /// <summary>Detail and field errors together, for the exception message.</summary>
        public string Summary
        {
            get
            {
                var parts = new[] { Detail?.TrimEnd('.'), FieldSummary }.Where(p => !string.IsNullOrEmpty(p)).ToList();
                return parts.Count == 0 ? null : string.Join("; ", parts);
            }
        }

        /// <summary>
        /// Field names are kept as they are (an error about "password" must say so); the texts go through
        /// <paramref name="clean"/>, which masks the call's own secrets and any token or key.
        /// </summary>
        public static CpmErrorBody Parse(string body, string mediaType, Func<string, string> clean)
        {
            var fields = new List<CpmFieldError>();
            if (string.IsNullOrWhiteSpace(body)) return new CpmErrorBody(null, fields);
            JToken json = null;
            try { json = CpmJson.Parse(body); }
            catch (JsonException) { }

            var detail = json == null ? PlainText(body, mediaType) : ReadJson(json, fields);
            var cleaned = fields.Select(f => new CpmFieldError(f.Field, clean(f.Message), f.Code)).ToList();
            return new CpmErrorBody(Cut(clean(detail)), cleaned);
        }

        static string ReadJson(JToken json, List<CpmFieldError> fields)
        {
            switch (json)
            {
                case JObject obj:
                    var detail = TextOf(obj["detail"]) ?? TextOf(obj["message"]) ?? TextOf(obj["error_description"]) ?? TextOf(obj["error"] as JValue);
                    var errors = obj["errors"];
                    if (errors is JArray list)
                    {
                        foreach (var item in list)
                        {
                            if (item is JObject group) ReadFields(group, fields, null);
                            else if (TextOf(item) is string text) fields.Add(new CpmFieldError(null, text, null));
                        }
                    }
                    else if (errors is JObject group)
                        ReadFields(group, fields, null);
                    else if (detail == null)
                    {
                        // DRF's plain validation format: every property is a field.
                        var plain = new JObject(obj.Properties().Where(p => p.Name != "code" && p.Name != "status_code"));
                        ReadFields(plain, fields, null);
                    }
                    return detail;
                case JArray array:
                    // DRF raises ValidationError(["..."]) as a bare list of sentences.
                    foreach (var item in array) AddMessages(item, null, fields);
                    return null;
                default:
                    return TextOf(json);
            }
        }

        static void ReadFields(JObject group, List<CpmFieldError> fields, string prefix)
        {
            foreach (var property in group.Properties())
            {
                var name = prefix == null ? property.Name : prefix + "." + property.Name;
                AddMessages(property.Value, name, fields);
            }
        }

        static void AddMessages(JToken value, string field, List<CpmFieldError> fields)
        {
            switch (value)
            {
                case JArray array:
                    foreach (var item in array) AddMessages(item, field, fields);
                    break;
                case JObject obj when obj["message"] != null:
                    fields.Add(new CpmFieldError(field, TextOf(obj["message"]), TextOf(obj["code"])));
                    break;
                case JObject nested:
                    ReadFields(nested, fields, field); // errors of a nested object: "schedule.start_time"
                    break;
                default:
                    var text = TextOf(value);
                    if (text != null) fields.Add(new CpmFieldError(field, text, null));
                    break;
            }
        }

        static string TextOf(JToken token)
        {
            if (token == null || token.Type == JTokenType.Null) return null;
            if (token is JValue value) return Convert.ToString(value.Value, System.Globalization.CultureInfo.InvariantCulture);
            return token.ToString(Formatting.None);
        }

        static string PlainText(string body, string mediaType)
        {
            var text = body;
            var isHtml = (mediaType ?? string.Empty).IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0
                         || body.TrimStart().StartsWith("<", StringComparison.Ordinal);
            if (isHtml)
            {
                var title = HtmlTitle.Match(body);
                text = title.Success ? title.Groups["title"].Value : HtmlTag.Replace(body, " ");
                text = WebUtility.HtmlDecode(text);
            }
            return Spaces.Replace(text, " ").Trim();
        }

        static string Cut(string text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            return text.Length <= MaxTextLength ? text : text.Substring(0, MaxTextLength) + "...";
        }

        static string Describe(CpmFieldError error)
        {
            var message = (error.Message ?? string.Empty).TrimEnd('.');
            return error.Field == null || GeneralFields.Contains(error.Field) ? message : error.Field + ": " + message;
        }
    }
}
