using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Text.RegularExpressions;
using CpmPowerShell.Client;
using Newtonsoft.Json;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Turns exceptions into ErrorRecords with a stable ErrorId, the right category, a message that says
    /// what failed and a recommended action. Tests and scripts key on the ErrorId, so never rename one.
    /// </summary>
    internal static class CpmErrorMap
    {
        sealed class Entry
        {
            public Entry(string errorId, ErrorCategory category, string action)
            {
                ErrorId = errorId;
                Category = category;
                Action = action;
            }

            public string ErrorId { get; }
            public ErrorCategory Category { get; }
            public string Action { get; }
        }

        // A request that may have done its work before it failed must not be blindly run again.
        const string CheckBeforeRetrying =
            "The request may have been applied before it failed: check on the CPM server (for example with the matching Get-Cpm* command) before running it again.";

        // The one table from what went wrong at the wire to what PowerShell reports.
        static readonly Dictionary<CpmErrorKind, Entry> ByKind = new Dictionary<CpmErrorKind, Entry>
        {
            [CpmErrorKind.ValidationFailed] = new Entry(CpmErrorIds.ValidationFailed, ErrorCategory.InvalidArgument,
                "Correct the values the server named in the message, then run the command again."),
            [CpmErrorKind.Unauthorized] = new Entry(CpmErrorIds.Unauthorized, ErrorCategory.AuthenticationError,
                "Check the API key (it is shown once, when created in the CPM console) and that the CPM user is enabled, then run Connect-CpmServer again."),
            [CpmErrorKind.Forbidden] = new Entry(CpmErrorIds.Forbidden, ErrorCategory.PermissionDenied,
                "Connect as a CPM user whose role allows this operation, or check that the CPM license covers it."),
            [CpmErrorKind.NotFound] = new Entry(CpmErrorIds.NotFound, ErrorCategory.ObjectNotFound,
                "Check the id; list the existing objects with the matching Get-Cpm* command."),
            [CpmErrorKind.MethodNotAllowed] = new Entry(CpmErrorIds.MethodNotAllowed, ErrorCategory.InvalidOperation,
                "This endpoint does not accept that method; check the method and the path against the API guide."),
            [CpmErrorKind.VersionNotAcceptable] = new Entry(CpmErrorIds.ApiVersionNotAcceptable, ErrorCategory.InvalidArgument,
                "Connect with an -ApiVersion the server supports (this module speaks 1.5.0), or omit -ApiVersion."),
            [CpmErrorKind.MediaTypeNotAcceptable] = new Entry(CpmErrorIds.MediaTypeNotAcceptable, ErrorCategory.InvalidArgument,
                "Ask for a media type this endpoint offers: leave out -Accept to get JSON; ask for text/csv only where the endpoint offers CSV."),
            [CpmErrorKind.Conflict] = new Entry(CpmErrorIds.Conflict, ErrorCategory.ResourceExists,
                "An object with these values exists already, or it changed meanwhile; read it again and retry with other values."),
            [CpmErrorKind.PreconditionFailed] = new Entry(CpmErrorIds.PreconditionFailed, ErrorCategory.InvalidOperation,
                "The server refused because the object is not in a state that allows this now (a backup of the policy still running, a disabled policy, or a backup that cannot be recovered); check its status, then retry."),
            [CpmErrorKind.Throttled] = new Entry(CpmErrorIds.Throttled, ErrorCategory.LimitsExceeded,
                "The server is limiting requests; wait and retry, or connect with a larger -MaxRetries."),
            [CpmErrorKind.ServerError] = new Entry(CpmErrorIds.ServerError, ErrorCategory.ResourceUnavailable,
                "The CPM server failed to handle the request; check its health and logs, then retry."),
            [CpmErrorKind.Network] = new Entry(CpmErrorIds.ConnectionFailed, ErrorCategory.ConnectionError,
                "Check the server name and port, that the CPM server is running, and that no firewall or proxy blocks HTTPS to it."),
            [CpmErrorKind.Timeout] = new Entry(CpmErrorIds.Timeout, ErrorCategory.OperationTimeout,
                "Retry; if the server is slow, connect with a larger -TimeoutSec."),
            [CpmErrorKind.Certificate] = new Entry(CpmErrorIds.CertificateRejected, ErrorCategory.SecurityError,
                "Install a trusted certificate on the CPM server, or pin the one it presents with Connect-CpmServer -CertificateThumbprint (after checking its SHA-256 out of band)."),
            [CpmErrorKind.InvalidResponse] = new Entry(CpmErrorIds.InvalidResponse, ErrorCategory.InvalidResult,
                "Check that the address points at a CPM server and that it speaks the requested API version."),
            [CpmErrorKind.RedirectRefused] = new Entry(CpmErrorIds.RedirectRefused, ErrorCategory.SecurityError,
                "If CPM has moved, connect to the address the message names with Connect-CpmServer; otherwise check the proxy or load balancer in front of CPM."),
            [CpmErrorKind.Other] = new Entry(CpmErrorIds.RequestFailed, ErrorCategory.NotSpecified,
                "Read the message and the inner exception ($Error[0].Exception) for details."),
        };

        /// <summary>The record for any exception a cmdlet lets escape; target is the user's input.</summary>
        public static ErrorRecord FromException(Exception exception, object target)
        {
            exception = Unwrap(exception);
            if (exception is CpmApiException api)
            {
                if (!ByKind.TryGetValue(api.Kind, out var entry)) entry = ByKind[CpmErrorKind.Other];
                var action = api.MayHaveBeenApplied ? CheckBeforeRetrying : entry.Action;
                if (api.Kind == CpmErrorKind.Forbidden) action = WhoMay(api) ?? action;
                return Create(entry.ErrorId, entry.Category, Describe(api), action, target, api);
            }

            switch (exception)
            {
                case OperationCanceledException _:
                    // Not a Ctrl+C (that stops the pipeline before we get here): an attempt ran out of time.
                    var timeout = ByKind[CpmErrorKind.Timeout];
                    return Create(timeout.ErrorId, timeout.Category, "The request did not complete in time.", timeout.Action, target, exception);
                case ArgumentException _:
                case FormatException _:
                    return Create(CpmErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, MessageOf(exception),
                        "Correct the value named in the message.", target, exception);
                case UnauthorizedAccessException _:
                    return Create(CpmErrorIds.FileAccessDenied, ErrorCategory.PermissionDenied, exception.Message,
                        "Choose a path you may write to.", target, exception);
                case IOException _:
                    return Create(CpmErrorIds.FileError, ErrorCategory.WriteError, exception.Message,
                        "Check the path and the free disk space.", target, exception);
                case JsonException _:
                    var invalid = ByKind[CpmErrorKind.InvalidResponse];
                    return Create(invalid.ErrorId, invalid.Category, exception.Message, invalid.Action, target, exception);
                default:
                    return Create(CpmErrorIds.UnexpectedError, ErrorCategory.NotSpecified, exception.Message,
                        "This is likely a defect in CpmPowerShell; report it with the inner exception ($Error[0].Exception).", target, exception);
            }
        }

        /// <summary>
        /// For a 403: who may make the call, as the API guide states it for the endpoint (a managed user or a
        /// delegate calling what only root may call learns that it needs root), or null when the guide says nothing.
        /// </summary>
        static string WhoMay(CpmApiException api)
        {
            var endpoint = CpmEndpointTable.Match(api.Method, api.Path);
            if (endpoint == null || endpoint.Permissions.Length == 0) return null;
            return "The connected CPM user may not do this. Who may, as the API guide says: " + string.Join(" ", endpoint.Permissions)
                   + " Connect as such a user (Connect-CpmServer with that user's API key) and run the command again.";
        }

        /// <summary>
        /// A server refusal told in the caller's own words (what was refused, what to do), with the same
        /// ErrorId and category as every other answer of that kind: one status, one category everywhere.
        /// </summary>
        public static ErrorRecord ForKind(CpmApiException exception, string message, string recommendedAction, object target)
        {
            if (!ByKind.TryGetValue(exception.Kind, out var entry)) entry = ByKind[CpmErrorKind.Other];
            return Create(entry.ErrorId, entry.Category, message, recommendedAction, target, exception);
        }

        /// <summary>A record for a failure found by the module itself (not connected, bad input...).</summary>
        public static ErrorRecord Create(string errorId, ErrorCategory category, string message, string recommendedAction,
            object target, Exception exception = null)
        {
            var record = new ErrorRecord(exception ?? new InvalidOperationException(message), errorId, category, target)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = recommendedAction },
            };
            return record;
        }

        /// <summary>An exception's message without the " (Parameter 'x')" tail .NET adds to argument errors.</summary>
        public static string MessageOf(Exception exception)
        {
            var message = exception?.Message ?? "";
            if (exception is ArgumentException argument && !string.IsNullOrEmpty(argument.ParamName))
                message = Regex.Replace(message, @"(\s*\(Parameter '[^']*'\)|\r?\nParameter name: .*)$", "");
            return message;
        }

        static void TrimFinalPeriod(StringBuilder text)
        {
            if (text.Length > 0 && text[text.Length - 1] == '.') text.Length--;
        }

        static Exception Unwrap(Exception exception)
        {
            while (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1)
                exception = aggregate.InnerExceptions[0];
            return exception;
        }

        /// <summary>
        /// "Server text (POST /api/schedules/, HTTP 400)" and one line per field error. The client has
        /// already redacted secrets from the server text; we add nothing from the query or body.
        /// </summary>
        static string Describe(CpmApiException e)
        {
            // A 406's server text ("Could not satisfy the request Accept header.") does not say whether the media
            // type or the version was refused; the client's message does, so it leads there.
            var serverFirst = !string.IsNullOrWhiteSpace(e.ServerMessage) &&
                              e.Kind != CpmErrorKind.VersionNotAcceptable && e.Kind != CpmErrorKind.MediaTypeNotAcceptable;
            var primary = serverFirst ? e.ServerMessage.Trim() : (e.Message ?? "").Trim();
            var text = new StringBuilder(primary);

            if (!string.IsNullOrEmpty(e.Path) && primary.IndexOf(e.Path, StringComparison.Ordinal) < 0)
            {
                TrimFinalPeriod(text);
                text.Append(" (").Append(e.Method).Append(' ').Append(e.Path);
                if (e.StatusCode.HasValue) text.Append(", HTTP ").Append(e.StatusCode.Value);
                text.Append(')');
            }
            else if (e.StatusCode.HasValue && primary.IndexOf(e.StatusCode.Value.ToString(), StringComparison.Ordinal) < 0)
            {
                TrimFinalPeriod(text);
                text.Append(" (HTTP ").Append(e.StatusCode.Value).Append(')');
            }
            if (text.Length > 0 && ".!?".IndexOf(text[text.Length - 1]) < 0) text.Append('.');

            // One line per field error, unless the text above already says it.
            foreach (var field in e.FieldErrors)
            {
                var message = (field.Message ?? "").Trim().TrimEnd('.');
                var named = string.IsNullOrEmpty(field.Field) || primary.IndexOf(field.Field, StringComparison.Ordinal) >= 0;
                if (named && primary.IndexOf(message, StringComparison.Ordinal) >= 0) continue;
                text.Append(Environment.NewLine).Append("  ")
                    .Append(string.IsNullOrEmpty(field.Field) ? message : field.Field + ": " + message).Append('.');
            }

            if (e.RetryAfter.HasValue)
                text.Append(Environment.NewLine).Append("  The server asked to wait ")
                    .Append(Math.Ceiling(e.RetryAfter.Value.TotalSeconds)).Append(" s before retrying.");
            return text.ToString();
        }
    }
}
