using System.Text.RegularExpressions;
using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Policies;

/// <summary>
/// What a policy protects (13.24-13.63). Every kind of target takes its id from one counter, so the
/// combined list (13.24) has unique ids. EC2 instances and volumes get the details CPM would read from
/// AWS, a format check on their AWS id, and at most one entry per resource in a policy.
/// </summary>
sealed partial class PolicyTargetsHandler : ResourceHandler
{
    /// <summary>The target kinds, as the path segments under /api/policies/{id}/targets/.</summary>
    public static readonly string[] Kinds = { "instances", "volumes", "dynamodb_tables", "efs", "rds_clusters", "rds_databases", "redshift_clusters", "s3syncs" };

    const string TargetIds = "#policy-targets";

    public PolicyTargetsHandler(ResourceContext context) : base(context) { }

    [GeneratedRegex("^i-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex InstanceId();

    [GeneratedRegex("^vol-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex VolumeId();

    [GeneratedRegex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$")]
    private static partial Regex RegionName();

    /// <summary>"/api/policies/5/targets/instances/".</summary>
    public static string PathOf(string policyId, string kind) => $"{PoliciesHandler.CollectionPath}{policyId}/targets/{kind}/";

    public override void Register(HandlerRegistry registry)
    {
        foreach (var kind in Kinds)
            registry.On("POST", $"/api/policies/{{policy_id}}/targets/{kind}/", Create);
        registry.Validate("POST", "/api/policies/{policy_id}/targets/instances/", (request, errors) => CheckResource(request, errors, InstanceId(), "an EC2 instance id (i-...)"));
        registry.Validate("POST", "/api/policies/{policy_id}/targets/volumes/", (request, errors) => CheckResource(request, errors, VolumeId(), "an EBS volume id (vol-...)"));
        registry.On("GET", "/api/policies/{policy_id}/targets/", ListAll);
    }

    /// <summary>Adds a target with its derived details (seeding uses it too).</summary>
    public Record Add(string policyId, string kind, JObject body, long userId, DateTimeOffset now)
    {
        var details = kind switch
        {
            "instances" => TargetDetails.Instance(body, (string?)body["name"]),
            "volumes" => TargetDetails.Volume(body, (string?)body["name"]),
            _ => (JObject)body.DeepClone(),
        };
        details["id"] = Store.NextId(TargetIds);
        return Generic.Insert(PathOf(policyId, kind), $"/api/policies/{{}}/targets/{kind}/", details, userId, now);
    }

    /// <summary>How many targets of any kind a policy has.</summary>
    public int Count(string policyId) => Kinds.Sum(kind => Store.FindCollection(PathOf(policyId, kind))?.Count ?? 0);

    ApiResponse Create(ApiRequest request)
    {
        var kind = request.Match.Segments[^1];
        var record = Add(request.PathParameter("policy_id")!, kind, request.Body, request.UserId, request.Now);
        return ApiResponse.JsonBytes(request.Operation.SuccessStatus, record.Utf8);
    }

    void CheckResource(ApiRequest request, ValidationErrors errors, Regex pattern, string expected)
    {
        var id = (string?)request.Body["aws_resource_id"];
        if (id != null && !pattern.IsMatch(id))
            errors.Invalid("aws_resource_id", $"Enter {expected}.");
        else if (id != null && Generic.Records(request.Path).Any(t => (string?)t["aws_resource_id"] == id))
            errors.Add("aws_resource_id", "This resource is already a target of the policy.", "unique");
        if ((string?)request.Body["aws_region"] is { } region && !RegionName().IsMatch(region))
            errors.Invalid("aws_region", $"\"{region}\" is not an AWS region name such as us-east-1.");
    }

    /// <summary>13.24: every target of the policy in the combined shape, in the order they were added.</summary>
    ApiResponse ListAll(ApiRequest request)
    {
        var policyId = request.PathParameter("policy_id")!;
        var properties = request.Info.Schema!.Properties;
        var all = new List<Record>();
        foreach (var kind in Kinds)
            foreach (var target in Generic.Records(PathOf(policyId, kind)))
            {
                var row = new JObject();
                foreach (var property in properties)
                    row[property.Name] = target.Data.TryGetValue(property.Name, out var value) ? value.DeepClone() : RecordShaper.DefaultValue(property.Name, property.Type);
                if (kind == "volumes") row["state"] = target["status"]; // a volume's state is its status
                all.Add(new Record(target.Id, row));
            }
        all.Sort((a, b) => ((long)a["id"]!).CompareTo((long)b["id"]!));
        return Generic.RespondList(request, all);
    }
}
