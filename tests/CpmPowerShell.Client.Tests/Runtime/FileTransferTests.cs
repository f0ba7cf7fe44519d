using System.Net;
using System.Net.Http;
using CpmPowerShell.Client.Tests.Runtime.Fakes;
using Xunit;

namespace CpmPowerShell.Client.Tests.Runtime;

/// <summary>Files through the client: downloads report progress, uploads go as multipart forms or raw bodies.</summary>
public class FileTransferTests
{
    static FakeCpmServer Server()
    {
        var server = new FakeCpmServer();
        server.Route("GET", "/api/system/support_logs/", _ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent(new byte[300_000]) { Headers = { ContentType = new("application/x-bzip2") } },
        });
        server.Route("POST", "/api/settings/upgrade_patches/", _ => FakeCpmServer.Status(201));
        return server;
    }

    static string TempFile(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), "cpm-upload-" + Guid.NewGuid().ToString("N") + ".tar");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_download_reports_its_progress_up_to_the_announced_length()
    {
        using var client = TestClients.Create(Server());
        var reports = new List<(long Done, long? Total)>();
        await client.DownloadAsync(new CpmRequest(HttpMethod.Get, "system/support_logs/"), new MemoryStream(), (done, total) => { lock (reports) reports.Add((done, total)); });

        Assert.True(reports.Count > 1);
        Assert.Equal((300_000L, (long?)300_000), reports[^1]);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Done < p.Second.Done));
    }

    [Fact]
    public async Task An_upload_with_a_field_is_a_multipart_form_with_the_body_fields_beside_the_file()
    {
        var server = Server();
        using var client = TestClients.Create(server);
        var path = TempFile("patch bytes");
        try
        {
            long sent = 0;
            var request = new CpmRequest(HttpMethod.Post, "settings/upgrade_patches/")
            {
                Body = new Dictionary<string, object> { ["note"] = "night", ["empty"] = null },
                Upload = new CpmUpload(path) { FieldName = "patch_file", Progress = (done, _) => Interlocked.Exchange(ref sent, done) },
            };
            await client.SendAsync(request);

            var seen = server.SeenAt("/api/settings/upgrade_patches/").Single();
            Assert.Equal("multipart/form-data", seen.ContentType);
            Assert.Contains("name=patch_file; filename=" + Path.GetFileName(path), seen.Body);
            Assert.Contains("patch bytes", seen.Body);
            Assert.Contains("name=note", seen.Body);
            Assert.Contains("night", seen.Body);
            Assert.DoesNotContain("name=empty", seen.Body); // a null field is left out, as in a form post
            Assert.Equal(11, Interlocked.Read(ref sent));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task An_upload_without_a_field_is_the_raw_body()
    {
        var server = Server();
        using var client = TestClients.Create(server);
        var path = TempFile("raw");
        try
        {
            await client.SendAsync(new CpmRequest(HttpMethod.Post, "settings/upgrade_patches/") { Upload = new CpmUpload(path) });

            var seen = server.SeenAt("/api/settings/upgrade_patches/").Single();
            Assert.Equal("application/octet-stream", seen.ContentType);
            Assert.Equal("raw", seen.Body);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task An_upload_replayed_after_a_token_renewal_sends_the_whole_file_again()
    {
        var server = Server();
        using var client = TestClients.Create(server);
        await client.ConnectAsync();
        server.RevokeAccessTokens(); // the first attempt gets a 401, the replay a fresh token
        var path = TempFile("patch bytes");
        try
        {
            await client.SendAsync(new CpmRequest(HttpMethod.Post, "settings/upgrade_patches/") { Upload = new CpmUpload(path) { FieldName = "patch_file" } });

            var seen = server.SeenAt("/api/settings/upgrade_patches/").ToList();
            Assert.Equal(2, seen.Count);
            Assert.All(seen, s => Assert.Contains("patch bytes", s.Body));
        }
        finally { File.Delete(path); }
    }
}
