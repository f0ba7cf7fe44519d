using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using CpmPowerShell.Simulator.Resources.Policies;
using CpmPowerShell.Simulator.Resources.Users;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Backups;

/// <summary>
/// Backup records and the runs behind them, shared by the policy, backup and recovery areas: starts
/// backups, moves running ones along with the clock, makes snapshot records, deletes snapshots and
/// freezes records. Callers hold the store lock.
/// </summary>
sealed class BackupLedger
{
    public const string CollectionPath = "/api/backups/";
    const string SnapshotIds = "#backup-snapshots";
    const string TrackerIds = "#backup-trackers";
    /// <summary>Tracker ids start above 1000 so a client that mixes up tracker and backup ids finds out at once.</summary>
    const long TrackerOffset = 1000;
    /// <summary>The target kinds that make snapshots (an S3 sync copies objects and leaves no snapshot record).</summary>
    static readonly string[] TargetKinds = PolicyTargetsHandler.Kinds.Where(kind => kind != "s3syncs").ToArray();

    readonly ResourceContext context;
    readonly Dictionary<string, BackupRun> runs = new(StringComparer.Ordinal);
    /// <summary>Runs not yet at their final status: the only ones the clock can change.</summary>
    readonly List<BackupRun> running = new();
    /// <summary>Policies with a backup already (an initial AMI is taken by the first backup only).</summary>
    readonly HashSet<string> backedUp = new(StringComparer.Ordinal);

    public BackupLedger(ResourceContext context) => this.context = context;

    DataStore Store => context.Store;
    GenericOperations Generic => context.Generic;

    /// <summary>"/api/backups/7/snapshots/" or, with a kind, "/api/backups/7/snapshots/volumes/".</summary>
    public static string SnapshotsPath(string backupId, string? kind = null) =>
        $"{CollectionPath}{backupId}/snapshots/" + (kind == null ? "" : kind + "/");

    public BackupRun? Run(string backupId) => runs.GetValueOrDefault(backupId);

    public Record? Find(string? id) => id == null ? null : Store.FindCollection(CollectionPath)?.Get(id);

    public IReadOnlyList<Record> Records => Generic.Records(CollectionPath);

    /// <summary>Forgets every run (the store was just cleared for new seed data).</summary>
    public void Clear()
    {
        runs.Clear();
        running.Clear();
        backedUp.Clear();
        Store.SeenId(TrackerIds, TrackerOffset);
    }

    public bool IsRunning(string policyId) => running.Exists(r => r.PolicyId == policyId);

    /// <summary>The policy's targets that make snapshots, as they are now (instances first, then volumes, then the other kinds).</summary>
    public IReadOnlyList<BackupTarget> TargetsOf(string policyId) =>
        TargetKinds.SelectMany(kind => Generic.Records(PolicyTargetsHandler.PathOf(policyId, kind))
            .Select(t => new BackupTarget(kind, (JObject)t.Data.DeepClone()))).ToList();

    /// <summary>Starts a backup of a policy now; answers its tracker id.</summary>
    public long Start(Record policy, DateTimeOffset now)
    {
        var run = Add(policy, TargetsOf(policy.Id), now, context.Runs.BackupDuration, context.Runs.BackupOutcome(policy.Id), 'I', out var record);
        running.Add(run);
        Materialize(run.Id);
        Advance(now); // a zero duration ends at once
        return (long)record["tracker_id"]!;
    }

    /// <summary>Stores a backup that has already ended (seed data).</summary>
    public Record AddFinished(Record policy, IReadOnlyList<BackupTarget> targets, DateTimeOffset start, TimeSpan duration, char final)
    {
        Add(policy, targets, start, duration, final, final, out var record);
        return record;
    }

    BackupRun Add(Record policy, IReadOnlyList<BackupTarget> targets, DateTimeOffset start, TimeSpan duration, char final, char status, out Record record)
    {
        var id = Store.NextId(CollectionPath);
        var options = PolicyOptions.Of(Store, policy.Id);
        var entries = SnapshotPlan.For(targets, options.DrRegions, backedUp.Add(policy.Id), options.CopyToS3);
        var first = Store.NextId(SnapshotIds);
        if (entries.Count > 1) Store.SeenId(SnapshotIds, first + entries.Count - 1);
        var run = new BackupRun
        {
            Id = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            PolicyId = policy.Id,
            PolicyName = (string?)policy["name"],
            Username = UsersHandler.Username(Store, policy["user"]),
            AccountId = Json.ScalarText(policy["account"]),
            Start = start,
            Duration = duration,
            Final = final,
            Targets = targets,
            FirstSnapshotId = first,
            Entries = entries,
            Dr = options.DrRegions.Count > 0,
            CopyToS3 = options.CopyToS3,
            RepositoryId = options.RepositoryId,
            Scripts = options.Scripts,
            ScriptOutput = options.ScriptOutput,
            Applied = status,
        };
        var data = BackupRecords.Create(context.Model.Schema(CollectionPath)!, id, policy, run, status, Store.NextId(TrackerIds));
        if (run.Dr) data["dr_regions"] = string.Join(",", options.DrRegions);
        record = Store.Collection(CollectionPath, CollectionPath).Add(new Record(run.Id, data));
        runs[run.Id] = run;
        return run;
    }

    /// <summary>Brings the records of running backups up to the clock; finished ones leave the running list.</summary>
    public void Advance(DateTimeOffset now)
    {
        for (var i = running.Count - 1; i >= 0; i--)
        {
            var run = running[i];
            var record = Find(run.Id);
            var status = run.StatusAt(now);
            if (record != null && status != run.Applied) Write(record, run, status);
            if (record == null || !BackupRun.IsRunning(status)) running.RemoveAt(i);
        }
    }

    /// <summary>Writes a status to the record and to the snapshot views that show one.</summary>
    void Write(Record record, BackupRun run, char status)
    {
        BackupRecords.Apply(record.Data, run, status);
        Store.FindCollection(CollectionPath)!.Update(record);
        run.Applied = status;
        if (!run.Materialized) return;
        for (var i = 0; i < run.Entries.Count; i++)
        {
            var entry = run.Entries[i];
            foreach (var path in entry.InGeneralList ? new[] { SnapshotsPath(run.Id), SnapshotsPath(run.Id, entry.Kind) } : new[] { SnapshotsPath(run.Id, entry.Kind) })
                if (Store.FindCollection(path) is { } collection && collection.Get(SnapshotId(run, i)) is { } snapshot)
                {
                    SnapshotFactory.ApplyStatus(snapshot.Data, run, entry, status);
                    collection.Update(snapshot);
                }
        }
    }

    /// <summary>The copy to S3 of a backup changed (started, finished or aborted through the control API, or deleted): the record and the copies say so.</summary>
    void WriteCopy(Record record, BackupRun run) => Write(record, run, run.Applied);

    static string SnapshotId(BackupRun run, int index) =>
        (run.FirstSnapshotId + index).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Makes a backup's snapshot records and script logs if they are not there yet (seeded backups get them on first use).</summary>
    public void Materialize(string backupId)
    {
        if (runs.GetValueOrDefault(backupId) is not { Materialized: false } run) return;
        run.Materialized = true;
        for (var i = 0; i < run.Entries.Count; i++)
        {
            var entry = run.Entries[i];
            var target = run.Targets[entry.Target];
            var id = run.FirstSnapshotId + i;
            var data = entry.Kind switch
            {
                "instances" => SnapshotFactory.Instance(run, target),
                "volumes" => SnapshotFactory.Volume(run, target, id),
                _ => SnapshotFactory.Other(run, entry, target, id),
            };
            if (entry.InGeneralList) InsertSnapshot(run, i, null, entry.Kind is "instances" or "volumes" ? SnapshotFactory.General(run, target) : (JObject)data.DeepClone());
            InsertSnapshot(run, i, entry.Kind, data);
        }
        if (run.Scripts) ScriptLogs.Insert(context.Generic, run);
    }

    void InsertSnapshot(BackupRun run, int index, string? kind, JObject data)
    {
        var id = run.FirstSnapshotId + index;
        // The control API may have stored a record with this id first; that one stays.
        if (Store.FindCollection(SnapshotsPath(run.Id, kind))?.Get(id.ToString(System.Globalization.CultureInfo.InvariantCulture)) != null) return;
        data["id"] = id;
        SnapshotFactory.ApplyStatus(data, run, run.Entries[index], run.Applied);
        var shape = "/api/backups/{}/snapshots/" + (kind == null ? "" : kind + "/");
        Generic.Insert(SnapshotsPath(run.Id, kind), shape, data, 1, run.Start);
    }

    /// <summary>
    /// 7.6: every snapshot of an ended backup is deleted; the record says so (D, or M when a copy in S3 is
    /// left) and cannot be recovered from any more.
    /// </summary>
    public void DeleteSnapshots(Record backup, DateTimeOffset at, char status = 'D')
    {
        if (runs.GetValueOrDefault(backup.Id) is { } run)
        {
            run.SnapshotsDeletedAt ??= at;
            run.DeletedStatus = status;
            Write(backup, run, status);
            return;
        }
        // A record stored through the control API: mark what is there.
        foreach (var path in SnapshotPlan.Kinds.Select(kind => SnapshotsPath(backup.Id, kind)).Prepend(SnapshotsPath(backup.Id)))
            foreach (var snapshot in Generic.Records(path))
                if (snapshot["deletion_time"]?.Type is null or JTokenType.Null) MarkDeleted(path, snapshot, at);
        backup.Data["status"] = status.ToString();
        backup.Data["is_recoverable"] = false;
        backup.Data["move_to_freezer_enabled"] = false;
        Store.FindCollection(CollectionPath)!.Update(backup);
    }

    /// <summary>
    /// 13.13-13.15: the snapshots of every backup of a policy (freezer items excepted, as they are kept on
    /// purpose). With <paramref name="keepS3Copies"/> (13.14) only native snapshots go: a backup already
    /// moved to S3 (M, G) stays as it is and one with a finished copy in S3 becomes M; otherwise S3 and
    /// Glacier copies go too and every backup becomes D. Refused (false, nothing changed) while a backup of
    /// the policy runs, as for one backup (7.6).
    /// </summary>
    public bool DeletePolicySnapshots(string policyId, bool keepS3Copies, DateTimeOffset at)
    {
        var backups = Records.Where(r => Json.ScalarText(r["policy"]) == policyId && (bool?)r["is_freezer_item"] != true).ToList();
        if (backups.Exists(b => BackupRun.IsRunning(StatusOf(b)))) return false;
        foreach (var backup in backups)
        {
            var status = StatusOf(backup);
            if (keepS3Copies)
            {
                if (status is not ('M' or 'G' or 'D')) DeleteSnapshots(backup, at, HasS3Copy(backup) ? 'M' : 'D');
                continue;
            }
            if (status != 'D') DeleteSnapshots(backup, at);
            MarkCopyDeleted(backup, "s3_copy_status");
            MarkCopyDeleted(backup, "glacier_archive_status");
        }
        return true;
    }

    static char StatusOf(Record backup) => ((string?)backup["status"] ?? "").FirstOrDefault();

    /// <summary>A copy in S3 that finished (completed, all valid targets copied, or partly copied).</summary>
    public static bool HasS3Copy(Record backup) => (string?)backup["s3_copy_status"]?["status"] is "S" or "V" or "R";

    /// <summary>A copy that was ever started says its snapshots were deleted (D).</summary>
    void MarkCopyDeleted(Record backup, string field)
    {
        if (backup[field] is not JObject copy || (string?)copy["status"] is null or "Z" or "D") return;
        if (field == "s3_copy_status" && runs.GetValueOrDefault(backup.Id) is { CopyToS3: true } run)
        {
            run.CopyDeleted = true;
            WriteCopy(backup, run);
            return;
        }
        copy["status"] = "D";
        Store.FindCollection(CollectionPath)!.Update(backup);
    }

    /// <summary>
    /// The control API's {"backup": 7, "copy": true}: the backup's copy to S3 runs (true) or has finished
    /// (false). Null when the backup has no copy to S3 (not found, or its policy does not copy to S3).
    /// </summary>
    public JObject? SetCopyRunning(string backupId, bool running)
    {
        if (Find(backupId) is not { } backup || runs.GetValueOrDefault(backupId) is not { CopyToS3: true } run) return null;
        run.CopyRunning = running;
        if (running) run.CopyAbortedAt = null;
        WriteCopy(backup, run);
        return (JObject)backup["s3_copy_status"]!.DeepClone();
    }

    /// <summary>7.2: stops a copy to S3 that runs (false when none does); the copy says Aborted.</summary>
    public bool AbortCopy(Record backup, DateTimeOffset at)
    {
        if (runs.GetValueOrDefault(backup.Id) is not { CopyRunning: true } run) return false;
        run.CopyRunning = false;
        run.CopyAbortedAt = at;
        WriteCopy(backup, run);
        return true;
    }

    /// <summary>
    /// 7.66 and the delete of every other kind: one snapshot record is deleted (false when there is no such
    /// live record); its general view too; the last one makes the backup D.
    /// </summary>
    public bool DeleteSnapshot(Record backup, string kind, string snapshotId, DateTimeOffset at)
    {
        var kindPath = SnapshotsPath(backup.Id, kind);
        if (Store.FindCollection(kindPath)?.Get(snapshotId) is not { } snapshot || IsDeleted(snapshot)) return false;
        MarkDeleted(kindPath, snapshot, at);
        if (Store.FindCollection(SnapshotsPath(backup.Id))?.Get(snapshotId) is { } general) MarkDeleted(SnapshotsPath(backup.Id), general, at);
        var all = Generic.Records(SnapshotsPath(backup.Id)) is { Count: > 0 } views ? views : Generic.Records(kindPath);
        if (all.All(IsDeleted)) DeleteSnapshots(backup, at);
        return true;
    }

    public static bool IsDeleted(Record snapshot) => snapshot["deletion_time"]?.Type is { } type && type != JTokenType.Null;

    void MarkDeleted(string path, Record snapshot, DateTimeOffset at)
    {
        snapshot.Data["deletion_time"] = Timestamps.Format(at);
        Store.FindCollection(path)!.Update(snapshot);
    }

    /// <summary>
    /// Whether a snapshot record can be recovered from: it exists, was not deleted and did not fail. The
    /// general view carries both facts; records stored through the control API may only have their own view.
    /// </summary>
    public bool SnapshotUsable(string backupId, string kind, string snapshotId)
    {
        var snapshot = Store.FindCollection(SnapshotsPath(backupId))?.Get(snapshotId)
            ?? Store.FindCollection(SnapshotsPath(backupId, kind))?.Get(snapshotId);
        return snapshot != null && !IsDeleted(snapshot) && (bool?)snapshot["succeeded"] != false;
    }

    /// <summary>7.69: the record becomes a freezer item under a name of its own.</summary>
    public void Freeze(Record backup, string name, string description, DateTimeOffset at)
    {
        backup.Data["is_freezer_item"] = true;
        backup.Data["name"] = name;
        backup.Data["description"] = description;
        backup.Data["move_to_freezer_enabled"] = false;
        Store.FindCollection(CollectionPath)!.Update(backup);
        if (runs.GetValueOrDefault(backup.Id) is { } run)
        {
            run.FrozenAt = at;
            run.FrozenName = name;
        }
    }

    /// <summary>A deleted policy takes its backups with it, except freezer items (they are kept on purpose).</summary>
    public void RemovePolicy(string policyId)
    {
        var removed = Store.FindCollection(CollectionPath)?.RemoveWhere(r =>
            Json.ScalarText(r["policy"]) == policyId && (bool?)r["is_freezer_item"] != true);
        foreach (var record in removed ?? new List<Record>()) Forget(record.Id);
    }

    /// <summary>Drops the run of a deleted record.</summary>
    public void Forget(string backupId)
    {
        if (runs.Remove(backupId, out var run)) running.Remove(run);
    }

    /// <summary>
    /// The resources of one kind a backup covered (AWS id and name), for the search_by_* filters: from the
    /// run while its snapshot records are not made yet, else from the records.
    /// </summary>
    public IEnumerable<(string? Id, string? Name)> BackedUp(string backupId, string kind) =>
        runs.GetValueOrDefault(backupId) is { Materialized: false } run
            ? run.Targets.Where(t => t.Kind == kind).Select(t => ((string?)t.ResourceId, t.Name))
            : Generic.Records(SnapshotsPath(backupId, kind)).Select(s => ((string?)s["backed_up_resource_id"], (string?)s["backed_up_resource_name"]));
}
