using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Files to and from the server, for Invoke-CpmApi -OutFile/-InFile and every Save-* or upload cmdlet:
    /// streamed with a progress bar, never left half-written under the user's name.
    /// </summary>
    public abstract partial class CpmCmdlet
    {
        /// <summary>
        /// Saves the answer to request at path and writes the file (as Get-Item shows it). path is a file, or a
        /// folder (existing, or ending in a slash: created) that gets the server's Content-Disposition name.
        /// The body goes to a temporary file beside the destination first, so a failure or Ctrl+C leaves no
        /// partial file; an existing file is replaced only with force. parameter names the path's parameter
        /// in messages (-OutFile, -Path).
        /// </summary>
        protected void SaveResponse(CpmRequest request, string path, bool force, string parameter = "-Path")
        {
            var target = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            var toFolder = Directory.Exists(target) || path.EndsWith("/", StringComparison.Ordinal) || path.EndsWith("\\", StringComparison.Ordinal);
            var folder = toFolder ? target : System.IO.Path.GetDirectoryName(target);
            if (!toFolder && !Directory.Exists(folder))
            {
                ThrowCpmError(CpmErrorIds.OutFileFolderNotFound, ErrorCategory.ObjectNotFound,
                    $"Cannot save to {parameter} '{path}': the folder {folder} does not exist.",
                    "Create the folder first, or pass a folder path ending in a slash, which is created for you.", path);
            }
            // Refused before anything is sent when the name is known already.
            if (!toFolder) RefuseToOverwrite(target, force, parameter, path);

            var temporary = System.IO.Path.Combine(folder, "." + Guid.NewGuid().ToString("N") + ".cpmdownload");
            var destination = target;
            var client = Client;
            try
            {
                if (toFolder) Directory.CreateDirectory(folder);
                CpmDownload download;
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                    download = AwaitTransfer($"Downloading {request.ResolvePath()}", (token, progress) => client.DownloadAsync(request, stream, progress, token));

                destination = toFolder ? System.IO.Path.Combine(folder, FileNameFor(download, request)) : target;
                if (toFolder) RefuseToOverwrite(destination, force, parameter, path);
                if (File.Exists(destination)) File.Delete(destination);
                File.Move(temporary, destination);
                WriteVerbose($"Saved {download.Length} bytes of {download.MediaType ?? "content"} to {destination}.");
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // The system's message names the temporary file; the user knows only the path they gave.
                var denied = e is UnauthorizedAccessException;
                ThrowTerminatingError(CpmErrorMap.Create(denied ? CpmErrorIds.FileAccessDenied : CpmErrorIds.FileError,
                    denied ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError,
                    $"Cannot save to {parameter} '{path}' ({destination}): {e.Message.Replace(temporary, destination)}",
                    denied ? "Choose a path you may write to." : "Check the path and the free disk space.", path, e));
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
            // The provider's item, as Get-Item returns it, so it shows and pipes like any file.
            WriteObject(InvokeProvider.Item.Get(new[] { destination }, false, true), enumerateCollection: true);
        }

        /// <summary>
        /// The file at path, ready to send with a request: as the form field fieldName beside the body's
        /// other fields (multipart), or as the whole body when fieldName is null. A missing file is
        /// CpmInFileNotFound before anything is sent.
        /// </summary>
        protected CpmUpload FileToUpload(string path, string fieldName, string parameter = "-InFile")
        {
            var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            if (!File.Exists(full))
            {
                ThrowCpmError(CpmErrorIds.InFileNotFound, ErrorCategory.ObjectNotFound,
                    $"Cannot send {parameter} '{path}': there is no file at {full}.",
                    "Give the path of the file to upload (a file, not a folder).", path);
            }
            return new CpmUpload(full) { FieldName = fieldName };
        }

        /// <summary>Sends request, whose Upload is set, with a progress bar while the file goes out.</summary>
        protected T AwaitUpload<T>(CpmRequest request, Func<CancellationToken, Task<T>> call)
        {
            var upload = request.Upload ?? throw new ArgumentException("The request has no file to upload.", nameof(request));
            return AwaitTransfer($"Uploading {System.IO.Path.GetFileName(upload.FilePath)}", (token, progress) =>
            {
                upload.Progress = progress;
                return call(token);
            });
        }

        void RefuseToOverwrite(string destination, bool force, string parameter, string path)
        {
            if (force || !File.Exists(destination)) return;
            ThrowCpmError(CpmErrorIds.FileExists, ErrorCategory.ResourceExists,
                $"Cannot save to {parameter} '{path}': the file {destination} exists already; nothing was written.",
                "Add -Force to replace it, or choose another path.", path);
        }

        /// <summary>The server's file name made safe (no folders, no invalid characters), else one made from the path.</summary>
        static string FileNameFor(CpmDownload download, CpmRequest request)
        {
            var name = download.FileName;
            if (!string.IsNullOrWhiteSpace(name))
            {
                name = System.IO.Path.GetFileName(name.Replace('\\', '/').Split('/').Last()).Trim();
                var invalid = System.IO.Path.GetInvalidFileNameChars();
                name = new string(name.Select(c => invalid.Contains(c) ? '_' : c).ToArray());
                if (name.Trim('.').Length > 0) return name;
            }
            var segment = request.ResolvePath().Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "download";
            return segment + ExtensionFor(download.MediaType);
        }

        static string ExtensionFor(string mediaType)
        {
            switch ((mediaType ?? "").ToLowerInvariant())
            {
                case "text/csv": return ".csv";
                case "application/json": return ".json";
                case "application/zip": return ".zip";
                case "application/x-bzip2": return ".bz2";
                case "application/gzip":
                case "application/x-gzip": return ".gz";
                case "application/x-pem-file": return ".pem";
                case "text/plain": return ".txt";
                default: return ".bin";
            }
        }
    }
}
