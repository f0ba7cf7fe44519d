using System;
using System.Collections.Generic;

namespace CpmPowerShell.Client
{
    /// <summary>One page of a paginated list.</summary>
    public sealed class CpmPage<T>
    {
        public CpmPage(IReadOnlyList<T> items, int page, int? totalCount, bool hasMore)
        {
            Items = items;
            Page = page;
            TotalCount = totalCount;
            HasMore = hasMore;
        }

        public IReadOnlyList<T> Items { get; }
        public int Page { get; }
        /// <summary>The envelope's count; null when the server answered with a bare array.</summary>
        public int? TotalCount { get; }
        public bool HasMore { get; }

        /// <summary>False when the server answered with the whole list (a bare array).</summary>
        internal bool IsEnvelope { get; set; }
    }

    /// <summary>A raw answer, for Invoke-CpmApi: status, media type, headers and body text.</summary>
    public sealed class CpmResponse
    {
        public CpmResponse(int statusCode, string mediaType, string content, IReadOnlyDictionary<string, string> headers)
        {
            StatusCode = statusCode;
            MediaType = mediaType;
            Content = content;
            Headers = headers;
        }

        public int StatusCode { get; }
        public string MediaType { get; }
        public string Content { get; }
        public IReadOnlyDictionary<string, string> Headers { get; }
    }

    /// <summary>What a download wrote.</summary>
    public sealed class CpmDownload
    {
        public CpmDownload(string fileName, string mediaType, long length)
        {
            FileName = fileName;
            MediaType = mediaType;
            Length = length;
        }

        /// <summary>From Content-Disposition, or null.</summary>
        public string FileName { get; }
        public string MediaType { get; }
        public long Length { get; }
    }

    /// <summary>Counters a caller (or a test) can read to see what the client did.</summary>
    public sealed class CpmClientStatistics
    {
        internal long requests, retries, tokensObtained, tokensRefreshed;
        /// <summary>HTTP attempts sent, retries and token calls included.</summary>
        public long Requests => System.Threading.Interlocked.Read(ref requests);
        public long Retries => System.Threading.Interlocked.Read(ref retries);
        /// <summary>New token pairs from the API key.</summary>
        public long TokensObtained => System.Threading.Interlocked.Read(ref tokensObtained);
        /// <summary>Access tokens renewed with the refresh token.</summary>
        public long TokensRefreshed => System.Threading.Interlocked.Read(ref tokensRefreshed);
    }

    public enum CpmLogLevel { Verbose, Debug, Warning }
}
