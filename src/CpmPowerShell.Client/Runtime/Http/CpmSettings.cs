using System;
using System.Reflection;

namespace CpmPowerShell.Client
{
    /// <summary>The options of one client, checked once and frozen (later changes to the options object do not leak in).</summary>
    internal sealed class CpmSettings
    {
        public CpmSettings(CpmClientOptions options)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            if (options.BaseUri == null) throw new ArgumentException("The CPM server address (BaseUri) is required.", nameof(options));
            if (options.ApiKey == null || options.ApiKey.IsEmpty)
                throw new ArgumentException("The API authentication key (ApiKey) is required: create it in the CPM console (" + CpmErrorFactory.ApiKeyPlace + ").", nameof(options));
            if (options.Timeout <= TimeSpan.Zero && options.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
                throw new ArgumentOutOfRangeException(nameof(options), "Timeout must be positive.");
            if (options.MaxRetries < 0) throw new ArgumentOutOfRangeException(nameof(options), "MaxRetries cannot be negative.");
            if (options.RetryBaseDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "RetryBaseDelay cannot be negative.");
            if (options.MaxRetryDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "MaxRetryDelay cannot be negative.");
            if (options.PageSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "PageSize must be at least 1.");

            BaseUri = CpmServerAddress.Normalize(options.BaseUri);
            ApiKey = options.ApiKey;
            ApiVersion = string.IsNullOrWhiteSpace(options.ApiVersion) ? string.Empty : options.ApiVersion.Trim();
            Timeout = options.Timeout;
            MaxRetries = options.MaxRetries;
            RetryBaseDelay = options.RetryBaseDelay;
            MaxRetryDelay = options.MaxRetryDelay;
            PageSize = options.PageSize;
            UserAgent = BuildUserAgent(options.UserAgent);
        }

        public Uri BaseUri { get; }
        public CpmSecret ApiKey { get; }
        public string ApiVersion { get; }
        public TimeSpan Timeout { get; }
        public int MaxRetries { get; }
        public TimeSpan RetryBaseDelay { get; }
        public TimeSpan MaxRetryDelay { get; }
        public int PageSize { get; }
        public string UserAgent { get; }

        /// <summary>"CpmPowerShell" -> "CpmPowerShell/0.1.0", so server logs show which module version called.</summary>
        static string BuildUserAgent(string userAgent)
        {
            var name = string.IsNullOrWhiteSpace(userAgent) ? "CpmPowerShell" : userAgent.Trim();
            if (name.IndexOf('/') >= 0) return name;
            var version = typeof(CpmSettings).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                          ?? typeof(CpmSettings).Assembly.GetName().Version?.ToString();
            var plus = version?.IndexOf('+') ?? -1;
            if (plus > 0) version = version.Substring(0, plus); // drop the source revision suffix
            return string.IsNullOrEmpty(version) ? name : name + "/" + version;
        }

        /// <summary>Seconds as people write them: "100 s", "0.5 s".</summary>
        public static string Seconds(TimeSpan span) =>
            span.TotalSeconds.ToString(span.TotalSeconds >= 10 ? "0" : "0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";
    }
}
