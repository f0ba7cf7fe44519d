# Waiting for several records at once: -Wait and Wait-* start (or take) everything the pipeline brings,
# then follow it all together: one -Timeout for the set, results as each ends, errors per record.
BeforeAll {
    # A PowerShell of its own (for progress records and Ctrl+C) that connects and runs Wait-CpmRecovery -Id.
    function script:New-WaitShell([long[]] $Ids, [int] $Timeout = 0) {
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
                param($ModulePath, $Server, $Key, $Thumbprint, $Ids, $Timeout)
                Import-Module $ModulePath
                Connect-CpmServer -Server $Server -ApiKey $Key -CertificateThumbprint $Thumbprint | Out-Null
                if ($Timeout) { Wait-CpmRecovery -Id $Ids -Timeout $Timeout } else { Wait-CpmRecovery -Id $Ids }
            }).AddParameters(@{ ModulePath = (Get-CpmTestModulePath); Server = $sim.Server; Key = $sim.ApiKey; Thumbprint = $sim.Sha256; Ids = $Ids; Timeout = $Timeout })
        $ps
    }

    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $script:runSeconds = 3
    $script:sim = Start-CpmTestSimulator -ArgumentList '--backup-seconds', $runSeconds, '--recovery-seconds', $runSeconds
    Connect-CpmTestSimulator -Simulator $sim
    $script:prod = Get-CpmPolicy -Name prod
    $script:dev = Get-CpmPolicy -Name dev
    $script:good = $prod | Start-CpmPolicyBackup -Wait -Timeout 30
    $script:instances = @($good | Get-CpmBackupInstance)

    function script:Set-SimConfig([hashtable] $Settings) {
        $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path /_sim/config -Body $Settings
    }
    # Positions in the simulator's request log (oldest first) of the calls that match.
    function script:Get-LogIndex([object[]] $Log, [string] $Method, [string] $PathPattern) {
        @(for ($i = 0; $i -lt $Log.Count; $i++) { if ($Log[$i].method -eq $Method -and $Log[$i].path -match $PathPattern) { $i } })
    }
    # Recoveries started without waiting, so a test controls when and how long each runs.
    function script:Start-Recovery([int] $Count) {
        $instances | Select-Object -First $Count | Invoke-CpmRecovery -Force
    }
}

AfterAll {
    Disconnect-CpmServer -ErrorAction SilentlyContinue
    Stop-CpmTestSimulator -Simulator $sim
}

Describe 'Waiting for several records together' -Tag Slow {
    BeforeEach {
        $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method DELETE -Path /_sim/outcomes
        Set-SimConfig @{ backupSeconds = $runSeconds; recoverySeconds = $runSeconds }
    }

    It 'Invoke-CpmRecovery -Wait starts every piped recovery before it polls any, and they end in about the time of one' {
        $instances.Count | Should -BeGreaterOrEqual 3
        Clear-CpmSimulatorRequest $sim
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $recoveries = @($instances | Invoke-CpmRecovery -Force -Wait -Timeout 60)
        $elapsed = $clock.Elapsed.TotalSeconds
        $recoveries.Count | Should -Be $instances.Count
        $recoveries.Status | Sort-Object -Unique | Should -Be 'RecoverySuccessful'

        $log = @(Get-CpmSimulatorRequest $sim)
        $starts = Get-LogIndex $log POST '^/api/backups/\d+/snapshots/instances/\d+/recover/$'
        $polls = Get-LogIndex $log GET '^/api/recoveries/\d+/$'
        $starts.Count | Should -Be $instances.Count
        ($starts | Measure-Object -Maximum).Maximum | Should -BeLessThan ($polls | Measure-Object -Minimum).Minimum
        # One after the other they could not take less than N run times; together about one.
        $elapsed | Should -BeLessThan ($instances.Count * $runSeconds)
    }

    It 'Start-CpmPolicyBackup -Wait starts every policy first; a failed backup gives its error while the other succeeds' {
        $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path /_sim/outcomes -Body @{ backup = 'F'; policy = $dev.Id }
        Clear-CpmSimulatorRequest $sim
        $backups = @($prod, $dev | Start-CpmPolicyBackup -Wait -Timeout 60 -ErrorAction SilentlyContinue -ErrorVariable problems)
        $backups.Count | Should -Be 2
        ($backups | Where-Object Policy -eq $prod.Id).Status | Should -Be 'BackupSuccessful'
        $failed = $backups | Where-Object Policy -eq $dev.Id
        $failed.Status | Should -Be 'BackupFailed'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CpmBackupFailed,*'
        $problems[0].TargetObject.Id | Should -Be $failed.Id

        $log = @(Get-CpmSimulatorRequest $sim)
        $starts = Get-LogIndex $log POST '^/api/policies/\d+/backups/$'
        $polls = Get-LogIndex $log GET '^/api/backups/\d+/$'
        $starts.Count | Should -Be 2
        ($starts | Measure-Object -Maximum).Maximum | Should -BeLessThan ($polls | Measure-Object -Minimum).Minimum
    }

    It 'Wait-CpmRecovery -Id a,b writes each record as it ends: the first to end comes first' {
        Set-SimConfig @{ recoverySeconds = 6 }
        $slow = Start-Recovery 1
        Set-SimConfig @{ recoverySeconds = 1 }
        $quick = $instances[1] | Invoke-CpmRecovery -Force
        $seen = [Collections.Generic.List[object]]::new()
        Wait-CpmRecovery -Id $slow.Id, $quick.Id -Timeout 60 | ForEach-Object {
            # The quick one reaches the pipeline while the slow one still runs.
            $seen.Add([pscustomobject]@{ Id = $_.Id; SlowStatus = (Get-CpmRecovery -Id $slow.Id).Status })
        }
        $seen.Id | Should -Be @($quick.Id, $slow.Id)
        $seen[0].SlowStatus | Should -Be 'InProgress'
    }

    It 'Wait-CpmBackup takes several ids and piped records, and waits for them together' {
        $running = @($prod, $dev | Start-CpmPolicyBackup)
        $running.Count | Should -Be 2
        Clear-CpmSimulatorRequest $sim
        $final = @($running | Wait-CpmBackup -Timeout 60)
        $final.Status | Sort-Object -Unique | Should -Be 'BackupSuccessful'
        ($final.Id | Sort-Object) | Should -Be ($running.Id | Sort-Object)
        # Every poll round reads both: the first reads are next to each other in the log.
        $log = @(Get-CpmSimulatorRequest $sim)
        $polls = @(Get-LogIndex $log GET '^/api/backups/\d+/$')
        @($log[$polls[0]].path, $log[$polls[1]].path | Sort-Object -Unique).Count | Should -Be 2
        ((Wait-CpmBackup -Id $running[0].Id, $running[1].Id).Id | Sort-Object) | Should -Be ($running.Id | Sort-Object)
    }

    It '-Timeout counts once for the whole set, and each record still running gets CpmWaitTimeout' {
        Set-SimConfig @{ recoverySeconds = 60 }
        $running = @(Start-Recovery 3)
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $out = @($running | Wait-CpmRecovery -Timeout 2 -ErrorAction SilentlyContinue -ErrorVariable problems)
        $elapsed = $clock.Elapsed.TotalSeconds
        $out.Count | Should -Be 3
        $out.Status | Sort-Object -Unique | Should -Be 'InProgress'
        $problems.Count | Should -Be 3
        $problems | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'CpmWaitTimeout,*' }
        ($problems.TargetObject.Id | Sort-Object) | Should -Be ($running.Id | Sort-Object)
        # One 2-second timeout per record would take at least 6 s.
        $elapsed | Should -BeLessThan 5
    }

    It 'a record that does not exist is CpmNotFound while the others are still waited for' {
        $running = Start-Recovery 1
        $out = @(Wait-CpmRecovery -Id 999999, $running.Id -Timeout 60 -ErrorAction SilentlyContinue -ErrorVariable problems)
        $out.Id | Should -Be $running.Id
        $out.Status | Should -Be 'RecoverySuccessful'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CpmNotFound,*'
        $problems[0].TargetObject | Should -Be 999999
    }

    It 'rides out faults in the middle of the wait per record; one whose polls keep failing ends alone' {
        $running = @(Start-Recovery 2)
        # No client retries, so each injected 503 reaches the wait loop.
        $noRetry = Connect-CpmServer -Server $sim.Server -ApiKey $sim.ApiKey -CertificateThumbprint $sim.Sha256 -MaxRetries 0 -PassThru
        $broken, $flaky = $running
        $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path /_sim/faults -Body @{
            failNext = @(
                @{ status = 503; count = 50; method = 'GET'; pathPrefix = "/api/recoveries/$($broken.Id)/" },
                @{ status = 503; count = 2; method = 'GET'; pathPrefix = "/api/recoveries/$($flaky.Id)/" })
        }
        try {
            $out = @($running | Wait-CpmRecovery -Server $noRetry -Timeout 60 -ErrorAction SilentlyContinue -ErrorVariable problems -WarningAction SilentlyContinue -WarningVariable warnings)
        }
        finally {
            $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method DELETE -Path /_sim/faults
            Connect-CpmTestSimulator -Simulator $sim # the usual connection is current again
        }
        $out.Id | Should -Be $flaky.Id
        $out.Status | Should -Be 'RecoverySuccessful'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CpmServerError,*'
        $problems[0].TargetObject.Id | Should -Be $broken.Id
        @($warnings | Where-Object { "$_" -like "*Could not read recovery $($flaky.Id) *trying again*" }).Count | Should -Be 2
        @($warnings | Where-Object { "$_" -like "*Could not read recovery $($broken.Id) *trying again*" }).Count | Should -Be 4
    }

    It 'shows one progress bar per record, each completed when its record ends' {
        $running = @(Start-Recovery 2)
        $ps = New-WaitShell -Ids $running.Id -Timeout 60
        try {
            $out = @($ps.Invoke())
            $out.Count | Should -Be 2
            $bars = @($ps.Streams.Progress | Where-Object Activity -like 'Waiting for recovery*' | Group-Object ActivityId)
            $bars.Count | Should -Be 2
            foreach ($bar in $bars) {
                @($bar.Group.Activity | Sort-Object -Unique).Count | Should -Be 1
                $bar.Group[-1].RecordType | Should -Be 'Completed'
            }
        }
        finally { $ps.Dispose() }
    }

    It 'stops the whole wait promptly on Ctrl+C' {
        Set-SimConfig @{ recoverySeconds = 120 }
        $running = @(Start-Recovery 2)
        Clear-CpmSimulatorRequest $sim
        $ps = New-WaitShell -Ids $running.Id
        try {
            $handle = $ps.BeginInvoke()
            Stop-CpmTestShell -Shell $ps -Handle $handle -Simulator $sim -Until {
                param($requests) @($requests | Where-Object { $_.path -match '^/api/recoveries/\d+/$' }).Count -ge 4
            }
        }
        finally { $ps.Dispose() }
    }

    It 'waits for several records in a non-interactive pwsh, as a scheduler runs it' {
        $script = Join-Path ([IO.Path]::GetTempPath()) "cpm-wait-$PID.ps1"
        Set-Content -Path $script -Encoding utf8NoBOM -Value @'
param($ModulePath, $Server, $Thumbprint)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Connect-CpmServer -Server $Server -ApiKey (ConvertTo-SecureString $env:CPM_WAIT_KEY -AsPlainText -Force) -CertificateThumbprint $Thumbprint | Out-Null
$recoveries = Get-CpmBackup -Status BackupSuccessful -First 1 | Get-CpmBackupInstance | Select-Object -First 2 | Invoke-CpmRecovery -Force -Wait -Timeout 60
$recoveries | ForEach-Object { "recovery $($_.Id): $($_.Status)" }
exit 0
'@
        $env:CPM_WAIT_KEY = $sim.PlainApiKey
        try {
            $output = Invoke-CpmTestPwsh -File $script -ArgumentList '-ModulePath', (Get-CpmTestModulePath), '-Server', $sim.Server, '-Thumbprint', $sim.Sha256
            $exitCode = $LASTEXITCODE
        }
        finally {
            Remove-Item Env:CPM_WAIT_KEY
            Remove-Item $script -ErrorAction SilentlyContinue
        }
        $text = $output | Out-String
        $exitCode | Should -Be 0 -Because $text
        ([regex]::Matches($text, 'recovery \d+: RecoverySuccessful')).Count | Should -Be 2
    }
}
