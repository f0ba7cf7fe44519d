using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// A file sent as the request body (a CPM patch...). With a <see cref="FieldName"/> it goes as
    /// multipart/form-data, the file under that field and the request's other body fields beside it, as the
    /// server's form parsers expect a file; without one, as the raw body. The file is opened afresh for every
    /// attempt (a replay after a token renewal sends it whole again).
    /// </summary>
    public sealed class CpmUpload
    {
        public CpmUpload(string filePath)
        {
            if (string.IsNullOrEmpty(filePath)) throw new ArgumentException("An upload needs a file.", nameof(filePath));
            FilePath = filePath;
        }

        /// <summary>The full path of the file to send.</summary>
        public string FilePath { get; }

        /// <summary>The form field that carries the file (patch_file); null sends the file as the whole body.</summary>
        public string FieldName { get; set; }

        /// <summary>The file's media type; application/octet-stream when not given.</summary>
        public string MediaType { get; set; }

        /// <summary>Called from any thread with (bytes sent, total bytes) as the file is read for sending.</summary>
        public Action<long, long?> Progress { get; set; }

        internal long Length => new FileInfo(FilePath).Length;

        internal HttpContent CreateFileContent()
        {
            var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            var content = new StreamContent(new CountingStream(stream, stream.Length, Progress), 81920);
            content.Headers.ContentType = new MediaTypeHeaderValue(string.IsNullOrEmpty(MediaType) ? "application/octet-stream" : MediaType);
            return content;
        }

        /// <summary>A read-only stream that reports how far it has been read.</summary>
        sealed class CountingStream : Stream
        {
            readonly Stream inner;
            readonly long length;
            readonly Action<long, long?> progress;
            long position;

            public CountingStream(Stream inner, long length, Action<long, long?> progress)
            {
                this.inner = inner;
                this.length = length;
                this.progress = progress;
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => length;
            public override long Position { get => position; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                Counted(await inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));

            int Counted(int read)
            {
                position += read;
                progress?.Invoke(position, length);
                return read;
            }

            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing) inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
