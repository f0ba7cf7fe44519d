using System.Net;
using System.Text;
using ICSharpCode.SharpZipLib.BZip2;
using ICSharpCode.SharpZipLib.Tar;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>Chapters 16.1, 19.1 and 24: regions, resource types, the dashboard, support logs and the version.</summary>
public sealed class SystemTests : IClassFixture<SimulatorFixture>
{
    readonly SimClient client;
    public SystemTests(SimulatorFixture fixture) => client = fixture.Client;

    [Fact]
    public async Task Regions_and_resource_types_are_listed_as_the_guide_shows_them()
    {
        var regions = (JArray)(await client.GetAsync("api/regions/")).Json;
        Assert.Contains(regions, r => (string)r["aws_region"] == "us-east-1" && ((string)r["disp_name"]).Length > 0);
        var types = (JArray)(await client.GetAsync("api/resource_types/")).Json;
        Assert.Contains(types, t => (string)t["name"] == "instances" && (string)t["label"] == "EC2 Instances");
        Assert.All(types, t => Assert.True((int)t["id"] > 0));
    }

    [Fact]
    public async Task Dashboard_state_counts_the_simulators_own_policies_and_targets()
    {
        var policies = (JArray)(await client.GetAsync("api/policies/")).Json;
        var instances = 0;
        foreach (var policy in policies)
            instances += ((JArray)(await client.GetAsync($"api/policies/{policy["id"]}/targets/instances/")).Json).Count;
        var state = (await client.GetAsync("api/system/dashboard/state/")).Json;
        Assert.Equal(policies.Count, (int)state["policies_num"]);
        Assert.Equal(instances, (int)state["protected_instances_num"]);
        Assert.True((int)state["accounts_num"] > 0);
        var volumes = 0;
        foreach (var backup in (JArray)(await client.GetAsync("api/backups/")).Json)
            volumes += ((JArray)(await client.GetAsync($"api/backups/{backup["id"]}/snapshots/volumes/")).Json).Count;
        Assert.Equal(volumes, (int)state["snapshots_volume_num"]);
    }

    [Fact]
    public async Task Dashboard_activity_counts_backups_by_outcome_since_a_time()
    {
        var backups = (JArray)(await client.GetAsync("api/backups/")).Json;
        var activity = (await client.GetAsync("api/system/dashboard/activity/?start_time=2000-01-01T00:00:00")).Json;
        Assert.Equal(backups.Count(b => (string)b["status"] == "B"), (int)activity["backup_success_num"]);
        Assert.Equal(backups.Count(b => (string)b["status"] == "F"), (int)activity["backup_fail_num"]);
        var later = (await client.GetAsync("api/system/dashboard/activity/?start_time=2999-01-01T00:00:00")).Json;
        Assert.Equal(0, (int)later["backup_success_num"]);
        Assert.Equal("invalid", (await client.GetAsync("api/system/dashboard/activity/?start_time=someday")).FieldError("start_time").Code);
    }

    [Fact]
    public async Task Support_logs_are_a_real_bzip2_tar_with_a_file_name()
    {
        var reply = await client.GetAsync("api/system/support_logs/?collect_system_logs=true&collect_backup_logs_period=month", accept: "application/x-bzip2");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("application/x-bzip2", reply.MediaType);
        Assert.Matches(@"cpm_support_logs_\d{8}_\d{6}\.tar\.bz2", reply.Header("Content-Disposition"));
        var names = new List<string>();
        using (var tar = new TarInputStream(new BZip2InputStream(new MemoryStream(reply.Bytes)), Encoding.UTF8))
            for (var entry = tar.GetNextEntry(); entry != null; entry = tar.GetNextEntry()) names.Add(entry.Name);
        Assert.Equal(new[] { "apache_error.log", "backup_logs.log", "cpm_server.log" }, names.OrderBy(n => n, StringComparer.Ordinal));
        var bad = await client.GetAsync("api/system/support_logs/?collect_backup_logs_period=year", accept: "application/x-bzip2");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
    }

    [Fact]
    public async Task Version_names_the_api_and_cpm()
    {
        var version = (await client.GetAsync("api/system/version/")).Json;
        Assert.Equal("1.5.0", (string)version["api_version"]);
        Assert.False(string.IsNullOrEmpty((string)version["cpm_version"]));
    }
}
