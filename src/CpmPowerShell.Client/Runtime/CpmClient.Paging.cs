using System;
using System.Collections;
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
                JToken body = null;
                if (response.Content != null && (response.Content.Headers.ContentLength ?? 0) > 0)
                {
                    // The transport has buffered the body, so it can be read twice: straight into the items
                    // when it is the usual envelope, else (or on any doubt) through a JToken, which also
                    // finds what is wrong with a body of another shape.
                    var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                    if (!stream.CanSeek)
                    {
                        var copy = new MemoryStream();
                        await stream.CopyToAsync(copy).ConfigureAwait(false);
                        copy.Position = 0;
                        stream = copy;
                    }
                    var start = stream.Position;
                    if (CpmPaging.TryReadEnvelope<T>(stream, page, out var envelope)) return envelope;
                    stream.Position = start;
                    try
                    {
                        using (var text = new StreamReader(stream))
                        using (var json = new JsonTextReader(text) { DateParseHandling = DateParseHandling.None })
                            body = JToken.ReadFrom(json);
                    }
                    catch (JsonException invalid)
                    {
                        var text = await CpmTransport.ReadTextAsync(response).ConfigureAwait(false);
                        throw transport.Errors.InvalidResponse(call, response, CpmPaging.ExpectedList<T>(), CpmJsonShape.DescribeText(text), invalid);
                    }
                }
                try
                {
                    return CpmPaging.Read<T>(body, page);
                }
                catch (CpmShapeException shape)
                {
                    throw transport.Errors.InvalidResponse(call, response, shape.Expected, shape.Received, shape.InnerException ?? shape);
                }
            }
        }

        /// <summary>
        /// Every item of a list, fetched lazily page by page: the first item is available when the first
        /// page arrives and memory stays flat. skip starts at the right page and drops the rest client-side.
        /// </summary>
        public IEnumerable<T> Paginate<T>(CpmRequest request, int skip = 0, CancellationToken cancellationToken = default) =>
            Paginate<T>(request, skip, settings.PageSize, cancellationToken);

        /// <summary>As <see cref="Paginate{T}(CpmRequest, int, CancellationToken)"/>, asking for pages of pageSize items.</summary>
        public IEnumerable<T> Paginate<T>(CpmRequest request, int skip, int pageSize, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (skip < 0) throw new ArgumentOutOfRangeException(nameof(skip), "skip cannot be negative.");
            if (pageSize < 1) throw new ArgumentOutOfRangeException(nameof(pageSize), "A page holds at least one item.");
            ThrowIfDisposed();
            return new PagedSequence<T>(this, request, skip, pageSize, cancellationToken);
        }

        /// <summary>What Paginate returns: each enumeration starts again from the page holding item skip.</summary>
        sealed class PagedSequence<T> : IEnumerable<T>
        {
            readonly CpmClient client;
            readonly CpmRequest request;
            readonly int skip;
            readonly int size;
            readonly CancellationToken cancellationToken;

            public PagedSequence(CpmClient client, CpmRequest request, int skip, int size, CancellationToken cancellationToken)
            {
                this.client = client;
                this.request = request;
                this.skip = skip;
                this.size = size;
                this.cancellationToken = cancellationToken;
            }

            public IEnumerator<T> GetEnumerator() => new PageEnumerator<T>(client, request, skip, size, cancellationToken);

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }

        /// <summary>
        /// Walks a list page by page: a MoveNext that needs the next page fetches it (synchronously), the
        /// others return an item of the page in memory, which <see cref="ICpmPageBuffer.HasBufferedItem"/>
        /// tells in advance.
        /// </summary>
        sealed class PageEnumerator<T> : IEnumerator<T>, ICpmPageBuffer
        {
            readonly CpmClient client;
            readonly CpmRequest request;
            readonly int skip;
            readonly int size;
            readonly CancellationToken cancellationToken;
            int page;
            CpmPage<T> current; // the page in memory; null before the first one
            int next;           // index in it of the item the next MoveNext returns
            bool finished;
            T item;

            public PageEnumerator(CpmClient client, CpmRequest request, int skip, int size, CancellationToken cancellationToken)
            {
                this.client = client;
                this.request = request;
                this.skip = skip;
                this.cancellationToken = cancellationToken;
                this.size = size;
                page = skip / size + 1;
            }

            public T Current => item;

            object IEnumerator.Current => item;

            public bool HasBufferedItem => !finished && current != null && next < current.Items.Count;

            public bool MoveNext()
            {
                while (!finished)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (current != null)
                    {
                        if (next < current.Items.Count)
                        {
                            item = current.Items[next++];
                            return true;
                        }
                        if (!current.IsEnvelope || !current.HasMore || current.Items.Count == 0) break;
                        page++;
                    }
                    var result = client.FetchPage<T>(request, page, size, cancellationToken);
                    if (result == null) break;
                    // A bare array is the whole list, whatever page was asked for.
                    next = result.IsEnvelope ? (page == skip / size + 1 ? skip % size : 0) : skip;
                    current = result;
                }
                finished = true;
                item = default;
                return false;
            }

            public void Reset() => throw new NotSupportedException();

            public void Dispose()
            {
                finished = true;
                current = null;
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
