using CpmPowerShell.Simulator.Engine;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.SystemInfo;

/// <summary>
/// Server facts (chapter 24 and a few settings downloads): the version this simulator speaks, the time
/// zones it knows, and the server certificate it really uses.
/// </summary>
sealed class SystemHandler : ResourceHandler
{
    const string TimeZonesPath = "/api/system/timezones/";

    /// <summary>Reading the zone database takes a few hundred milliseconds, so it is read once per process, when first asked.</summary>
    static readonly Lazy<(string Id, string DisplayName)[]> Zones = new(() =>
        TimeZoneInfo.GetSystemTimeZones().OrderBy(z => z.Id, StringComparer.Ordinal).Select(z => (z.Id, z.DisplayName)).ToArray());

    public SystemHandler(ResourceContext context) : base(context) { }

    public override void Register(HandlerRegistry registry)
    {
        registry.On("GET", "/api/system/version/", Version);
        registry.On("GET", "/api/settings/cpm_certificate/", Certificate);
        registry.On("GET", TimeZonesPath, TimeZones);
    }

    ApiResponse TimeZones(ApiRequest request)
    {
        if (Store.FindCollection(TimeZonesPath) is null or { Count: 0 })
            foreach (var (id, name) in Zones.Value)
                Generic.Insert(TimeZonesPath, TimeZonesPath, new JObject { ["id"] = id, ["display_name"] = name }, 1, request.Now);
        return Generic.List(request);
    }

    ApiResponse Version(ApiRequest request) => ApiResponse.Json(request.Operation.SuccessStatus, new JObject
    {
        ["api_version"] = Context.Model.Spec.Version,
        ["cpm_version"] = Context.Options.CpmVersion,
    });

    /// <summary>The PEM of the certificate this server presents (what a client would pin).</summary>
    ApiResponse Certificate(ApiRequest request) =>
        ApiResponse.File(request.Operation.SuccessStatus, "application/x-pem-file",
            System.Text.Encoding.ASCII.GetBytes(Context.CertificatePem), "cpm_certificate.pem");
}
