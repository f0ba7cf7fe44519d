using CpmPowerShell.Generator.Emit;
using CpmPowerShell.Generator.Model;
using Xunit;

namespace CpmPowerShell.Generator.Tests.Generator;

public class FormatEmitterTests
{
    static GenProperty Column(string name, string jsonName, GenKind kind) => new() { Name = name, JsonName = jsonName, Type = new GenType { Kind = kind } };

    static readonly GenModel Log = new() { Name = "BackupLog", Stem = "backups_logs" };

    [Fact]
    public void WidthsComeFromTheValuesAndTheLastColumnTakesTheRest()
    {
        var columns = new[]
        {
            Column("BackupId", "backup_id", GenKind.Long), Column("LogTime", "log_time", GenKind.DateTime),
            Column("LogType", "log_type", GenKind.String), Column("Log", "log", GenKind.String),
        };

        var widths = FormatEmitter.Widths(Log, columns, keyCount: 4);

        Assert.Equal(new int?[] { 8, 19, 12, null }, widths);
    }

    [Fact]
    public void KeyColumnsFillEightyColumnsSoWideOnesHideWhole()
    {
        var columns = new[]
        {
            Column("Id", "id", GenKind.Long), Column("Name", "name", GenKind.String),
            Column("Region", "region", GenKind.String), Column("Description", "description", GenKind.String),
        };

        var widths = FormatEmitter.Widths(Log, columns, keyCount: 2);

        Assert.Equal(FormatEmitter.NarrowTable, widths[0] + widths[1] + 1);
        Assert.Equal(14, widths[2]);
        Assert.Null(widths[3]);
    }

    [Fact]
    public void KeyColumnsWiderThanEightyColumnsFailGeneration()
    {
        var columns = Enumerable.Range(0, 5).Select(i => Column($"Time{i}", $"time_{i}", GenKind.DateTime)).ToArray();

        var error = Assert.Throws<InvalidDataException>(() => FormatEmitter.Widths(Log, columns, keyCount: 5));
        Assert.Contains("80-column", error.Message);
    }
}
