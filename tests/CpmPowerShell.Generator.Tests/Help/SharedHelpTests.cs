using System.Xml.Linq;
using CpmPowerShell.Generator.Help;
using CpmPowerShell.Generator.Overlay;
using Xunit;

namespace CpmPowerShell.Generator.Tests.Help;

/// <summary>Standard parameter texts and overlay fields: which text a parameter gets, and what help-sync and the compiler do with it.</summary>
public class SharedHelpTests
{
    const string Standard = """
        # Standard parameters

        Text before the first entry documents the file.

        ## -Server
        The connection to use.

        ## -Force
        Skips the prompt.

        ## -Id (Get)
        The ids of the {nouns} to read.

        ## -Id (Remove, Stop)
        The ids of the {nouns} to delete,
        on two lines.

        ## -InputObject (Remove)
        The {nouns} to delete, piped from Get-Cpm{Noun}.

        ## -Name (Get)
        Returns only {nouns} whose names match.
        """;

    static readonly Dictionary<string, string> Fields = new()
    {
        ["name"] = "The name of the {noun}.",
        ["Schedule.name"] = "The name of the schedule, unique per owner.",
        ["every_unit"] = "The unit of -EveryHowMany.",
        ["server"] = "A field called server.",
    };

    static SharedHelp Shared() => SharedHelp.Create(Standard, Fields);

    static CommandHelp Command(string name, params string[] parameters) => new()
    {
        Name = name,
        Parameters = parameters.Select(p => new ParameterHelp { Name = p, Type = "String" }).ToList(),
    };

    static string Describe(string command, string parameter, params string[] aliases)
    {
        var help = Command(command, parameter);
        help.Parameters[0].Aliases = aliases.ToList();
        return Shared().Describe(help, help.Parameters[0]);
    }

    [Fact]
    public void StandardEntry_AppliesToEveryCmdletWithTheParameter()
    {
        Assert.Equal("The connection to use.", Describe("Get-CpmPolicy", "Server"));
        Assert.Equal("The connection to use.", Describe("Remove-CpmSchedule", "server"));
        Assert.Null(Describe("Get-CpmPolicy", "Timeout"));
    }

    [Fact]
    public void VerbEntry_AppliesOnlyToItsVerbs_AndFillsInTheNoun()
    {
        Assert.Equal("The ids of the policies to read.", Describe("Get-CpmPolicy", "Id"));
        Assert.Equal("The ids of the policy instances to delete,\non two lines.", Describe("Remove-CpmPolicyInstance", "Id"));
        Assert.Equal("The ids of the S3 recoveries to delete,\non two lines.", Describe("Stop-CpmS3Recovery", "Id"));
        Assert.Equal("The backups to delete, piped from Get-CpmBackup.", Describe("Remove-CpmBackup", "InputObject"));
        Assert.Null(Describe("Set-CpmPolicy", "Id"));
    }

    [Fact]
    public void FrontMatterNoun_ReplacesTheNounFromTheName()
    {
        var help = Command("Remove-CpmBackup", "Id");
        help.Metadata.Add(new("noun", "freezer record"));
        Assert.Equal("The ids of the freezer records to delete,\non two lines.", Shared().Describe(help, help.Parameters[0]));
        help.Metadata.Add(new("nouns", "records in the freezer"));
        Assert.Equal("The ids of the records in the freezer to delete,\non two lines.", Shared().Describe(help, help.Parameters[0]));
    }

    [Fact]
    public void Field_IsFoundByAliasOrSnakeCaseName_NounQualifiedKeyFirst()
    {
        Assert.Equal("The unit of -EveryHowMany.", Describe("New-CpmSchedule", "EveryUnit"));
        Assert.Equal("The unit of -EveryHowMany.", Describe("Set-CpmSchedule", "Unit", "every_unit"));
        Assert.Equal("The name of the schedule, unique per owner.", Describe("New-CpmSchedule", "Name"));
        Assert.Equal("The name of the policy.", Describe("Set-CpmPolicy", "Name"));
    }

    [Fact]
    public void StandardEntry_WinsOverField()
    {
        // -Name of a Get is the wildcard filter, not the body field; -Server is always the connection.
        Assert.Equal("Returns only schedules whose names match.", Describe("Get-CpmSchedule", "Name"));
        Assert.Equal("The connection to use.", Describe("Get-CpmSchedule", "Server"));
    }

    [Fact]
    public void Fill_KeepsTheCmdletsOwnText_AndReportsParametersWithNoSource()
    {
        var help = Command("Remove-CpmSchedule", "Id", "Server", "Mode");
        help.Parameters[0].Description = "Only the schedules of this owner.";

        var missing = Shared().Fill(help);

        Assert.Equal("Only the schedules of this owner.", help.Parameters[0].Description);
        Assert.Equal("The connection to use.", help.Parameters[1].Description);
        Assert.Equal(new[] { "Mode" }, missing);
    }

    [Fact]
    public void Sync_WritesNoPlaceholderForSharedParameters_AndDropsCopiesOfTheSharedText()
    {
        var metadata = Command("Remove-CpmSchedule", "Id", "Server", "Mode");
        var skeleton = HelpMarkdown.ParseText(HelpMarkdown.WriteSkeleton(metadata, "CpmPowerShell", Shared()));
        Assert.Null(skeleton.FindParameter("Server"));
        Assert.Null(skeleton.FindParameter("Id"));
        Assert.Equal("{{ Fill Mode Description }}", skeleton.FindParameter("Mode")!.Description);

        // An author's copy of the shared text goes (it would drift); an author's own text stays.
        var full = HelpSkeleton.Create(metadata, "CpmPowerShell");
        full.FindParameter("Server")!.Description = "The connection   to use.";
        full.FindParameter("Id")!.Description = "The ids of the schedules to delete, except locked ones.";
        full.FindParameter("Mode")!.Description = "How to delete.";
        var updated = HelpMarkdown.ParseText(HelpMarkdown.Update(HelpMarkdown.Write(full), metadata, shared: Shared()));
        Assert.Null(updated.FindParameter("Server"));
        Assert.Equal("The ids of the schedules to delete, except locked ones.", updated.FindParameter("Id")!.Description);
        Assert.Equal("How to delete.", updated.FindParameter("Mode")!.Description);
    }

    [Fact]
    public void Compile_FillsSharedTextIntoTheMaml_AndWarnsWhenNoSourceDescribesAParameter()
    {
        var source = HelpSamples.TempFolder();
        var metadata = Command("Remove-CpmSchedule", "Id", "Server", "Mode");
        var written = HelpMarkdown.WriteSkeleton(metadata, "CpmPowerShell", Shared()).Replace("{{ Fill Mode Description }}", "");
        File.WriteAllText(Path.Combine(source, "Remove-CpmSchedule.md"), written);
        var output = Path.Combine(HelpSamples.TempFolder(), "en-US");

        var result = HelpCompiler.Compile(source, output, "CpmPowerShell", Shared(), new[] { metadata });

        // The skeleton's synopsis placeholder gives its own warning; one parameter lacks text.
        var warning = Assert.Single(result.Warnings, w => w.Contains("has no description"));
        Assert.Contains("-Mode has no description", warning);
        var maml = XDocument.Load(Path.Combine(output, "CpmPowerShell.dll-Help.xml"));
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        XNamespace maml2 = "http://schemas.microsoft.com/maml/2004/10";
        var server = maml.Descendants(command + "parameters").Elements(command + "parameter")
            .Single(p => p.Element(maml2 + "name")!.Value == "Server");
        Assert.Equal("The connection to use.", server.Element(maml2 + "description")!.Value);
    }

    [Fact]
    public void StandardFile_RejectsAStrayHeadingAndAnEntryDescribedTwice()
    {
        Assert.Throws<HelpParseException>(() => SharedHelp.Create("## Server\ntext\n"));
        Assert.Throws<HelpParseException>(() => SharedHelp.Create("## -Id (Get)\na\n\n## -Id (Get, Set)\nb\n"));
        Assert.Throws<HelpParseException>(() => SharedHelp.Create("## -Id\n\n## -Force\nb\n"));
    }

    [Fact]
    public void OverlayFields_MergeAcrossFiles_AndAFieldDescribedInTwoFilesIsAnError()
    {
        var folder = HelpSamples.TempFolder();
        File.WriteAllText(Path.Combine(folder, "a.jsonc"), "{\n  // comment\n  \"fields\": { \"name\": \"A name.\" }\n}\n");
        File.WriteAllText(Path.Combine(folder, "b.jsonc"), "{ \"fields\": { \"Schedule.name\": \"A schedule name.\" } }");
        Assert.Equal(new[] { "Schedule.name", "name" }, ApiOverlay.LoadFolder(folder).Fields.Keys.OrderBy(k => k, StringComparer.Ordinal));

        File.WriteAllText(Path.Combine(folder, "c.jsonc"), "{ \"fields\": { \"name\": \"Another.\" } }");
        var error = Assert.Throws<InvalidDataException>(() => ApiOverlay.LoadFolder(folder));
        Assert.Contains("fields.name", error.Message);
    }

    [Fact]
    public void RepositoryHelp_EveryParameterOfEveryCmdletHasADescriptionFromSomeSource()
    {
        var root = FindRoot();
        var shared = SharedHelp.Load(Path.Combine(root, "en-US", SharedHelp.StandardFileName), Path.Combine(root, "src", "api", "overlay"));
        var missing = RepositoryCommands(root)
            .SelectMany(help => shared.Fill(help).Select(p => $"{help.Name} -{p}"))
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void RepositoryHelp_EveryOverlayFieldTextBelongsToAParameterOfSomeCmdlet()
    {
        // A key with a typo, or left behind when a field went, would describe nothing.
        var root = FindRoot();
        var uses = RepositoryCommands(root)
            .SelectMany(help => help.Parameters.SelectMany(p => SharedHelp.ApiNames(p)
                .SelectMany(api => new[] { api, SharedHelp.SplitName(help.Name).Noun + "." + api })))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unused = ApiOverlay.LoadFolder(Path.Combine(root, "src", "api", "overlay")).Fields.Keys.Where(k => !uses.Contains(k)).ToList();
        Assert.Empty(unused);
    }

    /// <summary>
    /// en-US/*.md completed with the built module's cmdlet metadata, as the help compiler sees them: the
    /// files hold only text, so which parameters a cmdlet has comes from out/cmdlet-metadata.json (build.ps1 -Task Build).
    /// </summary>
    static List<CommandHelp> RepositoryCommands(string root)
    {
        var metadataPath = Path.Combine(root, "out", "cmdlet-metadata.json");
        Assert.True(File.Exists(metadataPath), $"{metadataPath} is missing: run ./build.ps1 -Task Build first (it exports the cmdlets' metadata).");
        var cmdlets = CmdletMetadata.Read(File.ReadAllText(metadataPath)).ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        return Directory.GetFiles(Path.Combine(root, "en-US"), "*-*.md")
            .Select(path => (Path: path, Help: HelpMarkdown.Parse(path)))
            .Select(f => cmdlets.TryGetValue(f.Help.Name, out var cmdlet) ? HelpMerger.Complete(f.Help, cmdlet, f.Path) : f.Help)
            .ToList();
    }

    static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "CpmPowerShell.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
