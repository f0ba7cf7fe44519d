using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// A connection to one CPM server: one HttpClient, the token pair, retries, paging and errors.
    /// Thread-safe. The generated partial classes add one method per API endpoint.
    /// </summary>
    public sealed partial class CpmClient : IDisposable
    {
        readonly CpmSettings settings;
        readonly CpmRedactor redactor = new CpmRedactor();
        readonly CpmClientStatistics statistics = new CpmClientStatistics();
        readonly CpmLogger log;
        readonly CpmTransport transport;
        readonly CpmTokenManager tokens;
        int disposed;

        public CpmClient(CpmClientOptions options) : this(options, TimeProvider.System)
        {
        }

        /// <summary>With a clock of the caller's choosing (tests move time instead of waiting for it).</summary>
        internal CpmClient(CpmClientOptions options, TimeProvider clock)
        {
            settings = new CpmSettings(options);
            var certificates = CpmCertificatePolicy.From(options.CertificateThumbprint, options.SkipCertificateCheck);
            log = new CpmLogger(redactor);
            transport = new CpmTransport(options, settings, statistics, log, redactor, certificates);
            tokens = new CpmTokenManager(settings, transport, statistics, redactor, log, clock ?? TimeProvider.System);
        }

        public Uri BaseUri => settings.BaseUri;
        public string ApiVersion => settings.ApiVersion;
        public int PageSize => settings.PageSize;

        /// <summary>The user_id claim of the current access token: the connected CPM user.</summary>
        public int? UserId => tokens.Access?.UserId;

        /// <summary>When the access token runs out, on this machine's clock (null before the first sign-in).</summary>
        public DateTimeOffset? AccessTokenExpires => tokens.Access?.Expires;

        /// <summary>When the refresh token runs out; after it the client signs in again with the API key.</summary>
        public DateTimeOffset? RefreshTokenExpires => tokens.Refresh?.Expires;

        /// <summary>True once a token pair has been obtained.</summary>
        public bool IsConnected => tokens.Access != null;

        public CpmClientStatistics Statistics => statistics;

        /// <summary>Obtains a token pair from the API key; fails with the server's reason.</summary>
        public Task ConnectAsync(CancellationToken cancellationToken = default)
        {
            ThrowIfDisposed();
            return tokens.ConnectAsync(cancellationToken);
        }

        /// <summary>
        /// Sends and reads the JSON answer as T (a model, a list of models, JToken). An answer of another shape
        /// (an array or a page where one record was expected, text that is not JSON) is a CpmInvalidResponse.
        /// </summary>
        public async Task<T> SendAsync<T>(CpmRequest request, CancellationToken cancellationToken = default)
        {
            var (call, response) = await SendCoreAsync(request, stream: false, cancellationToken).ConfigureAwait(false);
            using (response)
            {
                if (response.Content == null || (response.Content.Headers.ContentLength ?? 0) == 0) return default;
                T value;
                try
                {
                    using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync().ConfigureAwait(false)))
                        value = CpmJson.Deserialize<T>(reader);
                }
                catch (JsonException invalid)
                {
                    var text = await CpmTransport.ReadTextAsync(response).ConfigureAwait(false);
                    throw transport.Errors.InvalidResponse(call, response, CpmJsonShape.Expected(typeof(T)),
                        CpmJsonShape.DescribeMismatch(text, typeof(T), invalid), invalid);
                }
                // A page envelope reads as a record with every field unknown: say so instead of returning an empty record.
                if (value is CpmModel model && CpmJsonShape.IsPage(model))
                    throw transport.Errors.InvalidResponse(call, response, CpmJsonShape.Expected(typeof(T)), "a page of a list (count, next, results)", null);
                return value;
            }
        }

        /// <summary>
        /// Reads one record where the guide documents the answer of an item GET as an array (custom tags,
        /// 13.20): a server may send the object itself or an array holding it, and both read as the record.
        /// </summary>
        public async Task<T> SendOneAsync<T>(CpmRequest request, CancellationToken cancellationToken = default) where T : class
        {
            var token = await SendAsync<JToken>(request, cancellationToken).ConfigureAwait(false);
            if (token is JArray array) token = array.Count > 0 ? array[0] : null;
            return token == null || token.Type == JTokenType.Null ? null : token.ToObject<T>(CpmJson.Serializer);
        }

        /// <summary>Sends and ignores any body (DELETE, actions).</summary>
        public async Task SendAsync(CpmRequest request, CancellationToken cancellationToken = default)
        {
            var (_, response) = await SendCoreAsync(request, stream: false, cancellationToken).ConfigureAwait(false);
            response.Dispose();
        }

        /// <summary>Sends and returns the answer as text, whatever its media type (Invoke-CpmApi, CSV).</summary>
        public async Task<CpmResponse> SendRawAsync(CpmRequest request, CancellationToken cancellationToken = default)
        {
            var (_, response) = await SendCoreAsync(request, stream: false, cancellationToken).ConfigureAwait(false);
            using (response)
            {
                var text = await CpmTransport.ReadTextAsync(response).ConfigureAwait(false);
                return new CpmResponse((int)response.StatusCode, response.Content?.Headers.ContentType?.MediaType, text, HeadersOf(response));
            }
        }

        /// <summary>Streams the answer's body into destination (files, CSV, zip).</summary>
        public Task<CpmDownload> DownloadAsync(CpmRequest request, Stream destination, CancellationToken cancellationToken = default) =>
            DownloadAsync(request, destination, null, cancellationToken);

        /// <summary>
        /// As <see cref="DownloadAsync(CpmRequest, Stream, CancellationToken)"/>, calling progress (from any thread)
        /// with the bytes written so far and the total when the server announced it.
        /// </summary>
        public async Task<CpmDownload> DownloadAsync(CpmRequest request, Stream destination, Action<long, long?> progress, CancellationToken cancellationToken = default)
        {
            if (destination == null) throw new ArgumentNullException(nameof(destination));
            var (call, response) = await SendCoreAsync(request, stream: true, cancellationToken).ConfigureAwait(false);
            try
            {
                var length = await CopyBodyAsync(call, response, destination, progress, cancellationToken).ConfigureAwait(false);
                var media = response.Content?.Headers.ContentType?.MediaType;
                log.Verbose($"Downloaded {length} bytes ({media ?? "no media type"}) from {call.Describe()}.");
                return new CpmDownload(FileNameOf(response), media, length);
            }
            finally
            {
                response.Dispose();
                call.StreamCancellation?.Dispose();
                call.StreamTimeout?.Dispose();
            }
        }

        /// <summary>Routes this async flow's log lines (already redacted) to sink until disposed.</summary>
        public static IDisposable BeginLogScope(Action<CpmLogLevel, string> sink) => CpmLog.Begin(sink, includeDebug: true);

        /// <summary>
        /// As <see cref="BeginLogScope(Action{CpmLogLevel, string})"/>; with <paramref name="includeDebug"/> false
        /// the request and response bodies are not even formatted (cheaper when the caller would drop them).
        /// </summary>
        public static IDisposable BeginLogScope(Action<CpmLogLevel, string> sink, bool includeDebug) => CpmLog.Begin(sink, includeDebug);

        public override string ToString() =>
            "CPM " + settings.BaseUri + (settings.ApiVersion.Length > 0 ? " (API " + settings.ApiVersion + ")" : string.Empty);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) != 0) return;
            transport.Dispose();
            tokens.Dispose();
        }

        /// <summary>
        /// Sends through the transport, which gives every attempt a token valid when it is sent and renews and
        /// replays after a 401 (see <see cref="CpmTransport"/>). Non-2xx answers throw.
        /// </summary>
        async Task<(CpmCall call, HttpResponseMessage response)> SendCoreAsync(CpmRequest request, bool stream, CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            if (request == null) throw new ArgumentNullException(nameof(request));
            var call = new CpmCall(request, settings, tokens, stream);
            var response = await transport.SendAsync(call, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    var body = await CpmTransport.ReadTextAsync(response).ConfigureAwait(false);
                    throw transport.Errors.FromResponse(call, response, body);
                }
            }
            return (call, response);
        }

        /// <summary>Copies a streamed body; the attempt's timer restarts after every read, so it limits silence, not size.</summary>
        async Task<long> CopyBodyAsync(CpmCall call, HttpResponseMessage response, Stream destination, Action<long, long?> progress, CancellationToken cancellationToken)
        {
            if (response.Content == null) return 0;
            var timer = call.StreamTimeout;
            var token = call.StreamCancellation?.Token ?? cancellationToken;
            var buffer = new byte[81920];
            long total = 0;
            using (token.Register(response.Dispose)) // ends a read .NET Framework would not cancel
            using (var source = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            {
                while (true)
                {
                    int read;
                    try
                    {
                        read = await source.ReadAsync(buffer, 0, buffer.Length, token).ConfigureAwait(false);
                    }
                    catch (Exception) when (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }
                    catch (Exception failure) when (timer?.IsCancellationRequested == true)
                    {
                        throw transport.Errors.FromException(call, new CpmAttemptTimeoutException(settings.Timeout, failure));
                    }
                    catch (Exception failure) when (!(failure is CpmApiException) && !(failure is ObjectDisposedException && disposed != 0))
                    {
                        throw transport.Errors.FromException(call, failure);
                    }
                    if (read == 0) return total;
                    timer?.CancelAfter(settings.Timeout);
                    await destination.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                    total += read;
                    progress?.Invoke(total, response.Content.Headers.ContentLength);
                }
            }
        }

        static string FileNameOf(HttpResponseMessage response)
        {
            var disposition = response.Content?.Headers.ContentDisposition;
            var name = disposition?.FileNameStar ?? disposition?.FileName;
            if (string.IsNullOrWhiteSpace(name)) return null;
            // Only a name: a server-sent path must not steer where a file is written.
            name = name.Trim().Trim('"').Replace('\\', '/');
            var slash = name.LastIndexOf('/');
            return slash >= 0 ? name.Substring(slash + 1) : name;
        }

        IReadOnlyDictionary<string, string> HeadersOf(HttpResponseMessage response)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var all = response.Headers.AsEnumerable();
            if (response.Content != null) all = all.Concat(response.Content.Headers);
            foreach (var header in all)
            {
                var secret = CpmRedactor.IsSecretName(header.Key) || header.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase);
                headers[header.Key] = secret ? CpmRedactor.Mask : redactor.Scrub(string.Join(", ", header.Value));
            }
            return headers;
        }

        void ThrowIfDisposed()
        {
            if (disposed != 0) throw new ObjectDisposedException(nameof(CpmClient), "This CPM connection has been closed; connect again.");
        }
    }
}
