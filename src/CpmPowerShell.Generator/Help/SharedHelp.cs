using System.Text;
using System.Text.RegularExpressions;
using CpmPowerShell.Generator.Overlay;

namespace CpmPowerShell.Generator.Help;

/// <summary>
/// Parameter descriptions written once and shared by every cmdlet that has the parameter, so help files
/// hold only what is special to their cmdlet. Two sources:
/// <list type="bullet">
/// <item>standard parameters (-Server, -Force, -Id, -First...) from en-US/_shared/parameters.md, one
/// "## -Name" entry each, optionally per verb ("## -Id (Get)"); the verb's entry wins over the plain one;</item>
/// <item>body and query fields from the "fields" sections of src/api/overlay/*.jsonc, keyed by API name
/// ("every_unit") or by the cmdlet's noun and API name ("Schedule.name") where a name means different
/// things; the noun-qualified key wins. A parameter's API names are its aliases and its own name in snake_case.</item>
/// </list>
/// Precedence: the cmdlet's own markdown text, then a standard entry, then a field. Texts may say
/// {noun} and {nouns} ("schedule", "schedules"): the cmdlet's noun from its name (Set-CpmPolicyInstance:
/// "policy instance"), or the "noun"/"nouns" keys of the file's front matter where the name reads badly;
/// {Noun} is the noun as the cmdlet names it ("PolicyInstance", for "Get-Cpm{Noun}").
/// </summary>
public sealed class SharedHelp
{
    /// <summary>The standard-parameter file, relative to the help source folder.</summary>
    public const string StandardFileName = "_shared/parameters.md";

    static readonly Regex EntryHeading = new(@"^##\s+-(\w+)(?:\s*\(([^)]*)\))?\s*$", RegexOptions.CultureInvariant);
    static readonly Regex WordBoundary = new(@"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", RegexOptions.CultureInvariant);

    /// <summary>Parameter name -> verb ("" for every verb) -> text.</summary>
    readonly Dictionary<string, Dictionary<string, string>> standard = new(StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<string, string> fields = new(StringComparer.OrdinalIgnoreCase);

    public static SharedHelp Empty { get; } = new();

    public int StandardCount => standard.Sum(s => s.Value.Count);
    public int FieldCount => fields.Count;

    /// <summary>Reads the standard file (when it exists) and the overlay's fields (when a folder is given).</summary>
    public static SharedHelp Load(string? standardFile, string? overlayFolder)
    {
        var standardText = standardFile != null && File.Exists(standardFile) ? File.ReadAllText(standardFile, Encoding.UTF8) : "";
        var fields = overlayFolder != null ? ApiOverlay.LoadFolder(overlayFolder).Fields : new Dictionary<string, string>();
        return Create(standardText, fields, standardFile ?? StandardFileName);
    }

    /// <summary>
    /// Builds from the standard file's text: a "## -Name" or "## -Name (Verb, Verb)" heading starts an
    /// entry, its text runs to the next "## " heading. Text before the first entry documents the file.
    /// </summary>
    public static SharedHelp Create(string standardMarkdown, IReadOnlyDictionary<string, string>? fields = null, string sourceName = StandardFileName)
    {
        var result = new SharedHelp();
        string? name = null;
        var verbs = new List<string>();
        var text = new StringBuilder();
        var lines = MarkdownDocument.SplitLines(standardMarkdown);
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("## ", StringComparison.Ordinal)) { if (name != null) text.Append(lines[i]).Append('\n'); continue; }
            Flush(i);
            var match = EntryHeading.Match(lines[i]);
            if (!match.Success) throw new HelpParseException(sourceName, i + 1, $"expected '## -ParameterName' or '## -ParameterName (Verb, ...)', found '{lines[i]}'.");
            name = match.Groups[1].Value;
            verbs = match.Groups[2].Success
                ? match.Groups[2].Value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList()
                : new List<string> { "" };
        }
        Flush(lines.Length);
        foreach (var (key, value) in fields ?? new Dictionary<string, string>())
            if (!result.fields.TryAdd(key, value.Trim())) throw new HelpParseException("fields", 0, $"'{key}' is described twice.");
        return result;

        void Flush(int line)
        {
            if (name == null) return;
            var body = text.ToString().Trim();
            if (body.Length == 0) throw new HelpParseException(sourceName, line, $"-{name} has no text.");
            var entry = result.standard.TryGetValue(name, out var e) ? e : result.standard[name] = new(StringComparer.OrdinalIgnoreCase);
            foreach (var verb in verbs)
                if (!entry.TryAdd(verb, body)) throw new HelpParseException(sourceName, line, $"-{name}{(verb.Length > 0 ? $" ({verb})" : "")} is described twice.");
            name = null;
            text.Clear();
        }
    }

    /// <summary>The shared text for a parameter of a cmdlet, with {noun}/{nouns} filled in; null when no source has one.</summary>
    public string? Describe(CommandHelp command, ParameterHelp parameter)
    {
        var (verb, noun) = SplitName(command.Name);
        string? text = null;
        if (standard.TryGetValue(parameter.Name, out var variants))
            text = variants.GetValueOrDefault(verb) ?? variants.GetValueOrDefault("");
        if (text == null)
        {
            foreach (var apiName in ApiNames(parameter))
            {
                text = fields.GetValueOrDefault(noun + "." + apiName);
                if (text != null) break;
            }
            text ??= ApiNames(parameter).Select(n => fields.GetValueOrDefault(n)).FirstOrDefault(t => t != null);
        }
        if (text == null) return null;
        var singular = command.GetMetadata("noun") is { Length: > 0 } n ? n : Words(noun);
        var plural = command.GetMetadata("nouns") is { Length: > 0 } p ? p : Plural(singular);
        return text.Replace("{Noun}", noun).Replace("{nouns}", plural).Replace("{noun}", singular);
    }

    /// <summary>
    /// Gives every parameter without its own text the shared one. Returns the names of parameters that
    /// still have no description from any source.
    /// </summary>
    public List<string> Fill(CommandHelp command)
    {
        var missing = new List<string>();
        foreach (var parameter in command.Parameters)
        {
            if (parameter.Description.Trim().Length > 0) continue;
            parameter.Description = Describe(command, parameter) ?? "";
            if (parameter.Description.Length == 0) missing.Add(parameter.Name);
        }
        return missing;
    }

    /// <summary>True when the text is the shared text for this parameter (a copy that adds nothing), ignoring line breaks and spacing.</summary>
    public bool IsSharedText(CommandHelp command, ParameterHelp parameter, string text) =>
        Describe(command, parameter) is { } shared && Normalize(shared) == Normalize(text);

    /// <summary>"Set-CpmPolicyInstance" -> ("Set", "PolicyInstance"); the module prefix is not part of the noun.</summary>
    public static (string Verb, string Noun) SplitName(string commandName)
    {
        var dash = commandName.IndexOf('-');
        var verb = dash < 0 ? "" : commandName[..dash];
        var noun = dash < 0 ? commandName : commandName[(dash + 1)..];
        if (noun.StartsWith("Cpm", StringComparison.Ordinal) && noun.Length > 3) noun = noun[3..];
        return (verb, noun);
    }

    /// <summary>The API names a parameter stands for: its aliases, and its own name in snake_case (EveryUnit: every_unit).</summary>
    public static IEnumerable<string> ApiNames(ParameterHelp parameter) =>
        parameter.Aliases.Append(SnakeCase(parameter.Name)).Distinct(StringComparer.OrdinalIgnoreCase);

    public static string SnakeCase(string pascal) => WordBoundary.Replace(pascal, "_").ToLowerInvariant();

    /// <summary>"PolicyInstance" -> "policy instance"; acronyms keep their case ("S3Recovery" -> "S3 recovery").</summary>
    public static string Words(string pascal) =>
        string.Join(" ", WordBoundary.Split(pascal).Select(w => w.Length > 1 && w.All(c => char.IsUpper(c) || char.IsDigit(c)) ? w : w.ToLowerInvariant()));

    public static string Plural(string noun) =>
        noun.EndsWith("y", StringComparison.Ordinal) && noun.Length > 1 && !"aeiou".Contains(noun[^2]) ? noun[..^1] + "ies"
        : noun.EndsWith("s", StringComparison.Ordinal) || noun.EndsWith("x", StringComparison.Ordinal) || noun.EndsWith("sh", StringComparison.Ordinal) ? noun + "es"
        : noun + "s";

    static string Normalize(string text) => Regex.Replace(text, @"\s+", " ").Trim();
}
