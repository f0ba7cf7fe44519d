using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// A connection to one CPM server: one HttpClient, the token pair, retries, paging and errors.
    /// Thread-safe. The generated partial classes add one method per API endpoint.
    /// </summary>
    public sealed partial class CpmClient : IDisposable
    {
        public CpmClient(CpmClientOptions options)
        {
            throw new NotImplementedException();
        }

        public Uri BaseUri => throw new NotImplementedException();
        public string ApiVersion => throw new NotImplementedException();
        public int PageSize => throw new NotImplementedException();

        /// <summary>The user_id claim of the current access token: the connected CPM user.</summary>
        public int? UserId => throw new NotImplementedException();
        public DateTimeOffset? AccessTokenExpires => throw new NotImplementedException();
        public DateTimeOffset? RefreshTokenExpires => throw new NotImplementedException();
        public CpmClientStatistics Statistics => throw new NotImplementedException();

        /// <summary>Obtains a token pair from the API key; fails with the server's reason.</summary>
        public Task ConnectAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <summary>Sends and reads the JSON answer as T (a model, a list of models, JToken).</summary>
        public Task<T> SendAsync<T>(CpmRequest request, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <summary>Sends and ignores any body (DELETE, actions).</summary>
        public Task SendAsync(CpmRequest request, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <summary>Sends and returns the answer as text, whatever its media type (Invoke-CpmApi, CSV).</summary>
        public Task<CpmResponse> SendRawAsync(CpmRequest request, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <summary>Streams the answer's body into destination (files, CSV, zip).</summary>
        public Task<CpmDownload> DownloadAsync(CpmRequest request, Stream destination, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <summary>One page (1-based) of a list; handles both the envelope and a bare array.</summary>
        public Task<CpmPage<T>> GetPageAsync<T>(CpmRequest request, int page, int pageSize, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <summary>
        /// Every item of a list, fetched lazily page by page: the first item is available when the first
        /// page arrives and memory stays flat. skip starts at the right page and drops the rest client-side.
        /// </summary>
        public IEnumerable<T> Paginate<T>(CpmRequest request, int skip = 0, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <summary>Routes this async flow's log lines (already redacted) to sink until disposed.</summary>
        public static IDisposable BeginLogScope(Action<CpmLogLevel, string> sink) => throw new NotImplementedException();

        public void Dispose() => throw new NotImplementedException();
    }
}
