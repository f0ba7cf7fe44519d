using System;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// A CPM server as users type it ("cpm.example.com", "10.0.0.5:8443", "https://cpm.example.com/"),
    /// with the Name that identifies its connection: the host, plus ":port" unless it is 443.
    /// </summary>
    internal sealed class CpmServerEndpoint
    {
        CpmServerEndpoint(Uri baseUri)
        {
            BaseUri = baseUri;
            Host = baseUri.Host;
            Port = baseUri.Port;
            HasExplicitPort = !baseUri.IsDefaultPort;
            var prefix = baseUri.AbsolutePath.TrimEnd('/');
            Name = (baseUri.IsDefaultPort ? baseUri.Host : baseUri.Host + ":" + baseUri.Port) + prefix;
        }

        public Uri BaseUri { get; }
        public string Host { get; }
        public int Port { get; }
        public bool HasExplicitPort { get; }
        public string Name { get; }

        /// <summary>Reads user input; throws ArgumentException with a sentence saying what is wrong.</summary>
        public static CpmServerEndpoint Parse(string text) => new CpmServerEndpoint(CpmServerAddress.Normalize(text));

        public static bool TryParse(string text, out CpmServerEndpoint endpoint)
        {
            try
            {
                endpoint = Parse(text);
                return true;
            }
            catch (ArgumentException)
            {
                endpoint = null;
                return false;
            }
        }

        public override string ToString() => Name;
    }
}
