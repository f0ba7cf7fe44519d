using System.Net;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Tests;

static class AdminExtensions
{
    /// <summary>Stores records through POST /_sim/records.</summary>
    public static async Task<JArray> AddRecordsAsync(this SimulatorHost host, SimClient client, string path, params object[] records)
    {
        var reply = await client.PostAsync("_sim/records", new { path, records }, auth: false);
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return (JArray)reply.Json["ids"];
    }
}
