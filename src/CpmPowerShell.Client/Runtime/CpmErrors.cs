using System;
using System.Collections.Generic;

namespace CpmPowerShell.Client
{
    /// <summary>What went wrong, as a caller can act on it. The PowerShell layer maps each to an ErrorId.</summary>
    public enum CpmErrorKind
    {
        Other = 0,
        /// <summary>400 with the guide's field errors.</summary>
        ValidationFailed,
        /// <summary>401 that renewing the tokens did not cure (bad API key, disabled user).</summary>
        Unauthorized,
        /// <summary>403: the user's role or the CPM license does not allow it.</summary>
        Forbidden,
        /// <summary>404.</summary>
        NotFound,
        /// <summary>405.</summary>
        MethodNotAllowed,
        /// <summary>406: the server does not speak the requested API version.</summary>
        VersionNotAcceptable,
        /// <summary>409.</summary>
        Conflict,
        /// <summary>412: the server is not in a state to start this (e.g. a backup already running).</summary>
        PreconditionFailed,
        /// <summary>429 after retries (or a POST, which is never replayed).</summary>
        Throttled,
        /// <summary>5xx after retries (or a POST, which is never replayed).</summary>
        ServerError,
        /// <summary>Connection refused, reset, dropped, DNS failure.</summary>
        Network,
        /// <summary>No answer within the connection's timeout.</summary>
        Timeout,
        /// <summary>The server's certificate failed validation or did not match the pin.</summary>
        Certificate,
        /// <summary>The server answered with something that is not the documented shape.</summary>
        InvalidResponse,
        /// <summary>406 for the media type asked for (e.g. text/csv where the endpoint serves only JSON), not the version.</summary>
        MediaTypeNotAcceptable,
        /// <summary>A redirect the client does not follow: to another scheme, host or port, for a method other than GET, or too many.</summary>
        RedirectRefused,
    }

    /// <summary>One message of the guide's field-error format: {"errors":[{"name":[{"message":..,"code":..}]}]}.</summary>
    public sealed class CpmFieldError
    {
        public CpmFieldError(string field, string message, string code)
        {
            Field = field;
            Message = message;
            Code = code;
        }

        public string Field { get; }
        public string Message { get; }
        public string Code { get; }

        public override string ToString() => Field + ": " + Message;
    }

    /// <summary>
    /// A failed CPM call: the status read from the response (never parsed out of text), the method and path
    /// (never the query's or body's secrets), the server's message and field errors. Inner exceptions are kept.
    /// </summary>
    public class CpmApiException : Exception
    {
        public CpmApiException(string message, CpmErrorKind kind, int? statusCode, string method, string path,
            string serverMessage = null, IReadOnlyList<CpmFieldError> fieldErrors = null,
            TimeSpan? retryAfter = null, Exception innerException = null)
            : base(message, innerException)
        {
            Kind = kind;
            StatusCode = statusCode;
            Method = method;
            Path = path;
            ServerMessage = serverMessage;
            FieldErrors = fieldErrors ?? Array.Empty<CpmFieldError>();
            RetryAfter = retryAfter;
        }

        public CpmErrorKind Kind { get; }
        public int? StatusCode { get; }
        public string Method { get; }
        /// <summary>Request path without query string, e.g. /api/schedules/5/.</summary>
        public string Path { get; }
        /// <summary>The server's own error text (e.g. DRF's "detail"), secrets redacted.</summary>
        public string ServerMessage { get; }
        public IReadOnlyList<CpmFieldError> FieldErrors { get; }
        public TimeSpan? RetryAfter { get; }

        /// <summary>
        /// True when a request that changes something (POST, PATCH) may have reached the server before it failed,
        /// so it was not sent again: check on the server before running it again.
        /// </summary>
        public bool MayHaveBeenApplied { get; internal set; }
    }
}
