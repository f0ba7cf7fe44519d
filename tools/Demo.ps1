<#
.SYNOPSIS
    A short tour of CpmPowerShell against the embedded CPM simulator (build.ps1 -Task Demo).
.DESCRIPTION
    Starts the simulator over HTTPS on 127.0.0.1 with a certificate made at start, connects with that
    certificate pinned, and walks through schedules (create, list, run times, disable times, update,
    delete with -WhatIf first), then policies, a backup followed to its end and a restore rehearsed
    with -WhatIf. Each step prints the command as you would type it, then what it returns.
#>
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
$modulePath = if ($env:CPM_MODULE_PATH) { $env:CPM_MODULE_PATH } else { Join-Path $root 'out/CpmPowerShell/CpmPowerShell.psd1' }
$simulatorDll = if ($env:CPM_SIMULATOR_DLL) { $env:CPM_SIMULATOR_DLL } else { Join-Path $root 'src/CpmPowerShell.Simulator/bin/Release/net10.0/CpmPowerShell.Simulator.dll' }
Import-Module $modulePath -Force
Import-Module (Join-Path $PSScriptRoot 'CpmSimulatorProcess.psm1') -Force

function Show-Step([string] $Title, [scriptblock] $Command) {
    Write-Host ''
    Write-Host "# $Title" -ForegroundColor Cyan
    foreach ($line in ($Command.ToString().Trim() -split "`n")) { Write-Host "PS> $($line.Trim())" -ForegroundColor Yellow }
    # Wide enough for the tables even when the output is redirected (CI logs, a pipe).
    & $Command | Out-String -Width 150 | Write-Host -NoNewline
}

# The demo's API key lives only in this process; the simulator gets it through its environment.
$apiKey = [guid]::NewGuid().ToString('N')
$simulator = Start-CpmSimulatorProcess -SimulatorDll $simulatorDll -ApiKey $apiKey -ArgumentList '--seed', '2', '--backup-seconds', '3'
try {
    $server = $simulator.Server
    $thumbprint = $simulator.Sha256
    Write-Host "CPM simulator running at $($simulator.Url) (certificate SHA-256 $thumbprint)" -ForegroundColor Green
    $key = ConvertTo-SecureString $apiKey -AsPlainText -Force

    Show-Step 'Connect with the API key, pinning the server''s self-signed certificate' {
        Connect-CpmServer -Server $server -ApiKey $key -CertificateThumbprint $thumbprint -PassThru
    }
    Show-Step 'Create a nightly schedule and a weekday one (enum values by name or by API code)' {
        New-CpmSchedule -Name 'demo-nightly' -EveryHowMany 1 -EveryUnit Days -StartDate (Get-Date).Date.AddHours(23) -Description 'Nightly backups'
        New-CpmSchedule -Name 'demo-weekdays' -EveryHowMany 6 -EveryUnit H -AllowOnSaturday:$false -AllowOnSunday:$false
    }
    Show-Step 'List schedules (wildcards work on -Name)' {
        Get-CpmSchedule -Name 'demo-*'
    }
    Show-Step 'When will the nightly schedule run in the next three days?' {
        Get-CpmSchedule -Name 'demo-nightly' | Get-CpmScheduleRunTime -DaysAhead 3
    }
    Show-Step 'Keep Friday evenings free' {
        Get-CpmSchedule -Name 'demo-weekdays' | Add-CpmScheduleDisableTime -Day Friday -StartTime '18:00' -EndTime '23:59'
    }
    Show-Step 'Change one field; everything else stays as it was' {
        Set-CpmSchedule -Id (Get-CpmSchedule -Name 'demo-nightly').Id -EveryHowMany 2 -PassThru
    }
    Show-Step 'Preview a delete: -WhatIf sends nothing' {
        Get-CpmSchedule -Name 'demo-*' | Remove-CpmSchedule -WhatIf
    }
    Show-Step 'Delete for real (-Force skips the confirmation prompt in scripts)' {
        Get-CpmSchedule -Name 'demo-*' | Remove-CpmSchedule -Force
        Get-CpmSchedule
    }
    Show-Step 'Policies' {
        Get-CpmPolicy
    }
    Show-Step 'What the prod policy protects' {
        Get-CpmPolicy -Name prod | Get-CpmPolicyTarget
    }
    Show-Step 'Back up a policy now and wait for it (progress shows while it runs)' {
        Get-CpmPolicy -Name prod | Start-CpmPolicyBackup -Wait -Timeout 00:01:00
    }
    Show-Step 'Recent backups, newest first' {
        Get-CpmBackup -First 5
    }
    Show-Step 'The log of the newest backup' {
        Get-CpmBackup -First 1 | Get-CpmBackupLog
    }
    Show-Step 'Rehearse a restore of the newest good backup: -WhatIf shows each call and sends nothing' {
        Get-CpmPolicy -Name prod | Get-CpmBackup -Status BackupSuccessful -First 1 | Get-CpmBackupInstance | Invoke-CpmRecovery -WhatIf
    }
    Show-Step 'The connection renews its tokens by itself; this is all it shows (never a token)' {
        Get-CpmConnection
    }
    Disconnect-CpmServer
}
finally {
    Stop-CpmSimulatorProcess -Simulator $simulator
}
Write-Host ''
Write-Host 'Demo finished; the simulator has stopped.' -ForegroundColor Green
