using System;
using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// Reads the claims of a simplejwt token. The signature is not checked: the server checks it; the
    /// client only needs to know when the token runs out and whose it is.
    /// </summary>
    internal static class CpmJwt
    {
        /// <summary>The payload (second part) as JSON; null when the text is not a readable JWT.</summary>
        public static JObject ReadPayload(string token)
        {
            if (string.IsNullOrEmpty(token)) return null;
            var parts = token.Split('.');
            if (parts.Length != 3) return null;
            try
            {
                var json = Encoding.UTF8.GetString(FromBase64Url(parts[1]));
                return CpmJson.Parse(json) as JObject;
            }
            catch (FormatException) { return null; }
            catch (JsonException) { return null; }
        }

        /// <summary>A NumericDate claim (seconds since 1970, maybe fractional) as a time; null when absent.</summary>
        public static DateTimeOffset? ReadTime(JObject payload, string claim)
        {
            var value = payload?[claim];
            if (value == null) return null;
            double seconds;
            switch (value.Type)
            {
                case JTokenType.Integer:
                case JTokenType.Float:
                    seconds = value.Value<double>();
                    break;
                case JTokenType.String when double.TryParse(value.Value<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed):
                    seconds = parsed;
                    break;
                default:
                    return null;
            }
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        }

        /// <summary>The user_id claim (a number, or a number written as text).</summary>
        public static int? ReadUserId(JObject payload)
        {
            var value = payload?["user_id"];
            if (value == null) return null;
            if (value.Type == JTokenType.Integer) return value.Value<int>();
            return int.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : (int?)null;
        }

        static byte[] FromBase64Url(string text)
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            switch (base64.Length % 4)
            {
                case 2: base64 += "=="; break;
                case 3: base64 += "="; break;
                case 1: throw new FormatException("Not base64url.");
            }
            return Convert.FromBase64String(base64);
        }
    }
}
