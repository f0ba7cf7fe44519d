using CpmPowerShell.Generator.Help;
using Xunit;

namespace CpmPowerShell.Generator.Tests.Help;

public class MarkdownTextTests
{
    [Fact]
    public void ToParagraphs_JoinsSoftBreaksAndKeepsHardBreaksListsAndCode()
    {
        var paragraphs = MarkdownText.ToParagraphs("One\ntwo  \nthree\\\nfour\n\n1. first\n2. second\n\n```\nGet-X\n\n  -Y\n```\n");

        Assert.Equal(new[] { "One two\nthree\nfour", "1. first\n2. second", "Get-X\n\n  -Y" }, paragraphs);
    }

    [Fact]
    public void Inline_StripsMarkupButKeepsMeaning()
    {
        Assert.Equal("Use Get-X, see docs (https://example.com/x) and Get-Y.",
            MarkdownText.Inline("Use **Get-X**, see [docs](https://example.com/x) and [Get-Y](Get-Y.md)."));
        Assert.Equal("a <b> [c]", MarkdownText.Inline(@"a \<b\> \[c\]"));
        Assert.Equal("`Get-X` stays", MarkdownText.Inline("`Get-X` stays"));
    }

    [Fact]
    public void Wrap_BreaksAt110ColumnsBetweenParametersOnly()
    {
        var syntax = "Get-CpmPolicy [[-Name] <string[]>] [-Id <int>] [-Enabled <bool>] [-Search <string>] [-OrderBy <string>] [-Server <CpmConnection>] [-Status {Active | Disabled}] [<CommonParameters>]";

        var wrapped = SyntaxFormatter.Wrap(syntax);

        Assert.Equal(
            "Get-CpmPolicy [[-Name] <string[]>] [-Id <int>] [-Enabled <bool>] [-Search <string>] [-OrderBy <string>]\n" +
            " [-Server <CpmConnection>] [-Status {Active | Disabled}] [<CommonParameters>]", wrapped);
        Assert.Equal(syntax, wrapped.Replace("\n", ""));
        Assert.Equal("Get-X -Id <int>", SyntaxFormatter.Wrap("Get-X -Id <int>"));
    }
}
