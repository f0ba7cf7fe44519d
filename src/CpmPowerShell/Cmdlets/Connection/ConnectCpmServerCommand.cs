using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Text.RegularExpressions;
using CpmPowerShell.Client;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Connect-CpmServer: obtains tokens from a CPM server with a user's API key, keeps the connection in
    /// this runspace and makes it current. Silent on success unless -PassThru.
    /// </summary>
    [CpmEndpoint("POST", "/api/token/obtain/api_key/")]
    // The connection it makes refreshes its access token (before expiry, and once on a 401) for as long as it is used.
    [CpmEndpoint("POST", "/api/token/refresh/")]
    [Cmdlet(VerbsCommunications.Connect, "CpmServer", DefaultParameterSetName = ApiKeySet)]
    [OutputType(typeof(CpmConnection))]
    public sealed class ConnectCpmServerCommand : CpmCmdletBase
    {
        const string ApiKeySet = "ApiKey";
        const string CredentialSet = "Credential";

        /// <summary>The CPM server: host, host:port or https://host[:port]/.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [Alias("ComputerName", "Uri")]
        public string Server { get; set; }

        /// <summary>
        /// The connection's name, which -Server takes. Default: the server as host[:port]. Connecting again
        /// under a name in use replaces that connection; another name keeps both (two users of one server).
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; }

        /// <summary>The CPM user's API key, as a SecureString (Read-Host -AsSecureString, a vault...).</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ApiKeySet)]
        [ValidateNotNull]
        public SecureString ApiKey { get; set; }

        /// <summary>A credential whose password is the API key; the user name is not used (fits Azure Automation credential assets).</summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [ValidateNotNull]
        [Credential]
        public PSCredential Credential { get; set; }

        /// <summary>The API version to ask for. An unsupported one fails with CpmApiVersionNotAcceptable.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ApiVersion { get; set; } = "1.5.0";

        /// <summary>SHA-256 (64 hex) or SHA-1 (40 hex) of the server's certificate, to trust a self-signed one.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("Thumbprint")]
        public string CertificateThumbprint { get; set; }

        /// <summary>Accepts any server certificate. For labs only.</summary>
        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        /// <summary>An HTTP proxy to reach the server through.</summary>
        [Parameter]
        public Uri Proxy { get; set; }

        /// <summary>Credentials for the proxy.</summary>
        [Parameter]
        [Credential]
        public PSCredential ProxyCredential { get; set; }

        /// <summary>Seconds allowed for one attempt of one request.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 100;

        /// <summary>Retries of idempotent requests after network faults, 5xx and 429 answers (0: none).</summary>
        [Parameter]
        [ValidateRange(0, 10)]
        public int MaxRetries { get; set; } = 3;

        /// <summary>Writes the new connection to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override object ErrorTarget => Server;

        protected override void ProcessCpmRecord()
        {
            CpmServerEndpoint address = null;
            try
            {
                address = CpmServerEndpoint.Parse(Server);
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(CpmErrorMap.Create(CpmErrorIds.InvalidServerAddress, ErrorCategory.InvalidArgument, CpmErrorMap.MessageOf(e),
                    "Give the server as host, host:port or https://host[:port]/.", Server, e));
            }

            var options = new CpmClientOptions
            {
                BaseUri = address.BaseUri,
                ApiKey = ReadApiKey(),
                ApiVersion = ApiVersion,
                CertificateThumbprint = NormalizeThumbprint(),
                SkipCertificateCheck = SkipCertificateCheck.IsPresent,
                Proxy = CreateProxy(),
                Timeout = TimeSpan.FromSeconds(TimeoutSec),
                MaxRetries = MaxRetries,
            };

            if (options.SkipCertificateCheck)
                WriteWarning($"Certificate checks are off for {address.Name}: anyone on the network path could pose as the server and read the API key. " +
                             "To trust a self-signed certificate, pin it with -CertificateThumbprint instead.");

            WriteVerbose($"Connecting to {address.BaseUri} (API version {ApiVersion}, certificate check: {DescribeCheck(options)}).");

            var client = new CpmClient(options);
            try
            {
                Await(token => client.ConnectAsync(token));
            }
            catch (Exception e)
            {
                client.Dispose();
                if (e is RuntimeException || e is OperationCanceledException) throw;
                // A failed connect leaves nothing usable behind: stop here rather than let the next command fail.
                ThrowTerminatingError(CpmErrorMap.FromException(e, Server));
            }

            var connection = new CpmConnection(client, address, options, DateTime.Now, Name);
            var replaced = Session.Add(connection); // closes an older connection of the same name
            if (replaced != null && replaced.UserId != connection.UserId)
                WriteWarning($"The connection {connection.Name} (CPM user {replaced.UserId?.ToString() ?? "unknown"}) was replaced by this one (CPM user {connection.UserId?.ToString() ?? "unknown"}). " +
                             "To keep both, connect with -Name <another name> and pick one with -Server.");

            var user = connection.UserId.HasValue ? "CPM user " + connection.UserId.Value : "an unidentified CPM user";
            var expiry = connection.AccessTokenExpires.HasValue ? "; access token valid until " + connection.AccessTokenExpires.Value.ToString("u") : "";
            WriteVerbose($"Connected to {connection.Name} as {user}{expiry}. It is now the current connection.");

            if (PassThru) WriteObject(connection);
        }

        CpmSecret ReadApiKey()
        {
            var secure = ParameterSetName == CredentialSet ? Credential.Password : ApiKey;
            var key = secure == null ? null : CpmSecret.FromSecureString(secure);
            if (key == null || key.IsEmpty)
                ThrowCpmError(CpmErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, "The API key is empty.",
                    ParameterSetName == CredentialSet
                        ? "Store the API key as the credential's password."
                        : "Pass the CPM user's API key with -ApiKey.", Server);
            return key;
        }

        string NormalizeThumbprint()
        {
            if (!IsBound(nameof(CertificateThumbprint))) return null;
            if (SkipCertificateCheck)
                ThrowCpmError(CpmErrorIds.InvalidArgument, ErrorCategory.InvalidArgument,
                    "-CertificateThumbprint and -SkipCertificateCheck cannot be used together.",
                    "Pin the certificate with -CertificateThumbprint, or skip the check, not both.", CertificateThumbprint);

            var hex = Regex.Replace(CertificateThumbprint, @"[\s:\-]", "").ToUpperInvariant();
            if (!Regex.IsMatch(hex, "^([0-9A-F]{40}|[0-9A-F]{64})$"))
                ThrowCpmError(CpmErrorIds.InvalidArgument, ErrorCategory.InvalidArgument,
                    "-CertificateThumbprint must be a SHA-256 (64 hexadecimal digits) or SHA-1 (40 hexadecimal digits) hash; colons and spaces are allowed.",
                    "Copy the hash from the certificate's details, or from the CpmCertificateRejected error of a first attempt.", CertificateThumbprint);
            return hex;
        }

        IWebProxy CreateProxy()
        {
            if (Proxy == null)
            {
                if (ProxyCredential != null)
                    ThrowCpmError(CpmErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, "-ProxyCredential needs -Proxy.",
                        "Pass the proxy address with -Proxy.", null);
                return null;
            }
            var proxy = new WebProxy(Proxy);
            if (ProxyCredential != null) proxy.Credentials = ProxyCredential.GetNetworkCredential();
            return proxy;
        }

        static string DescribeCheck(CpmClientOptions options) =>
            options.SkipCertificateCheck ? "skipped"
            : options.CertificateThumbprint != null ? "pinned " + options.CertificateThumbprint
            : "default";
    }
}
