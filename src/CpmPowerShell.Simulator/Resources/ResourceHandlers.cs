using CpmPowerShell.Simulator.Resources.Accounts;
using CpmPowerShell.Simulator.Resources.Agents;
using CpmPowerShell.Simulator.Resources.Alerts;
using CpmPowerShell.Simulator.Resources.Backups;
using CpmPowerShell.Simulator.Resources.Delegates;
using CpmPowerShell.Simulator.Resources.Policies;
using CpmPowerShell.Simulator.Resources.Recoveries;
using CpmPowerShell.Simulator.Resources.Schedules;
using CpmPowerShell.Simulator.Resources.SystemInfo;
using CpmPowerShell.Simulator.Resources.Users;

namespace CpmPowerShell.Simulator.Resources;

/// <summary>The areas with behaviour of their own, in seeding order (owners before what they own).</summary>
static class ResourceHandlers
{
    public static IReadOnlyList<ResourceHandler> Create(ResourceContext context)
    {
        // Backups are started by policies and recovered from by recoveries, so those areas share the ledgers.
        var backups = new BackupLedger(context);
        var recoveries = new RecoveryLedger(context);
        var targets = new PolicyTargetsHandler(context);
        var users = new UsersHandler(context);
        return new ResourceHandler[]
        {
            users,
            new DelegatesHandler(context, users),
            new AccountsHandler(context, backups), // before policies, which use accounts
            new SchedulesHandler(context),
            new SystemHandler(context, backups),
            new PoliciesHandler(context, targets, backups),
            targets,
            new PolicyCopyOptionsHandler(context),
            new PolicyS3WorkHandler(context),
            new BackupsHandler(context, backups),
            new SnapshotsHandler(context, backups),
            new FreezerHandler(context, backups),
            new RecoveriesHandler(context, backups, recoveries),
            // Issue 11 (system): agents and alerts name the seeded policies, so they come after them.
            new AgentsHandler(context),
            new AlertsHandler(context),
        };
    }
}
