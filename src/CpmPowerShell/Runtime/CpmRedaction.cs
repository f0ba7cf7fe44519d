using System;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Hides secret values (API keys, passwords, AWS secret keys, tokens) in what we show the user,
    /// such as the -WhatIf text. The request itself is never changed.
    /// </summary>
    internal static class CpmRedaction
    {
        public const string Mask = "********";

        // Name fragments that mark a secret in CPM bodies: api_key, password, new_password,
        // aws_secret_key, ses_secret_key, activation_key, access/refresh tokens...
        static readonly string[] SecretFragments =
        {
            "password", "passwd", "secret", "token", "api_key", "apikey", "activation_key",
            "access_key", "private_key", "credential",
        };

        // Whole names that are secrets on their own (the token endpoints' fields).
        static readonly string[] SecretNames = { "access", "refresh", "key_material" };

        public static bool IsSecretName(string name)
        {
            if (string.IsNullOrEmpty(name)) return false;
            var lower = name.ToLowerInvariant();
            return SecretNames.Contains(lower) || SecretFragments.Any(f => lower.Contains(f));
        }

        /// <summary>A copy of token with every secret-named primitive value replaced by the mask.</summary>
        public static JToken Redact(JToken token)
        {
            if (token == null) return null;
            var copy = token.DeepClone();
            RedactInPlace(copy);
            return copy;
        }

        static void RedactInPlace(JToken token)
        {
            switch (token)
            {
                case JObject obj:
                    foreach (var property in obj.Properties().ToList())
                    {
                        if (IsSecretName(property.Name) && property.Value.Type != JTokenType.Null
                            && !(property.Value is JContainer))
                            property.Value = Mask;
                        else
                            RedactInPlace(property.Value);
                    }
                    break;
                case JArray array:
                    foreach (var item in array) RedactInPlace(item);
                    break;
            }
        }

        /// <summary>The value to show for a query parameter or a form field.</summary>
        public static string ShowValue(string name, string value) => IsSecretName(name) ? Mask : value;
    }
}
