using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using CpmPowerShell.Simulator.Resources.Backups;
using CpmPowerShell.Simulator.Resources.Policies;

namespace CpmPowerShell.Simulator.Resources.Recoveries;

/// <summary>
/// Recovering an instance or volume from a backup (7.44, 7.67) and the recovery records (chapter 14). A
/// recovery needs a backup that ended well (B, A or S) and a snapshot that succeeded and was not deleted;
/// otherwise the answer is 412 without a body, as documented.
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

    public override void Register(HandlerRegistry registry)
    {
        registry.Validate("POST", "/api/backups/{backup_id}/snapshots/instances/{snapshot_record_id}/recover/", CountRules);
        registry.On("POST", "/api/backups/{backup_id}/snapshots/instances/{snapshot_record_id}/recover/", request => Recover(request, "instances", 'I'));
        registry.On("POST", "/api/backups/{backup_id}/snapshots/volumes/{snapshot_record_id}/recover/", request => Recover(request, "volumes", 'V'));
        registry.On("DELETE", "/api/recoveries/{id}/", Delete);
        registry.On("GET", "/api/recoveries/{id}/logs/", Logs);
        registry.On("POST", "/api/recoveries/{recovery_id}/recover_from_s3/abort/", Abort);
    }

    public override void BeforeCall(ApiRequest request) => ledger.Advance(Context.Clock.GetUtcNow());

    static void CountRules(ApiRequest request, ValidationErrors errors)
    {
        if (request.Body["num_instances_to_recover"] is { Type: Newtonsoft.Json.Linq.JTokenType.Integer } count && (long)count < 1)
            errors.Add("num_instances_to_recover", "Ensure this value is greater than or equal to 1.", "min_value");
    }

    ApiResponse Recover(ApiRequest request, string kind, char type)
    {
        var backupId = request.PathParameter("backup_id")!;
        var snapshotId = request.PathParameter("snapshot_record_id")!;
        if (backups.Find(backupId) is not { } backup
            || Store.FindCollection(BackupLedger.SnapshotsPath(backupId, kind))?.Get(snapshotId) is not { } snapshot)
            return ApiResponse.NotFound();
        if (!BackupRun.IsRecoverable(((string?)backup["status"] ?? "").FirstOrDefault()) || !backups.SnapshotUsable(backupId, kind, snapshotId))
            return ApiResponse.Empty(412);

        var count = type == 'I' ? (int?)request.Body["num_instances_to_recover"] ?? 1 : 1;
        var now = Context.Clock.GetUtcNow();
        var record = ledger.Start(backup, type, (string?)snapshot["backed_up_resource_id"] ?? "", count, now);
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
            ledger.AddFinished(backup, target.IsInstance ? 'I' : 'V', target.ResourceId, start, TimeSpan.FromMinutes(4), i == 0 ? 'F' : 'R');
            NoteRecovery(backup, start);
        }
    }
}
