using CpmPowerShell.Simulator.Resources.Schedules;
using CpmPowerShell.Simulator.Resources.SystemInfo;
using CpmPowerShell.Simulator.Resources.Users;

namespace CpmPowerShell.Simulator.Resources;

/// <summary>The areas with behaviour of their own, in seeding order. Later areas (policies, backups...) go here.</summary>
static class ResourceHandlers
{
    public static IReadOnlyList<ResourceHandler> Create(ResourceContext context) => new ResourceHandler[]
    {
        new UsersHandler(context),
        new SchedulesHandler(context),
        new SystemHandler(context),
    };
}
