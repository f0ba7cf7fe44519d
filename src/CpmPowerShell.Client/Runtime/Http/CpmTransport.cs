using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Polly;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// Sends calls: one HttpClient for the connection, a timer per attempt, retries through Polly, and a
    /// line of log per attempt. Answers of any status come back; exchanges that got no answer become a
    /// <see cref="CpmApiException"/>. Bodies are read within the attempt (so the timer covers them) unless
    /// the call streams a successful answer.
    /// </summary>
    internal sealed class CpmTransport : IDisposable
    {
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
            var handler = new HttpClientHandler();
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
        /// Sends the call (with retries when allowed) and returns the answer, whatever its status. The
        /// caller's cancellation stays an <see cref="OperationCanceledException"/>.
        /// </summary>
        public async Task<HttpResponseMessage> SendAsync(CpmCall call, CancellationToken cancellationToken)
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

        async ValueTask<HttpResponseMessage> AttemptAsync(CpmCall call, CancellationToken cancellationToken)
        {
            var attempt = Interlocked.Increment(ref call.Attempts);
            Interlocked.Increment(ref statistics.requests);
            if (attempt == 1) LogRequest(call);

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
