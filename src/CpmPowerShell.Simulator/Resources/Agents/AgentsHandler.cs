using System.Globalization;
using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using CpmPowerShell.Simulator.Resources.Policies;
using CpmPowerShell.Simulator.Resources.Users;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Resources.Agents;

/// <summary>
/// CPM backup agents (chapter 5): seeded thin agents on instances of the seeded policies, the user filter by
/// username (the record holds the id), and the multi-agent configuration (5.2) kept and checked as INI text.
/// </summary>
sealed class AgentsHandler : ResourceHandler
{
    public const string CollectionPath = "/api/agents/";

    /// <summary>The last configuration published, as the server answered it (tests read it back).</summary>
    public string? LastConfiguration { get; private set; }

    public AgentsHandler(ResourceContext context) : base(context) { }

    public override void Register(HandlerRegistry registry)
    {
        // The guide documents the filter as a username; the record's user is the owner's id.
        Generic.Customize(CollectionPath).Filters["user"] = username => agent =>
            string.Equals(UsersHandler.Username(Store, agent.Data["user"]), username, StringComparison.Ordinal);
        registry.On("POST", "/api/agents/configuration/", Configure);
    }

    /// <summary>
    /// Only root configures agents (5.2). The text must be INI: every key=value line under a [section], and
    /// a section names the agents it is for ([agent__&lt;instance id&gt;], [policy__&lt;name&gt;],
    /// [all_remote_agents], [local_agent]); an agent or policy that does not exist is a 400.
    /// </summary>
    ApiResponse Configure(ApiRequest request)
    {
        if (request.UserId != Auth.TokenEndpoints.RootUserId)
            return ApiResponse.Detail(403, "You do not have permission to perform this action.", "permission_denied");
        var text = (string?)request.Body["agents_configuration"] ?? "";
        var problems = Check(text);
        if (problems.Count > 0)
        {
            var errors = new ValidationErrors();
            foreach (var problem in problems) errors.Invalid("agents_configuration", problem);
            return errors.ToResponse();
        }
        LastConfiguration = text;
        return ApiResponse.Json(request.Operation.SuccessStatus, new JObject { ["agents_configuration"] = text });
    }

    List<string> Check(string text)
    {
        var problems = new List<string>();
        string? section = null;
        var lines = text.Replace("\r\n", "\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith(';')).ToList();
        if (lines.Count == 0) problems.Add("The configuration is empty.");
        foreach (var line in lines)
        {
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1];
                if (SectionProblem(section) is { } problem) problems.Add(problem);
            }
            else if (section == null) problems.Add($"'{line}' comes before any [section].");
            else if (line.IndexOf('=') < 1) problems.Add($"'{line}' is not key=value.");
        }
        return problems;
    }

    string? SectionProblem(string section)
    {
        if (section is "all_remote_agents" or "local_agent") return null;
        if (section.StartsWith("agent__", StringComparison.Ordinal))
        {
            var instance = section["agent__".Length..];
            return Generic.Records(CollectionPath).Any(a => (string?)a.Data["aws_instance_id"] == instance) ? null : $"No agent runs on instance '{instance}'.";
        }
        if (section.StartsWith("policy__", StringComparison.Ordinal))
        {
            var policy = section["policy__".Length..];
            return Generic.Records(PoliciesHandler.CollectionPath).Any(p => (string?)p.Data["name"] == policy) ? null : $"No policy is named '{policy}'.";
        }
        return $"Unknown section [{section}]: use [agent__<instance id>], [policy__<name>], [all_remote_agents] or [local_agent].";
    }

    /// <summary>One agent per seeded policy with instances (up to three), plus one of another user.</summary>
    public override void Seed(SeedContext seed)
    {
        LastConfiguration = null;
        var number = 0;
        foreach (var policy in Generic.Records(PoliciesHandler.CollectionPath).Take(3))
        {
            number++;
            Insert(seed, number, (long?)policy.Data["user"] ?? Auth.TokenEndpoints.RootUserId, (string?)policy.Data["name"]);
        }
        var other = Generic.Records(UsersHandler.CollectionPath).Select(u => long.Parse(u.Id, CultureInfo.InvariantCulture))
            .FirstOrDefault(id => id != Auth.TokenEndpoints.RootUserId);
        if (other != 0) Insert(seed, ++number, other, null);
    }

    void Insert(SeedContext seed, int number, long user, string? policy) =>
        Generic.Insert(CollectionPath, CollectionPath, new JObject
        {
            ["name"] = $"agent-{number:D2}",
            ["aws_instance_id"] = $"i-0a9{number:D2}{seed.Random.Next(0x1000000, 0xFFFFFFF):x7}ab",
            ["last_heard_from"] = Timestamps.Format(seed.Now.AddMinutes(-seed.Random.Next(1, 300))),
            ["related_policies"] = policy == null ? new JArray() : new JArray(policy),
            ["user"] = user,
        }, user, seed.Now);
}
