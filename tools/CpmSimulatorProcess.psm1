# Starting and stopping the CPM simulator as a child process: one way for the demo, the benchmark and
# the Pester helpers. The API key goes through the environment, never the command line (process lists).

Set-StrictMode -Version Latest

function Start-CpmSimulatorProcess {
    <#
    .SYNOPSIS
    Starts the simulator dll with the given arguments and waits for its ready line.
    .DESCRIPTION
    The simulator stops by itself when this process exits (--parent-pid). Returns Url
    ('https://127.0.0.1:port/'), Server ('127.0.0.1:port'), Sha256 (upper-case hex) and Process.
    .EXAMPLE
    $sim = Start-CpmSimulatorProcess -SimulatorDll $dll -ApiKey $key -ArgumentList '--seed', '3'
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $SimulatorDll,
        [Parameter(Mandatory)] [string] $ApiKey,
        [string[]] $ArgumentList = @(),
        [int] $TimeoutSec = 60
    )
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($SimulatorDll, '--parent-pid', [string]$PID) + $ArgumentList) { $start.ArgumentList.Add($argument) }
    $start.Environment['CPM_SIM_API_KEY'] = $ApiKey
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true

    $process = [System.Diagnostics.Process]::Start($start)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait([TimeSpan]::FromSeconds($TimeoutSec)) -or -not $line.Result) {
        $errorText = if ($process.HasExited) { $process.StandardError.ReadToEnd() } else { '' }
        if (-not $process.HasExited) { $process.Kill() }
        throw "The CPM simulator did not report ready within $TimeoutSec s. $errorText"
    }
    # Keep reading both streams so the simulator never blocks on a full pipe.
    $null = $process.StandardOutput.ReadToEndAsync()
    $null = $process.StandardError.ReadToEndAsync()

    if ($line.Result -notmatch '^CPM simulator listening on (?<url>https://(?<server>[^/\s]+)/) sha256=(?<sha>[0-9A-Fa-f]{64})$') {
        $process.Kill()
        throw "Unexpected ready line from the CPM simulator: $($line.Result)"
    }
    [pscustomobject]@{
        Url     = $Matches.url
        Server  = $Matches.server
        Sha256  = $Matches.sha.ToUpperInvariant()
        Process = $process
    }
}

function Stop-CpmSimulatorProcess {
    <# .SYNOPSIS Stops a simulator started by Start-CpmSimulatorProcess (no error if it is gone). #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Simulator)
    process {
        if ($null -eq $Simulator) { return }
        $process = $Simulator.Process
        if (-not $process.HasExited) {
            $process.Kill()
            $null = $process.WaitForExit(10000)
        }
        $process.Dispose()
    }
}

Export-ModuleMember -Function Start-CpmSimulatorProcess, Stop-CpmSimulatorProcess
