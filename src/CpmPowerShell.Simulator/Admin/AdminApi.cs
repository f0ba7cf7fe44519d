using System.Globalization;
using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Faults;
using CpmPowerShell.Simulator.Hosting;
using CpmPowerShell.Simulator.Resources.Accounts;
using CpmPowerShell.Simulator.Resources.Backups;
using CpmPowerShell.Simulator.Resources.Policies;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace CpmPowerShell.Simulator.Admin;

/// <summary>
/// The test-control API under /_sim/ (no authentication; the server listens on loopback only). It is not
/// part of CPM: tests use it to inject faults, expire tokens, read counters and reset data.
/// </summary>
sealed class AdminApi
{
    public const string Prefix = "/_sim/";

    static readonly JsonSerializer Camel = JsonSerializer.Create(new JsonSerializerSettings
    {
        ContractResolver = new CamelCasePropertyNamesContractResolver(),
        NullValueHandling = NullValueHandling.Ignore,
    });

    readonly SimulatorState state;

    public AdminApi(SimulatorState state) => this.state = state;

    public async Task HandleAsync(HttpContext http)
    {
        ApiResponse response;
        try
        {
            var (body, error) = await RequestBodyReader.ReadAsync(http.Request);
            response = error ?? Dispatch(http.Request.Method, http.Request.Path.Value!.TrimEnd('/'), http.Request, body);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or InvalidCastException)
        {
            response = Error(400, e.Message);
        }
        await ApiPipeline.WriteAsync(http, response);
    }

    ApiResponse Dispatch(string method, string path, HttpRequest request, JToken? body) => (method, path) switch
    {
        ("GET", "/_sim") => Ok(Index()),
        ("GET", "/_sim/stats") => Ok(state.Stats.ToJson()),
        ("POST", "/_sim/stats/reset") => Done(() => { state.Stats.Reset(); state.Log.Clear(); }),
        ("GET", "/_sim/requests") => Ok(Requests(request)),
        ("DELETE", "/_sim/requests") => Done(state.Log.Clear),
        ("GET", "/_sim/faults") => Ok(JObject.FromObject(state.Faults.Current, Camel)),
        ("POST", "/_sim/faults") => SetFaults(body),
        ("DELETE", "/_sim/faults") => Done(state.Faults.Clear),
        ("POST", "/_sim/expire-tokens") => Done(() => state.Tokens.ExpireIssued((bool?)body?["refresh"] ?? false)),
        ("POST", "/_sim/reset") => Done(() => state.Reset(Count(body, "seed"), Count(body, "seedBackups"))),
        ("GET", "/_sim/config") => Ok(Config()),
        ("POST", "/_sim/config") => SetConfig(body),
        ("POST", "/_sim/records") => AddRecords(body),
        ("GET", "/_sim/outcomes") => Ok(state.Runs.OutcomesJson()),
        ("POST", "/_sim/outcomes") => SetOutcomes(body),
        ("DELETE", "/_sim/outcomes") => ResetOutcomes(),
        ("POST", "/_sim/s3-work") => SetS3Work(body),
        ("POST", "/_sim/aws-permissions") => SetAwsPermissions(body),
        ("POST", "/_sim/api-keys") => AddApiKey(body),
        _ => Error(404, $"No admin endpoint {method} {path}/. GET /_sim/ lists them."),
    };

    static JObject Index() => new()
    {
        ["endpoints"] = new JArray(
            "GET /_sim/stats", "POST /_sim/stats/reset", "GET /_sim/requests?last=N", "DELETE /_sim/requests",
            "GET /_sim/faults", "POST /_sim/faults", "DELETE /_sim/faults", "POST /_sim/expire-tokens",
            "POST /_sim/reset", "GET /_sim/config", "POST /_sim/config", "POST /_sim/records",
            "GET /_sim/outcomes", "POST /_sim/outcomes", "DELETE /_sim/outcomes", "POST /_sim/s3-work",
            "POST /_sim/aws-permissions", "POST /_sim/api-keys"),
    };

    JArray Requests(HttpRequest request)
    {
        var last = int.TryParse(request.Query["last"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 50;
        return new JArray(state.Log.Last(last).Select(RequestLog.ToJson));
    }

    ApiResponse SetFaults(JToken? body)
    {
        var config = (body as JObject)?.ToObject<FaultConfig>(Camel) ?? new FaultConfig();
        if (new[] { config.ErrorRate, config.ThrottleRate, config.DropRate }.Any(r => r is < 0 or > 1))
            return Error(400, "Rates must be between 0 and 1.");
        if (config.ErrorStatus is < 100 or > 599 || config.FailNext.Any(r => r.Status is < 100 or > 599 || r.Count < 1))
            return Error(400, "Statuses must be HTTP codes and failNext counts at least 1.");
        state.Faults.Set(config);
        return Ok(JObject.FromObject(state.Faults.Current, Camel));
    }

    /// <summary>Lifetimes and seed facts; never the API key.</summary>
    JObject Config() => new()
    {
        ["accessLifetimeSeconds"] = (int)state.Tokens.AccessLifetime.TotalSeconds,
        ["refreshLifetimeSeconds"] = (int)state.Tokens.RefreshLifetime.TotalSeconds,
        ["seed"] = state.SeedSize,
        ["seedBackups"] = state.SeedBackups,
        ["backupSeconds"] = state.Runs.BackupSeconds,
        ["recoverySeconds"] = state.Runs.RecoverySeconds,
        ["randomSeed"] = state.Options.RandomSeed,
        ["systemTimeZone"] = state.Options.SystemTimeZone,
        ["apiVersion"] = state.Spec.Version,
    };

    /// <summary>
    /// Changes token lifetimes (for tokens issued from now on), backup and recovery durations (for runs
    /// started from now on) and, write-only, the API key.
    /// </summary>
    ApiResponse SetConfig(JToken? body)
    {
        if (body is not JObject settings) return Error(400, "Send a JSON object.");
        if ((int?)settings["accessLifetimeSeconds"] is { } access)
            state.Tokens.AccessLifetime = access >= 1 ? TimeSpan.FromSeconds(access) : throw new ArgumentException("accessLifetimeSeconds must be at least 1.");
        if ((int?)settings["refreshLifetimeSeconds"] is { } refresh)
            state.Tokens.RefreshLifetime = refresh >= 1 ? TimeSpan.FromSeconds(refresh) : throw new ArgumentException("refreshLifetimeSeconds must be at least 1.");
        if ((double?)settings["backupSeconds"] is { } backup) state.Runs.BackupSeconds = backup;
        if ((double?)settings["recoverySeconds"] is { } recovery) state.Runs.RecoverySeconds = recovery;
        if ((string?)settings["apiKey"] is { Length: > 0 } key) state.ApiKey = key;
        return Ok(Config());
    }

    /// <summary>
    /// Stores records straight into a collection, for areas whose records the API cannot create
    /// (backups, alerts...): {"path":"/api/alerts/","records":[{...}]}. Records are filled to the
    /// documented shape; an "id" is kept when given.
    /// </summary>
    ApiResponse AddRecords(JToken? body)
    {
        var path = (string?)body?["path"] ?? "";
        if (body?["records"] is not JArray records) return Error(400, "Send {\"path\": \"/api/...\", \"records\": [...]}.");
        var match = state.Model.Routes.Match(path);
        if (match == null || match.Route.EndsWithParameter || !state.Model.IsCollection(match.Route.Shape))
            return Error(404, $"'{path}' is not a collection path of the API.");
        var ids = new JArray();
        lock (state.Store.Sync)
        {
            if (state.Generic.CheckParents(match) != null) return Error(404, $"The parent records of '{path}' do not exist.");
            var collection = state.Store.FindCollection(path);
            foreach (var record in records.OfType<JObject>())
            {
                if (record["id"] != null && collection?.Get(Json.ScalarText(record["id"]) ?? "") != null)
                    return Error(400, $"A record with id {record["id"]} already exists in {path}.");
                var stored = state.Generic.Insert(path, match.Route.Shape, record, 1, Timestamps.TruncateToSeconds(state.Clock.GetUtcNow()));
                collection ??= state.Store.FindCollection(path);
                ids.Add(stored.Data["id"]!.DeepClone());
            }
        }
        return ApiResponse.Json(201, new JObject { ["path"] = path, ["ids"] = ids });
    }

    /// <summary>
    /// How backups and recoveries started from now on end: {"backup":"F"} for every policy, {"backup":"A",
    /// "policy":3} for one, the same with "recovery" (R, A or F); null clears a policy's own setting.
    /// </summary>
    ApiResponse SetOutcomes(JToken? body)
    {
        if (body is not JObject outcomes) return Error(400, "Send a JSON object such as {\"backup\": \"F\"}.");
        state.Runs.Apply(outcomes);
        return Ok(state.Runs.OutcomesJson());
    }

    /// <summary>
    /// What S3 work a policy has running, for the aborts to find: {"policy":5,"archive":true,"cleanup":false,
    /// "copy":true}; a field left out keeps its state. Answers the policy's flags. With "backup" instead:
    /// {"backup":7,"copy":true} makes that backup's copy to S3 run (false: it finishes), for 7.2 to abort.
    /// </summary>
    ApiResponse SetS3Work(JToken? body)
    {
        if (body is JObject { } forBackup && Json.ScalarText(forBackup["backup"]) is { Length: > 0 } backupId)
        {
            if (forBackup["copy"]?.Type != JTokenType.Boolean) return Error(400, "Send {\"backup\": <id>, \"copy\": true|false}.");
            var backups = state.Handlers.OfType<BackupsHandler>().Single();
            lock (state.Store.Sync)
            {
                var copy = backups.SetCopyRunning(backupId, (bool)forBackup["copy"]!);
                return copy == null
                    ? Error(404, $"There is no backup {backupId} with a copy to S3 (its policy's copy to S3 was off when it ran).")
                    : Ok(new JObject { ["backup"] = backupId, ["s3_copy_status"] = copy });
            }
        }
        if (body is not JObject work || Json.ScalarText(work["policy"]) is not { Length: > 0 } policy)
            return Error(400, "Send {\"policy\": <id>, \"archive\": true|false, \"cleanup\": true|false, \"copy\": true|false} or {\"backup\": <id>, \"copy\": true|false}.");
        var s3 = state.Handlers.OfType<PolicyS3WorkHandler>().Single();
        lock (state.Store.Sync)
        {
            var flags = s3.Set(policy, (bool?)work["archive"], (bool?)work["cleanup"], (bool?)work["copy"]);
            return flags == null ? Error(404, $"There is no policy {policy}.") : Ok(flags);
        }
    }

    /// <summary>{"account": id, "missing": ["ec2:CreateSnapshot", ...]}: what the account's permission check reports missing ([] for none).</summary>
    ApiResponse SetAwsPermissions(JToken? body)
    {
        if (body is not JObject { } request || Json.ScalarText(request["account"]) is not { Length: > 0 } account || request["missing"] is not JArray permissions)
            return Error(400, "Send {\"account\": <id>, \"missing\": [\"ec2:CreateSnapshot\", ...]}.");
        var accounts = state.Handlers.OfType<AccountsHandler>().Single();
        lock (state.Store.Sync)
        {
            var set = accounts.SetMissing(account, permissions.Select(p => (string?)p ?? ""));
            return set == null ? Error(404, $"There is no account {account}.") : Ok(set);
        }
    }

    /// <summary>
    /// An API key for another user or delegate ({"user": 3}), so tests can connect as a managed user or a
    /// delegate and meet the 403s root never sees. Answers {"user": 3, "apiKey": "..."}; 404 for an unknown id.
    /// </summary>
    ApiResponse AddApiKey(JToken? body)
    {
        if ((long?)body?["user"] is not { } user) return Error(400, "Send {\"user\": <id of a user or delegate>}.");
        var users = state.Handlers.OfType<Resources.Users.UsersHandler>().Single();
        lock (state.Store.Sync)
        {
            if (!users.Exists(user)) return Error(404, $"There is no user or delegate {user}.");
        }
        return Ok(new JObject { ["user"] = user, ["apiKey"] = state.TokenEndpoints.AddUserKey(user) });
    }

    ApiResponse ResetOutcomes()
    {
        state.Runs.ResetOutcomes();
        return Ok(state.Runs.OutcomesJson());
    }

    /// <summary>A size in a reset body: absent or null means the start-up value; a negative one is refused.</summary>
    static int? Count(JToken? body, string name)
    {
        var value = (int?)body?[name]; // numbers or numeric text, as before; other text is a FormatException (400)
        return value is null or >= 0 ? value : throw new ArgumentException($"{name} must be a whole number >= 0.");
    }

    static ApiResponse Ok(JToken body) => ApiResponse.Json(200, body);

    static ApiResponse Done(Action action)
    {
        action();
        return ApiResponse.Json(200, new JObject { ["ok"] = true });
    }

    static ApiResponse Error(int status, string message) => ApiResponse.Json(status, new JObject { ["error"] = message });
}
