# The nightly runbook in README.md, run exactly as written (in its own PowerShell process, so its
# exit code is what a scheduler would see) against the simulator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    $script:sim = Start-CpmTestSimulator -ArgumentList '--backup-seconds', '2'

    $readme = Get-Content (Join-Path $PSScriptRoot '../../README.md') -Raw
    if ($readme -notmatch '(?s)<!-- runbook:start -->\s*```powershell\r?\n(?<code>.*?)```\s*<!-- runbook:end -->') {
        throw 'README.md has no runbook block between <!-- runbook:start --> and <!-- runbook:end -->.'
    }
    $script:runbook = Join-Path ([IO.Path]::GetTempPath()) "cpm-runbook-$PID.ps1"
    Set-Content -Path $runbook -Value $Matches.code -Encoding utf8NoBOM

    # The scheduler's side: a credential whose password is the API key, the module on PSModulePath.
    $script:launcher = Join-Path ([IO.Path]::GetTempPath()) "cpm-runbook-launcher-$PID.ps1"
    Set-Content -Path $launcher -Encoding utf8NoBOM -Value @'
param($Runbook, $Server, $Thumbprint, $PolicyName)
$credential = [pscredential]::new('api', (ConvertTo-SecureString $env:CPM_RUNBOOK_KEY -AsPlainText -Force))
& $Runbook -Server $Server -Credential $credential -CertificateThumbprint $Thumbprint -PolicyName $PolicyName -Timeout 00:01:00
exit $LASTEXITCODE
'@
    $script:moduleRoot = Split-Path (Split-Path (Get-CpmTestModulePath))

    function script:Invoke-Runbook([string] $PolicyName) {
        $env:CPM_RUNBOOK_KEY = $sim.PlainApiKey
        $savedPath = $env:PSModulePath
        $env:PSModulePath = $moduleRoot + [IO.Path]::PathSeparator + $env:PSModulePath
        try {
            $output = Invoke-CpmTestPwsh -File $launcher -ArgumentList '-Runbook', $runbook, '-Server', $sim.Server, '-Thumbprint', $sim.Sha256, '-PolicyName', $PolicyName
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = ($output | Out-String) }
        }
        finally {
            $env:PSModulePath = $savedPath
            Remove-Item Env:CPM_RUNBOOK_KEY
        }
    }
}

AfterAll {
    Stop-CpmTestSimulator -Simulator $sim
    Remove-Item $runbook, $launcher -ErrorAction SilentlyContinue
}

Describe 'The README nightly runbook' -Tag Slow {
    It 'backs up the policy, reports success, rehearses a restore with -WhatIf and exits 0' {
        $before = Invoke-CpmSimulatorAdmin -Simulator $sim -Path /_sim/stats
        $run = Invoke-Runbook -PolicyName prod
        $run.Text | Should -BeLike '*OK: backup * succeeded*'
        $run.Text | Should -BeLike '*What if*POST /api/backups/*/snapshots/instances/*/recover/*'
        $run.ExitCode | Should -Be 0
        $after = Invoke-CpmSimulatorAdmin -Simulator $sim -Path /_sim/stats
        # One write: the backup. The restore was only rehearsed.
        ($after.writes - $before.writes) | Should -Be 1
        $run.Text | Should -Not -BeLike "*$($sim.PlainApiKey)*"
    }

    It 'exits 1 and prints the backup log when the backup fails' {
        $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path /_sim/outcomes -Body @{ backup = 'F' }
        $run = Invoke-Runbook -PolicyName dev
        $run.ExitCode | Should -Be 1
        $run.Text | Should -BeLike '*FAILED: backup * ended as BackupFailed*'
        $run.Text | Should -BeLike '*LogTime*'
    }

    It 'takes its own "no backup started" branch (exit 2, its own message) when the policy does not exist' {
        $before = Invoke-CpmSimulatorAdmin -Simulator $sim -Path /_sim/stats
        $run = Invoke-Runbook -PolicyName 'no-such-policy'
        $run.Text | Should -BeLike "*No backup of policy 'no-such-policy' was started: No policy is named 'no-such-policy'*"
        $run.ExitCode | Should -Be 2 -Because $run.Text
        $after = Invoke-CpmSimulatorAdmin -Simulator $sim -Path /_sim/stats
        ($after.writes - $before.writes) | Should -Be 0
    }
}
