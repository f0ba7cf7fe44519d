# Helpers shared by the Pester files: where the module under test is, and a CPM simulator per test
# file (a real HTTPS server on 127.0.0.1 with a self-signed certificate and a test-control API).

Set-StrictMode -Version Latest

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
Import-Module (Join-Path $script:RepoRoot 'tools/CpmSimulatorProcess.psm1') -Force

function Get-CpmTestModulePath {
    <#
    .SYNOPSIS
    The manifest of the module under test: $env:CPM_MODULE_PATH, else the built out/CpmPowerShell.
    #>
    if ($env:CPM_MODULE_PATH) { return $env:CPM_MODULE_PATH }
    Join-Path $script:RepoRoot 'out/CpmPowerShell/CpmPowerShell.psd1'
}

function Get-CpmSimulatorDll {
    if ($env:CPM_SIMULATOR_DLL) { return $env:CPM_SIMULATOR_DLL }
    foreach ($configuration in 'Release', 'Debug') {
        $dll = Join-Path $script:RepoRoot "src/CpmPowerShell.Simulator/bin/$configuration/net10.0/CpmPowerShell.Simulator.dll"
        if (Test-Path $dll) { return $dll }
    }
    throw "The CPM simulator is not built. Run 'dotnet build src/CpmPowerShell.Simulator -c Release' or set `$env:CPM_SIMULATOR_DLL."
}

function New-CpmTestApiKey {
    <# .SYNOPSIS A random API key for one simulator, so no test can pass by accident with a fixed one. #>
    -join ((1..40) | ForEach-Object { '{0:x}' -f (Get-Random -Maximum 16) })
}

function Start-CpmTestSimulator {
    <#
    .SYNOPSIS
    Starts the CPM simulator with a random API key and waits for its ready line.
    .DESCRIPTION
    Returns Url, Server ('127.0.0.1:port'), Sha256, ApiKey (SecureString), PlainApiKey (to search
    output for leaks) and Process.
    .EXAMPLE
    $sim = Start-CpmTestSimulator -ArgumentList '--seed', '250'
    #>
    [CmdletBinding()]
    param(
        [string[]] $ArgumentList = @(),
        [int] $TimeoutSec = 60
    )
    $key = New-CpmTestApiKey
    $simulator = Start-CpmSimulatorProcess -SimulatorDll (Get-CpmSimulatorDll) -ApiKey $key -ArgumentList $ArgumentList -TimeoutSec $TimeoutSec
    [pscustomobject]@{
        PSTypeName  = 'CpmTestSimulator'
        Url         = $simulator.Url
        Server      = $simulator.Server
        Sha256      = $simulator.Sha256
        ApiKey      = ConvertTo-SecureString $key -AsPlainText -Force
        PlainApiKey = $key
        Process     = $simulator.Process
    }
}

function Stop-CpmTestSimulator {
    <# .SYNOPSIS Stops a simulator started by Start-CpmTestSimulator (no error if it is gone). #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Simulator)
    process { Stop-CpmSimulatorProcess -Simulator $Simulator }
}

function Invoke-CpmSimulatorAdmin {
    <#
    .SYNOPSIS
    Calls the simulator's test-control API (/_sim/...), which needs no token.
    .EXAMPLE
    Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path /_sim/faults -Body @{ failNext = @(@{ status = 503; count = 1 }) }
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Simulator,
        [string] $Method = 'GET',
        [Parameter(Mandatory)] [string] $Path,
        $Body
    )
    $request = @{
        Uri                  = $Simulator.Url.TrimEnd('/') + '/' + $Path.TrimStart('/')
        Method               = $Method
        SkipCertificateCheck = $true
    }
    if ($null -ne $Body) {
        $request.Body = $Body | ConvertTo-Json -Depth 10 -Compress
        $request.ContentType = 'application/json'
    }
    # Invoke-RestMethod writes a JSON array as one object; emitting the variable unrolls it, so
    # @(...) counts the items and Where-Object sees each one.
    $response = Invoke-RestMethod @request
    $response
}

function Get-CpmSimulatorRequest {
    <# .SYNOPSIS The simulator's log of API requests (method, path, query, status), oldest first. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Simulator, [int] $Last = 1000)
    Invoke-CpmSimulatorAdmin -Simulator $Simulator -Path "/_sim/requests?last=$Last"
}

function Clear-CpmSimulatorRequest {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Simulator)
    $null = Invoke-CpmSimulatorAdmin -Simulator $Simulator -Method DELETE -Path /_sim/requests
}

function Connect-CpmTestSimulator {
    <# .SYNOPSIS Connect-CpmServer to a test simulator, its self-signed certificate pinned. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Simulator, [switch] $PassThru)
    Connect-CpmServer -Server $Simulator.Server -ApiKey $Simulator.ApiKey -CertificateThumbprint $Simulator.Sha256 -PassThru:$PassThru
}

function Disconnect-CpmTestAll {
    <# .SYNOPSIS Closes every connection of this runspace, so each test starts from nothing. #>
    Get-CpmConnection | Disconnect-CpmServer
}

function Invoke-CpmTestPwsh {
    <#
    .SYNOPSIS
    Runs a script in a new process of this PowerShell, -NoProfile -NonInteractive, as a scheduler runs it.
    .DESCRIPTION
    pwsh itself, or dotnet running pwsh.dll when PowerShell is the local dotnet tool. Returns the output,
    errors included; $LASTEXITCODE is the child's exit code.
    .EXAMPLE
    $output = Invoke-CpmTestPwsh -File $script -ArgumentList -Server, $sim.Server
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $File,
        [object[]] $ArgumentList = @()
    )
    $pwsh = (Get-Process -Id $PID).Path
    $prefix = @()
    if ((Split-Path $pwsh -Leaf) -like 'dotnet*') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
    & $pwsh @prefix -NoProfile -NonInteractive -File $File @ArgumentList 2>&1
}

function Stop-CpmTestShell {
    <#
    .SYNOPSIS
    Presses "Ctrl+C" on a [powershell] started with BeginInvoke, once the simulator has seen the requests
    that show it is busy (-Until), and asserts that it stopped within 5 seconds.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [powershell] $Shell,
        [Parameter(Mandatory)] [System.IAsyncResult] $Handle,
        [Parameter(Mandatory)] $Simulator,
        [Parameter(Mandatory)] [scriptblock] $Until,
        [int] $TimeoutSec = 30
    )
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while (-not (& $Until (Get-CpmSimulatorRequest $Simulator)) -and [DateTime]::UtcNow -lt $deadline) {
        Start-Sleep -Milliseconds 200
    }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $Shell.Stop()
    $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
    $Handle.IsCompleted | Should -BeTrue
    $Shell.InvocationStateInfo.State | Should -Be 'Stopped'
}

function Get-HostOutput {
    <#
    .SYNOPSIS
    What a script block writes to the host (-WhatIf and -Confirm text, Write-Host), captured by a transcript.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [scriptblock] $Script)
    $path = Join-Path ([IO.Path]::GetTempPath()) "cpm-host-$([guid]::NewGuid()).txt"
    $null = Start-Transcript -Path $path -UseMinimalHeader
    try { $null = & $Script }
    finally { $null = Stop-Transcript }
    Get-Content $path -Raw
    Remove-Item $path
}

Export-ModuleMember -Function Get-CpmTestModulePath, Start-CpmTestSimulator, Stop-CpmTestSimulator, Invoke-CpmSimulatorAdmin,
    Get-CpmSimulatorRequest, Clear-CpmSimulatorRequest, Connect-CpmTestSimulator, Disconnect-CpmTestAll, New-CpmTestApiKey,
    Get-HostOutput, Stop-CpmTestShell, Invoke-CpmTestPwsh
