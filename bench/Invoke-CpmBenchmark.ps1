<#
.SYNOPSIS
    Lists 20,000 backups from the CPM simulator three ways and prints how long each takes, how much memory
    it needs, and the ratios between them (build.ps1 -Task Bench).
.DESCRIPTION
    Starts the simulator over HTTPS on 127.0.0.1 with -Records backups, then runs each variant in its own
    fresh process, one after the other, against that one simulator:
        (a) Get-CpmBackup through the built module, certificate pinned       (Measure-CpmListing.ps1 -Variant Module)
        (b) an Invoke-RestMethod loop following "next", as scripts do today  (Measure-CpmListing.ps1 -Variant RestMethod)
        (c) the floor: HttpClient + Newtonsoft.Json into the module's Backup model (CpmBench.Floor)
    Each variant warms up with one full listing, then lists -Repeat more times under a stopwatch; the
    table shows the median. Ratios come from this one run on a shared machine: they are printed with
    their targets, never enforced. The script fails only when a variant crashes or does not get exactly
    -Records distinct backups.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench
.EXAMPLE
    dotnet pwsh ./bench/Invoke-CpmBenchmark.ps1 -Repeat 9     # after a Bench or Build task has built everything
#>
[CmdletBinding()]
param(
    [string] $ModulePath,
    [string] $SimulatorDll,
    [string] $FloorDll,
    [ValidateRange(1, 1000000)] [int] $Records = 20000,
    [ValidateRange(1, 1000)] [int] $PageSize = 100,
    [ValidateRange(1, 100)] [int] $Repeat = 9
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = Split-Path $PSScriptRoot -Parent
if (-not $ModulePath) { $ModulePath = Join-Path $root 'out/CpmPowerShell/CpmPowerShell.psd1' }
if (-not $SimulatorDll) { $SimulatorDll = Join-Path $root 'src/CpmPowerShell.Simulator/bin/Release/net10.0/CpmPowerShell.Simulator.dll' }
if (-not $FloorDll) { $FloorDll = Join-Path $PSScriptRoot 'CpmBench.Floor/bin/Release/net10.0/CpmBench.Floor.dll' }
foreach ($file in $ModulePath, $SimulatorDll, $FloorDll) {
    if (-not (Test-Path $file)) { throw "Not built: $file. Run 'dotnet pwsh ./build.ps1 -Task Bench'." }
}
# Full paths: the workers run elsewhere, and Import-Module takes a bare relative path for a module name.
$ModulePath, $SimulatorDll, $FloorDll = foreach ($file in $ModulePath, $SimulatorDll, $FloorDll) { (Resolve-Path -LiteralPath $file).ProviderPath }

Import-Module (Join-Path $root 'tools/CpmSimulatorProcess.psm1') -Force

# The simulator's documented default key; it reaches the simulator and the workers through the environment.
$apiKey = 'cpm-simulator-key'

function Invoke-Variant([string] $Name, [string[]] $Command, [int] $Passes = $Repeat) {
    # Runs one variant in a fresh process; its progress lines (stderr) pass through, its result line is parsed.
    if ($Name -notlike 'simulator*') { Write-Host "-- $Name" }
    $env:CPM_BENCH_API_KEY = $apiKey
    try {
        $output = & $Command[0] $Command[1..($Command.Count - 1)]
        $exit = $LASTEXITCODE
    }
    finally {
        Remove-Item Env:CPM_BENCH_API_KEY -ErrorAction SilentlyContinue
    }
    $resultLine = @($output | Where-Object { $_ -like 'BENCH-RESULT *' }) | Select-Object -Last 1
    if ($exit -ne 0 -or -not $resultLine) {
        throw "$Name failed (exit code $exit). Output: $($output -join [Environment]::NewLine)"
    }
    $result = $resultLine.Substring('BENCH-RESULT '.Length) | ConvertFrom-Json
    foreach ($count in $result.counts) {
        if ($count -ne $Records) { throw "$Name listed $count backups instead of $Records." }
    }
    if (@($result.counts).Count -ne $Passes) { throw "$Name reported $(@($result.counts).Count) timed passes instead of $Passes." }
    $result
}

function Get-Median([double[]] $Values) {
    $sorted = [double[]]($Values | Sort-Object)
    $middle = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

$pwshWorker = Join-Path $PSScriptRoot 'Measure-CpmListing.ps1'
Push-Location $root # `dotnet pwsh` finds the local tool manifest from the working folder
$simulator = $null
try {
    Write-Host "Starting the CPM simulator with $Records backups..."
    $simulator = Start-CpmSimulatorProcess -SimulatorDll $SimulatorDll -ApiKey $apiKey -ArgumentList '--seed-backups', $Records -TimeoutSec 120
    Write-Host "Simulator at $($simulator.Url) (certificate SHA-256 $($simulator.Sha256))"
    $common = @('-Url', $simulator.Url, '-Sha256', $simulator.Sha256, '-Expected', $Records, '-PageSize', $PageSize, '-Repeat', $Repeat)
    $variants = @(
        [pscustomobject]@{ Key = 'a'; Label = '(a) Get-CpmBackup (module)'; Command = @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-File', $pwshWorker, '-Variant', 'Module', '-ModulePath', $ModulePath) + $common }
        [pscustomobject]@{ Key = 'b'; Label = '(b) Invoke-RestMethod loop'; Command = @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-File', $pwshWorker, '-Variant', 'RestMethod') + $common }
        [pscustomobject]@{ Key = 'c'; Label = '(c) HttpClient floor (C#)'; Command = @('dotnet', $FloorDll, '--url', $simulator.Url, '--sha256', $simulator.Sha256, '--expected', $Records, '--page-size', $PageSize, '--repeat', $Repeat) }
    )
    # The simulator's own JIT warms up once, here, so that the first variant does not pay for it.
    Write-Host '-- warming up the simulator (not measured)'
    $null = Invoke-Variant 'simulator warm-up' (@('dotnet', $FloorDll, '--url', $simulator.Url, '--sha256', $simulator.Sha256, '--expected', $Records, '--page-size', $PageSize, '--repeat', 2)) -Passes 2

    $results = [ordered]@{}
    foreach ($variant in $variants) {
        $result = Invoke-Variant $variant.Label $variant.Command
        $median = Get-Median $result.seconds
        $results[$variant.Key] = [pscustomobject]@{
            Label     = $variant.Label
            Median    = $median
            Passes    = [double[]]$result.seconds
            Cpu       = Get-Median ([double[]]$result.cpuSeconds)
            PerSecond = $Records / $median
            PeakMB    = $result.peakWorkingSetBytes / 1MB
            BaseMB    = $result.baselineWorkingSetBytes / 1MB
            AllocMB   = (Get-Median ([double[]]$result.allocatedBytes)) / 1MB
        }
    }
}
finally {
    Stop-CpmSimulatorProcess -Simulator $simulator
    Pop-Location
}

$culture = [cultureinfo]::InvariantCulture
Write-Host ''
Write-Host "Listing $Records backups, page size $PageSize, over HTTPS on loopback: one warm-up pass, then the median of $Repeat timed passes; each variant in its own fresh process."
Write-Host 'Peak MB = the worker process''s peak resident set (VmHWM) over its whole life; Base MB = its resident set before the warm-up;'
Write-Host 'Alloc MB = managed bytes the GC allocated in the worker during one pass; CPU s = the worker''s CPU time during one pass (both medians).'
Write-Host ''
$format = '{0,-28} {1,9} {2,10} {3,9} {4,9} {5,10} {6,8}   {7}'
Write-Host ($format -f 'Variant', 'Median s', 'Records/s', 'Peak MB', 'Base MB', 'Alloc MB', 'CPU s', 'Passes (s)')
foreach ($row in $results.Values) {
    $passes = ($row.Passes | ForEach-Object { $_.ToString('F3', $culture) }) -join ' '
    Write-Host ($format -f $row.Label, $row.Median.ToString('F3', $culture), $row.PerSecond.ToString('N0', $culture),
        $row.PeakMB.ToString('F1', $culture), $row.BaseMB.ToString('F1', $culture), $row.AllocMB.ToString('F1', $culture),
        $row.Cpu.ToString('F3', $culture), $passes)
}
Write-Host ''
$speedup = $results['b'].Median / $results['a'].Median
$overFloor = $results['a'].Median / $results['c'].Median
$verdict = { param([bool] $met) if ($met) { 'met' } else { 'MISSED (reported, not enforced)' } }
Write-Host ('(b)/(a) = {0}   target: at least 3.0 (the module at least 3x faster than Invoke-RestMethod)   {1}' -f $speedup.ToString('F2', $culture), (& $verdict ($speedup -ge 3.0)))
Write-Host ('(a)/(c) = {0}   target: at most 1.3 (the module within 30% of the HttpClient floor)          {1}' -f $overFloor.ToString('F2', $culture), (& $verdict ($overFloor -le 1.3)))
Write-Host ('For reading a busy machine: the same ratios on client CPU time (no target): (b)/(a) = {0}, (a)/(c) = {1}.' -f
    ($results['b'].Cpu / $results['a'].Cpu).ToString('F2', $culture), ($results['a'].Cpu / $results['c'].Cpu).ToString('F2', $culture))
