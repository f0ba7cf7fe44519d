using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// When to try a request again, and how long to wait. Idempotent requests retry on network faults, a
    /// per-attempt timeout, 5xx and 429; a POST only when the fault proves the server never saw it.
    /// </summary>
    internal static class CpmRetryPolicy
    {
        static readonly ResiliencePropertyKey<CpmCall> CallKey = new ResiliencePropertyKey<CpmCall>("CpmPowerShell.Call");

        /// <summary>The retry pipeline, or the empty one when retries are off (Polly refuses MaxRetryAttempts = 0).</summary>
        public static ResiliencePipeline<HttpResponseMessage> Build(CpmSettings settings, CpmClientStatistics statistics, CpmLogger log)
        {
            if (settings.MaxRetries == 0) return ResiliencePipeline<HttpResponseMessage>.Empty;
            var options = new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = settings.MaxRetryDelay > TimeSpan.Zero ? settings.MaxRetryDelay : (TimeSpan?)null,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(CallOf(args.Context), args.Outcome, settings)),
                // Null lets Polly's exponential backoff with jitter decide; a Retry-After the server sent wins.
                DelayGenerator = args => new ValueTask<TimeSpan?>(ServerDelay(args.Outcome.Result)),
                OnRetry = args =>
                {
                    Interlocked.Increment(ref statistics.retries);
                    var call = CallOf(args.Context);
                    log.Verbose($"Retrying {call?.Describe()} in {CpmSettings.Seconds(args.RetryDelay)} " +
                                $"(retry {args.AttemptNumber + 1} of {settings.MaxRetries}) after {Describe(args.Outcome, settings)}.");
                    return default;
                },
            };
            return new ResiliencePipelineBuilder<HttpResponseMessage>().AddRetry(options).Build();
        }

        /// <summary>Runs one call through the pipeline; the call rides in the context for the callbacks above.</summary>
        public static async Task<HttpResponseMessage> ExecuteAsync(
            ResiliencePipeline<HttpResponseMessage> pipeline, CpmCall call,
            Func<CpmCall, CancellationToken, ValueTask<HttpResponseMessage>> attempt, CancellationToken cancellationToken)
        {
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            try
            {
                context.Properties.Set(CallKey, call);
                return await pipeline.ExecuteAsync(
                    (ctx, state) => state.attempt(state.call, ctx.CancellationToken),
                    context, (attempt, call)).ConfigureAwait(false);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        static CpmCall CallOf(ResilienceContext context) => context.Properties.GetValue(CallKey, null);

        internal static bool ShouldRetry(CpmCall call, Outcome<HttpResponseMessage> outcome, CpmSettings settings)
        {
            if (call == null) return false;
            if (outcome.Exception != null)
            {
                if (!IsTransient(outcome.Exception)) return false;
                return call.Idempotent || NeverReachedServer(outcome.Exception);
            }
            var response = outcome.Result;
            if (response == null || !IsTransientStatus((int)response.StatusCode) || !call.Idempotent) return false;
            var wait = ServerDelay(response);
            if (wait != null && wait > settings.MaxRetryDelay)
            {
                // Waiting that long would look like a hang; report it and let the user come back later.
                call.RetryAfterTooLong = wait;
                return false;
            }
            return true;
        }

        public static bool IsTransientStatus(int status) => status == 429 || (status >= 500 && status <= 599);

        /// <summary>Faults worth another attempt: dropped connections, resets, socket errors, the attempt timer.</summary>
        public static bool IsTransient(Exception exception)
        {
            if (exception is OperationCanceledException) return false; // the caller's own cancellation
            if (exception is CpmAttemptTimeoutException) return true;
            if (IsCertificateFailure(exception)) return false;
            for (var e = exception; e != null; e = e.InnerException)
            {
                // A name that does not resolve will not resolve a second later either.
                if (e is SocketException socket && (socket.SocketErrorCode == SocketError.HostNotFound || socket.SocketErrorCode == SocketError.NoData))
                    return false;
                if (e is WebException web && web.Status == WebExceptionStatus.NameResolutionFailure) return false;
            }
            return exception is HttpRequestException || exception is IOException || exception is SocketException || exception is WebException;
        }

        /// <summary>True when the request cannot have reached the server (nothing listened), so even a POST may be sent again.</summary>
        public static bool NeverReachedServer(Exception exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                if (e is SocketException socket)
                {
                    switch (socket.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused:
                        case SocketError.HostUnreachable:
                        case SocketError.NetworkUnreachable:
                        case SocketError.HostNotFound:
                        case SocketError.TryAgain:
                        case SocketError.AddressNotAvailable:
                            return true;
                    }
                }
                if (e is WebException web && (web.Status == WebExceptionStatus.ConnectFailure || web.Status == WebExceptionStatus.NameResolutionFailure))
                    return true;
            }
            return false;
        }

        public static bool IsCertificateFailure(Exception exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                if (e is AuthenticationException) return true;
                if (e is WebException web && web.Status == WebExceptionStatus.TrustFailure) return true;
            }
            return false;
        }

        /// <summary>Retry-After of a 429 or 503 (seconds or an HTTP date), as a wait from now.</summary>
        public static TimeSpan? ServerDelay(HttpResponseMessage response)
        {
            if (response == null) return null;
            var status = (int)response.StatusCode;
            if (status != 429 && status != 503) return null;
            var header = response.Headers.RetryAfter;
            if (header == null) return null;
            if (header.Delta != null) return header.Delta.Value < TimeSpan.Zero ? TimeSpan.Zero : header.Delta.Value;
            if (header.Date != null)
            {
                var wait = header.Date.Value - DateTimeOffset.UtcNow;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
            return null;
        }

        static string Describe(Outcome<HttpResponseMessage> outcome, CpmSettings settings)
        {
            if (outcome.Exception is CpmAttemptTimeoutException)
                return $"no answer within {CpmSettings.Seconds(settings.Timeout)}";
            if (outcome.Exception != null)
                return "a network error (" + CpmErrorFactory.NetworkReason(outcome.Exception) + ")";
            return CpmErrorFactory.StatusText(outcome.Result);
        }
    }

    /// <summary>One attempt ran out of time (the connection's timeout), as opposed to the caller cancelling.</summary>
    internal sealed class CpmAttemptTimeoutException : Exception
    {
        public CpmAttemptTimeoutException(TimeSpan timeout, Exception inner)
            : base($"No answer within {CpmSettings.Seconds(timeout)}.", inner)
        {
            Timeout = timeout;
        }

        public TimeSpan Timeout { get; }
    }
}
