using CpmPowerShell.Generator.Help;
using Newtonsoft.Json;

namespace CpmPowerShell.Generator.Tests.Help;

/// <summary>Markdown and metadata fixtures shared by the help tests.</summary>
internal static class HelpSamples
{
    /// <summary>A complete command file in exactly the layout the writer produces (so write(parse(x)) == x).</summary>
    public const string GetWidget = """
        ---
        external help file: Widgets.dll-Help.xml
        Module Name: Widgets
        online version: https://example.com/get-widget
        schema: 2.0.0
        custom key: kept
        ---

        # Get-Widget

        ## SYNOPSIS
        Gets widgets from the **widget** store.

        ## SYNTAX

        ### ByName (Default)
        ```
        Get-Widget [[-Name] <String[]>] [-Kind <WidgetKind>] [<CommonParameters>]
        ```

        ### ById
        ```
        Get-Widget [-Kind <WidgetKind>] -Id <Int32> [-Force] [<CommonParameters>]
        ```

        ## DESCRIPTION
        The Get-Widget cmdlet gets widgets
        by name or by id. See [the guide](https://example.com/guide).

        Results stream as they arrive:
        - one object per widget
        - sorted by id

        ## EXAMPLES

        ### Example 1: Get widgets by name
        ```powershell
        PS C:\> Get-Widget -Name 'ge*'
        ```

        Gets every widget whose name starts with ge.

        ### Example 2: Two blocks
        Run this first.

        ```powershell
        $w = Get-Widget -Id 5
        ```

        ```powershell
        $w.Name
        ```

        Shows the name.

        ## PARAMETERS

        ### -Force
        Returns the widget even when it is hidden.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: ById
        Aliases:

        Required: False
        Position: Named
        Default value: False
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -Id
        The id of the widget.

        ```yaml
        Type: Int32
        Parameter Sets: ById
        Aliases: WidgetId, wid

        Required: True
        Position: Named
        Default value: None
        Accept pipeline input: True (ByPropertyName)
        Accept wildcard characters: False
        ```

        ### -Kind
        The kind of widget.

        ```yaml
        Type: WidgetKind
        Parameter Sets: ByName
        Aliases:
        Accepted values: Gear, Spring, Lever

        Required: False
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ```yaml
        Type: WidgetKind
        Parameter Sets: ById
        Aliases:
        Accepted values: Gear, Spring, Lever

        Required: True
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -Name
        Names of widgets.

        Wildcards are allowed.

        ```yaml
        Type: String[]
        Parameter Sets: ByName
        Aliases:

        Required: False
        Position: 0
        Default value: None
        Accept pipeline input: True (ByPropertyName)
        Accept wildcard characters: True
        ```

        ### CommonParameters
        This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -Verbose, -WarningAction, and -WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).

        ## INPUTS

        ### System.String[]
        Names, by property name.

        ## OUTPUTS

        ### Widgets.Widget

        ## NOTES
        Widgets are cached for a minute.

        ## RELATED LINKS

        [Remove-Widget](Remove-Widget.md)

        [Widget docs](https://example.com/widgets)

        about_Widgets

        """;

    /// <summary>A single-set command, the shape most CPM cmdlets have.</summary>
    public const string RemoveWidget = """
        # Remove-Widget

        ## SYNOPSIS
        Removes widgets.

        ## SYNTAX

        ```
        Remove-Widget [-Id] <Int32[]> [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]
        ```

        ## DESCRIPTION
        Removes one or more widgets.

        ## EXAMPLES

        ### Example 1
        ```powershell
        Remove-Widget -Id 7 -Force
        ```

        ## PARAMETERS

        ### -Force
        Skips the prompt.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases:

        Required: False
        Position: Named
        Default value: False
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -Id
        Ids to remove.

        ```yaml
        Type: Int32[]
        Parameter Sets: (All)
        Aliases: Identity

        Required: True
        Position: 0
        Default value: None
        Accept pipeline input: True (ByValue, ByPropertyName)
        Accept wildcard characters: False
        ```

        ### CommonParameters
        Text PlatyPS ignores.

        ## INPUTS

        ### System.Int32[]

        ## OUTPUTS

        ### None

        ## NOTES

        ## RELATED LINKS

        """;

    /// <summary>Export-CmdletMetadata.ps1 output for a two-cmdlet module (trimmed to what the reader uses).</summary>
    public const string MetadataJson = """
        {
          "module": "Widgets",
          "commands": [
            {
              "name": "Remove-Widget",
              "defaultParameterSet": null,
              "parameterSets": [
                { "name": "__AllParameterSets", "isDefault": false,
                  "syntax": "Remove-Widget [-Id] <int[]> [-Mode <string>] [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]" }
              ],
              "parameters": [
                { "name": "Id", "type": "Int32[]", "aliases": [ "Identity" ], "acceptedValues": [], "supportsWildcards": false,
                  "sets": [ { "name": "__AllParameterSets", "mandatory": true, "position": 0, "valueFromPipeline": true, "valueFromPipelineByPropertyName": true } ] },
                { "name": "Mode", "type": "String", "aliases": [], "acceptedValues": [ "Soft", "Hard" ], "supportsWildcards": false,
                  "sets": [ { "name": "__AllParameterSets", "mandatory": false, "position": null, "valueFromPipeline": false, "valueFromPipelineByPropertyName": false } ] },
                { "name": "Force", "type": "SwitchParameter", "aliases": [], "acceptedValues": [], "supportsWildcards": false,
                  "sets": [ { "name": "__AllParameterSets", "mandatory": false, "position": null, "valueFromPipeline": false, "valueFromPipelineByPropertyName": false } ] },
                { "name": "WhatIf", "type": "SwitchParameter", "aliases": [ "wi" ], "acceptedValues": [], "supportsWildcards": false,
                  "sets": [ { "name": "__AllParameterSets", "mandatory": false, "position": null, "valueFromPipeline": false, "valueFromPipelineByPropertyName": false } ] },
                { "name": "Confirm", "type": "SwitchParameter", "aliases": [ "cf" ], "acceptedValues": [], "supportsWildcards": false,
                  "sets": [ { "name": "__AllParameterSets", "mandatory": false, "position": null, "valueFromPipeline": false, "valueFromPipelineByPropertyName": false } ] }
              ],
              "inputs": [ "System.Int32[]" ],
              "outputs": []
            },
            {
              "name": "Get-Widget",
              "defaultParameterSet": "ByName",
              "parameterSets": [
                { "name": "ByName", "isDefault": true, "syntax": "Get-Widget [[-Name] <string[]>] [-Kind <WidgetKind>] [-Server <string>] [-IncludeTotalCount] [-Skip <ulong>] [-First <ulong>] [<CommonParameters>]" },
                { "name": "ById", "isDefault": false, "syntax": "Get-Widget -Id <int> -Kind <WidgetKind> [-Server <string>] [<CommonParameters>]" }
              ],
              "parameters": [
                { "name": "Name", "type": "String[]", "aliases": [], "acceptedValues": [], "supportsWildcards": true,
                  "sets": [ { "name": "ByName", "mandatory": false, "position": 0, "valueFromPipeline": false, "valueFromPipelineByPropertyName": true } ] },
                { "name": "Id", "type": "Int32", "aliases": [ "WidgetId" ], "acceptedValues": [], "supportsWildcards": false,
                  "sets": [ { "name": "ById", "mandatory": true, "position": null, "valueFromPipeline": false, "valueFromPipelineByPropertyName": true } ] },
                { "name": "Kind", "type": "Widgets.WidgetKind", "aliases": [], "acceptedValues": [ "Gear", "Spring", "Lever" ], "supportsWildcards": false,
                  "sets": [ { "name": "ByName", "mandatory": false, "position": null, "valueFromPipeline": false, "valueFromPipelineByPropertyName": false },
                            { "name": "ById", "mandatory": true, "position": null, "valueFromPipeline": false, "valueFromPipelineByPropertyName": false } ] },
                { "name": "Server", "type": "String", "aliases": [], "acceptedValues": [], "supportsWildcards": false,
                  "sets": [ { "name": "ByName", "mandatory": false, "position": null, "valueFromPipeline": false, "valueFromPipelineByPropertyName": false },
                            { "name": "ById", "mandatory": false, "position": null, "valueFromPipeline": false, "valueFromPipelineByPropertyName": false } ] },
                { "name": "First", "type": "UInt64", "aliases": [], "acceptedValues": [], "supportsWildcards": false,
                  "sets": [ { "name": "ByName", "mandatory": false, "position": null, "valueFromPipeline": false, "valueFromPipelineByPropertyName": false } ] }
              ],
              "inputs": [ "System.String[]", "System.Int32" ],
              "outputs": [ "Widgets.Widget" ]
            }
          ]
        }
        """;

    public static CommandHelp Metadata(string name) =>
        CmdletMetadata.Read(MetadataJson).Single(c => c.Name == name);

    /// <summary>Structural equality of models, for round-trip assertions.</summary>
    public static string Snapshot(object model) => JsonConvert.SerializeObject(model, Formatting.Indented);

    public static string TempFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "cpm-help-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
