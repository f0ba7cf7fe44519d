using System;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// Turns what a user types for a server (host, host:port, https://host[:port][/]) into the base URI the
    /// API paths are appended to. The CPM API is served over HTTPS only, so http:// is refused outright.
    /// </summary>
    public static class CpmServerAddress
    {
        /// <summary>"cpm.example.com:8443" -> https://cpm.example.com:8443/.</summary>
        public static Uri Normalize(string server)
        {
            if (string.IsNullOrWhiteSpace(server))
                throw new ArgumentException("A CPM server name is required (host, host:port or https://host).", nameof(server));
            var text = server.Trim();
            var hasScheme = text.IndexOf("://", StringComparison.Ordinal) >= 0;
            if (!Uri.TryCreate(hasScheme ? text : "https://" + text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
                throw new ArgumentException($"'{server}' is not a server address. Use a host name, host:port or https://host[:port].", nameof(server));
            return FromAbsolute(uri, server);
        }

        /// <summary>Normalises a URI given by code; a URI that is really "host:port" is read as such.</summary>
        public static Uri Normalize(Uri server)
        {
            if (server == null) throw new ArgumentNullException(nameof(server));
            // new Uri("cpm:8443") parses "cpm" as a scheme: read such a value as text instead.
            if (!server.IsAbsoluteUri || !(IsHttp(server) || IsHttps(server)))
                return Normalize(server.OriginalString);
            return FromAbsolute(server, server.OriginalString);
        }

        static Uri FromAbsolute(Uri uri, string typed)
        {
            if (IsHttp(uri))
                throw new ArgumentException(
                    $"'{typed}' uses http://, but the CPM API is only served over HTTPS. Use https://{uri.Authority} or just {uri.Authority}.",
                    "server");
            if (!IsHttps(uri))
                throw new ArgumentException($"'{typed}' is not an https:// address.", "server");

            // The guide writes the base URL as https://host/api/: accept it, the client adds /api/ itself.
            var path = uri.AbsolutePath.TrimEnd('/');
            if (path.EndsWith("/api", StringComparison.OrdinalIgnoreCase)) path = path.Substring(0, path.Length - 4);
            // Scheme, host and port only: user info, query and fragment (a pasted console URL) are dropped.
            var root = uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
            return new Uri(root + path + "/", UriKind.Absolute);
        }

        static bool IsHttps(Uri uri) => string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);
        static bool IsHttp(Uri uri) => string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase);
    }
}
