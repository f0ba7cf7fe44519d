using System.Text;

namespace CpmPowerShell.Generator.Model;

/// <summary>Turns API names (snake_case, labels, codes) into C# and PowerShell names.</summary>
public static class Names
{
    static readonly HashSet<string> CSharpKeywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>every_how_many -> EveryHowMany; "Backup Successful" -> BackupSuccessful; t2.micro -> T2Micro.</summary>
    public static string Pascal(string text)
    {
        var builder = new StringBuilder();
        var upperNext = true;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }
            else
            {
                upperNext = true;
            }
        }
        if (builder.Length == 0) return "Value";
        if (char.IsDigit(builder[0])) builder.Insert(0, 'N');
        return builder.ToString();
    }

    /// <summary>every_how_many -> everyHowMany (private fields, locals).</summary>
    public static string Camel(string text)
    {
        var pascal = Pascal(text);
        var camel = char.ToLowerInvariant(pascal[0]) + pascal[1..];
        return CSharpKeywords.Contains(camel) ? "@" + camel : camel;
    }

    /// <summary>English singular of one word, good enough for API nouns (policies -> policy, s3syncs -> s3sync).</summary>
    public static string Singular(string word)
    {
        if (word.Length <= 3) return word; // aws, rds, efs, ids
        if (word.EndsWith("ies", StringComparison.Ordinal)) return word[..^3] + "y";
        if (word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("uses", StringComparison.Ordinal)) return word[..^2];
        if (word.EndsWith("ss", StringComparison.Ordinal) || word.EndsWith("us", StringComparison.Ordinal) || word.EndsWith("is", StringComparison.Ordinal)) return word;
        if (word.EndsWith('s')) return word[..^1];
        return word;
    }

    /// <summary>Singular of the last word of a snake_case phrase: disable_times -> disable_time.</summary>
    public static string SingularLast(string snake)
    {
        var words = snake.Split('_');
        words[^1] = Singular(words[^1]);
        return string.Join("_", words);
    }

    /// <summary>Singular of every word of a snake_case phrase: schedules_disable_times -> schedule_disable_time.</summary>
    public static string SingularAll(string snake) => string.Join("_", snake.Split('_').Select(Singular));

    /// <summary>
    /// A field whose value is a secret: a password, an AWS secret key, a passphrase, a private key. Its
    /// parameter is a SecureString. (The client masks the same names in every log line and -WhatIf text.)
    /// </summary>
    public static bool IsSecret(string jsonName)
    {
        var name = jsonName.ToLowerInvariant();
        return new[] { "password", "passwd", "secret", "passphrase", "private_key", "api_key" }.Any(name.Contains);
    }

    /// <summary>A C# string literal.</summary>
    public static string Literal(string? value) =>
        value == null ? "null" : "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "") + "\"";

    /// <summary>XML-escaped text for doc comments and ps1xml.</summary>
    public static string Xml(string value) =>
        value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
