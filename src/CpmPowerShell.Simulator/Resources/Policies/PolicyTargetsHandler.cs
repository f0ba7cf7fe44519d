using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Policies;

/// <summary>
/// What a policy protects (13.24-13.63). Every kind of target takes its id from one counter, so the
/// combined list (13.24) has unique ids. Each kind gets the details CPM would read from AWS (derived from
/// its AWS id, see <see cref="TargetDetails"/>), format checks on ids, names and regions
/// (<see cref="TargetRules"/>), and at most one entry per resource in a policy.
/// </summary>
sealed class PolicyTargetsHandler : ResourceHandler
{
    /// <summary>The target kinds, as the path segments under /api/policies/{id}/targets/.</summary>
    public static readonly string[] Kinds = { "instances", "volumes", "dynamodb_tables", "efs", "rds_clusters", "rds_databases", "redshift_clusters", "s3syncs" };

    const string TargetIds = "#policy-targets";
    const string InstanceVolumes = "/api/policies/{policy_id}/targets/instances/{instance_id}/volumes/";

    public PolicyTargetsHandler(ResourceContext context) : base(context) { }

    /// <summary>"/api/policies/5/targets/instances/".</summary>
    public static string PathOf(string policyId, string kind) => $"{PoliciesHandler.CollectionPath}{policyId}/targets/{kind}/";

    public override void Register(HandlerRegistry registry)
    {
        foreach (var kind in Kinds)
        {
            registry.On("POST", $"/api/policies/{{policy_id}}/targets/{kind}/", Create);
            registry.Validate("POST", $"/api/policies/{{policy_id}}/targets/{kind}/", (request, errors) =>
                TargetRules.Check(kind, request.Body, Generic.Records(request.Path), null, errors));
        }
        // EFS and S3 sync targets can be changed (13.32, 13.58): the merge is checked as a whole.
        foreach (var kind in new[] { "efs", "s3syncs" })
            registry.Validate("PUT", $"/api/policies/{{policy_id}}/targets/{kind}/{{id}}/", (request, errors) =>
            {
                if (Generic.Find(request) is not { } self) return; // 404 comes next
                var merged = (JObject)self.Data.DeepClone();
                foreach (var (name, value) in request.Body) merged[name] = value?.DeepClone();
                TargetRules.Check(kind, merged, Generic.Records(request.CollectionPath), self, errors);
            });
        registry.Validate("POST", InstanceVolumes, (request, errors) =>
            TargetRules.Check("instance_volumes", request.Body, Generic.Records(request.Path), null, errors));
        registry.On("POST", InstanceVolumes, CreateInstanceVolume);
        registry.On("GET", "/api/policies/{policy_id}/targets/", ListAll);
    }

    /// <summary>Adds a target with its derived details (seeding uses it too).</summary>
    public Record Add(string policyId, string kind, JObject body, long userId, DateTimeOffset now)
    {
        var details = kind switch
        {
            "instances" => TargetDetails.Instance(body, (string?)body["name"]),
            "volumes" => TargetDetails.Volume(body, (string?)body["name"]),
            "dynamodb_tables" => TargetDetails.DynamoDbTable(body),
            "efs" => TargetDetails.Efs(body),
            "rds_clusters" => TargetDetails.RdsCluster(body),
            "rds_databases" => TargetDetails.RdsDatabase(body),
            "redshift_clusters" => TargetDetails.RedshiftCluster(body),
            "s3syncs" => TargetDetails.S3Sync(body),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a policy target kind."),
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

    /// <summary>13.39: a volume of a protected instance, in that instance's zone.</summary>
    ApiResponse CreateInstanceVolume(ApiRequest request)
    {
        var instances = Store.FindCollection(PathOf(request.PathParameter("policy_id")!, "instances"));
        if (instances?.Get(request.PathParameter("instance_id")!) is not { } instance) return ApiResponse.NotFound();
        var record = AddInstanceVolume(request.PathParameter("policy_id")!, instance, request.Body, request.UserId, request.Now);
        return ApiResponse.JsonBytes(request.Operation.SuccessStatus, record.Utf8);
    }

    /// <summary>Adds a volume to an instance target (seeding uses it too).</summary>
    public Record AddInstanceVolume(string policyId, Record instance, JObject body, long userId, DateTimeOffset now)
    {
        var path = $"{PathOf(policyId, "instances")}{instance.Id}/volumes/";
        var details = TargetDetails.InstanceVolume(body, (string?)instance["aws_region"]);
        return Generic.Insert(path, "/api/policies/{}/targets/instances/{}/volumes/", details, userId, now);
    }

    /// <summary>
    /// 13.24: every target of the policy in the combined shape, in the order they were added. Kinds without
    /// a name show the name they are known by (a table's name, an RDS or Redshift identifier); the type,
    /// which not every kind's record holds, comes from the kind. Instance volumes belong to their instance
    /// and are not listed.
    /// </summary>
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
                row["resource_type"] = TargetDetails.ResourceTypes[kind];
                row["name"] = FirstText(target, "name", "aws_resource_name", "aws_resource_id");
                if (row["state"]?.Type is null or JTokenType.Null) row["state"] = target["status"]?.DeepClone(); // a volume's or database's state is its status
                all.Add(new Record(target.Id, row));
            }
        all.Sort((a, b) => ((long)a["id"]!).CompareTo((long)b["id"]!));
        return Generic.RespondList(request, all);
    }

    static string? FirstText(Record record, params string[] fields) =>
        fields.Select(field => (string?)record[field]).FirstOrDefault(text => !string.IsNullOrEmpty(text));
}
