using System;
using System.Threading;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// An open connection to one CPM server, as Connect-CpmServer returns it. It shows where it points,
    /// who is connected and how the tokens stand, never the API key or a token. Safe to share between
    /// runspaces: everything is immutable or read from the thread-safe client.
    /// </summary>
    public sealed class CpmConnection
    {
        readonly CpmClient client;
        readonly CpmClientStatistics statistics;
        volatile bool isCurrent;
        volatile bool isOpen;
        int knownUserId; // 0 until known; CPM user ids start at 1

        internal CpmConnection(CpmClient client, CpmServerEndpoint address, CpmClientOptions options, DateTime connectedAt, string name = null)
        {
            this.client = client ?? throw new ArgumentNullException(nameof(client));
            statistics = client.Statistics;
            isOpen = true;
            Name = string.IsNullOrWhiteSpace(name) ? address.Name : name.Trim();
            Address = address.Name;
            Server = address.Host;
            Port = address.Port;
            BaseUri = address.BaseUri;
            ApiVersion = string.IsNullOrEmpty(options.ApiVersion) ? null : options.ApiVersion;
            ConnectedAt = connectedAt;
            CertificateThumbprint = options.CertificateThumbprint;
            CertificateCheck = DescribeCertificateCheck(options);
            Proxy = options.Proxy is System.Net.WebProxy proxy ? proxy.Address : null;
            TimeoutSec = (int)options.Timeout.TotalSeconds;
            MaxRetries = options.MaxRetries;
            knownUserId = client.UserId ?? 0;
        }

        // A name typed for -Server that matched no open connection; the cmdlet reports it when it runs,
        // so the error carries our ErrorId instead of a parameter-binding one.
        CpmConnection(string requested)
        {
            Name = requested;
            Requested = requested;
        }

        internal static CpmConnection Unresolved(string requested) => new CpmConnection(requested);

        /// <summary>The connection's name, which -Server accepts: Connect-CpmServer -Name, else the server as host[:port].</summary>
        public string Name { get; }

        /// <summary>The server as host, or host:port when the port is not 443 (the default Name).</summary>
        public string Address { get; }

        /// <summary>Host name or address of the CPM server.</summary>
        public string Server { get; }

        public int Port { get; }

        public Uri BaseUri { get; }

        /// <summary>The connected CPM user's id (the token's user_id claim).</summary>
        public int? UserId
        {
            get
            {
                if (isOpen && client != null && client.UserId is int id) Volatile.Write(ref knownUserId, id);
                var known = Volatile.Read(ref knownUserId);
                return known == 0 ? (int?)null : known;
            }
        }

        /// <summary>The API version asked for in every request's Accept header; null means the server's latest.</summary>
        public string ApiVersion { get; }

        /// <summary>When Connect-CpmServer obtained the first tokens (local time).</summary>
        public DateTime ConnectedAt { get; }

        /// <summary>When the current access token expires (local time); renewed automatically.</summary>
        public DateTime? AccessTokenExpires => isOpen && client != null ? ToLocal(client.AccessTokenExpires) : null;

        /// <summary>When the refresh token expires (local time); a new pair is then obtained from the API key.</summary>
        public DateTime? RefreshTokenExpires => isOpen && client != null ? ToLocal(client.RefreshTokenExpires) : null;

        /// <summary>How the server's certificate is checked: Default (trusted chain), Pinned SHA256:..., or Skipped.</summary>
        public string CertificateCheck { get; }

        /// <summary>The pinned certificate hash, when one was given.</summary>
        public string CertificateThumbprint { get; }

        public Uri Proxy { get; }

        public int TimeoutSec { get; }

        public int MaxRetries { get; }

        /// <summary>True for the connection that cmdlets use when -Server is not given.</summary>
        public bool IsCurrent
        {
            get => isCurrent;
            internal set => isCurrent = value;
        }

        /// <summary>False once Disconnect-CpmServer (or a reconnect to the same server) closed it.</summary>
        public bool IsOpen => isOpen;

        /// <summary>HTTP attempts sent so far, retries and token calls included.</summary>
        public long RequestCount => statistics?.Requests ?? 0;

        public long RetryCount => statistics?.Retries ?? 0;

        /// <summary>Token pairs obtained from the API key (1 after connecting).</summary>
        public long TokensObtained => statistics?.TokensObtained ?? 0;

        /// <summary>Access tokens renewed with the refresh token.</summary>
        public long TokensRefreshed => statistics?.TokensRefreshed ?? 0;

        internal CpmClient Client => client;

        /// <summary>Set on placeholders: what the user typed for -Server that matched nothing.</summary>
        internal string Requested { get; }

        internal bool IsUnresolved => client == null;

        /// <summary>Marks the connection closed and disposes its client; idempotent.</summary>
        internal void Close()
        {
            if (client == null || !isOpen) return;
            _ = UserId; // remember it: the client cannot be asked once disposed
            isOpen = false;
            isCurrent = false;
            client.Dispose();
        }

        public override string ToString() => Name;

        static DateTime? ToLocal(DateTimeOffset? value) => value?.ToLocalTime().DateTime is DateTime local
            ? DateTime.SpecifyKind(local, DateTimeKind.Local)
            : (DateTime?)null;

        static string DescribeCertificateCheck(CpmClientOptions options)
        {
            if (options.SkipCertificateCheck) return "Skipped";
            var pin = options.CertificateThumbprint;
            if (string.IsNullOrEmpty(pin)) return "Default";
            var kind = pin.Length == 40 ? "SHA1" : "SHA256";
            return "Pinned " + kind + ":" + pin.Substring(0, Math.Min(8, pin.Length)) + "...";
        }
    }
}
