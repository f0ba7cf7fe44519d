using CpmPowerShell.Simulator.Hosting;

namespace CpmPowerShell.Simulator.Tests;

/// <summary>The backup-related command-line options.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Backup_options_are_parsed()
    {
        var options = CommandLine.Parse(new[] { "--seed-backups", "20000", "--backup-seconds", "0.5", "--recovery-seconds", "10" });
        Assert.Equal(20000, options.SeedBackups);
        Assert.Equal(0.5, options.BackupSeconds);
        Assert.Equal(10, options.RecoverySeconds);

        var defaults = CommandLine.Parse(Array.Empty<string>());
        Assert.Equal(12, defaults.SeedBackups);
        Assert.Equal(3, defaults.BackupSeconds);
        Assert.Equal(3, defaults.RecoverySeconds);
        Assert.Contains("--seed-backups", CommandLine.Usage);
    }

    [Theory]
    [InlineData("--seed-backups", "-1")]
    [InlineData("--seed-backups", "many")]
    [InlineData("--backup-seconds", "-0.1")]
    [InlineData("--recovery-seconds", "forever")]
    [InlineData("--recovery-seconds", "100000")]
    public void Bad_values_are_refused(string option, string value) =>
        Assert.Contains(option, Assert.Throws<ArgumentException>(() => CommandLine.Parse(new[] { option, value })).Message);
}
