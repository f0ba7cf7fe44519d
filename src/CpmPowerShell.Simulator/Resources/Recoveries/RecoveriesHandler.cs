using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using CpmPowerShell.Simulator.Resources.Backups;
using CpmPowerShell.Simulator.Resources.Policies;

namespace CpmPowerShell.Simulator.Resources.Recoveries;

/// <summary>
/// Recovering from a backup's snapshot records of every kind (7.12-7.68) and the recovery records (chapter
/// 14). A recovery needs a backup that ended well (B, A or S) and a snapshot that succeeded and was not
/// deleted; a recovery from S3 (7.45, 7.68) needs a finished copy in S3 instead. Otherwise the answer is
/// 412 without a body, as documented.
/// </summary>
sealed class RecoveriesHandler : ResourceHandler
{
    readonly BackupLedger backups;
    readonly RecoveryLedger ledger;

    public RecoveriesHandler(ResourceContext context, BackupLedger backups, RecoveryLedger ledger) : base(context)
    {
        this.backups = backups;
        this.ledger = ledger;
    }

    /// <summary>The snapshot kinds with a recover endpoint, and their recovery_type codes.</summary>
    static readonly (string Kind, char Type)[] Recoverable =
    {
        ("instances", 'I'), ("volumes", 'V'), ("dr_volumes", 'V'), ("efs", 'E'), ("dr_efs", 'E'), ("rds_clusters", 'A'), ("dr_rds_clusters", 'A'),
        ("rds_databases", 'R'), ("dr_rds_databases", 'R'), ("redshift_clusters", 'C'), ("dynamodb_tables", 'D'),
    };

    public override void Register(HandlerRegistry registry)
    {
        foreach (var (kind, type) in Recoverable)
        {
            var path = $"/api/backups/{{backup_id}}/snapshots/{kind}/{{snapshot_record_id}}/recover/";
            registry.Validate("POST", path, Rules);
            registry.On("POST", path, request => Recover(request, kind, type, fromS3: false));
        }
        foreach (var (kind, type) in new[] { ("instances", 'I'), ("volumes", 'V') })
        {
            var path = $"/api/backups/{{backup_id}}/snapshots/{kind}/{{snapshot_record_id}}/recover_from_s3/";
            registry.Validate("POST", path, Rules);
            registry.On("POST", path, request => Recover(request, kind, type, fromS3: true));
        }
        registry.On("DELETE", "/api/recoveries/{id}/", Delete);
        registry.On("GET", "/api/recoveries/{id}/logs/", Logs);
        registry.On("POST", "/api/recoveries/{recovery_id}/recover_from_s3/abort/", Abort);
    }

    public override void BeforeCall(ApiRequest request) => ledger.Advance(Context.Clock.GetUtcNow());

    static void Rules(ApiRequest request, ValidationErrors errors)
    {
        RecoveryRules.Check(request, errors);
        if (request.Body["num_instances_to_recover"] is { Type: Newtonsoft.Json.Linq.JTokenType.Integer } count && (long)count < 1)
            errors.Add("num_instances_to_recover", "Ensure this value is greater than or equal to 1.", "min_value");
    }

    ApiResponse Recover(ApiRequest request, string kind, char type, bool fromS3)
    {
        var backupId = request.PathParameter("backup_id")!;
        var snapshotId = request.PathParameter("snapshot_record_id")!;
        if (backups.Find(backupId) is not { } backup
            || Store.FindCollection(BackupLedger.SnapshotsPath(backupId, kind))?.Get(snapshotId) is not { } snapshot)
            return ApiResponse.NotFound();
        var usable = fromS3
            ? BackupLedger.HasS3Copy(backup)
            : BackupRun.IsRecoverable(((string?)backup["status"] ?? "").FirstOrDefault()) && backups.SnapshotUsable(backupId, kind, snapshotId);
        if (!usable) return ApiResponse.Empty(412);

        var count = type == 'I' ? (int?)request.Body["num_instances_to_recover"] ?? 1 : 1;
        // RDS, Redshift and DynamoDB recoveries name the new resource; the others get a new AWS id.
        var newName = (string?)request.Body["aws_resource_id"] ?? (string?)request.Body["aws_resource_name"];
        var now = Context.Clock.GetUtcNow();
        var record = ledger.Start(backup, type, (string?)snapshot["backed_up_resource_id"] ?? "", count, now, newName, fromS3);
        NoteRecovery(backup, now);
        return ApiResponse.JsonBytes(request.Operation.SuccessStatus, record.Utf8);
    }

    /// <summary>The policy's last_recovery_time follows its recoveries.</summary>
    void NoteRecovery(Record backup, DateTimeOffset time)
    {
        if (PoliciesHandler.Find(Store, Json.ScalarText(backup["policy"])) is not { } policy) return;
        policy.Data["last_recovery_time"] = Timestamps.Format(time);
        Store.FindCollection(PoliciesHandler.CollectionPath)!.Update(policy);
    }

    ApiResponse Delete(ApiRequest request)
    {
        var answer = Generic.Delete(request);
        if (answer.Status < 300) ledger.Forget(request.ItemId);
        return answer;
    }

    ApiResponse Logs(ApiRequest request)
    {
        if (ledger.Find(request.PathParameter("id")) is not { } recovery) return ApiResponse.NotFound();
        return LogResponse.Respond(request, RecoveryLogs.For(recovery, ledger.Run(recovery.Id), Context.Clock.GetUtcNow()));
    }

    /// <summary>14.5: only a recovery from S3 that is still going can be aborted; anything else is a 400 that says so.</summary>
    ApiResponse Abort(ApiRequest request)
    {
        if (ledger.Find(request.PathParameter("recovery_id")) is not { } recovery) return ApiResponse.NotFound();
        var s3 = (string?)recovery["s3_recover_status"]?["status"];
        if ((string?)recovery["status"] != "P" || s3 is not ("I" or "P"))
            return ValidationErrors.Single("non_field_errors", "This recovery is not a recovery from S3 in progress, so there is nothing to abort.", "invalid");
        ledger.Abort(recovery, Context.Clock.GetUtcNow());
        return ApiResponse.Empty(request.Operation.SuccessStatus);
    }

    /// <summary>Two ended recoveries for the demo history: one that worked and one that failed, from recent seeded backups.</summary>
    public override void Seed(SeedContext seed)
    {
        ledger.Clear();
        var recoverable = Generic.Records(BackupLedger.CollectionPath)
            .Where(b => (string?)b["status"] == "B" && backups.Run(b.Id)?.Targets.Count > 0)
            .TakeLast(2).ToList();
        for (var i = 0; i < recoverable.Count; i++)
        {
            var backup = recoverable[i];
            var run = backups.Run(backup.Id)!;
            var target = run.Targets[0];
            var start = run.End + TimeSpan.FromMinutes(1);
            if (start + TimeSpan.FromMinutes(4) > seed.Now) continue;
            ledger.AddFinished(backup, Recoverable.FirstOrDefault(r => r.Kind == target.Kind, (Kind: "", Type: 'V')).Type, target.ResourceId, start, TimeSpan.FromMinutes(4), i == 0 ? 'F' : 'R');
            NoteRecovery(backup, start);
        }
    }
}
