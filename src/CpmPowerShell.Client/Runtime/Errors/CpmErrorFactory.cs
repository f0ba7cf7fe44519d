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
            " It was not retried, because the request may have been applied: check on the CPM server before running it again.";

        static readonly Dictionary<int, string> Reasons = new Dictionary<int, string>
        {
            [400] = "Bad Request", [401] = "Unauthorized", [403] = "Forbidden", [404] = "Not Found",
            [405] = "Method Not Allowed", [406] = "Not Acceptable", [409] = "Conflict", [412] = "Precondition Failed",
            [429] = "Too Many Requests", [500] = "Internal Server Error", [502] = "Bad Gateway",
            [503] = "Service Unavailable", [504] = "Gateway Timeout",
        };

        /// <summary>Where the CPM console makes API keys; the same words as the help of Connect-CpmServer and the README.</summary>
        internal const string ApiKeyPlace = "user menu > API Access";

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
            if (kind == CpmErrorKind.VersionNotAcceptable && !RefusesVersion(call, parsed)) kind = CpmErrorKind.MediaTypeNotAcceptable;
            var retryAfter = CpmRetryPolicy.ServerDelay(response);
            var message = new StringBuilder();
            message.Append(call.Describe()).Append(" failed with ").Append(StatusText(response));

            if (kind == CpmErrorKind.VersionNotAcceptable)
                message.Append(": ").Append(VersionAdvice(call));
            else if (kind == CpmErrorKind.MediaTypeNotAcceptable)
                message.Append(": ").Append(MediaTypeAdvice(call));
            else
            {
                message.Append(parsed.Summary != null ? ": " + parsed.Summary + "." : ".");
                message.Append(Advice(call, kind, retryAfter));
            }
            return new CpmApiException(Clean(call, message.ToString()), kind, status, call.Method.Method, call.Path,
                parsed.Detail ?? parsed.FieldSummary, parsed.FieldErrors, retryAfter)
            {
                MayHaveBeenApplied = kind == CpmErrorKind.ServerError && !call.Idempotent,
            };
        }

        /// <summary>The token endpoints refused the API key (400 or 401): one clear message about the key.</summary>
        public CpmApiException KeyRefused(CpmCall call, HttpResponseMessage response, string body)
        {
            var parsed = CpmErrorBody.Parse(body, response.Content?.Headers.ContentType?.MediaType, text => Clean(call, text));
            var message = $"The CPM server at {settings.BaseUri} refused the API key ({StatusText(response)}" +
                          (parsed.Summary != null ? ": " + parsed.Summary : string.Empty) + "). " +
                          "Check that the key is current and that API access is enabled for the CPM user " +
                          "(CPM console: " + ApiKeyPlace + ").";
            return new CpmApiException(Clean(call, message), CpmErrorKind.Unauthorized, (int)response.StatusCode,
                call.Method.Method, call.Path, parsed.Detail ?? parsed.FieldSummary, parsed.FieldErrors);
        }

        /// <summary>A 2xx answer whose body is not what the API documents: says what was expected and what came.</summary>
        public CpmApiException InvalidResponse(CpmCall call, HttpResponseMessage response, string expected, string received, Exception inner)
        {
            var media = response.Content?.Headers.ContentType?.MediaType ?? "no media type";
            var message = $"{call.Describe()} answered {StatusText(response)} with a body ({media}) that is not what the API documents: " +
                          $"expected {expected}, received {received}. " +
                          "A proxy may have answered instead of CPM, or the server speaks another API version (-ApiVersion).";
            return new CpmApiException(Clean(call, message), CpmErrorKind.InvalidResponse, (int)response.StatusCode,
                call.Method.Method, call.Path, innerException: inner);
        }

        /// <summary>
        /// Why the client will not follow a redirect to <paramref name="target"/>, or null when it will: only a
        /// GET, only within the connection's scheme, host and port, and only a few in a row.
        /// </summary>
        public string RedirectRefusal(CpmCall call, Uri target)
        {
            var home = settings.BaseUri;
            if (!string.Equals(target.Scheme, home.Scheme, StringComparison.OrdinalIgnoreCase) ||
                !string.Equals(target.Host, home.Host, StringComparison.OrdinalIgnoreCase) || target.Port != home.Port)
                return $"which is not the CPM server of this connection ({Origin(home)}). It was not followed, so nothing was sent there " +
                       "and nothing from there is returned. If CPM has moved, connect to the new address with Connect-CpmServer; " +
                       "otherwise check the proxy or load balancer in front of CPM";
            if (call.Method != HttpMethod.Get && call.Method != HttpMethod.Head)
                return $"and only a GET is followed: a {call.Method.Method} is not sent again to another path, since it may change something. " +
                       "Check the path, or the proxy in front of CPM";
            if (call.Redirects >= CpmTransport.MaxRedirects)
                return $"after {call.Redirects} redirects already, so it was not followed (a redirect loop?). Check the configuration of the CPM server or of the proxy in front of it";
            return null;
        }

        /// <summary>A redirect the client did not follow, naming its target.</summary>
        public CpmApiException RedirectRefused(CpmCall call, HttpResponseMessage response, Uri target, string refusal)
        {
            var message = $"{call.Describe()} was redirected ({StatusText(response)}) to {redactor.RedactUrl(target.AbsoluteUri)}, {refusal}.";
            return new CpmApiException(Clean(call, message), CpmErrorKind.RedirectRefused, (int)response.StatusCode,
                call.Method.Method, call.Path);
        }

        static string Origin(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);

        /// <summary>No answer: timeout, certificate refused, or a network fault.</summary>
        public CpmApiException FromException(CpmCall call, Exception exception)
        {
            var retried = call.Retries > 0 ? $" (after {call.Retries} {(call.Retries == 1 ? "retry" : "retries")})" : string.Empty;
            string message;
            CpmErrorKind kind;
            var mayHaveBeenApplied = false;
            if (exception is CpmAttemptTimeoutException timeout)
            {
                kind = CpmErrorKind.Timeout;
                message = $"{call.Describe()} got no complete answer within {CpmSettings.Seconds(timeout.Timeout)}{retried}. " +
                          "The server may be busy or unreachable; allow more time with Connect-CpmServer -TimeoutSec.";
                mayHaveBeenApplied = !call.Idempotent;
                if (mayHaveBeenApplied) message += MayHaveBeenApplied;
            }
            else if (CpmRetryPolicy.IsCertificateFailure(exception))
            {
                kind = CpmErrorKind.Certificate;
                message = CertificateAdvice(exception);
            }
            else if (!call.Idempotent && !CpmRetryPolicy.NeverReachedServer(exception))
            {
                // The server was reached (reset, dropped mid-answer): its name and port are fine, but the request
                // may have done its work there.
                kind = CpmErrorKind.Network;
                mayHaveBeenApplied = true;
                message = $"{call.Describe()} reached the CPM server at {settings.BaseUri}, but the connection broke before the answer came: " +
                          $"{NetworkReason(exception)}. The request may have been applied: check on the CPM server (for example with the " +
                          "matching Get-Cpm* command) before running it again. It was not retried for that reason.";
            }
            else
            {
                kind = CpmErrorKind.Network;
                message = $"{call.Describe()} could not reach the CPM server at {settings.BaseUri}{retried}: {NetworkReason(exception)}. " +
                          "Check the server name and port, that CPM is running, and any proxy or firewall in between.";
            }
            return new CpmApiException(Clean(call, message), kind, null, call.Method.Method, call.Path, innerException: exception)
            {
                MayHaveBeenApplied = mayHaveBeenApplied,
            };
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

        /// <summary>
        /// A 406 is about the version when JSON was asked for (the media type every endpoint serves) or when the
        /// server says so; otherwise it is about the media type asked for (text/csv where there is no CSV).
        /// </summary>
        static bool RefusesVersion(CpmCall call, CpmErrorBody parsed)
        {
            var media = call.AcceptMediaType;
            if (media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media == "*/*") return true;
            var said = (parsed.Detail ?? string.Empty) + " " + (parsed.Summary ?? string.Empty);
            return said.IndexOf("version", StringComparison.OrdinalIgnoreCase) >= 0;
        }

        string VersionAdvice(CpmCall call)
        {
            var version = string.IsNullOrEmpty(settings.ApiVersion) ? null : settings.ApiVersion;
            return version == null
                ? $"the server refused {call.AcceptMediaType} without a version. Connect with -ApiVersion set to a version it supports."
                : $"the CPM server does not support API version {version}. Connect with -ApiVersion set to a version it supports, or with an empty -ApiVersion to use the server's latest.";
        }

        static string MediaTypeAdvice(CpmCall call) =>
            $"this endpoint does not offer its answer as {call.AcceptMediaType}. Ask for application/json (Invoke-CpmApi: leave out -Accept), " +
            "or ask for text/csv only from endpoints that offer CSV, such as the reports.";

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
