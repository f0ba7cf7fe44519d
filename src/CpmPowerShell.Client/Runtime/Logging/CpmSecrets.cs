using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// The client's rules for what is secret, for callers that show request data themselves
    /// (-WhatIf text, Invoke-CpmApi): one set of rules for logs, errors and previews alike.
    /// </summary>
    public static class CpmSecrets
    {
        public const string Mask = CpmRedactor.Mask;

        /// <summary>True for field names whose values are secrets (api_key, password, aws_secret_key, tokens...).</summary>
        public static bool IsSecretName(string name) => CpmRedactor.IsSecretName(name);

        /// <summary>A copy of token with the values of secret-named fields masked, at any depth.</summary>
        public static JToken Redact(JToken token)
        {
            if (token == null) return null;
            var copy = token.DeepClone();
            CpmRedactor.RedactToken(copy);
            return copy;
        }

        /// <summary>The value to show for a query parameter or form field of this name.</summary>
        public static string ShowValue(string name, string value) => IsSecretName(name) ? Mask : value;
    }
}
