<#
.SYNOPSIS
    Writes the exported cmdlets of a module as JSON, for the generator's help-sync command.

.DESCRIPTION
    Imports the module at -ModulePath (a .psd1 or .dll) and records, per exported cmdlet, what PlatyPS
    would read through reflection: parameter sets and their Get-Command syntax, and for each parameter
    its type, aliases, accepted values (ValidateSet or enum names), wildcard support and, per set,
    whether it is mandatory, its position and how it takes pipeline input. Common parameters are left
    out; -WhatIf and -Confirm stay in, as PlatyPS documents them. Output is sorted and stable.

.EXAMPLE
    dotnet pwsh -NoProfile -File src/CpmPowerShell.Generator/Help/Export-CmdletMetadata.ps1 `
        -ModulePath out/CpmPowerShell/CpmPowerShell.psd1 -OutFile obj/cmdlet-metadata.json
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutFile
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

# Types from these namespaces are written by their short name (String, SwitchParameter, PSCredential);
# anything else keeps its full name so a reader can find it.
$script:ShortNameNamespaces = @(
    'System', 'System.Collections', 'System.Collections.Generic', 'System.Collections.Specialized',
    'System.Management.Automation', 'System.Security', 'System.Security.Cryptography.X509Certificates'
)

function Get-TypeDisplayName {
    param([Parameter(Mandatory)] [type] $Type, [switch] $FullName)

    if ($Type.IsArray) { return (Get-TypeDisplayName $Type.GetElementType() -FullName:$FullName) + '[]' }
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { return Get-TypeDisplayName $underlying -FullName:$FullName }

    $short = -not $FullName -and $script:ShortNameNamespaces -contains $Type.Namespace
    $name = if ($short -or -not $Type.Namespace) { $Type.Name } else { "$($Type.Namespace).$($Type.Name)" }
    if ($Type.IsNested -and -not $short) { $name = $Type.FullName -replace '\[.*$', '' }
    if ($Type.IsGenericType) {
        $arguments = $Type.GetGenericArguments() | ForEach-Object { Get-TypeDisplayName $_ -FullName:$FullName }
        $name = ($name -replace '`\d+$', '') + '[' + ($arguments -join ', ') + ']'
    }
    return $name
}

# Accepted values: a ValidateSet wins; otherwise the names of an enum (or enum array / nullable enum) type.
function Get-AcceptedValues {
    param([System.Management.Automation.ParameterMetadata] $Parameter)

    $validateSet = $Parameter.Attributes.Where({ $_ -is [System.Management.Automation.ValidateSetAttribute] }, 'First')
    if ($validateSet) { return @($validateSet[0].ValidValues) }
    $type = $Parameter.ParameterType
    if ($type.IsArray) { $type = $type.GetElementType() }
    $underlying = [Nullable]::GetUnderlyingType($type)
    if ($underlying) { $type = $underlying }
    # CPM enums carry an Unknown member for codes from newer servers; users cannot send it, so it is not listed.
    if ($type.IsEnum) { return @([Enum]::GetNames($type) | Where-Object { $_ -ne 'Unknown' -or $type.Namespace -ne 'CpmPowerShell.Models' }) }
    return @()
}

function Test-Hidden {
    param([System.Management.Automation.ParameterMetadata] $Parameter)

    $declarations = $Parameter.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })
    return $declarations.Count -gt 0 -and $declarations.Where({ -not $_.DontShow }).Count -eq 0
}

# A compiled cmdlet's defaults are its property initialisers: read them from a fresh instance.
# Only values a user would see as a default (not null, not the type's zero, not a switch's false) count.
function Get-DefaultValue {
    param([object] $Instance, [string] $Name)

    if (-not $Instance) { return $null }
    $property = $Instance.GetType().GetProperty($Name)
    if (-not $property -or -not $property.CanRead) { return $null }
    $value = $property.GetValue($Instance)
    if ($null -eq $value -or $value -is [System.Management.Automation.SwitchParameter]) { return $null }
    $type = $property.PropertyType
    if ($type.IsValueType -and $value -eq [Activator]::CreateInstance($type)) { return $null }
    return [string]$value
}

function Get-CmdletRecord {
    param([Parameter(Mandatory)] [System.Management.Automation.CmdletInfo] $Cmdlet)

    $common = [System.Management.Automation.Cmdlet]::CommonParameters
    $sets = @($Cmdlet.ParameterSets)
    $instance = try { [Activator]::CreateInstance($Cmdlet.ImplementingType) } catch { $null }

    # Each set's parameters by name: a pipeline search per parameter and set made the export take seconds.
    $setParameters = @{}
    foreach ($set in $sets) {
        $byName = @{}
        foreach ($info in $set.Parameters) { if (-not $byName.ContainsKey($info.Name)) { $byName[$info.Name] = $info } }
        $setParameters[$set.Name] = $byName
    }

    $parameters = foreach ($parameter in $Cmdlet.Parameters.Values) {
        if ($common.Contains($parameter.Name) -or $parameter.Name -eq 'UseTransaction' -or (Test-Hidden $parameter)) { continue }
        $bindings = foreach ($set in $sets) {
            $info = $setParameters[$set.Name][$parameter.Name]
            if (-not $info) { continue }
            [ordered]@{
                name                            = $set.Name
                mandatory                       = $info.IsMandatory
                position                        = if ($info.Position -ge 0) { $info.Position } else { $null }
                valueFromPipeline               = $info.ValueFromPipeline
                valueFromPipelineByPropertyName = $info.ValueFromPipelineByPropertyName
            }
        }
        [ordered]@{
            name              = $parameter.Name
            type              = Get-TypeDisplayName $parameter.ParameterType
            aliases           = @($parameter.Aliases | Sort-Object)
            acceptedValues    = @(Get-AcceptedValues $parameter)
            supportsWildcards = $parameter.Attributes.Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0
            defaultValue      = Get-DefaultValue $instance $parameter.Name
            sets              = @($bindings)
        }
    }

    # INPUTS as PlatyPS lists them: the types of parameters that take pipeline input.
    $inputs = foreach ($set in $sets) {
        foreach ($info in $set.Parameters) {
            if (($info.ValueFromPipeline -or $info.ValueFromPipelineByPropertyName) -and -not $common.Contains($info.Name)) {
                Get-TypeDisplayName $info.ParameterType -FullName
            }
        }
    }
    $outputs = foreach ($output in $Cmdlet.OutputType) {
        if ($output.Type) { Get-TypeDisplayName $output.Type -FullName } else { $output.Name }
    }

    [ordered]@{
        name                = $Cmdlet.Name
        defaultParameterSet = $Cmdlet.DefaultParameterSet
        parameterSets       = @(foreach ($set in $sets) {
                [ordered]@{ name = $set.Name; isDefault = $set.IsDefault; syntax = "$($Cmdlet.Name) $set".Trim() }
            })
        parameters          = @($parameters)
        inputs              = @($inputs | Select-Object -Unique)
        outputs             = @($outputs | Select-Object -Unique)
    }
}

$module = Import-Module -Name $ModulePath -PassThru -Force -DisableNameChecking | Select-Object -First 1
$cmdlets = $module.ExportedCmdlets.Values | Sort-Object Name
$record = [ordered]@{
    module   = $module.Name
    commands = @(foreach ($cmdlet in $cmdlets) { Get-CmdletRecord $cmdlet })
}

$json = ConvertTo-Json -InputObject $record -Depth 10
$path = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutFile)
[System.IO.Directory]::CreateDirectory((Split-Path -Parent $path)) | Out-Null
[System.IO.File]::WriteAllText($path, ($json -replace "`r`n", "`n") + "`n", [System.Text.UTF8Encoding]::new($false))
Write-Verbose "Wrote $($record.commands.Count) cmdlets of $($module.Name) to $OutFile."
