using System;
using System.Globalization;
using Newtonsoft.Json;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// The one rule for times, as PowerShell's own cmdlets have it: every DateTime handed to the caller is
    /// local time (Kind Local, the right instant); a DateTime given by the caller is local time unless it
    /// says otherwise (Kind Utc, or a string with Z or an offset). The wire is the guide's: GMT, ISO 8601.
    /// </summary>
    public static class CpmTime
    {
        /// <summary>Seconds always; microseconds (the guide's precision) only when there are some.</summary>
        const string WireFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFF'Z'";

        /// <summary>The instant as local time (Kind Local). Unspecified is taken as local already.</summary>
        public static DateTime ToLocal(DateTime value) =>
            value.Kind == DateTimeKind.Utc ? value.ToLocalTime()
            : value.Kind == DateTimeKind.Local ? value
            : DateTime.SpecifyKind(value, DateTimeKind.Local);

        /// <summary>The instant in UTC (Kind Utc). Unspecified is read as local time.</summary>
        public static DateTime ToUtc(DateTime value) =>
            value.Kind == DateTimeKind.Utc ? value : ToLocal(value).ToUniversalTime();

        /// <summary>The text the API reads: UTC with a Z ("2026-12-06T04:00:00Z").</summary>
        public static string ToWire(DateTime value) => ToUtc(value).ToString(WireFormat, CultureInfo.InvariantCulture);

        /// <summary>As <see cref="ToWire(DateTime)"/> for a time with an offset.</summary>
        public static string ToWire(DateTimeOffset value) => value.UtcDateTime.ToString(WireFormat, CultureInfo.InvariantCulture);

        /// <summary>
        /// Reads a time the API sent. The guide says every JSON time is GMT, so text without an offset is
        /// UTC; text with one keeps it. The result is local time.
        /// </summary>
        public static bool TryFromWire(string text, out DateTime value) => TryParseAsLocal(text, DateTimeStyles.AssumeUniversal, out value);

        /// <summary>
        /// Reads a time a user typed: "2026-12-05 23:00" is local time, "2026-12-05T23:00:00Z" and
        /// "...+02:00" keep their offset. The result is local time (Kind Local).
        /// </summary>
        public static bool TryParseInput(string text, out DateTime value) => TryParseAsLocal(text, DateTimeStyles.AssumeLocal, out value);

        /// <summary>Parses text with an offset, or without one as assumed, into local time (Kind Local).</summary>
        static bool TryParseAsLocal(string text, DateTimeStyles assumed, out DateTime value)
        {
            value = default;
            if (string.IsNullOrWhiteSpace(text)) return false;
            if (!DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, assumed | DateTimeStyles.AllowWhiteSpaces, out var instant))
                return false;
            value = instant.UtcDateTime.ToLocalTime();
            return true;
        }
    }

    /// <summary>Model DateTime fields: GMT text on the wire, local DateTime in memory (see <see cref="CpmTime"/>).</summary>
    public sealed class CpmDateTimeConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(DateTime) || objectType == typeof(DateTime?);

        public override object ReadJson(JsonReader reader, Type objectType, object existingValue, JsonSerializer serializer)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Null:
                    return null;
                case JsonToken.Date:
                    return reader.Value is DateTimeOffset offset ? offset.UtcDateTime.ToLocalTime() : CpmTime.ToLocal((DateTime)reader.Value);
                case JsonToken.String:
                    var text = (string)reader.Value;
                    if (CpmTime.TryFromWire(text, out var local)) return local;
                    // An empty time reads as "not set"; anything else is a server fault worth reporting.
                    if (string.IsNullOrWhiteSpace(text) && objectType == typeof(DateTime?)) return null;
                    throw new JsonSerializationException($"'{text}' at {reader.Path} is not a date and time.");
                default:
                    throw new JsonSerializationException($"Expected a date and time at {reader.Path}, found {reader.TokenType}.");
            }
        }

        public override void WriteJson(JsonWriter writer, object value, JsonSerializer serializer)
        {
            if (value == null) writer.WriteNull();
            else writer.WriteValue(CpmTime.ToWire((DateTime)value));
        }
    }
}
