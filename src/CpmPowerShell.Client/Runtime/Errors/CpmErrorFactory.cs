using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Text;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// Turns a failed answer or a failed exchange into a <see cref="CpmApiException"/> whose message says
    /// what happened and what to do. Status codes come from the response, never from text.
    /// </summary>
    internal sealed class CpmErrorFactory
    {
        const string MayHaveBeenApplied =
            " It was not retried, because the server may already have applied it: check the current state before running it again.";

        static readonly Dictionary<int, string> Reasons = new Dictionary<int, string>
        {
            [400] = "Bad Request", [401] = "Unauthorized", [403] = "Forbidden", [404] = "Not Found",
            [405] = "Method Not Allowed", [406] = "Not Acceptable", [409] = "Conflict", [412] = "Precondition Failed",
            [429] = "Too Many Requests", [500] = "Internal Server Error", [502] = "Bad Gateway",
            [503] = "Service Unavailable", [504] = "Gateway Timeout",
        };

        readonly CpmSettings settings;
        readonly CpmRedactor redactor;
        readonly CpmCertificatePolicy certificates;

        public CpmErrorFactory(CpmSettings settings, CpmRedactor redactor, CpmCertificatePolicy certificates)
        {
            this.settings = settings;
            this.redactor = redactor;
            this.certificates = certificates;
        }

        /// <summary>Masks the call's body secrets, the client's key and tokens, and anything shaped like a JWT.</summary>
        string Clean(CpmCall call, string text) => redactor.Scrub(text, call.BodySecrets);

        public static CpmErrorKind KindOf(int status)
        {
            switch (status)
            {
                case 400: return CpmErrorKind.ValidationFailed;
                case 401: return CpmErrorKind.Unauthorized;
                case 403: return CpmErrorKind.Forbidden;
                case 404: return CpmErrorKind.NotFound;
                case 405: return CpmErrorKind.MethodNotAllowed;
                case 406: return CpmErrorKind.VersionNotAcceptable;
                case 409: return CpmErrorKind.Conflict;
                case 412: return CpmErrorKind.PreconditionFailed;
                case 429: return CpmErrorKind.Throttled;
                default: return status >= 500 && status <= 599 ? CpmErrorKind.ServerError : CpmErrorKind.Other;
            }
        }

        /// <summary>"503 Service Unavailable".</summary>
        public static string StatusText(HttpResponseMessage response)
        {
            var status = (int)response.StatusCode;
            var reason = response.ReasonPhrase;
            if (string.IsNullOrWhiteSpace(reason)) Reasons.TryGetValue(status, out reason);
            return string.IsNullOrWhiteSpace(reason) ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : status + " " + reason;
        }

        /// <summary>A non-2xx answer. <paramref name="body"/> is the buffered body text (may be empty).</summary>
        public CpmApiException FromResponse(CpmCall call, HttpResponseMessage response, string body)
        {
            var status = (int)response.StatusCode;
            var kind = KindOf(status);
            var parsed = CpmErrorBody.Parse(body, response.Content?.Headers.ContentType?.MediaType, text => Clean(call, text));
            var retryAfter = CpmRetryPolicy.ServerDelay(response);
            var message = new StringBuilder();
            message.Append(call.Describe()).Append(" failed with ").Append(StatusText(response));

            if (kind == CpmErrorKind.VersionNotAcceptable)
                message.Append(": ").Append(NotAcceptableAdvice(call));
            else
            {
                message.Append(parsed.Summary != null ? ": " + parsed.Summary + "." : ".");
                message.Append(Advice(call, kind, retryAfter));
            }
            return new CpmApiException(Clean(call, message.ToString()), kind, status, call.Method.Method, call.Path,
                parsed.Detail ?? parsed.FieldSummary, parsed.FieldErrors, retryAfter);
        }

        /// <summary>The token endpoints refused the API key (400 or 401): one clear message about the key.</summary>
        public CpmApiException KeyRefused(CpmCall call, HttpResponseMessage response, string body)
        {
            var parsed = CpmErrorBody.Parse(body, response.Content?.Headers.ContentType?.MediaType, text => Clean(call, text));
            var message = $"The CPM server at {settings.BaseUri} refused the API key ({StatusText(response)}" +
                          (parsed.Summary != null ? ": " + parsed.Summary : string.Empty) + "). " +
                          "Check that the key is current and that API access is enabled for the CPM user " +
                          "(CPM console: Notifications > Configure API Authentication Key).";
            return new CpmApiException(Clean(call, message), CpmErrorKind.Unauthorized, (int)response.StatusCode,
                call.Method.Method, call.Path, parsed.Detail ?? parsed.FieldSummary, parsed.FieldErrors);
        }

        /// <summary>A 2xx answer whose body is not what the API documents.</summary>
        public CpmApiException InvalidResponse(CpmCall call, HttpResponseMessage response, string problem, Exception inner)
        {
            var media = response.Content?.Headers.ContentType?.MediaType ?? "no media type";
            var message = $"{call.Describe()} answered {StatusText(response)}, but the body ({media}) could not be read: {problem}. " +
                          "A proxy may have answered instead of CPM, or the server speaks another API version (-ApiVersion).";
            return new CpmApiException(Clean(call, message), CpmErrorKind.InvalidResponse, (int)response.StatusCode,
                call.Method.Method, call.Path, innerException: inner);
        }

        /// <summary>No answer: timeout, certificate refused, or a network fault.</summary>
        public CpmApiException FromException(CpmCall call, Exception exception)
        {
            var retried = call.Retries > 0 ? $" (after {call.Retries} {(call.Retries == 1 ? "retry" : "retries")})" : string.Empty;
            string message;
            CpmErrorKind kind;
            if (exception is CpmAttemptTimeoutException timeout)
            {
                kind = CpmErrorKind.Timeout;
                message = $"{call.Describe()} got no complete answer within {CpmSettings.Seconds(timeout.Timeout)}{retried}. " +
                          "The server may be busy or unreachable; allow more time with Connect-CpmServer -TimeoutSec (CpmClientOptions.Timeout).";
                if (!call.Idempotent) message += MayHaveBeenApplied;
            }
            else if (CpmRetryPolicy.IsCertificateFailure(exception))
            {
                kind = CpmErrorKind.Certificate;
                message = CertificateAdvice(exception);
            }
            else
            {
                kind = CpmErrorKind.Network;
                message = $"{call.Describe()} could not reach the CPM server at {settings.BaseUri}{retried}: {NetworkReason(exception)}. " +
                          "Check the server name and port, that CPM is running, and any proxy or firewall in between.";
                if (!call.Idempotent && !CpmRetryPolicy.NeverReachedServer(exception)) message += MayHaveBeenApplied;
            }
            return new CpmApiException(Clean(call, message), kind, null, call.Method.Method, call.Path, innerException: exception);
        }

        /// <summary>The messages of an exception chain, most specific last, without repeats.</summary>
        public static string NetworkReason(Exception exception)
        {
            var messages = new List<string>();
            for (var e = exception; e != null; e = e.InnerException)
            {
                var text = (e.Message ?? string.Empty).Trim().TrimEnd('.');
                if (text.Length > 0 && !messages.Any(m => m.IndexOf(text, StringComparison.OrdinalIgnoreCase) >= 0))
                    messages.Add(text);
            }
            return messages.Count == 0 ? exception.GetType().Name : string.Join(": ", messages);
        }

        string NotAcceptableAdvice(CpmCall call)
        {
            var version = string.IsNullOrEmpty(settings.ApiVersion) ? null : settings.ApiVersion;
            if (call.AcceptMediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            {
                return version == null
                    ? "the server refused application/json without a version. Connect with -ApiVersion set to a version it supports."
                    : $"the CPM server does not support API version {version}. Connect with -ApiVersion set to a version it supports, or with an empty -ApiVersion to use the server's latest.";
            }
            return $"the server cannot answer this request as {call.AcceptMediaType}" +
                   (version == null ? "; this endpoint may not offer that media type." :
                       $" with API version {version}: this endpoint may not offer that media type, or the server does not support that version (-ApiVersion).");
        }

        string Advice(CpmCall call, CpmErrorKind kind, TimeSpan? retryAfter)
        {
            switch (kind)
            {
                case CpmErrorKind.Unauthorized:
                    return " The server refused the access token even after it was renewed: check that the API key is still valid and that API access is enabled for the CPM user.";
                case CpmErrorKind.Forbidden:
                    return " The CPM user's role, or the CPM license, does not allow this call.";
                case CpmErrorKind.Throttled when !call.Idempotent:
                    return $" It was not retried automatically, since a POST is never replayed; wait {(retryAfter != null ? CpmSettings.Seconds(retryAfter.Value) : "a moment")} and run it again.";
                case CpmErrorKind.ServerError when !call.Idempotent:
                    return MayHaveBeenApplied;
                case CpmErrorKind.Throttled:
                case CpmErrorKind.ServerError:
                    if (call.RetryAfterTooLong != null)
                        return $" The server asked to wait {CpmSettings.Seconds(call.RetryAfterTooLong.Value)} (Retry-After), longer than the " +
                               $"{CpmSettings.Seconds(settings.MaxRetryDelay)} this connection waits between retries; try again later.";
                    return call.Retries > 0 ? $" Gave up after {call.Retries} {(call.Retries == 1 ? "retry" : "retries")}." : string.Empty;
                default:
                    return string.Empty;
            }
        }

        string CertificateAdvice(Exception exception)
        {
            var server = settings.BaseUri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
            var rejection = certificates?.LastRejection;
            if (rejection?.Sha256 == null)
                return $"The TLS connection to {server} failed: {NetworkReason(exception)}.";
            if (rejection.Pinned)
                return $"The certificate of {server} does not match the pinned thumbprint {certificates.Pin}. " +
                       $"The server presented a certificate with SHA-256 {rejection.Sha256}. If you trust this certificate " +
                       $"(compare it with the one on the CPM appliance), connect with -CertificateThumbprint {rejection.Sha256}.";
            return $"The certificate of {server} is not trusted ({Explain(rejection.Errors)}). Its SHA-256 is {rejection.Sha256}. " +
                   $"If this is your CPM server's own certificate, connect with -CertificateThumbprint {rejection.Sha256} to trust " +
                   "exactly this certificate, or with -SkipCertificateCheck in a lab.";
        }

        static string Explain(SslPolicyErrors errors)
        {
            var reasons = new List<string>();
            if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0) reasons.Add("issued by an authority this machine does not trust, or self-signed");
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) reasons.Add("made out to another name");
            if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) reasons.Add("no certificate was presented");
            return reasons.Count == 0 ? errors.ToString() : string.Join("; ", reasons);
        }
    }
}
