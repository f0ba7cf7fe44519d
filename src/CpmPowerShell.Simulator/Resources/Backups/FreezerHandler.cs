using System.Text.RegularExpressions;
using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Backups;

/// <summary>
/// The freezer: moving an ended, recoverable backup there under a name (7.69), renaming and deleting freezer
/// records (7.71, 7.72; other records are refused with a 400 that says why) and the freezer list (12.1).
/// </summary>
sealed partial class FreezerHandler : ResourceHandler
{
    readonly BackupLedger ledger;

    public FreezerHandler(ResourceContext context, BackupLedger ledger) : base(context) => this.ledger = ledger;

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex NamePattern();

    public override void Register(HandlerRegistry registry)
    {
        registry.Validate("POST", "/api/backups/{backup_id}/to_freezer/", NameRules);
        registry.On("POST", "/api/backups/{backup_id}/to_freezer/", ToFreezer);
        registry.Validate("PUT", "/api/backups/{id}/", NameRules);
        registry.On("PUT", "/api/backups/{id}/", Update);
        registry.On("DELETE", "/api/backups/{id}/", Delete);
        registry.On("GET", "/api/freezer/", List);
    }

    static void NameRules(ApiRequest request, ValidationErrors errors)
    {
        if ((string?)request.Body["name"] is { Length: > 0 } name && !NamePattern().IsMatch(name))
            errors.Invalid("name", "Name can contain only letters, digits, underscores and dashes.");
    }

    static bool IsFrozen(Record backup) => (bool?)backup["is_freezer_item"] == true;

    static ApiResponse Refuse(string message) => ValidationErrors.Single("non_field_errors", message, "invalid");

    ApiResponse ToFreezer(ApiRequest request)
    {
        if (ledger.Find(request.PathParameter("backup_id")) is not { } backup) return ApiResponse.NotFound();
        if (IsFrozen(backup)) return Refuse("This backup is already in the freezer.");
        if (!BackupRun.IsRecoverable(((string?)backup["status"] ?? "").FirstOrDefault()))
            return Refuse("Only a backup that ended successfully or partly successfully (status B, A or S) can be moved to the freezer.");
        ledger.Freeze(backup, (string)request.Body["name"]!, (string)request.Body["description"]!, request.Now);
        // The answer has the documented shape, a subset of the record.
        var answer = new JObject();
        foreach (var property in request.Operation.SuccessType!.Schema!.Properties)
            answer[property.Name] = backup[property.Name]?.DeepClone();
        return ApiResponse.Json(request.Operation.SuccessStatus, answer);
    }

    ApiResponse Update(ApiRequest request)
    {
        var backup = Generic.Find(request)!;
        if (!IsFrozen(backup)) return Refuse("Only freezer records can be updated; move the backup to the freezer first.");
        Generic.Apply(request, backup, request.Body);
        return Generic.RespondRecord(request, backup);
    }

    ApiResponse Delete(ApiRequest request)
    {
        if (Generic.Find(request) is not { } backup) return ApiResponse.NotFound();
        if (!IsFrozen(backup)) return Refuse("Only freezer records can be deleted; a policy's backups go with its retention or its deletion.");
        ledger.Forget(backup.Id);
        return Generic.Delete(request);
    }

    /// <summary>12.1: the freezer items among the backup records, with the freezer list's filters, search and ordering.</summary>
    ApiResponse List(ApiRequest request)
    {
        var frozen = Generic.Records(BackupLedger.CollectionPath).Where(IsFrozen).ToList();
        return Generic.RespondList(request, ListQuery.Apply(request, frozen, request.Info.Schema, null, null));
    }
}
