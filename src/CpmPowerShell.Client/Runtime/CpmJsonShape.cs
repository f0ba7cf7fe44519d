using System;
using System.Collections;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// An answer of another shape than the caller's type (an array where one record was expected, an object
    /// where a list was): becomes a CpmInvalidResponse that names what was expected and what came.
    /// </summary>
    internal sealed class CpmShapeException : Exception
    {
        public CpmShapeException(string expected, string received, Exception inner = null)
            : base($"expected {expected}, received {received}", inner)
        {
            Expected = expected;
            Received = received;
        }

        public string Expected { get; }
        public string Received { get; }
    }

    /// <summary>Words for JSON shapes, for the messages of <see cref="CpmShapeException"/>.</summary>
    internal static class CpmJsonShape
    {
        /// <summary>"a JSON array", "a JSON object (fields: id, name)", "null".</summary>
        public static string Describe(JToken token)
        {
            switch (token?.Type)
            {
                case null: return "nothing";
                case JTokenType.Object:
                    var names = ((JObject)token).Properties().Select(p => p.Name).ToList();
                    if (names.Count == 0) return "an empty JSON object";
                    return "a JSON object (fields: " + string.Join(", ", names.Take(6)) + (names.Count > 6 ? ", ..." : string.Empty) + ")";
                case JTokenType.Array: return "a JSON array";
                case JTokenType.String: return "a JSON string";
                case JTokenType.Integer:
                case JTokenType.Float: return "a JSON number";
                case JTokenType.Boolean: return "a JSON true/false";
                case JTokenType.Null: return "null";
                default: return "JSON " + token.Type.ToString().ToLowerInvariant();
            }
        }

        /// <summary>What a body of text is: its JSON shape, or the start of text that is not JSON.</summary>
        public static string DescribeText(string text)
        {
            try
            {
                return Describe(CpmJson.Parse(text));
            }
            catch (JsonException)
            {
                var start = Regex.Replace(text ?? string.Empty, @"\s+", " ").Trim();
                if (start.Length > 60) start = start.Substring(0, 60) + "...";
                return start.Length == 0 ? "an empty body" : $"text that is not JSON, starting '{start}'";
            }
        }

        /// <summary>What the body of a call read as <paramref name="type"/> should be.</summary>
        public static string Expected(Type type)
        {
            if (typeof(JToken).IsAssignableFrom(type) || type == typeof(object)) return "JSON";
            var item = ItemType(type);
            if (item != null) return "a JSON array of " + item.Name;
            return $"a JSON object (one {type.Name})";
        }

        /// <summary>The element type of a list type (List&lt;T&gt;, T[], IReadOnlyList&lt;T&gt;...), else null.</summary>
        public static Type ItemType(Type type)
        {
            if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) || typeof(JToken).IsAssignableFrom(type)) return null;
            if (type.IsArray) return type.GetElementType();
            var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(System.Collections.Generic.IEnumerable<>)
                ? type
                : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(System.Collections.Generic.IEnumerable<>));
            return enumerable?.GetGenericArguments()[0] ?? typeof(object);
        }

        /// <summary>True for a JSON kind that a value of <paramref name="type"/> could be read from.</summary>
        public static bool Fits(JToken token, Type type)
        {
            if (token == null || token.Type == JTokenType.Null || typeof(JToken).IsAssignableFrom(type) || type == typeof(object)) return true;
            if (ItemType(type) != null) return token.Type == JTokenType.Array;
            if (IsScalar(Nullable.GetUnderlyingType(type) ?? type)) return token.Type != JTokenType.Object && token.Type != JTokenType.Array;
            return token.Type == JTokenType.Object; // a model, a dictionary, any other class
        }

        static bool IsScalar(Type type) =>
            type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) ||
            type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(Guid);

        /// <summary>
        /// What came instead of a <paramref name="type"/>, after reading it failed with <paramref name="failure"/>:
        /// another JSON shape, text that is not JSON, or the right shape with values that do not fit.
        /// </summary>
        public static string DescribeMismatch(string text, Type type, JsonException failure)
        {
            JToken token;
            try { token = CpmJson.Parse(text); }
            catch (JsonException) { return DescribeText(text); }
            return Fits(token, type) ? $"{Describe(token)} whose values do not fit it ({failure.Message})" : Describe(token);
        }

        /// <summary>
        /// A record whose unmodelled fields are the page envelope's own (results with count or next): a page
        /// of a list was read where one record was expected.
        /// </summary>
        public static bool IsPage(CpmModel model)
        {
            var extra = model.GetAdditionalProperties();
            return extra.Count > 0 && extra.ContainsKey("results") && (extra.ContainsKey("count") || extra.ContainsKey("next"));
        }
    }
}
