using System.Net;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>Chapter 5: agents kept as state, the user filter by username, the multi-agent configuration.</summary>
public sealed class AgentTests : IClassFixture<SimulatorFixture>
{
    readonly SimClient client;
    public AgentTests(SimulatorFixture fixture) => client = fixture.Client;

    [Fact]
    public async Task Seeded_agents_have_the_documented_shape()
    {
        var agents = (JArray)(await client.GetAsync("api/agents/")).Json;
        Assert.True(agents.Count >= 2);
        Assert.All(agents, a =>
        {
            Assert.Matches(@"^i-[0-9a-f]+$", (string)a["aws_instance_id"]);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string)a["last_heard_from"]);
            Assert.Equal(JTokenType.Array, a["related_policies"].Type);
        });
    }

    [Fact]
    public async Task Filters_by_username_instance_and_search()
    {
        var agents = (JArray)(await client.GetAsync("api/agents/")).Json;
        var root = (JArray)(await client.GetAsync("api/agents/?user=root")).Json;
        Assert.NotEmpty(root);
        Assert.All(root, a => Assert.Equal(1, (int)a["user"]));
        Assert.True(root.Count < agents.Count); // one seeded agent belongs to another user
        Assert.Empty((JArray)(await client.GetAsync("api/agents/?user=1")).Json); // a username, not an id
        var one = (string)agents[1]["aws_instance_id"];
        Assert.Equal(one, (string)((JArray)(await client.GetAsync($"api/agents/?aws_instance_id={one}")).Json).Single()["aws_instance_id"]);
        Assert.Single((JArray)(await client.GetAsync($"api/agents/?search={one}")).Json);
    }

    [Fact]
    public async Task Configuration_of_known_agents_and_policies_is_accepted_and_echoed()
    {
        var agent = (string)((JArray)(await client.GetAsync("api/agents/")).Json)[0]["aws_instance_id"];
        var policy = (string)((JArray)(await client.GetAsync("api/policies/")).Json)[0]["name"];
        var text = $"[agent__{agent}]\nmax_seconds_to_wait_for_vss=100\n\n[policy__{policy}]\na=1\n\n[all_remote_agents]\nb=2\n\n[local_agent]\nc=3\n";
        var reply = await client.PostAsync("api/agents/configuration/", new { agents_configuration = text });
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal(text, (string)reply.Json["agents_configuration"]);
    }

    [Theory]
    [InlineData("[agent__i-00000000dead]\nx=1", "No agent")]
    [InlineData("[policy__no-such-policy]\nx=1", "No policy")]
    [InlineData("[somewhere]\nx=1", "Unknown section")]
    [InlineData("x=1", "before any [section]")]
    [InlineData("[local_agent]\njust-a-word", "not key=value")]
    public async Task Configuration_that_names_nothing_known_is_a_400(string text, string problem)
    {
        var reply = await client.PostAsync("api/agents/configuration/", new { agents_configuration = text });
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Contains(problem, reply.FieldError("agents_configuration").Message);
    }
}
