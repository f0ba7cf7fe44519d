using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Policies;

/// <summary>
/// What CPM would have read from AWS about a target it was given by id: a name tag, instance or volume
/// type, image, platform, size. The simulator has no AWS, so these are derived from the resource id
/// (stable across runs); fields the caller sent win.
/// </summary>
static class TargetDetails
{
    static readonly string[] Roles = { "web", "api", "db", "worker", "cache", "batch" };
    static readonly string[] Platforms = { "Linux/UNIX", "Linux/UNIX", "Linux/UNIX", "Windows" };

    public static JObject Instance(JObject body, string? name = null)
    {
        var id = (string)body["aws_resource_id"]!;
        var windows = FakeAws.Pick(Platforms, id) == "Windows";
        var details = new JObject
        {
            ["name"] = name ?? $"{FakeAws.Pick(Roles, id)}-{FakeAws.Number(id, 1, 20):D2}",
            ["aws_resource_type"] = FakeAws.Pick(FakeAws.InstanceTypes, id),
            ["resource_type"] = "EC2 Instance",
            ["image_id"] = FakeAws.Id("ami", id),
            ["platform"] = windows ? "Windows" : "Linux/UNIX",
            ["root_device_type"] = "ebs",
            ["aws_root_device"] = windows ? "/dev/sda1" : "/dev/xvda",
            ["state"] = "running",
            ["tagged"] = false,
            ["has_product_code"] = false,
            ["ami_backup_option"] = "N",
            ["ami_reboot_option"] = false,
            ["force_full_s3_copy"] = false,
            ["which_volumes"] = "A",
            ["application_consistent_backup"] = new JObject
            {
                ["agent_script_timeout"] = 100,
                ["collect_script_output"] = false,
                ["enable_agent_scripts"] = false,
                ["enable_agent_vss"] = false,
                ["use_remote_agent"] = false,
                ["vss_volumes"] = null,
            },
        };
        return Overlay(details, body);
    }

    public static JObject Volume(JObject body, string? name = null)
    {
        var id = (string)body["aws_resource_id"]!;
        var type = FakeAws.Pick(FakeAws.VolumeTypes, id);
        var capacity = FakeAws.Number("size:" + id, 1, 50) * 10;
        var details = new JObject
        {
            ["name"] = name ?? $"data-{FakeAws.Number(id, 1, 99):D2}",
            ["aws_resource_type"] = type,
            ["resource_type"] = "EBS Volume",
            ["capacity"] = capacity,
            ["iops"] = type == "io1" ? 3000 : type == "gp2" ? Math.Max(100, capacity * 3) : 0,
            ["encrypted"] = FakeAws.Number("enc:" + id, 0, 1) == 1,
            ["status"] = "in-use",
            ["tagged"] = false,
            ["zone"] = (string?)body["aws_region"] + FakeAws.Pick(new[] { "a", "b", "c" }, id),
        };
        return Overlay(details, body);
    }

    /// <summary>The body's fields over the derived ones (nested objects field by field).</summary>
    static JObject Overlay(JObject details, JObject body)
    {
        foreach (var (name, value) in body)
        {
            if (value == null || value.Type == JTokenType.Null) continue;
            if (value is JObject nested && details[name] is JObject defaults)
                foreach (var (field, fieldValue) in nested) defaults[field] = fieldValue?.DeepClone();
            else details[name] = value.DeepClone();
        }
        return details;
    }
}
