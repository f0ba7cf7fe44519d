using System.IO.Compression;
using System.Text;
using ICSharpCode.SharpZipLib.BZip2;
using ICSharpCode.SharpZipLib.Tar;

namespace CpmPowerShell.Simulator.Engine;

/// <summary>Small but real files for the download endpoints: a zip that unzips, a bz2 that decompresses.</summary>
static class FileContent
{
    /// <summary>A zip archive holding the given text files.</summary>
    public static byte[] Zip(IReadOnlyDictionary<string, string> files)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, text) in files)
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(text));
            }
        return stream.ToArray();
    }

    /// <summary>A bzip2-compressed tar archive holding the given text files.</summary>
    public static byte[] TarBz2(IReadOnlyDictionary<string, string> files, DateTimeOffset modified)
    {
        using var stream = new MemoryStream();
        using (var bzip = new BZip2OutputStream(stream) { IsStreamOwner = false })
        using (var tar = new TarOutputStream(bzip, Encoding.UTF8) { IsStreamOwner = false })
        {
            foreach (var (name, text) in files)
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                var entry = TarEntry.CreateTarEntry(name);
                entry.Size = bytes.Length;
                entry.ModTime = modified.UtcDateTime;
                tar.PutNextEntry(entry);
                tar.Write(bytes, 0, bytes.Length);
                tar.CloseEntry();
            }
        }
        return stream.ToArray();
    }
}
