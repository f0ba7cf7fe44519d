<#
.SYNOPSIS
    Runs every Pester test in tests/Pester against the built module and writes the counts as JSON.
    Called by build.ps1 -Task Test in a child process, so the module is imported fresh, as a user would.
#>
param(
    [Parameter(Mandatory)] [string] $ResultPath,
    # Test files or folders, joined by the platform's path separator (as PATH is); default: all of tests/Pester.
    [string] $Path,
    # Run only tests whose full name (Describe ... It) contains this text.
    [string] $NameContains,
    # Leave out tests with these tags, comma-separated (e.g. Slow).
    [string] $ExcludeTag
)
# No global $ErrorActionPreference here: the tests run with PowerShell's defaults, as a user's session has.
$root = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $root '.packages/pester/5.9.1/tools/Pester.psd1') -MinimumVersion 5.9.1 -ErrorAction Stop

$config = New-PesterConfiguration
$config.Run.Path = if ($Path) { $Path -split [regex]::Escape([IO.Path]::PathSeparator) } else { Join-Path $root 'tests/Pester' }
if ($NameContains) { $config.Filter.FullName = "*$NameContains*" }
if ($ExcludeTag) { $config.Filter.ExcludeTag = $ExcludeTag -split ',' }
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.Output.RenderMode = 'Plaintext'
$config.Should.ErrorAction = 'Continue'
$result = Invoke-Pester -Configuration $config

# Containers that failed to load (syntax errors, BeforeAll failures) count as failures too.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $failed
    # Tests a filter left out are not "skipped"; without a filter, a test that did not run is reported.
    Skipped = $result.SkippedCount + $(if ($NameContains -or $ExcludeTag) { 0 } else { $result.NotRunCount })
} | ConvertTo-Json | Set-Content -Path $ResultPath -Encoding utf8NoBOM
