using System.Globalization;
using System.IO;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client
{
    /// <summary>The one JSON configuration used for every request and response.</summary>
    public static class CpmJson
    {
        /// <summary>
        /// Strings stay strings (DateParseHandling.None), so a text field is never reformatted; properties
        /// typed DateTime read the API's GMT text as local time and write any DateTime back as GMT
        /// (<see cref="CpmDateTimeConverter"/>), so a Local value is sent as its true instant.
        /// Nulls are not sent: a request carries only what the caller set.
        /// </summary>
        public static readonly JsonSerializerSettings Settings = new JsonSerializerSettings
        {
            DateParseHandling = DateParseHandling.None,
            Converters = { new CpmDateTimeConverter() },
            NullValueHandling = NullValueHandling.Ignore,
            MissingMemberHandling = MissingMemberHandling.Ignore,
            Culture = CultureInfo.InvariantCulture,
            FloatParseHandling = FloatParseHandling.Double,
        };

        public static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

        public static string Serialize(object value) => JsonConvert.SerializeObject(value, Formatting.None, Settings);

        public static T Deserialize<T>(string json) => JsonConvert.DeserializeObject<T>(json, Settings);

        public static T Deserialize<T>(TextReader reader)
        {
            using (var json = new JsonTextReader(reader) { DateParseHandling = DateParseHandling.None, CloseInput = false })
                return Serializer.Deserialize<T>(json);
        }

        /// <summary>Parses JSON text to a token without turning date-like strings into dates.</summary>
        public static JToken Parse(string json)
        {
            using (var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None })
                return JToken.ReadFrom(reader);
        }
    }
}
