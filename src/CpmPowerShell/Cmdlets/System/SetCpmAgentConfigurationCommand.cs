using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Set-CpmAgentConfiguration: publishes settings to many backup agents at once (POST /api/agents/configuration/).
    /// The API takes one INI text whose [section] lines name the agents; this cmdlet writes it from -Setting and
    /// the agents piped in (collected until the end, so a whole pipeline is one request per server), a policy's
    /// agents, all remote agents or the local one. -Configuration sends INI text of your own instead.
    /// </summary>
    [CpmEndpoint("POST", "/api/agents/configuration/")]
    [Cmdlet(VerbsCommon.Set, "CpmAgentConfiguration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SettingSet)]
    [OutputType(typeof(AgentConfiguration))]
    public sealed class SetCpmAgentConfigurationCommand : CpmCmdlet
    {
        const string SettingSet = "Setting";
        const string TextSet = "Text";
        const string Path = "/api/agents/configuration/";

        /// <summary>The AWS instance ids of the agents; agents from Get-CpmAgent bind by property name.</summary>
        [Parameter(ParameterSetName = SettingSet, ValueFromPipelineByPropertyName = true)]
        [CpmObjectId]
        [Alias("aws_instance_id")]
        [ValidateNotNullOrEmpty]
        public string[] AwsInstanceId { get; set; }

        /// <summary>Every remote agent of these policies (by policy name).</summary>
        [Parameter(ParameterSetName = SettingSet)]
        [ValidateNotNullOrEmpty]
        public string[] PolicyName { get; set; }

        [Parameter(ParameterSetName = SettingSet)]
        public SwitchParameter AllRemoteAgents { get; set; }

        [Parameter(ParameterSetName = SettingSet)]
        public SwitchParameter LocalAgent { get; set; }

        /// <summary>The settings (key = value) every named agent gets.</summary>
        [Parameter(ParameterSetName = SettingSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public Hashtable Setting { get; set; }

        /// <summary>The whole configuration text, INI form, sent as it is.</summary>
        [Parameter(ParameterSetName = TextSet, Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Configuration { get; set; }

        /// <summary>Instance ids per server, in the order they came, each once.</summary>
        readonly List<(CpmConnection Connection, List<string> Ids)> agents = new List<(CpmConnection, List<string>)>();

        protected override void ProcessCpmRecord()
        {
            if (AwsInstanceId == null) return;
            var connection = Connection;
            var group = agents.FirstOrDefault(g => g.Connection == connection);
            if (group.Ids == null) agents.Add(group = (connection, new List<string>()));
            foreach (var id in AwsInstanceId)
                if (!group.Ids.Contains(id, StringComparer.Ordinal)) group.Ids.Add(id);
        }

        protected override void EndCpmProcessing()
        {
            if (ParameterSetName == TextSet)
            {
                Send(Connection, Configuration, "the agents the configuration names");
                return;
            }
            if (Setting.Count == 0 || Setting.Keys.Cast<object>().Any(k => string.IsNullOrWhiteSpace(Convert.ToString(k, CultureInfo.InvariantCulture))))
            {
                ThrowCpmError(CpmErrorIds.InvalidArgument, ErrorCategory.InvalidArgument,
                    "-Setting has no settings to publish (or a setting without a name); nothing was sent.",
                    "Pass the settings as a hashtable of names and values, for example -Setting @{ max_seconds_to_wait_for_vss = 100 }.", Setting);
            }
            var shared = Sections(PolicyName, AllRemoteAgents, LocalAgent);
            if (agents.Count == 0 && shared.Count == 0 && MyInvocation.ExpectingInput)
            {
                // An empty pipeline (no agent matched the filter) is nothing to do, not a mistake.
                WriteVerbose("No agents came through the pipeline; nothing was sent.");
                return;
            }
            if (agents.Count == 0 && shared.Count == 0)
            {
                ThrowCpmError(CpmErrorIds.InvalidArgument, ErrorCategory.InvalidArgument,
                    "No agents were named, so there is nothing to configure; nothing was sent.",
                    "Pipe agents from Get-CpmAgent, or pass -AwsInstanceId, -PolicyName, -AllRemoteAgents or -LocalAgent.", Setting);
            }
            if (agents.Count == 0) agents.Add((Connection, new List<string>()));
            // The first server's request carries the policy and global sections too; piped agents of other servers go to theirs.
            for (var i = 0; i < agents.Count; i++)
            {
                var (connection, ids) = agents[i];
                var sections = ids.Select(id => "agent__" + id).Concat(i == 0 ? shared : new List<string>()).ToList();
                var what = ids.Count == 1 ? $"agent {ids[0]}" : ids.Count > 1 ? $"{ids.Count} agents" : null;
                var others = i == 0 ? shared.Count : 0;
                var target = what == null ? string.Join(", ", sections) : others > 0 ? $"{what} and {string.Join(", ", shared)}" : what;
                Send(connection, Ini(sections, Setting), target);
            }
        }

        /// <summary>The sections named by the switches and policy names.</summary>
        static List<string> Sections(string[] policies, bool allRemote, bool local)
        {
            var sections = (policies ?? new string[0]).Distinct(StringComparer.Ordinal).Select(p => "policy__" + p).ToList();
            if (allRemote) sections.Add("all_remote_agents");
            if (local) sections.Add("local_agent");
            return sections;
        }

        /// <summary>INI text: each section with every setting, sorted by name so the text is the same each time.</summary>
        static string Ini(IEnumerable<string> sections, Hashtable settings)
        {
            var lines = settings.Keys.Cast<object>()
                .Select(k => (Key: Convert.ToString(k, CultureInfo.InvariantCulture).Trim(), Value: Text(settings[k])))
                .OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
            var text = new StringBuilder();
            foreach (var section in sections)
            {
                if (text.Length > 0) text.Append('\n');
                text.Append('[').Append(section).Append("]\n");
                foreach (var (key, value) in lines) text.Append(key).Append('=').Append(value).Append('\n');
            }
            return text.ToString();
        }

        static string Text(object value)
        {
            value = value is PSObject pso ? pso.BaseObject : value;
            return value is bool b ? (b ? "true" : "false") : Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        void Send(CpmConnection connection, string text, string target)
        {
            ActOnConnection(connection); // the -WhatIf target and the call name this group's server
            var body = new AgentConfigurationCreateRequest { AgentsConfiguration = text };
            if (!ShouldProcessCall(target, "POST", Path, body)) return;
            Try(target, () => WriteObject(Await(ct => Client.CreateAgentConfigurationAsync(body, ct))));
        }
    }
}
