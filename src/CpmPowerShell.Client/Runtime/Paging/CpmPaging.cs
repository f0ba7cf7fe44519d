using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// Reads a list answer in either shape CPM uses: the {count, next, previous, results} envelope (when page
    /// was sent) or a bare array (the server ignored paging, or the endpoint has none). Anything else (an
    /// object that is not an envelope, results that are not an array, items that are not records) is a
    /// <see cref="CpmShapeException"/>: a record made of an envelope would be silently wrong.
    /// </summary>
    internal static class CpmPaging
    {
        public static KeyValuePair<string, string>[] PageQuery(int page, int pageSize) => new[]
        {
            new KeyValuePair<string, string>("page", page.ToString(CultureInfo.InvariantCulture)),
            new KeyValuePair<string, string>("page_size", pageSize.ToString(CultureInfo.InvariantCulture)),
        };

        /// <summary>
        /// The usual answer, a {count, next, previous, results} envelope, read from the text straight into the
        /// items: no JToken tree first, which costs several times the items themselves in time and garbage.
        /// The result is what <see cref="Read{T}"/> makes of the same body. False, deciding nothing, for any
        /// other shape and for any JSON or conversion problem: the caller then goes through Read, which
        /// gives the usual result or the usual error.
        /// </summary>
        public static bool TryReadEnvelope<T>(Stream body, int page, out CpmPage<T> result)
        {
            result = null;
            try
            {
                using (var text = new StreamReader(body, Encoding.UTF8, true, 4096, leaveOpen: true))
                using (var json = new TokenCompatibleReader(text))
                {
                    if (!json.Read() || json.TokenType != JsonToken.StartObject) return false;
                    JToken count = null, next = null;
                    List<T> items = null;
                    while (json.Read() && json.TokenType == JsonToken.PropertyName)
                    {
                        var name = (string)json.Value;
                        if (!json.Read()) return false;
                        switch (name)
                        {
                            case "count":
                                count = JToken.ReadFrom(json);
                                break;
                            case "next":
                                next = JToken.ReadFrom(json);
                                break;
                            case "results":
                                // Anything but an array here is not an envelope Read would recognise.
                                if (json.TokenType != JsonToken.StartArray) return false;
                                items = CpmJson.Serializer.Deserialize<List<T>>(json);
                                break;
                            default:
                                json.Skip();
                                break;
                        }
                    }
                    if (json.TokenType != JsonToken.EndObject || items == null) return false;
                    result = Envelope(items, page, count, next);
                    return true;
                }
            }
            catch (JsonException)
            {
                return false;
            }
        }

        /// <summary>One page of items; only the envelope says how many there are and whether more follow.</summary>
        public static CpmPage<T> Read<T>(JToken body, int page)
        {
            switch (body)
            {
                case null:
                    return new CpmPage<T>(Array.Empty<T>(), page, null, false);
                case JArray array:
                    return new CpmPage<T>(Items<T>(array, "item "), page, null, false);
                case JObject envelope when envelope.TryGetValue("results", out var results):
                    if (!(results is JArray list))
                        throw new CpmShapeException($"'results' to be a JSON array of {typeof(T).Name}", CpmJsonShape.Describe(results));
                    return Envelope(Items<T>(list, "results"), page, envelope["count"], envelope["next"]);
                default:
                    throw new CpmShapeException(ExpectedList<T>(), CpmJsonShape.Describe(body));
            }
        }

        public static string ExpectedList<T>() => $"a list of {typeof(T).Name} (a JSON array, or a page with count, next and results)";

        /// <summary>The items of an array; on failure names the first item of another shape (results[3]).</summary>
        static List<T> Items<T>(JArray array, string name)
        {
            try
            {
                return array.ToObject<List<T>>(CpmJson.Serializer);
            }
            catch (JsonException invalid)
            {
                var expected = CpmJsonShape.Expected(typeof(T));
                for (var i = 0; i < array.Count; i++)
                    if (!CpmJsonShape.Fits(array[i], typeof(T)))
                        throw new CpmShapeException($"{name}[{i}] to be {expected}", CpmJsonShape.Describe(array[i]), invalid);
                throw new CpmShapeException($"{name} to be a JSON array of {typeof(T).Name}", $"values that do not fit it ({invalid.Message})", invalid);
            }
        }

        static CpmPage<T> Envelope<T>(List<T> items, int page, JToken count, JToken next)
        {
            var total = count?.Type == JTokenType.Integer ? count.Value<int>() : (int?)null;
            // Only whether there is a next page matters: its link names the server's idea of its own host,
            // which behind a proxy or NAT is often wrong, so the next request is built here.
            var hasMore = next != null && next.Type != JTokenType.Null && next.ToString().Length > 0;
            return new CpmPage<T>(items, page, total, hasMore) { IsEnvelope = true };
        }

        /// <summary>
        /// Reads JSON text the way the client's serializer expects (dates stay strings) and hands a number or
        /// true/false read into a string property over as the JToken path does (1.50 as "1.5", true as
        /// "True"), so that reading straight from the text gives exactly the objects the JToken path gave.
        /// </summary>
        sealed class TokenCompatibleReader : JsonTextReader
        {
            public TokenCompatibleReader(TextReader reader) : base(reader)
            {
                DateParseHandling = DateParseHandling.None;
            }

            public override string ReadAsString()
            {
                // As JsonReader.ReadAsString does over a JTokenReader: the value is read as a token, then a
                // primitive other than a string becomes its invariant text.
                do
                {
                    if (!Read())
                    {
                        SetToken(JsonToken.None);
                        return null;
                    }
                } while (TokenType == JsonToken.Comment);

                switch (TokenType)
                {
                    case JsonToken.Null:
                    case JsonToken.EndArray:
                        return null;
                    case JsonToken.String:
                        return (string)Value;
                    case JsonToken.Integer:
                    case JsonToken.Float:
                    case JsonToken.Boolean:
                    case JsonToken.Undefined:
                    case JsonToken.Date:
                    case JsonToken.Bytes:
                        if (Value == null) break;
                        var text = Value is IFormattable formattable ? formattable.ToString(null, Culture) : Value.ToString();
                        SetToken(JsonToken.String, text, false);
                        return text;
                }
                throw new JsonReaderException($"Error reading string. Unexpected token: {TokenType}.");
            }
        }
    }
}
