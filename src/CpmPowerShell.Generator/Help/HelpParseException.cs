namespace CpmPowerShell.Generator.Help;

/// <summary>A markdown help file that does not follow the schema; the message starts with "file:line:".</summary>
public sealed class HelpParseException : InvalidOperationException
{
    public HelpParseException(string source, int line, string problem)
        : base($"{source}:{line}: {problem}")
    {
        FilePath = source;
        Line = line;
        Problem = problem;
    }

    public string FilePath { get; }
    public int Line { get; }
    public string Problem { get; }
}
