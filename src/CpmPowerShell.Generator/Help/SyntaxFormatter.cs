using System.Text;

namespace CpmPowerShell.Generator.Help;

/// <summary>
/// Syntax lines for the SYNTAX section: builds one from parameter metadata when the caller has no
/// Get-Command output (the code generator), and wraps long lines the way PlatyPS does (110 columns,
/// continuation lines start with a space) so the markdown stays readable on GitHub.
/// </summary>
public static class SyntaxFormatter
{
    public const int MaxWidth = 110;

    static readonly string[] ShouldProcessParameters = { "WhatIf", "Confirm" };

    /// <summary>
    /// The syntax of one parameter set in Get-Command's order: positional parameters by position, then the
    /// named ones in model order, -WhatIf and -Confirm last, then [&lt;CommonParameters&gt;].
    /// </summary>
    public static string Build(CommandHelp help, SyntaxSet set)
    {
        var members = help.Parameters
            .Select(p => (Parameter: p, Usage: SetUsage(help, p, set)))
            .Where(m => m.Usage != null)
            .Select(m => (m.Parameter, Usage: m.Usage!))
            .ToList();
        var positional = members.Where(m => !m.Usage.IsNamed).OrderBy(m => int.Parse(m.Usage.Position));
        var named = members.Where(m => m.Usage.IsNamed && !IsShouldProcess(m.Parameter));
        var shouldProcess = ShouldProcessParameters
            .SelectMany(name => members.Where(m => m.Parameter.Name.Equals(name, StringComparison.OrdinalIgnoreCase)));

        var items = positional.Concat(named).Concat(shouldProcess).Select(m => Item(m.Parameter, m.Usage)).ToList();
        if (help.SupportsCommonParameters) items.Add("[<CommonParameters>]");
        return string.Join(" ", new[] { help.Name }.Concat(items));
    }

    /// <summary>Wraps a one-line syntax at <paramref name="width"/>; text that already has line breaks is kept.</summary>
    public static string Wrap(string syntax, int width = MaxWidth)
    {
        if (syntax.Contains('\n') || syntax.Length <= width) return syntax;
        var tokens = Tokenize(syntax);
        var result = new StringBuilder(tokens[0]);
        var lineStart = 0;
        foreach (var token in tokens.Skip(1))
        {
            if (result.Length - lineStart + token.Length > width)
            {
                result.Append('\n');
                lineStart = result.Length;
            }
            result.Append(' ').Append(token);
        }
        return result.ToString();
    }

    static ParameterUsage? SetUsage(CommandHelp help, ParameterHelp parameter, SyntaxSet set) =>
        set.Name.Length == 0 || help.Syntax.Count <= 1
            ? parameter.Usages.FirstOrDefault()
            : parameter.UsageFor(set.Name);

    static bool IsShouldProcess(ParameterHelp parameter) =>
        ShouldProcessParameters.Contains(parameter.Name, StringComparer.OrdinalIgnoreCase);

    static string Item(ParameterHelp parameter, ParameterUsage usage)
    {
        if (parameter.IsSwitch) return usage.Required ? "-" + parameter.Name : $"[-{parameter.Name}]";
        var name = usage.IsNamed ? "-" + parameter.Name : $"[-{parameter.Name}]";
        var item = $"{name} <{parameter.Type}>";
        return usage.Required ? item : $"[{item}]";
    }

    /// <summary>Splits at spaces outside brackets, keeping a value placeholder ("&lt;string&gt;", "{A | B}") with its parameter.</summary>
    static List<string> Tokenize(string syntax)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        foreach (var c in syntax)
        {
            if (c is '[' or '<' or '{') depth++;
            else if (c is ']' or '>' or '}') depth = Math.Max(0, depth - 1);
            if (c == ' ' && depth == 0)
            {
                Flush();
                continue;
            }
            current.Append(c);
        }
        Flush();
        return tokens;

        void Flush()
        {
            if (current.Length == 0) return;
            var token = current.ToString();
            current.Clear();
            if (tokens.Count > 1 && token[0] is '<' or '{') tokens[^1] += " " + token;
            else tokens.Add(token);
        }
    }
}
