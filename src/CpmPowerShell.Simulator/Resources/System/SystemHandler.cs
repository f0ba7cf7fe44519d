using System.Globalization;
using System.Text;
using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using CpmPowerShell.Simulator.Resources.Backups;
using CpmPowerShell.Simulator.Resources.Policies;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.SystemInfo;

/// <summary>
/// Server facts (chapter 24 and a few settings downloads): the version this simulator speaks, the time
/// zones it knows, the server certificate it really uses, dashboard numbers counted from the simulator's own
/// policies and backups, the support logs as a real bzip2 archive, the enabled DR regions (16.1) and the
/// target resource types (19.1).
/// </summary>
sealed class SystemHandler : ResourceHandler
{
    const string TimeZonesPath = "/api/system/timezones/";
    const string RegionsPath = "/api/regions/";
    const string ResourceTypesPath = "/api/resource_types/";

    static readonly (string Region, string Display)[] Regions =
    {
        ("us-east-1", "US East (N. Virginia)"), ("us-east-2", "US East (Ohio)"), ("us-west-1", "US West (N. California)"),
        ("us-west-2", "US West (Oregon)"), ("eu-west-1", "EU (Ireland)"), ("eu-central-1", "EU (Frankfurt)"),
        ("ap-southeast-2", "Asia Pacific (Sydney)"),
    };

    /// <summary>The kinds of resource a policy can target (the policy target lists' segments).</summary>
    static readonly (string Name, string Label)[] ResourceTypes =
    {
        ("instances", "EC2 Instances"), ("volumes", "EBS Volumes"), ("rds_databases", "RDS Databases"),
        ("rds_clusters", "Aurora Clusters"), ("redshift_clusters", "Redshift Clusters"), ("dynamodb_tables", "DynamoDB Tables"),
        ("efs", "EFS File Systems"), ("s3syncs", "S3 Sync"),
    };

    /// <summary>Reading the zone database takes a few hundred milliseconds, so it is read once per process, when first asked.</summary>
    static readonly Lazy<(string Id, string DisplayName)[]> Zones = new(() =>
        TimeZoneInfo.GetSystemTimeZones().OrderBy(z => z.Id, StringComparer.Ordinal).Select(z => (z.Id, z.DisplayName)).ToArray());

    readonly BackupLedger backups;

    /// <summary>backups: to count the snapshots of seeded backups, whose records are made on first use.</summary>
    public SystemHandler(ResourceContext context, BackupLedger backups) : base(context) => this.backups = backups;

    public override void Register(HandlerRegistry registry)
    {
        registry.On("GET", "/api/system/version/", Version);
        registry.On("GET", "/api/settings/cpm_certificate/", Certificate);
        registry.On("GET", TimeZonesPath, TimeZones);
        registry.On("GET", "/api/system/dashboard/activity/", Activity);
        registry.On("GET", "/api/system/dashboard/state/", State);
        registry.On("GET", "/api/system/support_logs/", SupportLogs);
    }

    public override void Seed(SeedContext seed)
    {
        var id = 0;
        foreach (var (region, display) in Regions)
            Generic.Insert(RegionsPath, RegionsPath, new JObject { ["id"] = ++id, ["aws_region"] = region, ["disp_name"] = display }, 1, seed.Now);
        id = 0;
        foreach (var (name, label) in ResourceTypes)
            Generic.Insert(ResourceTypesPath, ResourceTypesPath, new JObject { ["id"] = ++id, ["name"] = name, ["label"] = label }, 1, seed.Now);
    }

    /// <summary>
    /// Backups (and their DR and S3 copies) of the caller that started at or after start_time (the last 24
    /// hours when not given), counted by outcome.
    /// </summary>
    ApiResponse Activity(ApiRequest request)
    {
        var since = request.Now.AddDays(-1);
        var text = request.QueryValue("start_time");
        if (text != null && !Timestamps.TryParse(text, out since))
            return ValidationErrors.Single("start_time", "Enter a valid date/time.", "invalid");
        var backups = Generic.Records(BackupLedger.CollectionPath).Where(b => Owned(request, b)
            && Timestamps.TryParse((string?)b.Data["start_time"], out var start) && start >= since).Select(b => b.Data).ToList();
        int Count(Func<JObject, bool> match) => backups.Count(match);
        static string? S3(JObject b) => (string?)b["s3_copy_status"]?["status"];
        return ApiResponse.Json(request.Operation.SuccessStatus, new JObject
        {
            ["backup_success_num"] = Count(b => (string?)b["status"] == "B"),
            ["backup_partial_num"] = Count(b => (string?)b["status"] is "A" or "S"),
            ["backup_fail_num"] = Count(b => (string?)b["status"] == "F"),
            ["backup_dr_success_num"] = Count(b => (string?)b["dr_status"] == "C"),
            ["backup_dr_partial_num"] = 0, // the simulator's DR copies either complete or fail
            ["backup_dr_fail_num"] = Count(b => (string?)b["dr_status"] == "F"),
            ["backup_s3_success_num"] = Count(b => S3(b) == "S"),
            ["backup_s3_partial_num"] = Count(b => S3(b) == "A"),
            ["backup_s3_fail_num"] = Count(b => S3(b) == "F"),
        });
    }

    /// <summary>The caller's policies, the accounts they use, their targets and the snapshots their backups hold.</summary>
    ApiResponse State(ApiRequest request)
    {
        var policies = Generic.Records(PoliciesHandler.CollectionPath).Where(p => Owned(request, p)).ToList();
        var accounts = policies.Select(p => Json.ScalarText(p.Data["account"])).Where(a => a != null)
            .Concat(Generic.Records("/api/accounts/").Where(a => Owned(request, a)).Select(a => a.Id)).Distinct().Count();
        int Targets(string kind) => policies.Sum(p => Store.FindCollection(PolicyTargetsHandler.PathOf(p.Id, kind))?.Count ?? 0);
        var ids = Generic.Records(BackupLedger.CollectionPath).Where(b => Owned(request, b)).Select(b => b.Id).ToList();
        foreach (var id in ids) backups.Materialize(id);
        int Snapshots(string kind) => ids.Sum(b => Store.FindCollection($"{BackupLedger.CollectionPath}{b}/snapshots/{kind}/")?.Count ?? 0);
        return ApiResponse.Json(request.Operation.SuccessStatus, new JObject
        {
            ["accounts_num"] = accounts,
            ["policies_num"] = policies.Count,
            ["protected_instances_num"] = Targets("instances"),
            ["protected_volumes_num"] = Targets("volumes"),
            ["protected_rds_db_num"] = Targets("rds_databases"),
            ["protected_rds_clus_num"] = Targets("rds_clusters"),
            ["protected_redshift_num"] = Targets("redshift_clusters"),
            ["protected_ddb_num"] = Targets("dynamodb_tables"),
            ["protected_efs_num"] = Targets("efs"),
            ["snapshots_volume_num"] = Snapshots("volumes"),
            ["snapshots_dr_volume_num"] = Snapshots("dr_volumes"),
            ["snapshots_rds_num"] = Snapshots("rds_databases"),
            ["snapshots_dr_rds_num"] = Snapshots("dr_rds_databases"),
            ["snapshots_rds_clus_num"] = Snapshots("rds_clusters"),
            ["snapshots_dr_rds_clus_num"] = Snapshots("dr_rds_clusters"),
            ["snapshots_redshift_num"] = Snapshots("redshift_clusters"),
            ["snapshots_ddb_num"] = Snapshots("dynamodb_tables"),
            ["snapshots_efs_num"] = Snapshots("efs"),
        });
    }

    static bool Owned(ApiRequest request, Record record) =>
        request.UserId == Auth.TokenEndpoints.RootUserId || (long?)record.Data["user"] == request.UserId;

    /// <summary>
    /// A real tar.bz2 of log files (24.3): the server log, the backup logs of the period asked for, and the
    /// system and worker logs when asked. Only root may download it (delegates are not simulated here).
    /// </summary>
    ApiResponse SupportLogs(ApiRequest request)
    {
        if (request.UserId != Auth.TokenEndpoints.RootUserId)
            return ApiResponse.Detail(403, "You do not have permission to perform this action.", "permission_denied");
        var period = request.QueryValue("collect_backup_logs_period") ?? "week";
        var days = period switch { "day" => 1, "week" => 7, "month" => 31, _ => -1 };
        if (days < 0) return ValidationErrors.Single("collect_backup_logs_period", "Use day, week or month.", "invalid");
        var backups = new StringBuilder();
        foreach (var backup in Generic.Records(BackupLedger.CollectionPath))
            if (Timestamps.TryParse((string?)backup.Data["start_time"], out var start) && start >= request.Now.AddDays(-days))
                backups.Append(CultureInfo.InvariantCulture, $"{Timestamps.Format(start)} backup {backup.Id} of policy {backup.Data["policy"]}: status {backup.Data["status"]}\n");
        var files = new Dictionary<string, string>
        {
            ["cpm_server.log"] = $"{Timestamps.Format(request.Now)} INFO CPM {Context.Options.CpmVersion} support logs collected (backup logs of the last {period})\n",
            ["backup_logs.log"] = backups.ToString(),
        };
        if (IsYes(request.QueryValue("collect_system_logs"))) files["apache_error.log"] = $"{Timestamps.Format(request.Now)} [notice] simulated web server started\n";
        if (IsYes(request.QueryValue("collect_worker_logs"))) files["s3_worker.log"] = $"{Timestamps.Format(request.Now)} INFO no S3 worker ran\n";
        if (IsYes(request.QueryValue("check_aws_permissions"))) files["aws_permissions.log"] = $"{Timestamps.Format(request.Now)} INFO every account has the permissions CPM needs\n";
        var name = $"cpm_support_logs_{request.Now.UtcDateTime:yyyyMMdd_HHmmss}.tar.bz2";
        return ApiResponse.File(request.Operation.SuccessStatus, "application/x-bzip2", FileContent.TarBz2(files, request.Now), name);
    }

    static bool IsYes(string? value) => value != null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1" || value.Equals("yes", StringComparison.OrdinalIgnoreCase));

    ApiResponse TimeZones(ApiRequest request)
    {
        if (Store.FindCollection(TimeZonesPath) is null or { Count: 0 })
            foreach (var (id, name) in Zones.Value)
                Generic.Insert(TimeZonesPath, TimeZonesPath, new JObject { ["id"] = id, ["display_name"] = name }, 1, request.Now);
        return Generic.List(request);
    }

    ApiResponse Version(ApiRequest request) => ApiResponse.Json(request.Operation.SuccessStatus, new JObject
    {
        ["api_version"] = Context.Model.Spec.Version,
        ["cpm_version"] = Context.Options.CpmVersion,
    });

    /// <summary>The PEM of the certificate this server presents (what a client would pin).</summary>
    ApiResponse Certificate(ApiRequest request) =>
        ApiResponse.File(request.Operation.SuccessStatus, "application/x-pem-file",
            System.Text.Encoding.ASCII.GetBytes(Context.CertificatePem), "cpm_certificate.pem");
}
