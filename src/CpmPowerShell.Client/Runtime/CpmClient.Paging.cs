using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client
{
    public sealed partial class CpmClient
    {
        /// <summary>One page (1-based) of a list; handles both the envelope and a bare array.</summary>
        public async Task<CpmPage<T>> GetPageAsync<T>(CpmRequest request, int page, int pageSize, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (page < 1) throw new ArgumentOutOfRangeException(nameof(page), "Pages are numbered from 1.");
            if (pageSize < 1) throw new ArgumentOutOfRangeException(nameof(pageSize), "A page holds at least one item.");
            var pageRequest = request.CopyWithQuery(CpmPaging.PageQuery(page, pageSize));
            var (call, response) = await SendCoreAsync(pageRequest, stream: false, cancellationToken).ConfigureAwait(false);
            using (response)
            {
                try
                {
                    JToken body = null;
                    if (response.Content != null && (response.Content.Headers.ContentLength ?? 0) > 0)
                    {
                        using (var text = new StreamReader(await response.Content.ReadAsStreamAsync().ConfigureAwait(false)))
                        using (var json = new JsonTextReader(text) { DateParseHandling = DateParseHandling.None })
                            body = JToken.ReadFrom(json);
                    }
                    return CpmPaging.Read<T>(body, page);
                }
                catch (JsonException invalid)
                {
                    throw transport.Errors.InvalidResponse(call, response, $"it is not a list of {typeof(T).Name} ({invalid.Message})", invalid);
                }
            }
        }

        /// <summary>
        /// Every item of a list, fetched lazily page by page: the first item is available when the first
        /// page arrives and memory stays flat. skip starts at the right page and drops the rest client-side.
        /// </summary>
        public IEnumerable<T> Paginate<T>(CpmRequest request, int skip = 0, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (skip < 0) throw new ArgumentOutOfRangeException(nameof(skip), "skip cannot be negative.");
            ThrowIfDisposed();
            return PaginateIterator<T>(request, skip, cancellationToken);
        }

        IEnumerable<T> PaginateIterator<T>(CpmRequest request, int skip, CancellationToken cancellationToken)
        {
            var size = settings.PageSize;
            var page = skip / size + 1;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = FetchPage<T>(request, page, size, cancellationToken);
                if (result == null) yield break;
                // A bare array or single object is the whole list, whatever page was asked for.
                var drop = result.IsEnvelope ? (page == skip / size + 1 ? skip % size : 0) : skip;
                for (var i = drop; i < result.Items.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return result.Items[i];
                }
                if (!result.IsEnvelope || !result.HasMore || result.Items.Count == 0) yield break;
                page++;
            }
        }

        /// <summary>One page, synchronously (the enumerator is synchronous); null past the last page.</summary>
        CpmPage<T> FetchPage<T>(CpmRequest request, int page, int size, CancellationToken cancellationToken)
        {
            try
            {
                return GetPageAsync<T>(request, page, size, cancellationToken).ConfigureAwait(false).GetAwaiter().GetResult();
            }
            catch (CpmApiException notFound) when (notFound.StatusCode == 404 && page > 1)
            {
                // Django REST framework answers 404 "Invalid page." past the end: a skip beyond the list.
                return null;
            }
        }
    }
}
