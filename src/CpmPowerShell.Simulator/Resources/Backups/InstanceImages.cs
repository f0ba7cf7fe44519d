using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Backups;

/// <summary>
/// What AWS would tell about a backed-up instance, derived from its snapshot record: its AMI (7.41), the
/// extra network interfaces it had (7.42; every third instance has one) and images like its own that a
/// recovery could boot from (7.43: the same image, then one with the same name in another account).
/// </summary>
static class InstanceImages
{
    public static JObject Ami(Record instance, Record backup) => new()
    {
        ["id"] = 1,
        ["aws_hypervisor"] = "xen",
        ["aws_image_id"] = instance["aws_image_id"]?.DeepClone(),
        ["aws_owner_alias"] = null,
        ["aws_owner_id"] = FakeAws.AccountNumber(Json.ScalarText(backup["account"])),
        ["aws_region"] = instance["region"]?.DeepClone(),
        ["aws_virtualization_type"] = instance["aws_virtualization_type"]?.DeepClone() ?? "hvm",
        ["description"] = $"Image of {instance["backed_up_resource_id"]} taken by CPM",
        ["name"] = ImageName(instance),
        ["root_device_name"] = instance["aws_root_device"]?.DeepClone(),
        ["root_device_type"] = "ebs",
    };

    public static IEnumerable<JObject> AdditionalNics(Record instance)
    {
        var resource = (string?)instance["backed_up_resource_id"] ?? "";
        if (FakeAws.Hash("nics:" + resource) % 3 != 0) yield break;
        var eni = FakeAws.Id("eni", resource);
        yield return new JObject { ["display_name"] = $"{eni} ({FakeAws.PrivateIp("eni:" + resource)})", ["id"] = eni };
    }

    public static IEnumerable<JObject> Similar(Record instance)
    {
        var image = (string?)instance["aws_image_id"] ?? "";
        var name = ImageName(instance);
        yield return SimilarImage(instance, image, name, "E");
        yield return SimilarImage(instance, FakeAws.Id("ami", "copy:" + image), name, "N");
    }

    static string ImageName(Record instance) =>
        ((string?)instance["backed_up_resource_name"] ?? (string?)instance["backed_up_resource_id"]) + "-image";

    static JObject SimilarImage(Record instance, string imageId, string name, string match) => new()
    {
        ["aws_hypervisor"] = "xen",
        ["aws_image_id"] = imageId,
        ["aws_region"] = instance["region"]?.DeepClone(),
        ["aws_virtualization_type"] = "hvm",
        ["description"] = match == "E" ? "The instance's own image" : "An image with the same name",
        ["kernel_id"] = null,
        ["match_type"] = match,
        ["name"] = name,
        ["ramdisk_id"] = null,
        ["root_device_name"] = instance["aws_root_device"]?.DeepClone(),
        ["root_device_type"] = "ebs",
    };
}
