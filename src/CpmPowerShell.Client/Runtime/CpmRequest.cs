using System;
using System.Collections.Generic;
using System.Net.Http;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// One API call before it is sent: method, path template with its values, query, body, media type.
    /// Generated client methods build these; Invoke-CpmApi builds them from user input.
    /// </summary>
    public sealed class CpmRequest
    {
        public CpmRequest(HttpMethod method, string path)
        {
            Method = method ?? throw new ArgumentNullException(nameof(method));
            Path = path ?? throw new ArgumentNullException(nameof(path));
        }

        public HttpMethod Method { get; }

        /// <summary>Template as in the spec ("/api/schedules/{id}/"); "schedules/", "/schedules/" are accepted too.</summary>
        public string Path { get; }

        public IDictionary<string, string> PathParameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public IList<KeyValuePair<string, string>> Query { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>A model, JToken, IDictionary or anonymous object; serialized with <see cref="CpmJson"/>.</summary>
        public object Body { get; set; }

        /// <summary>Send the body form-encoded (the token calls, as the guide shows them).</summary>
        public bool FormEncoded { get; set; }

        /// <summary>Media type asked for, without the version parameter (added by the client for JSON).</summary>
        public string Accept { get; set; } = "application/json";

        /// <summary>Null: decided by method (GET, PUT, DELETE retry; POST never replays).</summary>
        public bool? Idempotent { get; set; }

        /// <summary>Sets {name} in the path; the value is formatted invariantly and URL-escaped.</summary>
        public CpmRequest WithPath(string name, object value)
        {
            throw new NotImplementedException();
        }

        /// <summary>
        /// Adds a query parameter; null is skipped. bool -> true/false, DateTime -> ISO 8601 UTC,
        /// enum -> its wire code, a sequence -> comma-separated.
        /// </summary>
        public CpmRequest WithQuery(string name, object value)
        {
            throw new NotImplementedException();
        }

        /// <summary>The path with every {name} filled, normalised to start with /api/ and end with '/'.</summary>
        public string ResolvePath()
        {
            throw new NotImplementedException();
        }

        /// <summary>"GET /api/schedules/5/" — for messages and -WhatIf; no query, no body.</summary>
        public override string ToString() => Method.Method + " " + ResolvePath();
    }
}
