using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.Serialization;
using System.Threading;
using System.Threading.Tasks;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// A list as WritePaged reads it (source from a position, total count) when the API alone cannot
    /// answer the question: several values of a one-value filter (one request stream per value, merged
    /// in the list's order), or a time range the API cannot filter (matched here, paging stopped at the
    /// first record past the range when the list is sorted by that time).
    /// </summary>
    public sealed class CpmListing<T> where T : CpmModel
    {
        internal CpmListing(Func<int, IEnumerable<T>> source, Func<CancellationToken, Task<int?>> totalCount, string ordering)
        {
            Source = source;
            TotalCount = totalCount;
            Ordering = ordering;
        }

        /// <summary>The list from a position (-Skip), read lazily page by page.</summary>
        public Func<int, IEnumerable<T>> Source { get; }

        /// <summary>The list's size from the server, or null where only reading it tells.</summary>
        public Func<CancellationToken, Task<int?>> TotalCount { get; }

        /// <summary>The sort order sent ("-start_time,id"), or null.</summary>
        public string Ordering { get; }

        /// <summary>
        /// Only records whose time is at or after <paramref name="after"/> and before <paramref name="before"/>
        /// (a half-open range, so consecutive windows neither overlap nor leave gaps). When the list is sorted
        /// by <paramref name="field"/>, the first record past the range ends the reading: "the last day" of a
        /// newest-first list reads one or two pages, not all of them.
        /// </summary>
        public CpmListing<T> Within(Func<T, DateTime?> timeOf, string field, DateTime? after, DateTime? before)
        {
            var from = after.HasValue ? CpmTime.ToUtc(after.Value) : (DateTime?)null;
            var to = before.HasValue ? CpmTime.ToUtc(before.Value) : (DateTime?)null;
            var first = CpmOrdering.Keys(Ordering).FirstOrDefault();
            var newestFirst = first.Field == field && first.Descending;
            var oldestFirst = first.Field == field && !first.Descending;

            bool InRange(DateTime? time) => time.HasValue && (from == null || CpmTime.ToUtc(time.Value) >= from) && (to == null || CpmTime.ToUtc(time.Value) < to);
            bool Past(DateTime? time)
            {
                if (!time.HasValue) return false;
                var utc = CpmTime.ToUtc(time.Value);
                return (newestFirst && from != null && utc < from) || (oldestFirst && to != null && utc >= to);
            }

            var source = Source;
            return new CpmListing<T>(
                skip => source(0).TakeWhile(item => !Past(timeOf(item))).Where(item => InRange(timeOf(item))).Skip(skip),
                null, // the server's count is of the whole list
                Ordering);
        }
    }

    /// <summary>Builders for <see cref="CpmListing{T}"/>, called by generated Get-* cmdlets.</summary>
    public static class CpmListing
    {
        /// <summary>
        /// One query per value: every query given is copied once for each value of a filter that takes several.
        /// </summary>
        public static List<TQuery> Split<TQuery, TValue>(IEnumerable<TQuery> queries, IEnumerable<TValue> values, Action<TQuery, TValue> set, Func<TQuery, TQuery> clone)
        {
            var distinct = values.Distinct().ToList();
            var result = new List<TQuery>();
            foreach (var query in queries)
            {
                foreach (var value in distinct)
                {
                    var copy = clone(query);
                    set(copy, value);
                    result.Add(copy);
                }
            }
            return result;
        }

        /// <summary>
        /// The union of the lists the queries select (disjoint: they differ in a one-value filter), in the
        /// order the server sorts each one. One query is the list itself, with the server's -Skip and count.
        /// </summary>
        public static CpmListing<T> Union<T, TQuery>(IReadOnlyList<TQuery> queries, Func<TQuery, int, IEnumerable<T>> list,
            Func<TQuery, CancellationToken, Task<int?>> count, string ordering) where T : CpmModel
        {
            if (queries.Count == 1)
            {
                var only = queries[0];
                return new CpmListing<T>(skip => list(only, skip), ct => count(only, ct), ordering);
            }
            var compare = CpmOrdering.Comparison<T>(ordering);
            return new CpmListing<T>(
                skip => Merge(queries.Select(q => list(q, 0)).ToList(), compare).Skip(skip),
                async ct =>
                {
                    var total = 0;
                    foreach (var query in queries)
                    {
                        var part = await count(query, ct).ConfigureAwait(false);
                        if (part == null) return null;
                        total += part.Value;
                    }
                    return total;
                },
                ordering);
        }

        /// <summary>
        /// Merges sorted streams lazily: each is read only as far as the merged output needs, so -First
        /// stops every stream early. Ties keep the order of the streams.
        /// </summary>
        static IEnumerable<T> Merge<T>(IReadOnlyList<IEnumerable<T>> streams, Comparison<T> compare)
        {
            var heads = new List<IEnumerator<T>>();
            try
            {
                var live = new List<bool>();
                foreach (var stream in streams)
                {
                    var head = stream.GetEnumerator();
                    heads.Add(head);
                    live.Add(head.MoveNext());
                }
                while (true)
                {
                    var best = -1;
                    for (var i = 0; i < heads.Count; i++)
                        if (live[i] && (best < 0 || compare(heads[i].Current, heads[best].Current) < 0)) best = i;
                    if (best < 0) yield break;
                    yield return heads[best].Current;
                    live[best] = heads[best].MoveNext();
                }
            }
            finally
            {
                foreach (var head in heads) head.Dispose();
            }
        }
    }

    /// <summary>The API's ordering parameter ("-start_time,policy") as a comparison of records.</summary>
    static class CpmOrdering
    {
        internal static IEnumerable<(string Field, bool Descending)> Keys(string ordering) =>
            (ordering ?? "").Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(k => k.Trim())
                .Where(k => k.Length > 0)
                .Select(k => k[0] == '-' ? (k.Substring(1), true) : (k.TrimStart('+'), false));

        /// <summary>
        /// Compares records as the server sorts them: field by field, null after every value (so first
        /// when descending, as PostgreSQL does), enum fields by their wire code.
        /// </summary>
        internal static Comparison<T> Comparison<T>(string ordering)
        {
            var keys = Keys(ordering).Select(k => (Read: Reader(typeof(T), k.Field), k.Descending)).Where(k => k.Read != null).ToList();
            return (a, b) =>
            {
                foreach (var (read, descending) in keys)
                {
                    var order = CompareValues(read(a), read(b));
                    if (order != 0) return descending ? -order : order;
                }
                return 0;
            };
        }

        static int CompareValues(object x, object y)
        {
            if (x == null) return y == null ? 0 : 1;
            if (y == null) return -1;
            if (x is DateTime dx && y is DateTime dy) return CpmTime.ToUtc(dx).CompareTo(CpmTime.ToUtc(dy));
            if (x is string sx && y is string sy) return string.CompareOrdinal(sx, sy);
            if (x.GetType() == y.GetType() && x is IComparable comparable) return comparable.CompareTo(y);
            return string.CompareOrdinal(x.ToString(), y.ToString());
        }

        /// <summary>The member holding a JSON field (an enum's wire-code field included), or null for a field the model lacks.</summary>
        static Func<object, object> Reader(Type type, string jsonName)
        {
            const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
            for (var t = type; t != null && t != typeof(CpmModel); t = t.BaseType)
            {
                var field = t.GetFields(flags).FirstOrDefault(f => f.GetCustomAttribute<DataMemberAttribute>()?.Name == jsonName);
                if (field != null) return field.GetValue;
                var property = t.GetProperties(flags).FirstOrDefault(p => p.GetCustomAttribute<DataMemberAttribute>()?.Name == jsonName);
                if (property != null) return property.GetValue;
            }
            return null;
        }
    }
}
