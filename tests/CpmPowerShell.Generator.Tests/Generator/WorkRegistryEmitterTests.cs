using CpmPowerShell.Generator.Emit;
using CpmPowerShell.Generator.Model;
using CpmPowerShell.Generator.Overlay;
using CpmPowerShell.Spec;
using Xunit;

namespace CpmPowerShell.Generator.Tests.Generator;

/// <summary>The registry of long-running work and recover endpoints comes from overlay lines alone.</summary>
public class WorkRegistryEmitterTests
{
    static readonly string Repo = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ApiSpec.LocateInRepo(AppContext.BaseDirectory))!, "..", ".."));
    static readonly Lazy<ApiSpec> Spec = new(() => ApiSpec.Load(Path.Combine(Repo, "src", "api", "cpm-api.json")));

    static ApiOverlay Overlay() => ApiOverlay.LoadFolder(Path.Combine(Repo, "src", "api", "overlay"));

    static Dictionary<string, string> Emit(ApiOverlay overlay)
    {
        var types = new TypeModelBuilder(Spec.Value, overlay).Build();
        var entries = CmdletInference.Expand(Spec.Value, overlay);
        var operations = ClientOperation.BuildAll(Spec.Value, types, overlay, entries);
        var files = new Dictionary<string, string>();
        WorkRegistryEmitter.Emit(overlay, entries, types, operations, files);
        return files;
    }

    static WorkOverlay ExploreSessions() => new()
    {
        Get = "GET /api/explore_sessions/{id}/",
        Running = { "Undefined", "OpenSessionIsRunning", "SessionExpirationIsInProgress" },
        Succeeded = { "SessionEndedSuccessfully" },
        Failed = { "SessionFailure" },
        WaitCommand = "Wait-CpmExploreSession",
        LogCommand = "Get-CpmExploreSession -Id {id}",
    };

    [Fact]
    public void ANewKindOfWorkIsAFewOverlayLines()
    {
        var overlay = Overlay();
        overlay.Work["explore session"] = ExploreSessions();

        var files = Emit(overlay);

        var registry = files[WorkRegistryEmitter.RegistryPath];
        Assert.Contains("public static readonly CpmWorkKind<ExploreSession, ExploreSessionStatus> ExploreSession = ", registry);
        Assert.Contains("client.GetExploreSessionAsync(CpmIds.ToText(id), ct)", registry);
        Assert.Contains("[ExploreSessionStatus.SessionFailure] = CpmErrorIds.ExploreSessionSessionFailure,", registry);
        Assert.Contains("All = new CpmWorkKind[] { Backup, ExploreSession, Recovery };", registry);
        Assert.Contains("public const string ExploreSessionStatusUnknown = \"CpmExploreSessionStatusUnknown\";", files[WorkRegistryEmitter.ErrorIdsPath]);
    }

    [Fact]
    public void AStatusNotDecidedFailsGeneration()
    {
        var overlay = Overlay();
        var work = ExploreSessions();
        work.Running.Remove("Undefined");
        overlay.Work["explore session"] = work;

        var error = Assert.Throws<InvalidDataException>(() => Emit(overlay));
        Assert.Contains("ExploreSessionStatus.Undefined is not decided", error.Message);
    }

    [Fact]
    public void EachRecoversKeyAddsARecoverEndpointWithIdsTakenFromTheRecord()
    {
        var registry = Emit(Overlay())[WorkRegistryEmitter.RegistryPath];
        Assert.Contains("new CpmRecoverEndpoint<BackupSnapshotInstance, BackupSnapshotInstanceRecoverCreateRequest, Recovery>(", registry);
        Assert.Contains("ids: record => new long?[] { record.BackupId, record.Id },", registry);
        // A volume record carries its backup id as text.
        Assert.Contains("ids: record => new long?[] { CpmIds.ToLong(record.BackupId), record.Id },", registry);

        var overlay = Overlay();
        overlay.Cmdlets.Single(c => c.Name == "Invoke-CpmVolumeRecovery").Recovers = null;
        Assert.DoesNotContain("BackupSnapshotVolume", Emit(overlay)[WorkRegistryEmitter.RegistryPath]);
    }

    [Fact]
    public void ARecoverEndpointMustAnswerWithTheWorkItWaitsFor()
    {
        var overlay = Overlay();
        overlay.Cmdlets.Single(c => c.Name == "Invoke-CpmVolumeRecovery").WaitFor = "backup";

        var error = Assert.Throws<InvalidDataException>(() => Emit(overlay));
        Assert.Contains("answers Recovery, not the Backup that work follows", error.Message);
    }
}
