using System.Text.RegularExpressions;
using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using CpmPowerShell.Simulator.Resources.Backups;
using CpmPowerShell.Simulator.Resources.Policies;
using CpmPowerShell.Simulator.Resources.Users;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Accounts;

/// <summary>
/// CPM accounts (chapter 4). Backup and DR accounts are kept in their own collections with one id counter,
/// so /api/accounts/ (all accounts) is a view of both. Secrets (the AWS secret key, a role's external id) are
/// write-only: checked, remembered as "given", never stored in a record nor echoed. Permission checks answer
/// per account from what POST /_sim/aws-permissions says is missing; clone VPC writes a log.
/// </summary>
sealed partial class AccountsHandler : ResourceHandler
{
    public const string AllPath = "/api/accounts/";
    public const string BackupPath = "/api/accounts/backup/";
    public const string DrPath = "/api/accounts/dr/";

    /// <summary>What a permission check looks at, by group; a DR account is checked for the DR group too.</summary>
    static readonly (string Group, string Permission)[] Checks =
    {
        ("Backup", "ec2:DescribeInstances"), ("Backup", "ec2:DescribeVolumes"), ("Backup", "ec2:CreateSnapshot"),
        ("Backup", "ec2:CreateTags"), ("Backup", "ec2:DeleteSnapshot"), ("Recovery", "ec2:RunInstances"),
        ("Recovery", "ec2:CreateVolume"), ("Recovery", "ec2:AttachVolume"), ("DR", "ec2:CopySnapshot"),
    };

    readonly BackupLedger backups;
    /// <summary>Per account id: the AWS permissions the permission check reports as missing.</summary>
    readonly Dictionary<string, List<string>> missing = new(StringComparer.Ordinal);
    /// <summary>Per account id: the log of its last VPC clone, and the clone's parameters (for the log's filters).</summary>
    readonly Dictionary<string, (JObject Clone, List<JObject> Log)> clones = new(StringComparer.Ordinal);

    public AccountsHandler(ResourceContext context, BackupLedger backups) : base(context) => this.backups = backups;

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountNumberPattern();

    /// <summary>An IAM role name (not an ARN: the guide asks for the name only).</summary>
    [GeneratedRegex(@"^[\w+=,.@-]{1,64}$")]
    private static partial Regex RoleNamePattern();

    [GeneratedRegex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$")]
    private static partial Regex RegionPattern();

    public override void Register(HandlerRegistry registry)
    {
        foreach (var (path, dr) in new[] { (BackupPath, false), (DrPath, true) })
        {
            registry.Validate("POST", path, (request, errors) => Rules(request, errors, null));
            registry.On("POST", path, request => Create(request, path, dr));
            registry.Validate("PUT", path + "{id}/", (request, errors) => Rules(request, errors, Find(request.PathParameter("id"), path)));
            registry.On("PUT", path + "{id}/", request => Update(request, path));
            registry.On("DELETE", path + "{id}/", request => Delete(Find(request.PathParameter("id"), path)));
            registry.On("DELETE", path + "{id}/snapshots/", request => DeleteSnapshots(request, Find(request.PathParameter("id"), path)));
            registry.On("GET", path + "{id}/check_aws_permissions/", request => CheckPermissions(request, Find(request.PathParameter("id"), path), csv: false));
            registry.On("GET", path + "{id}/check_aws_permissions/download/", request => CheckPermissions(request, Find(request.PathParameter("id"), path), csv: true));
        }
        registry.On("GET", AllPath, ListAll);
        registry.On("GET", AllPath + "{id}/", request => Find(request.PathParameter("id")) is { } record
            ? ApiResponse.Json(200, AsAccount(record.Data)) : ApiResponse.NotFound());
        registry.On("DELETE", AllPath + "{id}/", request => Delete(Find(request.PathParameter("id"))));
        registry.On("DELETE", AllPath + "{id}/snapshots/", request => DeleteSnapshots(request, Find(request.PathParameter("id"))));
        registry.Validate("POST", BackupPath + "{id}/clone_vpc/", CloneRules);
        registry.On("POST", BackupPath + "{id}/clone_vpc/", CloneVpc);
        registry.On("GET", BackupPath + "{id}/clone_vpc_log/", CloneLog);
    }

    /// <summary>An account by id: in one collection, or (collection null) in either.</summary>
    public Record? Find(string? id, string? collection = null) =>
        id == null ? null
        : collection != null ? Store.FindCollection(collection)?.Get(id)
        : Store.FindCollection(BackupPath)?.Get(id) ?? Store.FindCollection(DrPath)?.Get(id);

    IEnumerable<Record> All => Generic.Records(BackupPath).Concat(Generic.Records(DrPath));

    /// <summary>
    /// Rules beyond the schema: the name pattern and uniqueness, the owner, and what each kind of
    /// authentication needs (current is null on create; on update, fields left out keep their values).
    /// </summary>
    void Rules(ApiRequest request, ValidationErrors errors, Record? current)
    {
        var body = request.Body;
        string? Text(string field) => body.TryGetValue(field, out var value) ? Json.ScalarText(value) : Json.ScalarText(current?[field]);

        if (body["name"] is { } nameToken)
        {
            var name = (string?)nameToken ?? "";
            if (!NamePattern().IsMatch(name)) errors.Invalid("name", "Name can only contain alphanumeric characters, underscore and dash.");
            else if (All.Any(a => a.Id != current?.Id && string.Equals((string?)a["name"], name, StringComparison.OrdinalIgnoreCase)))
                errors.Add("name", "An account with this name already exists.", "unique");
        }
        if (body["user"] is { } user && UsersHandler.Find(Store, Json.ScalarText(user) ?? "") == null)
            errors.Invalid("user", $"Invalid pk \"{Json.ScalarText(user)}\" - object does not exist.");
        if (Text("account_number") is { Length: > 0 } number && !AccountNumberPattern().IsMatch(number))
            errors.Invalid("account_number", "Account number must be 12 digits.");

        var authentication = Text("authentication");
        var accessKey = Text("aws_access_key");
        var secretGiven = body["aws_secret_key"] is { Type: JTokenType.String } s && ((string?)s)?.Length > 0;
        if (authentication == "C")
        {
            if (string.IsNullOrEmpty(accessKey)) errors.Add("aws_access_key", "An access key is required for IAM User authentication.", "required");
            // A new access key needs its secret key; on update an unchanged key keeps the stored secret.
            var keyChanged = current == null || (body.ContainsKey("aws_access_key") && accessKey != (string?)current["aws_access_key"]);
            if (keyChanged && !secretGiven) errors.Add("aws_secret_key", "A secret key is required with the access key.", "required");
        }
        else if (secretGiven && string.IsNullOrEmpty(accessKey))
            errors.Invalid("aws_secret_key", "A secret key needs its access key.");
        if (authentication == "A")
        {
            var role = Text("role_name");
            if (string.IsNullOrEmpty(role)) errors.Add("role_name", "A role name is required for Assume Role authentication.", "required");
            else if (!RoleNamePattern().IsMatch(role)) errors.Invalid("role_name", "Give the role's name, not its ARN (arn:aws:iam::123456789012:role/Name -> Name).");
            if (string.IsNullOrEmpty(Text("account_number"))) errors.Add("account_number", "The account number is required for Assume Role authentication.", "required");
            var from = Text("assume_from_account");
            if (string.IsNullOrEmpty(from)) errors.Add("assume_from_account", "The account that assumes the role is required for Assume Role authentication.", "required");
            else if (Find(from) == null || from == current?.Id) errors.Invalid("assume_from_account", $"Invalid pk \"{from}\" - object does not exist.");
        }
    }

    ApiResponse Create(ApiRequest request, string path, bool dr)
    {
        var body = WithoutSecrets(request.Body);
        body["id"] = Store.NextId(AllPath);
        body["is_dr_account"] = dr;
        var record = Generic.Insert(path, path, body, request.UserId, request.Now);
        Scrub(record);
        return ApiResponse.JsonBytes(request.Operation.SuccessStatus, record.Utf8);
    }

    ApiResponse Update(ApiRequest request, string path)
    {
        if (Find(request.PathParameter("id"), path) is not { } record) return ApiResponse.NotFound();
        var changes = WithoutSecrets(request.Body);
        changes.Remove("is_dr_account"); // the collection decides the kind
        Generic.Apply(request, record, changes);
        Scrub(record);
        return ApiResponse.JsonBytes(request.Operation.SuccessStatus, record.Utf8);
    }

    /// <summary>The body without its write-only fields (the secret key, the external id).</summary>
    static JObject WithoutSecrets(JObject body)
    {
        var copy = (JObject)body.DeepClone();
        copy.Remove("aws_secret_key");
        copy.Remove("external_id");
        return copy;
    }

    /// <summary>
    /// The shaper fills every documented field; the external id is write-only, so it leaves the record. The
    /// all-accounts collection keeps a copy (so paths under /api/accounts/{id}/ find their parent).
    /// </summary>
    void Scrub(Record record)
    {
        if (record.Data.Remove("external_id")) Store.FindCollection(record["is_dr_account"]?.Value<bool>() == true ? DrPath : BackupPath)!.Update(record);
        var all = Store.Collection(AllPath, AllPath);
        all.Remove(record.Id);
        all.Add(new Record(record.Id, AsAccount(record.Data)));
    }

    /// <summary>Deleting an account that policies still back up is refused: they would lose their account.</summary>
    ApiResponse Delete(Record? account)
    {
        if (account == null) return ApiResponse.NotFound();
        var users = PoliciesUsing(account.Id).Select(p => $"{p["name"]} ({p.Id})").ToList();
        if (users.Count > 0)
            return ApiResponse.Detail(409, $"The account is used by policies {string.Join(", ", users)}; change or delete them first.", "account_in_use");
        missing.Remove(account.Id);
        clones.Remove(account.Id);
        Store.FindCollection((bool?)account["is_dr_account"] == true ? DrPath : BackupPath)!.Remove(account.Id);
        Store.FindCollection(AllPath)?.Remove(account.Id);
        return ApiResponse.Empty(204);
    }

    IEnumerable<Record> PoliciesUsing(string accountId) =>
        Generic.Records(PoliciesHandler.CollectionPath).Where(p => Json.ScalarText(p["account"]) == accountId);

    /// <summary>4.11, 4.19, 4.22: the snapshots of every backup of the account's policies; 412 while one runs.</summary>
    ApiResponse DeleteSnapshots(ApiRequest request, Record? account)
    {
        if (account == null) return ApiResponse.NotFound();
        var policies = PoliciesUsing(account.Id).ToList();
        if (policies.Any(p => backups.IsRunning(p.Id)))
            return ApiResponse.Detail(412, "A backup of this account is still running; delete its snapshots once it has ended.", "backup_running");
        foreach (var policy in policies) backups.DeletePolicySnapshots(policy.Id, keepS3Copies: false, request.Now);
        return ApiResponse.Empty(204);
    }

    ApiResponse ListAll(ApiRequest request)
    {
        var rows = All.OrderBy(a => long.Parse(a.Id)).Select(a => new Record(a.Id, AsAccount(a.Data))).ToList();
        return Generic.RespondList(request, ListQuery.Apply(request, rows, Generic.Model.Schema(AllPath), null, null));
    }

    /// <summary>A backup or DR account as the all-accounts view shows it (its documented fields only).</summary>
    JObject AsAccount(JObject data)
    {
        var schema = Generic.Model.Schema(AllPath)!;
        var row = new JObject();
        foreach (var property in schema.Properties)
            if (property.Name != "external_id" && data.TryGetValue(property.Name, out var value)) row[property.Name] = value.DeepClone();
        return row;
    }

    /// <summary>
    /// 4.7/4.17 (JSON) and 4.8/4.18 (CSV). The guide documents the row (account_name, account_number,
    /// connection, groups) but not the texts, so the simulator answers one row per account whose groups
    /// each read "Group/permission: OK" or "Group/permission: Missing".
    /// </summary>
    ApiResponse CheckPermissions(ApiRequest request, Record? account, bool csv)
    {
        if (account == null) return ApiResponse.NotFound();
        var lacking = missing.GetValueOrDefault(account.Id) ?? new List<string>();
        var dr = (bool?)account["is_dr_account"] == true;
        var checks = Checks.Where(c => dr || c.Group != "DR")
            .Concat(lacking.Where(p => !Checks.Any(c => c.Permission == p)).Select(p => ("Backup", p)))
            .Select(c => (c.Item1, c.Item2, Status: lacking.Contains(c.Item2) ? "Missing" : "OK")).ToList();
        if (csv)
        {
            var rows = checks.Select(c => new JObject
            {
                ["account_name"] = account["name"]?.DeepClone(), ["account_number"] = account["account_number"]?.DeepClone(),
                ["connection"] = "OK", ["group"] = c.Item1, ["permission"] = c.Item2, ["status"] = c.Status,
            });
            return CsvExport.Respond(request, rows, null);
        }
        return ApiResponse.Json(200, new JArray(new JObject
        {
            ["account_name"] = account["name"]?.DeepClone(),
            ["account_number"] = account["account_number"]?.DeepClone(),
            ["connection"] = "OK",
            ["groups"] = new JArray(checks.Select(c => $"{c.Item1}/{c.Item2}: {c.Status}")),
        }));
    }

    /// <summary>Test control (POST /_sim/aws-permissions): the permissions the check reports missing for an account.</summary>
    public JObject? SetMissing(string accountId, IEnumerable<string> permissions)
    {
        if (Find(accountId) == null) return null;
        missing[accountId] = permissions.Distinct(StringComparer.Ordinal).ToList();
        return new JObject { ["account"] = accountId, ["missing"] = new JArray(missing[accountId]) };
    }

    void CloneRules(ApiRequest request, ValidationErrors errors)
    {
        var body = request.Body;
        if (body["to_account"] is { } to && Find(Json.ScalarText(to)) == null)
            errors.Invalid("to_account", $"Invalid pk \"{Json.ScalarText(to)}\" - object does not exist.");
        if (body["to_region"] is { } region && !RegionPattern().IsMatch((string?)region ?? ""))
            errors.Invalid("to_region", $"'{region}' is not an AWS region name such as eu-west-1.");
        if (body["to_vpc"] is { } name && string.IsNullOrWhiteSpace((string?)name))
            errors.Invalid("to_vpc", "This field may not be blank.");
    }

    /// <summary>4.9: the clone is simulated as done at once; its log (4.10) replaces the previous one.</summary>
    ApiResponse CloneVpc(ApiRequest request)
    {
        if (Find(request.PathParameter("id"), BackupPath) is not { } account) return ApiResponse.NotFound();
        var body = request.Body;
        var clone = new JObject
        {
            ["from_region"] = "us-east-1", ["to_account"] = body["to_account"]?.DeepClone(),
            ["to_region"] = body["to_region"]?.DeepClone(), ["to_vpc"] = body["to_vpc"]?.DeepClone(),
        };
        var at = request.Now;
        JObject Line(string type, string text, int second) =>
            new() { ["log"] = text, ["log_time"] = Timestamps.Format(at.AddSeconds(second)), ["log_type"] = type };
        clones[account.Id] = (clone, new List<JObject>
        {
            Line("Info", $"Clone of VPC {body["from_vpc"]} of account {account["name"]} started", 0),
            Line("Info", $"Creating VPC {body["to_vpc"]} in {body["to_region"]}", 1),
            Line("Info", $"Clone of VPC {body["from_vpc"]} to {body["to_vpc"]} completed", 2),
        });
        return ApiResponse.Empty(200);
    }

    /// <summary>4.10: JSON, or CSV when asked; the filters select by the clone's parameters.</summary>
    ApiResponse CloneLog(ApiRequest request)
    {
        if (Find(request.PathParameter("id"), BackupPath) is not { } account) return ApiResponse.NotFound();
        var (clone, log) = clones.GetValueOrDefault(account.Id, (new JObject(), new List<JObject>()));
        var matches = new[] { "from_region", "to_account", "to_region", "to_vpc" }
            .All(f => request.QueryValue(f) is not { Length: > 0 } value || ListQuery.Matches(clone[f], value));
        var search = request.QueryValue("search");
        var rows = matches ? log.Where(l => string.IsNullOrEmpty(search) || ((string?)l["log"] ?? "").Contains(search, StringComparison.OrdinalIgnoreCase)).ToList() : new List<JObject>();
        return request.WantsCsv
            ? CsvExport.Respond(request, rows, Generic.Model.Schema(request.Info.ResourceShape ?? ""))
            : ApiResponse.Json(200, new JArray(rows));
    }

    public override void Seed(SeedContext seed)
    {
        missing.Clear();
        clones.Clear();
        // Seeded policies use accounts 1 and 2; account 3 is a DR account.
        Insert(BackupPath, 1, "prod-backup", "C", "123456789012", seed.Now, new JObject { ["aws_access_key"] = "AKIASIMPROD00000001" });
        Insert(BackupPath, 2, "dev-backup", "C", "210987654321", seed.Now, new JObject { ["aws_access_key"] = "AKIASIMDEV000000002" });
        Insert(DrPath, 3, "dr-vault", "A", "555566667777", seed.Now,
            new JObject { ["role_name"] = "CpmDrRole", ["assume_from_account"] = 1, ["allow_deleting_snapshots"] = true });
    }

    void Insert(string path, long id, string name, string authentication, string number, DateTimeOffset now, JObject extra)
    {
        extra["id"] = id;
        extra["name"] = name;
        extra["authentication"] = authentication;
        extra["account_number"] = number;
        extra["user"] = Auth.TokenEndpoints.RootUserId;
        extra["is_dr_account"] = path == DrPath;
        Store.SeenId(AllPath, id);
        Scrub(Generic.Insert(path, path, extra, Auth.TokenEndpoints.RootUserId, now));
    }
}
