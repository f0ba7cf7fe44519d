using CpmPowerShell.Client;
using CpmPowerShell.Models;
using Xunit;

namespace CpmPowerShell.Client.Tests.Runtime;

/// <summary>Model times: GMT text on the wire, local DateTime (Kind Local) in memory, the same instant both ways.</summary>
public class TimeTests
{
    [Fact]
    public void ModelTimesReadAsLocalTimeOfTheSameInstant()
    {
        var backup = CpmJson.Deserialize<Backup>("{\"id\":1,\"start_time\":\"2026-12-06T04:00:00Z\",\"end_time\":\"2026-12-06T04:10:00.250000Z\"}");
        Assert.Equal(DateTimeKind.Local, backup.StartTime!.Value.Kind);
        Assert.Equal(new DateTime(2026, 12, 6, 4, 0, 0, DateTimeKind.Utc), backup.StartTime.Value.ToUniversalTime());
        Assert.Equal(new DateTime(2026, 12, 6, 4, 10, 0, 250, DateTimeKind.Utc), backup.EndTime!.Value.ToUniversalTime());
    }

    [Fact]
    public void TextWithoutAnOffsetIsGmtAndTextWithOneKeepsIt()
    {
        var plain = CpmJson.Deserialize<Backup>("{\"start_time\":\"2026-12-06T04:00:00\"}").StartTime!.Value;
        var offset = CpmJson.Deserialize<Backup>("{\"start_time\":\"2026-12-06T06:00:00+02:00\"}").StartTime!.Value;
        Assert.Equal(new DateTime(2026, 12, 6, 4, 0, 0, DateTimeKind.Utc), plain.ToUniversalTime());
        Assert.Equal(plain, offset);
        Assert.Null(CpmJson.Deserialize<Backup>("{\"start_time\":\"\"}").StartTime);
        Assert.Null(CpmJson.Deserialize<Backup>("{\"start_time\":null}").StartTime);
    }

    [Fact]
    public void LocalAndUnspecifiedTimesAreWrittenAsTheirGmtInstant()
    {
        var local = new DateTime(2026, 12, 5, 23, 0, 0, DateTimeKind.Local);
        var expected = local.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        Assert.Contains($"\"start_date\":\"{expected}\"", CpmJson.Serialize(new Schedule { StartDate = local }));
        Assert.Contains($"\"start_date\":\"{expected}\"", CpmJson.Serialize(new Schedule { StartDate = DateTime.SpecifyKind(local, DateTimeKind.Unspecified) }));
        var utc = new DateTime(2026, 12, 5, 23, 0, 0, DateTimeKind.Utc);
        Assert.Contains("\"start_date\":\"2026-12-05T23:00:00Z\"", CpmJson.Serialize(new Schedule { StartDate = utc }));
    }

    [Fact]
    public void ReadThenWriteKeepsTheTextIncludingFractions()
    {
        const string json = "{\"id\":1,\"start_time\":\"2026-12-06T04:00:00.123456Z\"}";
        var backup = CpmJson.Deserialize<Backup>(json);
        Assert.Contains("\"start_time\":\"2026-12-06T04:00:00.123456Z\"", CpmJson.Serialize(backup));
        Assert.Equal("2026-12-06T04:00:00Z", CpmTime.ToWire(new DateTime(2026, 12, 6, 4, 0, 0, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData("2026-12-05T23:00:00Z", "2026-12-05T23:00:00Z")]
    [InlineData("2026-12-05T23:00:00+02:00", "2026-12-05T21:00:00Z")]
    [InlineData("2026-12-05T23:00:00-03:00", "2026-12-06T02:00:00Z")]
    public void TypedTimesWithAnOffsetKeepTheirInstant(string typed, string wire)
    {
        Assert.True(CpmTime.TryParseInput(typed, out var value));
        Assert.Equal(DateTimeKind.Local, value.Kind);
        Assert.Equal(wire, CpmTime.ToWire(value));
    }

    [Fact]
    public void TypedTimesWithoutAnOffsetAreLocal()
    {
        Assert.True(CpmTime.TryParseInput("2026-12-05 23:00", out var value));
        Assert.Equal(DateTimeKind.Local, value.Kind);
        Assert.Equal(new DateTime(2026, 12, 5, 23, 0, 0), DateTime.SpecifyKind(value, DateTimeKind.Unspecified));
    }
}
