using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Resources.Policies;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Backups;

/// <summary>
/// Backup records (chapter 7): the list with every documented filter, logs that grow with the backup, and
/// the clock-driven status of running backups. Snapshots and the freezer have handlers of their own.
/// </summary>
sealed class BackupsHandler : ResourceHandler
{
    readonly BackupLedger ledger;

    public BackupsHandler(ResourceContext context, BackupLedger ledger) : base(context) => this.ledger = ledger;

    public override void Register(HandlerRegistry registry)
    {
        BackupFilters.Register(Generic.Customize(BackupLedger.CollectionPath), ledger);
        registry.On("GET", "/api/backups/{id}/logs/", Logs);
    }

    /// <summary>Running backups move on with the clock; a call below /api/backups/{id}/ needs that backup's snapshot records.</summary>
    public override void BeforeCall(ApiRequest request)
    {
        ledger.Advance(Context.Clock.GetUtcNow());
        var segments = request.Match.Segments;
        if (segments.Length > 3 && segments[1] == "backups") ledger.Materialize(segments[2]);
    }

    /// <summary>The control API's {"backup": id, "copy": true|false} (caller holds the store lock); null when the backup has no copy to S3.</summary>
    public JObject? SetCopyRunning(string backupId, bool running)
    {
        ledger.Advance(Context.Clock.GetUtcNow());
        ledger.Materialize(backupId);
        return ledger.SetCopyRunning(backupId, running);
    }

    ApiResponse Logs(ApiRequest request)
    {
        if (ledger.Find(request.PathParameter("id")) is not { } backup) return ApiResponse.NotFound();
        return LogResponse.Respond(request, BackupLogs.For(backup, ledger.Run(backup.Id), Context.Clock.GetUtcNow()));
    }

    public override void Seed(SeedContext seed)
    {
        ledger.Clear();
        BackupSeedData.Seed(ledger, seed, Generic.Records(PoliciesHandler.CollectionPath));
    }
}
