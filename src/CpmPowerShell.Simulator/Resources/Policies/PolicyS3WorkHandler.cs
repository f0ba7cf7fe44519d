using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Policies;

/// <summary>
/// Work a policy does in S3 (archive to Glacier, cleanup of S3 copies, copies to S3) and its aborts
/// (13.16, 13.17, 13.23). Nothing really runs: the control API (POST /_sim/s3-work) says what is running,
/// and the policy record's is_archive_active, is_s3_cleanup_active and s3_operation_in_progress show it.
/// An abort of work that is not running is refused with 412.
/// </summary>
sealed class PolicyS3WorkHandler : ResourceHandler
{
    /// <summary>Policies with a copy to S3 running (the record has no flag of its own for it).</summary>
    readonly HashSet<string> copying = new(StringComparer.Ordinal);

    public PolicyS3WorkHandler(ResourceContext context) : base(context) { }

    public override void Register(HandlerRegistry registry)
    {
        registry.On("POST", "/api/policies/{policy_id}/archive/abort/", request => Abort(request, archive: true, cleanup: false, copy: false));
        registry.On("POST", "/api/policies/{policy_id}/cleanup_s3/abort/", request => Abort(request, archive: false, cleanup: true, copy: false));
        registry.On("POST", "/api/policies/{policy_id}/s3_operations/abort/", request => Abort(request, archive: true, cleanup: true, copy: true));
    }

    public override void Seed(SeedContext seed) => copying.Clear();

    /// <summary>
    /// The control API's {"policy":5,"archive":true,"cleanup":false,"copy":true}: what runs now (a field left
    /// out keeps its state). Answers the policy's three flags, or null when there is no such policy. Caller holds the store lock.
    /// </summary>
    public JObject? Set(string policyId, bool? archive, bool? cleanup, bool? copy)
    {
        if (PoliciesHandler.Find(Store, policyId) is not { } policy) return null;
        if (archive is { } a) policy.Data["is_archive_active"] = a;
        if (cleanup is { } c) policy.Data["is_s3_cleanup_active"] = c;
        if (copy == true) copying.Add(policy.Id);
        else if (copy == false) copying.Remove(policy.Id);
        return Save(policy);
    }

    /// <summary>The flags after the change, written to the record (s3_operation_in_progress: any of the three).</summary>
    JObject Save(Record policy)
    {
        policy.Data["s3_operation_in_progress"] = IsTrue(policy, "is_archive_active") || IsTrue(policy, "is_s3_cleanup_active") || copying.Contains(policy.Id);
        Store.FindCollection(PoliciesHandler.CollectionPath)!.Update(policy);
        return new JObject
        {
            ["policy"] = long.Parse(policy.Id, System.Globalization.CultureInfo.InvariantCulture),
            ["archive"] = IsTrue(policy, "is_archive_active"),
            ["cleanup"] = IsTrue(policy, "is_s3_cleanup_active"),
            ["copy"] = copying.Contains(policy.Id),
            ["s3_operation_in_progress"] = policy["s3_operation_in_progress"]!.DeepClone(),
        };
    }

    static bool IsTrue(Record policy, string field) => (bool?)policy[field] == true;

    ApiResponse Abort(ApiRequest request, bool archive, bool cleanup, bool copy)
    {
        if (PoliciesHandler.Find(Store, request.PathParameter("policy_id")) is not { } policy) return ApiResponse.NotFound();
        var running = new List<string>();
        if (archive && IsTrue(policy, "is_archive_active")) running.Add("archive");
        if (cleanup && IsTrue(policy, "is_s3_cleanup_active")) running.Add("cleanup");
        if (copy && copying.Contains(policy.Id)) running.Add("copy");
        if (running.Count == 0)
        {
            var what = (archive, cleanup, copy) switch
            {
                (true, false, false) => "No archive of this policy's backups is running",
                (false, true, false) => "No S3 cleanup of this policy is running",
                _ => "No S3 operation of this policy is running",
            };
            return ApiResponse.Detail(412, what + "; there is nothing to abort.", "nothing_to_abort");
        }
        if (archive) policy.Data["is_archive_active"] = false;
        if (cleanup) policy.Data["is_s3_cleanup_active"] = false;
        if (copy) copying.Remove(policy.Id);
        Save(policy);
        // 13.23 documents a JSON object without naming its fields: say what was aborted.
        return request.Operation.SuccessType == null
            ? ApiResponse.Empty(request.Operation.SuccessStatus)
            : ApiResponse.Json(request.Operation.SuccessStatus, new JObject { ["aborted"] = new JArray(running) });
    }
}
