<#
.SYNOPSIS
    The one entry point for building, testing and demonstrating CpmPowerShell.
.DESCRIPTION
    Run it through the pinned PowerShell (a local dotnet tool), so a machine with only the .NET SDK works:
        dotnet tool restore
        dotnet pwsh ./build.ps1 -Task Demo      # build, start the CPM simulator, walk through schedules
        dotnet pwsh ./build.ps1 -Task Test      # build, run every test, print "N passed, N failed, N skipped"
    Tasks:
        Build       compile the solution and assemble the module in out/CpmPowerShell (dll, dependencies,
                    manifest, format files, compiled help)
        Generate    regenerate Generated/ code, the manifest lists and missing help skeletons from
                    src/api/cpm-api.json + src/api/overlay/*.jsonc; bring en-US/*.md in line with the cmdlets
        Help        compile en-US/*.md (PlatyPS schema, text only) with the built cmdlets' metadata (syntax,
                    parameter details) to MAML in out/CpmPowerShell/en-US
        Test        Build, then xunit and Pester; exit code 0 only when everything passed. A part only:
                      -Path tests/Pester/Schedules.Tests.ps1         one Pester file (or folder)
                      -Path tests/CpmPowerShell.Generator.Tests      one xunit project
                      -Filter TokenTests                             tests whose full name contains the text
                                                                     (an xunit class or method, a Pester Describe or It)
                      -ExcludeTag Slow                               leave out the slow tests (CI runs everything)
        Demo        Build, then a short tour against the embedded simulator over HTTPS with a pinned certificate
        Bench       Build, then list 20,000 backups from the simulator three ways (module, Invoke-RestMethod, C#
                    floor) and print medians, memory and ratios (bench/README.md); fails only on wrong counts
        ImportSpec  re-convert the vendor guide's catalog (-Catalog) into src/api/cpm-api.json (once per guide release)
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Generate', 'Help', 'Test', 'Demo', 'Bench', 'ImportSpec')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Only for ImportSpec: the parsed endpoint catalog of the vendor guide.
    [string] $Catalog,

    # Only for Test: run these Pester files/folders and xunit project folders instead of all tests.
    [string[]] $Path,

    # Only for Test: run the tests whose full name contains this text (xunit: class.method; Pester: Describe + It).
    [string] $Filter,

    # Only for Test: leave out tests with these tags (Pester -Tag, xunit [Trait("Category", ...)]), e.g. Slow.
    [string[]] $ExcludeTag
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'CpmPowerShell'
$ResultsDir = Join-Path $Out 'test-results'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'

function Invoke-Dotnet {
    # Runs dotnet and stops the build on failure, showing its output.
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

function Get-GeneratorDll {
    Join-Path $Root "src/CpmPowerShell.Generator/bin/$Configuration/net10.0/CpmPowerShell.Generator.dll"
}

function Get-SimulatorDll {
    Join-Path $Root "src/CpmPowerShell.Simulator/bin/$Configuration/net10.0/CpmPowerShell.Simulator.dll"
}

function Invoke-BuildTask {
    Write-Host "== Build ($Configuration)"
    Invoke-Dotnet build (Join-Path $Root 'CpmPowerShell.sln') -c $Configuration --nologo -v quiet '-clp:NoSummary;ErrorsOnly'

    # Assemble the folder a user copies into their module path.
    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ModuleOut, (Join-Path $ModuleOut 'Formats'), (Join-Path $ModuleOut 'en-US')
    $bin = Join-Path $Root "src/CpmPowerShell/bin/$Configuration/netstandard2.0"
    Copy-Item (Join-Path $bin '*.dll') $ModuleOut
    $formats = @(Get-ChildItem (Join-Path $Root 'src/CpmPowerShell/Formats'), (Join-Path $Root 'src/CpmPowerShell/Generated/Formats') -Filter '*.Format.ps1xml' -ErrorAction SilentlyContinue)
    $formats | Copy-Item -Destination (Join-Path $ModuleOut 'Formats')

    # One place sets the version: Directory.Build.props.
    $version = ([xml](Get-Content (Join-Path $Root 'Directory.Build.props') -Raw)).Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
    $manifest = (Get-Content (Join-Path $Root 'CpmPowerShell.psd1') -Raw) -replace "ModuleVersion(\s*)=\s*'[^']*'", "ModuleVersion`$1= '$version'"
    Set-Content -Path (Join-Path $ModuleOut 'CpmPowerShell.psd1') -Value $manifest -Encoding utf8NoBOM
    Invoke-HelpTask
    Write-Host "Module ready: $(Join-Path $ModuleOut 'CpmPowerShell.psd1')"
}

function Export-CmdletMetadata {
    # The compiled cmdlets as PowerShell sees them (sets, syntax, parameter types and bindings), read from the
    # assembled module in a child process. Help compiles its SYNTAX and parameter details from this, so the
    # markdown holds only what people write. Reused while the module dll and the script are unchanged.
    $metadata = Join-Path $Out 'cmdlet-metadata.json'
    $script = Join-Path $Root 'src/CpmPowerShell.Generator/Help/Export-CmdletMetadata.ps1'
    $inputs = @(Get-ChildItem (Join-Path $Root "src/CpmPowerShell/bin/$Configuration/netstandard2.0") -Filter '*.dll') + (Get-Item $script, (Join-Path $Root 'CpmPowerShell.psd1'))
    $fresh = (Test-Path $metadata) -and (Get-Item $metadata).LastWriteTimeUtc -gt ($inputs.LastWriteTimeUtc | Sort-Object -Descending | Select-Object -First 1)
    if (-not $fresh) {
        & dotnet pwsh -NoProfile -NonInteractive -File $script -ModulePath (Join-Path $ModuleOut 'CpmPowerShell.psd1') -OutFile $metadata
        if ($LASTEXITCODE -ne 0) { throw 'Exporting cmdlet metadata failed.' }
    }
    $metadata
}

function Invoke-HelpTask {
    Write-Host '== Help'
    if (-not (Test-Path (Join-Path $ModuleOut 'CpmPowerShell.psd1'))) { throw "Help compiles against the assembled module: run ./build.ps1 -Task Build first." }
    if (-not (Test-Path (Get-GeneratorDll))) { Invoke-Dotnet build (Join-Path $Root 'src/CpmPowerShell.Generator') -c $Configuration --nologo -v quiet }
    $metadata = Export-CmdletMetadata
    Invoke-Dotnet (Get-GeneratorDll) help --source (Join-Path $Root 'en-US') --out (Join-Path $ModuleOut 'en-US') --module CpmPowerShell `
        --metadata $metadata --overlay (Join-Path $Root 'src/api/overlay')
}

function Invoke-GenerateTask {
    Write-Host '== Generate'
    Invoke-Dotnet build (Join-Path $Root 'src/CpmPowerShell.Generator') -c $Configuration --nologo -v quiet
    Invoke-Dotnet (Get-GeneratorDll) generate --root $Root

    # Help files follow the compiled cmdlets (as PlatyPS would read them): a new cmdlet gets a short file with
    # placeholders where people must write, existing files lose machine-made blocks and stale parameters.
    Invoke-BuildTask
    Invoke-Dotnet (Get-GeneratorDll) help-sync --metadata (Export-CmdletMetadata) --docs (Join-Path $Root 'en-US') --overlay (Join-Path $Root 'src/api/overlay')
    Invoke-HelpTask # the module's compiled help follows the synced files
}

function Invoke-ImportSpecTask {
    if (-not $Catalog) { throw 'ImportSpec needs -Catalog <path to cpm-endpoints.json>.' }
    Invoke-Dotnet build (Join-Path $Root 'src/CpmPowerShell.Generator') -c $Configuration --nologo -v quiet
    Invoke-Dotnet (Get-GeneratorDll) import-catalog --catalog $Catalog --out (Join-Path $Root 'src/api/cpm-api.json')
}

function Read-TrxCounts([string] $Folder) {
    # Sums the counters of every .trx file the xunit runs wrote.
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($file in Get-ChildItem $Folder -Filter '*.trx' -ErrorAction SilentlyContinue) {
        $counters = ([xml](Get-Content $file.FullName -Raw)).TestRun.ResultSummary.Counters
        $counts.Passed += [int]$counters.passed
        $counts.Failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        # Skipped tests are in the total but not executed (the trx notExecuted counter stays 0 for them).
        $counts.Skipped += [int]$counters.total - [int]$counters.executed
    }
    $counts
}

$XunitProjects = 'tests/CpmPowerShell.Client.Tests', 'tests/CpmPowerShell.Generator.Tests', 'tests/CpmPowerShell.Simulator.Tests' | ForEach-Object { Join-Path $Root $_ }

function Split-TestPath {
    # -Path names Pester files/folders and xunit project folders; sorts them into the two runners.
    # No -Path: everything. A -Path with only one kind runs only that runner.
    if (-not $Path) { return @{ Xunit = $XunitProjects; Pester = @(Join-Path $Root 'tests/Pester') } }
    $parts = @{ Xunit = @(); Pester = @() }
    # From a shell (dotnet pwsh ./build.ps1 -Path a,b) the list arrives as one string: split it here.
    foreach ($item in $Path -split ',' | Where-Object { $_ }) {
        $full = (Resolve-Path $item -ErrorAction Stop).Path
        if (Get-ChildItem $full -Filter '*.csproj' -ErrorAction SilentlyContinue | Where-Object { $_.Directory.FullName -eq $full }) { $parts.Xunit += $full }
        elseif ($full -like '*.Tests.ps1' -or (Test-Path $full -PathType Container)) { $parts.Pester += $full }
        else { throw "-Path $item is neither a Pester test file or folder nor an xunit test project folder." }
    }
    $parts
}

function Get-XunitFilter {
    # dotnet test's filter language: name contains -Filter, and no excluded Category trait.
    $clauses = @()
    if ($Filter) { $clauses += "FullyQualifiedName~$Filter" }
    foreach ($tag in $ExcludeTag -split ',' | Where-Object { $_ }) { $clauses += "Category!=$tag" }
    $clauses -join '&'
}

function Invoke-TestTask {
    Invoke-BuildTask
    if (Test-Path $ResultsDir) { Remove-Item $ResultsDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ResultsDir
    $parts = Split-TestPath
    $xunitFilter = Get-XunitFilter

    $xunitFailed = $false
    if ($parts.Xunit) { Write-Host '== xunit' }
    foreach ($project in $parts.Xunit) {
        $name = Split-Path $project -Leaf
        $filterArgs = if ($xunitFilter) { @('--filter', $xunitFilter) } else { @() }
        & dotnet test $project -c $Configuration --no-build --nologo @filterArgs `
            --logger "trx;LogFileName=$name.trx" --logger 'console;verbosity=minimal' --results-directory $ResultsDir
        if ($LASTEXITCODE -ne 0) { $xunitFailed = $true }
    }
    $xunit = Read-TrxCounts $ResultsDir
    if ($xunitFailed -and $xunit.Failed -eq 0) { $xunit.Failed = 1 } # a crashed run must not look green

    $pester = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 }
    if ($parts.Pester) {
        Write-Host '== Pester'
        Invoke-Dotnet restore (Join-Path $Root 'tests/tools/PesterRestore.csproj') --nologo -v quiet
        $pesterJson = Join-Path $ResultsDir 'pester.json'
        $env:CPM_MODULE_PATH = Join-Path $ModuleOut 'CpmPowerShell.psd1'
        $env:CPM_SIMULATOR_DLL = Get-SimulatorDll
        # A child process takes plain strings: lists go joined (paths as PATH joins them, tags by commas).
        $suiteArgs = @('-ResultPath', $pesterJson, '-Path', ($parts.Pester -join [IO.Path]::PathSeparator))
        if ($Filter) { $suiteArgs += '-NameContains', $Filter }
        if ($ExcludeTag) { $suiteArgs += '-ExcludeTag', ($ExcludeTag -join ',') } # split again in the suite
        & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tools/Invoke-PesterSuite.ps1') @suiteArgs
        $pester = if (Test-Path $pesterJson) { Get-Content $pesterJson -Raw | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
    }

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    Write-Host ''
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped; Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
    if ($Path -or $Filter -or $ExcludeTag) { Write-Host 'A part of the tests ran (-Path/-Filter/-ExcludeTag); CI runs them all.' }
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-DemoTask {
    Invoke-BuildTask
    $env:CPM_MODULE_PATH = Join-Path $ModuleOut 'CpmPowerShell.psd1'
    $env:CPM_SIMULATOR_DLL = Get-SimulatorDll
    & dotnet pwsh -NoProfile -File (Join-Path $Root 'tools/Demo.ps1')
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-BenchTask {
    Invoke-BuildTask
    Write-Host '== Bench'
    # The C# floor is built here rather than by the solution, so everyday builds stay as they are.
    $floor = Join-Path $Root 'bench/CpmBench.Floor'
    Invoke-Dotnet build $floor -c $Configuration --nologo -v quiet '-clp:NoSummary;ErrorsOnly'
    & (Join-Path $Root 'bench/Invoke-CpmBenchmark.ps1') -ModulePath (Join-Path $ModuleOut 'CpmPowerShell.psd1') `
        -SimulatorDll (Get-SimulatorDll) -FloorDll (Join-Path $floor "bin/$Configuration/net10.0/CpmBench.Floor.dll")
}

Push-Location $Root
try {
    foreach ($name in $Task) {
        switch ($name) {
            'Build' { Invoke-BuildTask }
            'Generate' { Invoke-GenerateTask }
            'Help' { Invoke-HelpTask }
            'Test' { Invoke-TestTask }
            'Demo' { Invoke-DemoTask }
            'Bench' { Invoke-BenchTask }
            'ImportSpec' { Invoke-ImportSpecTask }
        }
    }
}
finally {
    Pop-Location
}
