using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Policies;

/// <summary>
/// A policy's copy to S3 repository options (13.7/13.8) and DR options (13.9/13.10): one object each per
/// policy, with CPM-like defaults on first read (off, nested parts present). A PUT merges into what is
/// there (nested objects field by field) and checks the result: counts at least 1, a repository that
/// exists when copy to S3 is on, region and account ids that are ids. It also sets the policy's
/// copy_to_s3_enabled or dr_enabled, so the policy record says what the options say.
/// </summary>
sealed class PolicyCopyOptionsHandler : ResourceHandler
{
    const string RepositoriesPath = "/api/s3_repositories/";

    public PolicyCopyOptionsHandler(ResourceContext context) : base(context) { }

    public override void Register(HandlerRegistry registry)
    {
        registry.On("GET", "/api/policies/{id}/copy_to_s3/", request => Read(request, CopyToS3Defaults));
        registry.Validate("PUT", "/api/policies/{id}/copy_to_s3/", (request, errors) => CheckCopyToS3(Merged(request, CopyToS3Defaults), errors));
        registry.On("PUT", "/api/policies/{id}/copy_to_s3/", request => Write(request, CopyToS3Defaults, "enabled", "copy_to_s3_enabled"));
        registry.On("GET", "/api/policies/{id}/dr/", request => Read(request, DrDefaults));
        registry.Validate("PUT", "/api/policies/{id}/dr/", (request, errors) => CheckDr(Merged(request, DrDefaults), errors));
        registry.On("PUT", "/api/policies/{id}/dr/", request => Write(request, DrDefaults, "dr_enabled", "dr_enabled"));
    }

    /// <summary>
    /// Two S3 repositories (ids 1 and 2), so copy to S3 can be turned on against a fresh simulator, as help
    /// examples and tests do, before the S3 repositories area has behaviour of its own.
    /// </summary>
    public override void Seed(SeedContext seed)
    {
        foreach (var (name, bucket, region) in new[] { ("main-repository", "cpm-backup-repository", "us-east-1"), ("dr-repository", "cpm-dr-repository", "us-west-2") })
            Generic.Insert(RepositoriesPath, RepositoriesPath, new JObject
            {
                ["name"] = name,
                ["aws_bucket_name"] = bucket,
                ["aws_region"] = region,
                ["account"] = 1,
                ["description"] = "Seeded by the simulator",
            }, 1, seed.Now);
        SeedCopies();
    }

    /// <summary>
    /// "staging" copies to DR (us-east-1) and to S3 (the main repository) and runs backup scripts with their
    /// output collected; "dev" copies to DR (us-east-1). So seeded backups show every DR kind, copies in S3 and
    /// script logs.
    /// </summary>
    void SeedCopies()
    {
        var policies = Generic.Records(PoliciesHandler.CollectionPath);
        if (policies.FirstOrDefault(p => (string?)p["name"] == "dev") is { } dev)
        {
            SeedOptions($"{PoliciesHandler.CollectionPath}{dev.Id}/dr/", "/api/policies/{id}/dr/", DrDefaults, new JObject { ["dr_enabled"] = true, ["dr_regions"] = new JArray(1) });
            dev.Data["dr_enabled"] = true;
            Store.FindCollection(PoliciesHandler.CollectionPath)!.Update(dev);
        }
        if (policies.FirstOrDefault(p => (string?)p["name"] == "staging") is not { } staging) return;
        var root = $"{PoliciesHandler.CollectionPath}{staging.Id}/";
        SeedOptions(root + "dr/", "/api/policies/{id}/dr/", DrDefaults, new JObject { ["dr_enabled"] = true, ["dr_regions"] = new JArray(1) });
        SeedOptions(root + "copy_to_s3/", "/api/policies/{id}/copy_to_s3/", CopyToS3Defaults, new JObject { ["enabled"] = true, ["repository"] = 1 });
        if (Store.Singleton(root + "options/") is { } options)
        {
            options.Data["enable_agent_scripts"] = true;
            options.Data["collect_script_output"] = true;
            Store.SetSingleton(root + "options/", options.Data);
        }
        staging.Data["dr_enabled"] = true;
        staging.Data["copy_to_s3_enabled"] = true;
        Store.FindCollection(PoliciesHandler.CollectionPath)!.Update(staging);
    }

    void SeedOptions(string path, string template, Func<JObject> defaults, JObject changes)
    {
        var schema = Context.Model.Schema(ApiRoute.ShapeOf(template));
        var data = schema == null ? defaults() : Generic.Shaper.Create(schema, defaults(), new JValue(0), 1, DateTimeOffset.UnixEpoch);
        data.Remove("id");
        foreach (var (name, value) in changes) data[name] = value?.DeepClone();
        Store.SetSingleton(path, data);
    }

    /// <summary>Copy to S3 off; when turned on: every backup copied, the last 4 kept in S3, Glacier off (1 a month, kept a year).</summary>
    static JObject CopyToS3Defaults() => new()
    {
        ["enabled"] = false,
        ["repository"] = null,
        ["copy_interval"] = 1,
        ["delete_aws_snapshot_after_copy"] = false,
        ["s3_storage_class"] = "STANDARD",
        ["retention_generation_based"] = new JObject { ["enabled"] = true, ["num_generations"] = 4 },
        ["retention_time_based"] = new JObject { ["enabled"] = false, ["every_how_many"] = 1, ["every_unit"] = "O" },
        ["enable_copy_to_glacier"] = false,
        ["archive_storage_class"] = "GLACIER",
        ["copy_to_glacier"] = new JObject { ["every_how"] = 1, ["every_unit"] = "O" },
        ["retain_in_glacier"] = new JObject { ["retain_duration"] = 1, ["retain_unit"] = "Y" },
    };

    /// <summary>DR off; when turned on: every backup copied, a 24-hour timeout, originals kept in a cross-account copy.</summary>
    static JObject DrDefaults() => new()
    {
        ["dr_enabled"] = false,
        ["dr_frequency"] = 1,
        ["dr_timeout_hours"] = 24,
        ["dr_regions"] = new JArray(),
        ["cross_account_dr"] = new JObject
        {
            ["dr_account"] = null,
            ["dr_account_regions"] = new JArray(),
            ["copy_to_snapshot_original_region"] = false,
            ["dr_keep_original_snapshots"] = true,
        },
    };

    /// <summary>The stored options of the request's policy (the defaults, shaped to the documented answer, on first use).</summary>
    JObject Current(ApiRequest request, Func<JObject> defaults)
    {
        if (Store.Singleton(request.Path) is { } stored) return stored.Data;
        var schema = Context.Model.Schema(request.Info.Route.Shape) ?? request.Info.Schema;
        var data = schema == null ? defaults() : Generic.Shaper.Create(schema, defaults(), new JValue(0), 1, request.Now);
        data.Remove("id");
        return Store.SetSingleton(request.Path, data).Data;
    }

    /// <summary>What the options would be after the PUT: nested objects merged field by field.</summary>
    JObject Merged(ApiRequest request, Func<JObject> defaults)
    {
        var merged = (JObject)Current(request, defaults).DeepClone();
        foreach (var (name, value) in request.Body)
        {
            if (value is JObject nested && merged[name] is JObject existing)
                foreach (var (field, fieldValue) in nested) existing[field] = fieldValue?.DeepClone();
            else merged[name] = value?.DeepClone();
        }
        return merged;
    }

    ApiResponse Read(ApiRequest request, Func<JObject> defaults)
    {
        if (PoliciesHandler.Find(Store, request.PathParameter("id")) == null) return ApiResponse.NotFound();
        return ApiResponse.Json(request.Operation.SuccessStatus, Current(request, defaults));
    }

    ApiResponse Write(ApiRequest request, Func<JObject> defaults, string enabledField, string policyField)
    {
        if (PoliciesHandler.Find(Store, request.PathParameter("id")) is not { } policy) return ApiResponse.NotFound();
        var updated = Store.SetSingleton(request.Path, Merged(request, defaults)).Data;
        policy.Data[policyField] = (bool?)updated[enabledField] == true;
        policy.Data["last_modified"] = Timestamps.Format(request.Now);
        Store.FindCollection(PoliciesHandler.CollectionPath)!.Update(policy);
        return ApiResponse.Json(request.Operation.SuccessStatus, updated);
    }

    void CheckCopyToS3(JObject options, ValidationErrors errors)
    {
        AtLeast(options, "copy_interval", 1, errors);
        AtLeast(options, "retention_generation_based.num_generations", 1, errors);
        AtLeast(options, "retention_time_based.every_how_many", 1, errors);
        AtLeast(options, "copy_to_glacier.every_how", 1, errors);
        AtLeast(options, "retain_in_glacier.retain_duration", 1, errors);
        var repository = options["repository"];
        if ((bool?)options["enabled"] == true && repository?.Type is null or JTokenType.Null)
            errors.Add("repository", "Copy to S3 needs a repository: give the id of an S3 repository to enable it.", "required");
        else if (repository is { Type: JTokenType.Integer } && Store.FindCollection(RepositoriesPath)?.Get(Json.ScalarText(repository)!) == null)
            errors.Add("repository", $"Invalid pk \"{repository}\" - object does not exist.", "does_not_exist");
    }

    static void CheckDr(JObject options, ValidationErrors errors)
    {
        AtLeast(options, "dr_frequency", 1, errors);
        AtLeast(options, "dr_timeout_hours", 1, errors);
        Ids(options["dr_regions"], "dr_regions", errors);
        Ids(options["cross_account_dr"]?["dr_account_regions"], "cross_account_dr.dr_account_regions", errors);
        if (options["cross_account_dr"]?["dr_account"] is { Type: not JTokenType.Null } account && (account.Type != JTokenType.Integer || (long)account < 1))
            errors.Invalid("cross_account_dr.dr_account", "Enter the integer id of a DR account.");
    }

    /// <summary>A number at a dotted path ("retention_time_based.every_how_many") that is set must be at least the minimum.</summary>
    static void AtLeast(JObject options, string path, long minimum, ValidationErrors errors)
    {
        if (options.SelectToken(path) is { Type: JTokenType.Integer } value && (long)value < minimum)
            errors.Add(path, $"Ensure this value is greater than or equal to {minimum}.", "min_value");
    }

    static void Ids(JToken? list, string field, ValidationErrors errors)
    {
        if (list is JArray items && items.Any(item => item.Type != JTokenType.Integer || (long)item < 1))
            errors.Invalid(field, "Enter region ids (positive whole numbers), as GET /api/regions/ lists them.");
    }
}
