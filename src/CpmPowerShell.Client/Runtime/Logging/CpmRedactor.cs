using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// Removes secrets from any text before it leaves the client (log lines, exception messages).
    /// Three layers: values of secret-named fields in JSON, form and query text; anything shaped like a
    /// JWT; and the literal secrets this client holds (its API key and tokens), wherever they appear.
    /// </summary>
    internal sealed class CpmRedactor
    {
        public const string Mask = "********";

        // Field names whose value is a secret wherever they appear (exact, case-insensitive).
        static readonly HashSet<string> SecretNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "access", "refresh", "api_key", "apikey", "password", "secret", "token", "authorization",
            "activation_key", "aws_secret_key", "private_key", "passphrase", "key_material",
            // EC2 user data often carries bootstrap passwords and keys; shown only in the returned objects.
            "user_data", "aws_user_data",
            // The external id of a cross-account role is a shared secret between AWS and CPM.
            "external_id",
        };

        // Parts of a name that make any field secret: new_password, ses_secret_key, http_proxy_password_encrypted...
        static readonly string[] SecretNameParts =
        {
            // Not "access_key": an AWS access key id is an identifier the user needs to see; its secret half is masked.
            "secret", "password", "passwd", "token", "api_key", "apikey", "passphrase", "private_key",
        };

        // header.payload.signature, each base64url; every JWT header starts with {" = eyJ.
        static readonly Regex JwtPattern = new Regex(@"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*", RegexOptions.Compiled);

        // "name": "value" in text that is not valid JSON (truncated bodies, messages quoting JSON).
        static readonly Regex JsonPairPattern = new Regex("\"(?<name>[A-Za-z0-9_\\-]+)\"\\s*:\\s*\"(?<value>(?:[^\"\\\\]|\\\\.)*)\"", RegexOptions.Compiled);

        // name=value in form or query text.
        static readonly Regex FormPairPattern = new Regex(@"(?<=^|[?&\s])(?<name>[A-Za-z0-9_.\-]+)=(?<value>[^&\s]*)", RegexOptions.Compiled);

        const int MaxKnownSecrets = 16;
        readonly object gate = new object();
        string[] known = Array.Empty<string>();

        public static bool IsSecretName(string name)
        {
            if (string.IsNullOrEmpty(name)) return false;
            if (SecretNames.Contains(name)) return true;
            var lower = name.ToLowerInvariant();
            return SecretNameParts.Any(part => lower.Contains(part));
        }

        /// <summary>Remembers a secret value so that it is masked wherever it shows up. Keeps the latest few.</summary>
        public void AddSecret(string secret)
        {
            // Very short values would mask ordinary words; they are not real keys or tokens anyway.
            if (string.IsNullOrEmpty(secret) || secret.Length < 6) return;
            lock (gate)
            {
                if (known.Contains(secret)) return;
                known = new[] { secret }.Concat(known).Take(MaxKnownSecrets).ToArray();
            }
        }

        /// <summary>Masks known secrets and JWTs in free text.</summary>
        public string Scrub(string text)
        {
            if (string.IsNullOrEmpty(text)) return text;
            var result = JwtPattern.Replace(text, Mask);
            foreach (var secret in known) // a snapshot: the array is replaced, never changed
                if (result.IndexOf(secret, StringComparison.Ordinal) >= 0) result = result.Replace(secret, Mask);
            return result;
        }

        /// <summary>A body for the Debug stream: secret fields masked, whatever the format.</summary>
        public string RedactBody(string text, string mediaType)
        {
            if (string.IsNullOrEmpty(text)) return text;
            var trimmed = text.TrimStart();
            if (trimmed.StartsWith("{", StringComparison.Ordinal) || trimmed.StartsWith("[", StringComparison.Ordinal))
            {
                var json = TryRedactJson(text);
                if (json != null) return Scrub(json);
                return Scrub(RedactPairs(text));
            }
            if (mediaType != null && mediaType.IndexOf("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) >= 0)
                return Scrub(RedactForm(text));
            return Scrub(RedactPairs(text));
        }

        /// <summary>A URL for the Verbose stream: secret-named query values masked.</summary>
        public string RedactUrl(string url)
        {
            if (string.IsNullOrEmpty(url)) return url;
            var mark = url.IndexOf('?');
            var redacted = mark < 0 ? url : url.Substring(0, mark + 1) + RedactForm(url.Substring(mark + 1));
            return Scrub(redacted);
        }

        /// <summary>JSON with secret-named values masked; null when the text is not JSON.</summary>
        public static string TryRedactJson(string text)
        {
            JToken token;
            try { token = CpmJson.Parse(text); }
            catch (JsonException) { return null; }
            RedactToken(token);
            return token.ToString(Formatting.None);
        }

        /// <summary>
        /// Masks secret-named values in place, at any depth. Under a secret name only plain values (and plain
        /// values in lists) are masked; objects below it are judged by their own names, so an error such as
        /// {"password":[{"message":"Too short.","code":"min_length"}]} stays readable.
        /// </summary>
        public static void RedactToken(JToken token)
        {
            switch (token)
            {
                case JObject obj:
                    foreach (var property in obj.Properties().ToList())
                    {
                        if (IsSecretName(property.Name)) MaskValues(property.Value);
                        else RedactToken(property.Value);
                    }
                    break;
                case JArray array:
                    foreach (var item in array) RedactToken(item);
                    break;
            }
        }

        static void MaskValues(JToken value)
        {
            switch (value)
            {
                case JValue plain when plain.Type != JTokenType.Null:
                    plain.Replace(new JValue(Mask));
                    break;
                case JArray array:
                    foreach (var item in array.ToList()) MaskValues(item);
                    break;
                case JObject obj:
                    RedactToken(obj);
                    break;
            }
        }

        /// <summary>The values of secret-named fields in a JSON or form body, to mask wherever they are echoed.</summary>
        public static IReadOnlyList<string> SecretValuesOf(string body, bool form)
        {
            var values = new List<string>();
            if (string.IsNullOrEmpty(body)) return values;
            if (form)
            {
                foreach (var part in body.Split('&'))
                {
                    var equals = part.IndexOf('=');
                    if (equals > 0 && IsSecretName(Uri.UnescapeDataString(part.Substring(0, equals))))
                        values.Add(Uri.UnescapeDataString(part.Substring(equals + 1).Replace('+', ' ')));
                }
            }
            else
            {
                JToken json;
                try { json = CpmJson.Parse(body); }
                catch (JsonException) { return values; }
                foreach (var property in (json as JContainer)?.Descendants().OfType<JProperty>() ?? Enumerable.Empty<JProperty>())
                    if (IsSecretName(property.Name) && property.Value.Type == JTokenType.String)
                        values.Add(property.Value.Value<string>());
            }
            // Very short values would mask ordinary words in messages.
            return values.Where(v => v.Length >= 3).Distinct().ToList();
        }

        /// <summary>Masks the given literal values, then known secrets and JWTs.</summary>
        public string Scrub(string text, IEnumerable<string> extraSecrets)
        {
            if (string.IsNullOrEmpty(text)) return text;
            if (extraSecrets != null)
                foreach (var secret in extraSecrets.OrderByDescending(s => s.Length))
                    text = text.Replace(secret, Mask);
            return Scrub(text);
        }

        /// <summary>name=value&amp;... with secret-named values masked.</summary>
        public static string RedactForm(string text)
        {
            var parts = text.Split('&');
            for (var i = 0; i < parts.Length; i++)
            {
                var equals = parts[i].IndexOf('=');
                if (equals <= 0) continue;
                var name = Uri.UnescapeDataString(parts[i].Substring(0, equals).Replace('+', ' '));
                if (IsSecretName(name)) parts[i] = parts[i].Substring(0, equals + 1) + Mask;
            }
            return string.Join("&", parts);
        }

        /// <summary>Best effort for text that is neither valid JSON nor a form: "name": "value" and name=value pairs.</summary>
        static string RedactPairs(string text)
        {
            var result = JsonPairPattern.Replace(text, m => IsSecretName(m.Groups["name"].Value)
                ? "\"" + m.Groups["name"].Value + "\":\"" + Mask + "\""
                : m.Value);
            return FormPairPattern.Replace(result, m => IsSecretName(m.Groups["name"].Value)
                ? m.Groups["name"].Value + "=" + Mask
                : m.Value);
        }
    }
}
