using System;
using System.Net;
using System.Net.Http;

namespace CpmPowerShell.Client
{
    /// <summary>How a <see cref="CpmClient"/> reaches and authenticates to one CPM server.</summary>
    public sealed class CpmClientOptions
    {
        /// <summary>https://host[:port]/ — the API paths (/api/...) are appended to it.</summary>
        public Uri BaseUri { get; set; }

        /// <summary>The CPM user's API authentication key. Never printed.</summary>
        public CpmSecret ApiKey { get; set; }

        /// <summary>Sent as <c>Accept: application/json; version=...</c>. Null or empty: the server's latest.</summary>
        public string ApiVersion { get; set; } = "1.5.0";

        /// <summary>Pin of the server certificate: SHA-256 (64 hex) or SHA-1 (40 hex); colons and spaces ignored.</summary>
        public string CertificateThumbprint { get; set; }

        /// <summary>Accept any server certificate. For labs only; say so loudly where it is set.</summary>
        public bool SkipCertificateCheck { get; set; }

        public IWebProxy Proxy { get; set; }

        /// <summary>
        /// Time allowed for one attempt of one request (headers and body). A download may take longer: for
        /// it this is the longest silence while the body streams.
        /// </summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>Retries of an idempotent request after a network fault, a 5xx or a 429. 0 disables retries.</summary>
        public int MaxRetries { get; set; } = 3;

        /// <summary>First retry delay; later ones grow exponentially with jitter.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        /// <summary>Longest wait between retries, and longest Retry-After honoured.</summary>
        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Page size used when following paginated lists.</summary>
        public int PageSize { get; set; } = 100;

        /// <summary>Replaces the HTTPS handler (tests). Certificate options are then the handler's business.</summary>
        public HttpMessageHandler HttpMessageHandler { get; set; }

        public string UserAgent { get; set; } = "CpmPowerShell";
    }
}
