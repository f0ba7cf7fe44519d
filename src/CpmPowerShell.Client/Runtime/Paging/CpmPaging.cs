using System;
using System.Collections.Generic;
using System.Globalization;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// Reads a list answer in any of the shapes CPM uses: the {count, next, previous, results} envelope
    /// (when page was sent), a bare array (the server ignored paging, or the endpoint has none), or a single
    /// object (singleton settings that nevertheless document page/page_size).
    /// </summary>
    internal static class CpmPaging
    {
        public static KeyValuePair<string, string>[] PageQuery(int page, int pageSize) => new[]
        {
            new KeyValuePair<string, string>("page", page.ToString(CultureInfo.InvariantCulture)),
            new KeyValuePair<string, string>("page_size", pageSize.ToString(CultureInfo.InvariantCulture)),
        };

        /// <summary>One page of items; only the envelope says how many there are and whether more follow.</summary>
        public static CpmPage<T> Read<T>(JToken body, int page)
        {
            switch (body)
            {
                case null:
                    return new CpmPage<T>(Array.Empty<T>(), page, null, false);
                case JArray array:
                    return new CpmPage<T>(array.ToObject<List<T>>(CpmJson.Serializer), page, null, false);
                case JObject envelope when envelope["results"] is JArray results:
                    var count = envelope["count"]?.Type == JTokenType.Integer ? envelope["count"].Value<int>() : (int?)null;
                    // Only whether there is a next page matters: its link names the server's idea of its own host,
                    // which behind a proxy or NAT is often wrong, so the next request is built here.
                    var next = envelope["next"];
                    var hasMore = next != null && next.Type != JTokenType.Null && next.ToString().Length > 0;
                    return new CpmPage<T>(results.ToObject<List<T>>(CpmJson.Serializer), page, count, hasMore) { IsEnvelope = true };
                default:
                    return new CpmPage<T>(new[] { body.ToObject<T>(CpmJson.Serializer) }, page, null, false);
            }
        }
    }
}
