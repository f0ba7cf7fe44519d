using System.Reflection;
using System.Text.RegularExpressions;
using CpmPowerShell.Client;
using Xunit;

namespace CpmPowerShell.Client.Tests.Runtime;

/// <summary>ErrorIds come from one table (CpmErrorIds): unique, stable, and never spelled out elsewhere.</summary>
public class ErrorIdTests
{
    static readonly FieldInfo[] Constants = typeof(CpmErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).ToArray();

    [Fact]
    public void EveryErrorIdIsUniqueAndNamedAfterItsValue()
    {
        Assert.True(Constants.Length > 40);
        var values = Constants.Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(values.Count, values.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var field in Constants) Assert.Equal("Cpm" + field.Name, field.GetRawConstantValue());
    }

    [Fact]
    public void TheEndingsOfTrackedWorkAreInTheTableToo()
    {
        // Generated from the overlay's "work" sections into the other half of the partial class.
        Assert.Equal("CpmBackupFailed", CpmErrorIds.BackupFailed);
        Assert.Equal("CpmRecoveryStatusUnknown", CpmErrorIds.RecoveryStatusUnknown);
    }

    /// <summary>Literals that look like ErrorIds but are names: the session variable, the module, the user agent.</summary>
    static readonly HashSet<string> NotErrorIds = new(StringComparer.Ordinal) { "CpmPowerShell", "CpmPowerShellSession" };

    [Fact]
    public void HandWrittenCodeSpellsNoErrorIdOutsideTheTable()
    {
        var root = RepoRoot();
        var literal = new Regex("\"(Cpm[A-Z][A-Za-z]*)\"");
        var found = new List<string>();
        foreach (var folder in new[] { "src/CpmPowerShell", "src/CpmPowerShell.Client" })
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/Generated/") || relative.Contains("/obj/") || relative.Contains("/bin/") || relative.EndsWith("/CpmErrorIds.cs")) continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains("[Cmdlet(") || lines[i].TrimStart().StartsWith("//")) continue; // cmdlet nouns and doc references, not ErrorIds
                foreach (Match m in literal.Matches(lines[i]))
                    if (!NotErrorIds.Contains(m.Groups[1].Value)) found.Add($"{relative}:{i + 1}: {m.Value}");
            }
        }
        Assert.True(found.Count == 0, "Use the CpmErrorIds constants instead of:\n" + string.Join("\n", found));
    }

    static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CpmPowerShell.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root was not found.");
    }
}
