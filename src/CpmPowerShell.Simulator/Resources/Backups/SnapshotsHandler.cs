using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using CpmPowerShell.Simulator.Resources.Users;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Backups;

/// <summary>
/// The snapshots of a backup record (chapter 7): list filters, deletion (all, or one record of any kind;
/// never while the backup runs), the AMI views of a backed-up instance and the abort of a copy to S3 (7.2).
/// The lists themselves (every kind, copies to S3 and script logs) are the generic engine's.
/// </summary>
sealed class SnapshotsHandler : ResourceHandler
{
    const string InstancePath = "/api/backups/{backup_id}/snapshots/instances/{snapshot_id}/";

    readonly BackupLedger ledger;

    public SnapshotsHandler(ResourceContext context, BackupLedger ledger) : base(context) => this.ledger = ledger;

    public override void Register(HandlerRegistry registry)
    {
        registry.On("DELETE", "/api/backups/{backup_id}/snapshots/", DeleteAll);
        foreach (var kind in SnapshotPlan.Kinds.Where(kind => kind != "instances")) // an instance's snapshots go with the backup only
            registry.On("DELETE", $"/api/backups/{{backup_id}}/snapshots/{kind}/{{id}}/", request => DeleteOne(request, kind));
        registry.On("POST", "/api/backups/{backup_id}/copy_to_s3/abort/", AbortCopy);
        registry.On("GET", InstancePath + "ami/", request => Images(request, (instance, backup) => new[] { InstanceImages.Ami(instance, backup) }));
        registry.On("GET", InstancePath + "aws_additional_nics/", request => Images(request, (instance, _) => InstanceImages.AdditionalNics(instance)));
        registry.On("GET", InstancePath + "find_similar_ami/", SimilarImages);

        Generic.Customize("/api/backups/{}/snapshots/instances/").Filters["resource"] = FieldIs("backed_up_resource_id");
        // Every kind's list (and the copies to S3) filters alike: by resource, account, user, region and start time.
        foreach (var kind in SnapshotPlan.Kinds.Where(kind => kind != "instances").Append(SnapshotPlan.CopyToS3))
        {
            var list = Generic.Customize($"/api/backups/{{}}/snapshots/{kind}/");
            list.Filters["resource"] = FieldIs("backed_up_resource_id");
            list.Filters["aws_resource_id"] = FieldIs("backed_up_resource_id");
            list.Filters["aws_region"] = FieldIs("region");
            list.Filters["region"] = RegionIdIs;
            list.Filters["account"] = FieldIs("account_id");
            list.Filters["user"] = value => record => (string?)record["username"] == UsersHandler.Username(Store, value);
            list.Filters["from_time"] = value => StartedWithin(value, after: true);
            list.Filters["to_time"] = value => StartedWithin(value, after: false);
        }
    }

    /// <summary>region: a CPM region id (GET /api/regions/), compared with the record's AWS region name.</summary>
    static Func<Record, bool> RegionIdIs(string value) =>
        long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0
            ? record => (string?)record["region"] == SnapshotPlan.RegionName(id)
            : _ => false;

    static Func<string, Func<Record, bool>> FieldIs(string field) => value => record => ListQuery.Matches(record[field], value);

    static Func<Record, bool> StartedWithin(string value, bool after)
    {
        if (!Timestamps.TryParse(value, out var limit)) return _ => false;
        return record => Timestamps.TryParse((string?)record["start_time"], out var start) && (after ? start >= limit : start <= limit);
    }

    static ApiResponse StillRunning() =>
        ValidationErrors.Single("non_field_errors", "The backup is still running; its snapshots can be deleted once it has ended.", "invalid");

    bool IsRunning(Record backup) => BackupRun.IsRunning(((string?)backup["status"] ?? "").FirstOrDefault());

    /// <summary>7.6: all snapshots deleted; the record stays, with status D.</summary>
    ApiResponse DeleteAll(ApiRequest request)
    {
        if (ledger.Find(request.PathParameter("backup_id")) is not { } backup) return ApiResponse.NotFound();
        if (IsRunning(backup)) return StillRunning();
        ledger.DeleteSnapshots(backup, request.Now);
        return ApiResponse.Empty(request.Operation.SuccessStatus);
    }

    /// <summary>7.66 and the like for every kind: the snapshot record stays with its deletion time (as CPM keeps history); deleting it again is 404.</summary>
    ApiResponse DeleteOne(ApiRequest request, string kind)
    {
        if (ledger.Find(request.PathParameter("backup_id")) is not { } backup) return ApiResponse.NotFound();
        if (IsRunning(backup)) return StillRunning();
        return ledger.DeleteSnapshot(backup, kind, request.ItemId, request.Now)
            ? ApiResponse.Empty(request.Operation.SuccessStatus)
            : ApiResponse.NotFound();
    }

    /// <summary>7.2: stops the backup's copy to S3; 412 when none runs (see POST /_sim/s3-work {"backup": id}).</summary>
    ApiResponse AbortCopy(ApiRequest request)
    {
        if (ledger.Find(request.PathParameter("backup_id")) is not { } backup) return ApiResponse.NotFound();
        if (!ledger.AbortCopy(backup, request.Now))
            return ApiResponse.Detail(412, "No copy to S3 of this backup is running; there is nothing to abort.", "nothing_to_abort");
        return request.Operation.SuccessType == null
            ? ApiResponse.Empty(request.Operation.SuccessStatus)
            : ApiResponse.Json(request.Operation.SuccessStatus, new JObject { ["aborted"] = new JArray("copy_to_s3") });
    }

    ApiResponse Images(ApiRequest request, Func<Record, Record, IEnumerable<JObject>> build)
    {
        var backupId = request.PathParameter("backup_id")!;
        if (ledger.Find(backupId) is not { } backup
            || Store.FindCollection(BackupLedger.SnapshotsPath(backupId, "instances"))?.Get(request.PathParameter("snapshot_id")!) is not { } instance)
            return ApiResponse.NotFound();
        var records = build(instance, backup).Select(row => new Record(Json.ScalarText(row["id"]) ?? "", row)).ToList();
        return Generic.RespondList(request, records);
    }

    /// <summary>7.43, with its filters: exact_match=true keeps the exact match only; aws_region must equal the image's region.</summary>
    ApiResponse SimilarImages(ApiRequest request)
    {
        var exact = request.QueryValue("exact_match") is { } text && text.ToLowerInvariant() is "true" or "1";
        var region = request.QueryValue("aws_region");
        return Images(request, (instance, _) => InstanceImages.Similar(instance).Where(image =>
            (!exact || (string?)image["match_type"] == "E") && (string.IsNullOrEmpty(region) || (string?)image["aws_region"] == region)));
    }
}
