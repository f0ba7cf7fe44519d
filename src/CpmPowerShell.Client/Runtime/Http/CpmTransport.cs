using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Polly;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// Sends calls: one HttpClient for the connection, a timer per attempt, retries through Polly, and a
    /// line of log per attempt. Each attempt of an authenticated call takes a token valid at that moment
    /// (a retry may follow a long backoff) and, after a 401, renews it and replays once. Redirects are
    /// followed here, not by the handler: only for GET, only within the connection's scheme, host and port.
    /// Answers of any other status come back; exchanges that got no answer become a
    /// <see cref="CpmApiException"/>. Bodies are read within the attempt (so the timer covers them) unless
    /// the call streams a successful answer.
    /// </summary>
    internal sealed class CpmTransport : IDisposable
    {
        /// <summary>Same-origin redirects followed for one call before it is taken for a loop.</summary>
        internal const int MaxRedirects = 5;

        readonly HttpClient http;
        readonly CpmSettings settings;
        readonly CpmClientStatistics statistics;
        readonly CpmLogger log;
        readonly CpmRedactor redactor;
        readonly ResiliencePipeline<HttpResponseMessage> pipeline;

        public CpmTransport(CpmClientOptions options, CpmSettings settings, CpmClientStatistics statistics,
            CpmLogger log, CpmRedactor redactor, CpmCertificatePolicy certificates)
        {
            this.settings = settings;
            this.statistics = statistics;
            this.log = log;
            this.redactor = redactor;
            Errors = new CpmErrorFactory(settings, redactor, certificates);
            var handler = options.HttpMessageHandler ?? CreateHandler(options, certificates);
            // A handler the caller gave us stays theirs to dispose.
            http = new HttpClient(handler, disposeHandler: options.HttpMessageHandler == null)
            {
                // Each attempt has its own timer; HttpClient's single deadline would also cut streamed downloads.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            // .NET Framework otherwise waits for "100 Continue" before sending a body.
            http.DefaultRequestHeaders.ExpectContinue = false;
            pipeline = CpmRetryPolicy.Build(settings, statistics, log);
        }

        public CpmErrorFactory Errors { get; }

        static HttpMessageHandler CreateHandler(CpmClientOptions options, CpmCertificatePolicy certificates)
        {
            // Redirects are judged by SendAsync: the handler would follow one to any host (with the data
            // coming back as the server's) and drop the token on the way.
            var handler = new HttpClientHandler { AllowAutoRedirect = false };
            if (handler.SupportsAutomaticDecompression)
                handler.AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate;
            if (options.Proxy != null)
            {
                handler.Proxy = options.Proxy;
                handler.UseProxy = true;
            }
            // Per connection, on both editions; the process-wide ServicePointManager is never touched.
            handler.ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => certificates.Validate(certificate, errors);
            return handler;
        }

        /// <summary>
        /// Sends the call (with retries when allowed, and same-origin redirects of a GET followed) and returns
        /// the answer, whatever its status. A redirect it will not follow throws. The caller's cancellation
        /// stays an <see cref="OperationCanceledException"/>.
        /// </summary>
        public async Task<HttpResponseMessage> SendAsync(CpmCall call, CancellationToken cancellationToken)
        {
            LogRequest(call);
            while (true)
            {
                var response = await SendOnceAsync(call, cancellationToken).ConfigureAwait(false);
                var target = RedirectTarget(call, response);
                if (target == null) return response;
                using (response)
                {
                    var refusal = Errors.RedirectRefusal(call, target);
                    if (refusal != null) throw Errors.RedirectRefused(call, response, target, refusal);
                    if (log.IsVerboseEnabled)
                        log.Verbose($"{call.Describe()} was redirected ({CpmErrorFactory.StatusText(response)}) to {redactor.RedactUrl(target.AbsoluteUri)}; following it.");
                    call.FollowRedirect(target);
                }
            }
        }

        async Task<HttpResponseMessage> SendOnceAsync(CpmCall call, CancellationToken cancellationToken)
        {
            try
            {
                return await CpmRetryPolicy.ExecuteAsync(pipeline, call, AttemptAsync, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception) when (!(exception is CpmApiException) && !(exception is ObjectDisposedException) && !(exception is OperationCanceledException))
            {
                throw Errors.FromException(call, exception);
            }
        }

        /// <summary>Where a 301/302/303/307/308 answer points (resolved against the request), or null for any other answer.</summary>
        static Uri RedirectTarget(CpmCall call, HttpResponseMessage response)
        {
            switch ((int)response.StatusCode)
            {
                case 301: case 302: case 303: case 307: case 308:
                    var location = response.Headers.Location;
                    if (location == null) return null;
                    return location.IsAbsoluteUri ? location : new Uri(call.Uri, location);
                default:
                    return null;
            }
        }

        /// <summary>
        /// One attempt, as the retry pipeline sees it. An authenticated call takes the token afresh, since this
        /// may be a retry after a backoff longer than the token's life. A 401 means the server did not act on
        /// the request, so the attempt renews the token and replays once, even a POST; a second 401 in a row is
        /// the answer (a server that always says 401 costs two requests), and a 401 is never retried by Polly,
        /// so the number of renewals is bounded by the number of attempts.
        /// </summary>
        async ValueTask<HttpResponseMessage> AttemptAsync(CpmCall call, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref call.Attempts);
            if (call.Tokens == null) return await SendMessageAsync(call, cancellationToken).ConfigureAwait(false);

            call.AccessToken = await call.Tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
            var response = await SendMessageAsync(call, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
            response.Dispose();
            call.AccessToken = await call.Tokens.RenewRejectedAsync(call.AccessToken, cancellationToken).ConfigureAwait(false);
            return await SendMessageAsync(call, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>One HTTP exchange under its own timer.</summary>
        async Task<HttpResponseMessage> SendMessageAsync(CpmCall call, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref statistics.requests);
            var timer = new CancellationTokenSource(settings.Timeout);
            var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            var keepTimer = false;
            var buffered = true;
            var started = Stopwatch.StartNew();
            HttpResponseMessage response = null;
            try
            {
                using (var message = call.CreateMessage(settings.UserAgent))
                {
                    response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                    buffered = !(call.Stream && response.IsSuccessStatusCode);
                    if (!buffered)
                    {
                        // The body is read by the caller; the timer keeps guarding it (reset on every read).
                        call.StreamTimeout = timer;
                        call.StreamCancellation = linked;
                        keepTimer = true;
                    }
                    else
                    {
                        await BufferAsync(response, linked.Token).ConfigureAwait(false);
                    }
                }
                if (log.IsVerboseEnabled) log.Verbose($"{call.Method.Method} {redactor.RedactUrl(call.Uri.AbsoluteUri)} -> {CpmErrorFactory.StatusText(response)} ({started.ElapsedMilliseconds} ms)");
                LogResponseBody(call, response, buffered);
                return response;
            }
            catch (Exception exception) when (cancellationToken.IsCancellationRequested)
            {
                response?.Dispose();
                if (exception is OperationCanceledException) throw;
                throw new OperationCanceledException("The call was cancelled.", exception, cancellationToken);
            }
            catch (Exception exception) when (timer.IsCancellationRequested)
            {
                response?.Dispose();
                if (log.IsVerboseEnabled) log.Verbose($"{call.Method.Method} {redactor.RedactUrl(call.Uri.AbsoluteUri)} -> no answer within {CpmSettings.Seconds(settings.Timeout)}");
                throw new CpmAttemptTimeoutException(settings.Timeout, exception);
            }
            catch (Exception exception)
            {
                response?.Dispose();
                if (log.IsVerboseEnabled) log.Verbose($"{call.Method.Method} {redactor.RedactUrl(call.Uri.AbsoluteUri)} -> failed after {started.ElapsedMilliseconds} ms: {CpmErrorFactory.NetworkReason(exception)}");
                throw;
            }
            finally
            {
                if (!keepTimer)
                {
                    linked.Dispose();
                    timer.Dispose();
                }
            }
        }

        /// <summary>
        /// Reads the body into memory under the attempt's timer. Disposing the response on cancellation makes
        /// sure a read stuck in the network stack (.NET Framework ignores the token there) ends too.
        /// </summary>
        static async Task BufferAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            var content = response.Content;
            if (content == null) return;
            var memory = new MemoryStream();
            using (cancellationToken.Register(response.Dispose))
            using (var stream = await content.ReadAsStreamAsync().ConfigureAwait(false))
                await stream.CopyToAsync(memory, 81920, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();

            var buffered = new ByteArrayContent(memory.GetBuffer(), 0, (int)memory.Length);
            foreach (var header in content.Headers)
                if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            response.Content = buffered;
            content.Dispose();
        }

        /// <summary>The text of a buffered body, decoded by its charset (UTF-8 when none is given).</summary>
        public static async Task<string> ReadTextAsync(HttpResponseMessage response)
        {
            if (response.Content == null) return string.Empty;
            var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            return Decode(bytes, response.Content.Headers.ContentType?.CharSet);
        }

        static string Decode(byte[] bytes, string charset)
        {
            Encoding encoding = Encoding.UTF8;
            if (!string.IsNullOrEmpty(charset))
            {
                try { encoding = Encoding.GetEncoding(charset.Trim('"')); }
                catch (ArgumentException) { }
            }
            using (var reader = new StreamReader(new MemoryStream(bytes), encoding, detectEncodingFromByteOrderMarks: true))
                return reader.ReadToEnd();
        }

        void LogRequest(CpmCall call)
        {
            if (!log.IsDebugEnabled) return;
            log.Debug($"{call.Method.Method} {redactor.RedactUrl(call.Uri.AbsoluteUri)} Accept: {call.Accept}");
            if (call.BodyText != null) log.DebugBody("Request body: ", call.BodyText, call.BodyMediaType, call.BodySecrets);
            if (call.Upload != null)
                log.Debug($"Request body: file {System.IO.Path.GetFileName(call.Upload.FilePath)} ({call.Upload.Length} bytes){(call.Upload.FieldName != null ? " as form field " + call.Upload.FieldName + (call.UploadFields.Count > 0 ? " with " + string.Join(", ", call.UploadFields.Select(f => f.Key)) : "") : "")}.");
        }

        void LogResponseBody(CpmCall call, HttpResponseMessage response, bool buffered)
        {
            if (!log.IsDebugEnabled || response.Content == null) return;
            var media = response.Content.Headers.ContentType?.MediaType;
            if (!buffered)
            {
                log.Debug($"Response body: streamed ({media ?? "no media type"}).");
                return;
            }
            if (!IsText(media))
            {
                log.Debug($"Response body: {response.Content.Headers.ContentLength ?? 0} bytes of {media ?? "unknown media type"}.");
                return;
            }
            var text = ReadTextAsync(response).GetAwaiter().GetResult(); // already in memory
            log.DebugBody("Response body: ", text, media, call.BodySecrets);
        }

        static bool IsText(string media) =>
            media == null || media.StartsWith("text/", StringComparison.OrdinalIgnoreCase) ||
            media.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0 ||
            media.IndexOf("xml", StringComparison.OrdinalIgnoreCase) >= 0 ||
            media.IndexOf("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) >= 0;

        public void Dispose() => http.Dispose();
    }
}
