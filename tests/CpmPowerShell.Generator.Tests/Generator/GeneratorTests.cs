using CpmPowerShell.Client;
using CpmPowerShell.Generator;
using CpmPowerShell.Generator.Model;
using CpmPowerShell.Models;
using CpmPowerShell.Spec;
using Newtonsoft.Json.Linq;
using Xunit;

namespace CpmPowerShell.Generator.Tests.Generator;

public class GeneratorTests
{
    static readonly string Repo = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ApiSpec.LocateInRepo(AppContext.BaseDirectory))!, "..", ".."));
    static readonly Lazy<Generation.Output> Output = new(() => Generation.Produce(Repo));

    [Fact]
    public void CommittedGeneratedCodeMatchesTheGenerator()
    {
        var drift = Generation.Drift(Repo, Output.Value.Files);
        Assert.True(drift.Count == 0, "Run ./build.ps1 -Task Generate; out of date:\n" + string.Join("\n", drift.Take(20)));
    }

    [Fact]
    public void GenerationIsDeterministic()
    {
        var again = Generation.Produce(Repo);
        Assert.Equal(Output.Value.Files.Keys, again.Files.Keys);
        foreach (var (path, text) in Output.Value.Files) Assert.Equal(text, again.Files[path]);
    }

    [Fact]
    public void EnumFiltersOfPagedListsTakeSeveralValuesAndOtherEnumsOne()
    {
        var cmdlets = Output.Value.Cmdlets;
        var status = cmdlets.Single(c => c.Name == "Get-CpmBackup").Parameters.Single(p => p.Name == "Status");
        Assert.Equal("BackupStatus[]", status.Type);
        var unit = cmdlets.Single(c => c.Name == "New-CpmSchedule").Parameters.Single(p => p.Name == "EveryUnit");
        Assert.Equal("ScheduleUnit", unit.Type);
        // The transformation is told the parameter's own type, so a single-value one refuses arrays.
        var files = Output.Value.Files;
        Assert.Contains("[CpmEnumTransformation(typeof(BackupStatus[]))]", files.Single(f => f.Key.EndsWith("/GetCpmBackupCommand.cs")).Value);
        Assert.Contains("[CpmEnumTransformation(typeof(ScheduleUnit))]", files.Single(f => f.Key.EndsWith("/NewCpmScheduleCommand.cs")).Value);
        Assert.DoesNotContain(files, f => f.Key.Contains("/Models/") && f.Value.Contains("[Flags]"));
    }

    [Fact]
    public void FlattenedProfileFieldsAreParametersOfTheirOwn()
    {
        // Overlay "flatten": the permissions and limits in a user's nested profile are -AllowRecovery, -MaxAccounts...
        var cmdlets = Output.Value.Cmdlets;
        var create = cmdlets.Single(c => c.Name == "New-CpmUser");
        Assert.DoesNotContain(create.Parameters, p => p.Name == "Profile");
        var max = create.Parameters.Single(p => p.Name == "MaxAccounts");
        Assert.Equal(("long", "profile"), (max.Type, max.Container!.JsonName));
        Assert.Equal("SecureString", create.Parameters.Single(p => p.Name == "Password").Type);
        var delegateOwner = cmdlets.Single(c => c.Name == "New-CpmDelegate").Parameters.Single(p => p.Name == "UserId");
        Assert.Equal("ConnectedUserId", delegateOwner.DefaultFromConnection);
        Assert.DoesNotContain(cmdlets.Single(c => c.Name == "Set-CpmDelegate").Parameters, p => p.ApiName == "original_user");
        var code = Output.Value.Files.Single(f => f.Key.EndsWith("/SetCpmUserCommand.cs")).Value;
        Assert.Contains("if (body.Profile == null) body.Profile = new UserProfile();", code);
        Assert.Contains("if (IsBound(nameof(MaxAccounts))) body.Profile.MaxAccounts = MaxAccounts;", code);
        // A body id bound from a piped user carries the user's connection.
        Assert.Contains("[CpmObjectId]", Output.Value.Files.Single(f => f.Key.EndsWith("/NewCpmDelegateCommand.cs")).Value);
    }

    [Fact]
    public void GeneratedCmdletsOfferHooksAndUseTheParameterSetConstants()
    {
        var files = Output.Value.Files;
        var create = files.Single(f => f.Key.EndsWith("/NewCpmScheduleCommand.cs")).Value;
        Assert.Contains("partial void OnBeforeSend(string path, object target, ScheduleCreateRequest body, ref bool proceed);", create);
        Assert.Contains("partial void OnResult(object target, ref Schedule result);", create);
        Assert.Contains("OnResult(target, ref result);", create);
        var remove = files.Single(f => f.Key.EndsWith("/RemoveCpmScheduleCommand.cs")).Value;
        Assert.Contains("partial void OnBeforeSend(string path, object target, ref bool proceed);", remove);
        Assert.DoesNotContain("OnResult", remove);
        Assert.DoesNotContain(files, f => f.Key.Contains("/Cmdlets/") && f.Value.Contains("ParameterSetName = \""));
    }

    [Fact]
    public void EveryEndpointHasOneClientMethod()
    {
        var operations = Output.Value.Operations;
        Assert.Equal(350, operations.Count);
        Assert.Equal(350, operations.Select(o => o.Name).Distinct().Count());
        var methods = typeof(CpmClient).GetMethods().Select(m => m.Name).ToHashSet();
        foreach (var op in operations)
            Assert.True(methods.Contains(op.Name) || methods.Contains(op.Name + "Async"), $"CpmClient lacks {op.Name} for {op.Api}");
    }

    [Fact]
    public void SchemasOfOneResourceShareOneModel()
    {
        var schedule = Output.Value.Types.FindModel("Schedule")!;
        Assert.Equal(new[] { "response_schedules_create", "response_schedules_list", "response_schedules_read", "response_schedules_update" }, schedule.Schemas);
        Assert.Equal("ScheduleId", schedule.IdAlias);
        // A nested request list reuses the response model, so disable times read from one schedule can be sent in another.
        var create = Output.Value.Types.FindModel("ScheduleCreateRequest")!;
        Assert.Equal("ScheduleDisableTime", create.Property("disable_times")!.Type.Item!.Model!.Name);
        Assert.Equal(GenKind.DateTime, schedule.Property("start_date")!.Type.Kind);
        Assert.Equal(GenKind.String, Output.Value.Types.FindModel("ScheduleDisableTime")!.Property("start_time")!.Type.Kind);
    }

    [Fact]
    public void ChildItemsCarryTheirParentId()
    {
        var disableTime = Output.Value.Types.FindModel("ScheduleDisableTime")!;
        Assert.True(disableTime.Property("schedule_id")!.FromPath);
    }

    [Theory]
    [InlineData("policies", "policy")]
    [InlineData("s3syncs", "s3sync")]
    [InlineData("addresses", "address")]
    [InlineData("aws", "aws")]
    [InlineData("status", "status")]
    public void SingularOfApiNouns(string plural, string singular) => Assert.Equal(singular, Names.Singular(plural));

    [Theory]
    [InlineData("every_how_many", "EveryHowMany")]
    [InlineData("Backup Successful", "BackupSuccessful")]
    [InlineData("m5d.4xlarge", "M5d4xlarge")]
    [InlineData("3d", "N3d")]
    public void PascalNames(string text, string expected) => Assert.Equal(expected, Names.Pascal(text));
}

public class GeneratedModelTests
{
    [Fact]
    public void UnknownEnumCodeReadsAsUnknownAndSurvivesAWriteBack()
    {
        var schedule = CpmJson.Deserialize<Schedule>("{\"id\":5,\"name\":\"x\",\"every_unit\":\"Q\",\"every_how_many\":2}");
        Assert.Equal(ScheduleUnit.Unknown, schedule.EveryUnit);
        Assert.Equal("Q", schedule.GetRawValue("every_unit"));
        var update = CpmMerge.Project<ScheduleUpdateRequest>(schedule);
        Assert.Equal("Q", JObject.Parse(CpmJson.Serialize(update))["every_unit"]!.ToString());
    }

    [Fact]
    public void KnownEnumCodeReadsAsFriendlyName()
    {
        var schedule = CpmJson.Deserialize<Schedule>("{\"every_unit\":\"W\"}");
        Assert.Equal(ScheduleUnit.Weeks, schedule.EveryUnit);
        schedule.EveryUnit = ScheduleUnit.Months;
        Assert.Equal("O", JObject.Parse(CpmJson.Serialize(schedule))["every_unit"]!.ToString());
    }

    [Theory]
    [InlineData("W", ScheduleUnit.Weeks)]
    [InlineData("Weeks", ScheduleUnit.Weeks)]
    [InlineData("weeks", ScheduleUnit.Weeks)]
    [InlineData("M", ScheduleUnit.Minutes)]
    [InlineData("Months", ScheduleUnit.Months)]
    public void UsersMayTypeCodesNamesOrLabels(string text, ScheduleUnit expected)
    {
        Assert.True(CpmEnum.TryParse(typeof(ScheduleUnit), text, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void UnknownIsNeverSent()
    {
        Assert.False(CpmEnum.TryParse(typeof(ScheduleUnit), "Unknown", out _));
        Assert.Throws<ArgumentException>(() => CpmEnum.ToCode(ScheduleUnit.Unknown));
        Assert.DoesNotContain("Unknown", CpmEnum.Names(typeof(ScheduleUnit)));
    }

    [Fact]
    public void TimestampsAreLocalTimeOfTheGmtInstantAndTextStaysText()
    {
        var schedule = CpmJson.Deserialize<Schedule>("{\"start_date\":\"2018-08-20T12:50:00Z\",\"description\":\"2018-08-20T12:50:00Z\"}");
        Assert.Equal(new DateTime(2018, 8, 20, 12, 50, 0, DateTimeKind.Utc), schedule.StartDate!.Value.ToUniversalTime());
        Assert.Equal(DateTimeKind.Local, schedule.StartDate!.Value.Kind);
        Assert.Equal("2018-08-20T12:50:00Z", schedule.Description);
    }

    [Fact]
    public void FieldsFromANewerServerAreKept()
    {
        var schedule = CpmJson.Deserialize<Schedule>("{\"id\":1,\"brand_new_field\":{\"a\":1}}");
        Assert.Equal(1, (int)schedule.GetAdditionalProperties()["brand_new_field"]["a"]!);
        Assert.Contains("brand_new_field", CpmJson.Serialize(schedule));
    }

    [Fact]
    public void RequestsOmitWhatWasNotSet()
    {
        var body = new ScheduleCreateRequest { Name = "nightly", EveryHowMany = 1 };
        Assert.Equal("{\"every_how_many\":1,\"name\":\"nightly\"}", CpmJson.Serialize(body));
    }

    [Fact]
    public void ScheduleExposesScheduleIdForPipelineBinding()
    {
        var schedule = CpmJson.Deserialize<Schedule>("{\"id\":42}");
        Assert.Equal(42, schedule.ScheduleId);
    }
}
