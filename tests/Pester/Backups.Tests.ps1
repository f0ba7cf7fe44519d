# Backups and recoveries (guide chapters 7, 13.6 and 14) end to end: backup now, waiting, outcomes,
# snapshots, logs, freezer, recoveries, and the pipelines a runbook uses.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $script:sim = Start-CpmTestSimulator -ArgumentList '--backup-seconds', '2', '--recovery-seconds', '2'
    Connect-CpmTestSimulator -Simulator $sim
    $script:prod = Get-CpmPolicy -Name prod
    $script:dev = Get-CpmPolicy -Name dev

    function script:Set-Outcome([hashtable] $Outcome) {
        $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path /_sim/outcomes -Body $Outcome
    }
    function script:Get-Writes { (Invoke-CpmSimulatorAdmin -Simulator $sim -Path /_sim/stats).writes }
    # Waits (without the module) until no backup of a policy is running, so tests do not meet a 412.
    function script:Wait-Idle([long] $PolicyId) {
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (@(Get-CpmBackup -PolicyId $PolicyId | Where-Object { $_.Status -in 'Initializing', 'InProgress' }).Count -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 250
        }
    }
}

AfterAll {
    Disconnect-CpmServer -ErrorAction SilentlyContinue
    Stop-CpmTestSimulator -Simulator $sim
}

Describe 'Start-CpmPolicyBackup' {
    BeforeEach {
        foreach ($policy in $prod, $dev) { Set-Outcome @{ backup = 'B'; policy = $policy.Id } }
        Wait-Idle $prod.Id; Wait-Idle $dev.Id
    }

    It 'returns the backup it started, still running, when not waiting' {
        $backup = $prod | Start-CpmPolicyBackup
        $backup | Should -BeOfType ([CpmPowerShell.Models.Backup])
        $backup.Policy | Should -Be $prod.Id
        $backup.Status | Should -BeIn 'Initializing', 'InProgress'
        $backup.BackupId | Should -Be $backup.Id
    }

    It 'with -Wait follows the backup to its end and returns the final record' {
        $backup = Get-CpmPolicy -Name prod | Start-CpmPolicyBackup -Wait -Timeout 00:00:30
        @($backup).Count | Should -Be 1
        $backup.Status | Should -Be 'BackupSuccessful'
        $backup.EndTime | Should -Not -BeNullOrEmpty
    }

    It 'takes policy names (wildcards too) or ids by position' {
        (Start-CpmPolicyBackup prod -Wait -Timeout 30).Policy | Should -Be $prod.Id
        (Start-CpmPolicyBackup $dev.Id -Wait -Timeout 30).Policy | Should -Be $dev.Id
        $failure = $null
        try { Start-CpmPolicyBackup -Name 'no-such-policy' -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'CpmNotFound*'
        "$failure" | Should -BeLike "*No policy is named 'no-such-policy'*"
    }

    It 'takes bare ids and several policies at once' {
        $backups = @($prod.Id, $dev.Id | Start-CpmPolicyBackup -Wait -Timeout 30)
        $backups.Count | Should -Be 2
        $backups.Policy | Sort-Object | Should -Be (@($prod.Id, $dev.Id) | Sort-Object)
    }

    It 'returns a failed backup and writes CpmBackupFailed with the record as target' {
        Set-Outcome @{ backup = 'F'; policy = $prod.Id }
        $backup = $prod | Start-CpmPolicyBackup -Wait -Timeout 30 -ErrorAction SilentlyContinue -ErrorVariable problems
        $backup.Status | Should -Be 'BackupFailed'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CpmBackupFailed,*'
        $problems[0].TargetObject.Id | Should -Be $backup.Id
        $problems[0].Exception.Message | Should -BeLike '*Backup Failed*'
    }

    It 'stops a script with -ErrorAction Stop on a partial backup, naming the status' {
        Set-Outcome @{ backup = 'A'; policy = $prod.Id }
        { $prod | Start-CpmPolicyBackup -Wait -Timeout 30 -ErrorAction Stop } | Should -Throw -ErrorId 'CpmBackupPartiallySuccessful*'
    }

    It 'gives up after -Timeout with CpmWaitTimeout and returns the running record' {
        $backup = $prod | Start-CpmPolicyBackup -Wait -Timeout 1 -ErrorAction SilentlyContinue -ErrorVariable problems
        $backup.Status | Should -BeIn 'Initializing', 'InProgress'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CpmWaitTimeout,*'
        $problems[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        # Wait-CpmBackup picks it up where the timeout left it.
        ($backup | Wait-CpmBackup -Timeout 30).Status | Should -Be 'BackupSuccessful'
    }

    It 'reports a backup refused by the server (412: one already running) as CpmPreconditionFailed' {
        $null = $prod | Start-CpmPolicyBackup
        $failure = $null
        try { $prod | Start-CpmPolicyBackup -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'CpmPreconditionFailed*'
        "$failure" | Should -BeLike "*did not start a backup of policy 'prod' ($($prod.Id))*still running*"
        # A 412 has one category everywhere (the error map's): the object's state does not allow it now.
        $failure.CategoryInfo.Category | Should -Be 'InvalidOperation'
    }

    It 'starts a policy once however often it is piped (its targets all carry its PolicyId)' {
        $before = Get-Writes
        $backups = @($prod | Get-CpmPolicyInstance | Start-CpmPolicyBackup)
        $backups.Count | Should -Be 1
        (Get-Writes) - $before | Should -Be 1
    }

    It 'refuses -Timeout without -Wait rather than ignoring it' {
        $before = Get-Writes
        { $prod | Start-CpmPolicyBackup -Timeout 10 -ErrorAction Stop } | Should -Throw -ErrorId 'CpmInvalidArgument*'
        Get-Writes | Should -Be $before
    }

    It 'sends nothing with -WhatIf, and names the piped policy' {
        $before = Get-Writes
        $text = Get-HostOutput { $prod | Start-CpmPolicyBackup -WhatIf }
        $text | Should -BeLike "*POST /api/policies/$($prod.Id)/backups/*policy 'prod' ($($prod.Id))*"
        $prod | Start-CpmPolicyBackup -WhatIf | Should -BeNullOrEmpty
        Get-Writes | Should -Be $before
    }
}

Describe 'Wait-CpmBackup' {
    It 'returns a finished backup at once, with a timeout of days, seconds or a TimeSpan' {
        $finished = Get-CpmBackup -Status BackupSuccessful -First 1
        ($finished | Wait-CpmBackup -Timeout 5.00:00:00).Id | Should -Be $finished.Id
        (Wait-CpmBackup -Id $finished.Id -Timeout 90).Status | Should -Be 'BackupSuccessful'
    }

    It 'keeps waiting on a status code it does not know, says so once, and stops at the timeout' {
        $stored = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path /_sim/records -Body @{
            path = '/api/backups/'; records = @(@{ policy = $prod.Id; status = 'Q'; start_time = '2026-01-01T00:00:00Z' })
        }
        $backup = Wait-CpmBackup -Id $stored.ids[0] -Timeout 3 -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable problems
        $backup.Status | Should -Be 'Unknown'
        $backup.GetRawValue('status') | Should -Be 'Q'
        @($warnings | Where-Object { "$_" -like "*does not know*'Q'*" }).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CpmWaitTimeout,*'
    }

    It 'rides out server errors while polling (warning each time) and still ends with the final record' {
        Wait-Idle $prod.Id
        $running = $prod | Start-CpmPolicyBackup
        # A connection without client retries (it replaces the usual one), so the 503s reach the wait loop.
        Connect-CpmServer -Server $sim.Server -ApiKey $sim.ApiKey -CertificateThumbprint $sim.Sha256 -MaxRetries 0
        $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path /_sim/faults -Body @{
            failNext = @(@{ status = 503; count = 2; method = 'GET'; pathPrefix = "/api/backups/$($running.Id)/" })
        }
        try {
            $final = Wait-CpmBackup -Id $running.Id -Timeout 30 -WarningVariable warnings -WarningAction SilentlyContinue
        }
        finally {
            $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method DELETE -Path /_sim/faults
            Connect-CpmTestSimulator -Simulator $sim # the usual connection again
        }
        $final.Status | Should -Be 'BackupSuccessful'
        @($warnings | Where-Object { "$_" -like '*Could not read backup*trying again*' }).Count | Should -Be 2
    }

    It 'reports a backup that does not exist as CpmNotFound, without waiting' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        { Wait-CpmBackup -Id 999999 -ErrorAction Stop } | Should -Throw -ErrorId 'CpmNotFound*'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
    }

    It 'refuses a timeout of zero or a text that is not a time, before calling the server' {
        { Wait-CpmBackup -Id 1 -Timeout 0 -ErrorAction Stop } | Should -Throw '*longer than zero*'
        { Wait-CpmBackup -Id 1 -Timeout soon -ErrorAction Stop } | Should -Throw '*not a time span*'
    }
}

Describe 'Get-CpmBackup' {
    It 'lists newest first, filters by policy from the pipeline and by status name' {
        $all = @(Get-CpmBackup)
        $all.Count | Should -BeGreaterThan 2
        $starts = $all.StartTime
        ($starts | Sort-Object -Descending) -join ',' | Should -Be ($starts -join ',')
        @(Get-CpmPolicy -Name prod | Get-CpmBackup) | ForEach-Object { $_.Policy | Should -Be $prod.Id }
        @(Get-CpmBackup -Status BackupSuccessful) | ForEach-Object { $_.Status | Should -Be 'BackupSuccessful' }
        @(Get-CpmBackup -Status F) | ForEach-Object { $_.Status | Should -Be 'BackupFailed' }
    }

    It 'asks the server page by page and stops once -First is satisfied' {
        Clear-CpmSimulatorRequest $sim
        $first = Get-CpmBackup -First 1
        @($first).Count | Should -Be 1
        $requests = @(Get-CpmSimulatorRequest $sim | Where-Object path -eq '/api/backups/')
        $requests.Count | Should -Be 1
        $requests[0].query | Should -BeLike '*ordering=-start_time*'
    }
}

Describe 'Snapshots, logs and the freezer' {
    BeforeAll {
        Set-Outcome @{ backup = 'B' }
        Wait-Idle $prod.Id
        $script:done = $prod | Start-CpmPolicyBackup -Wait -Timeout 30
    }

    It 'lists the snapshots, instances and volumes of a piped backup' {
        @($done | Get-CpmBackupSnapshot).Count | Should -BeGreaterOrEqual 3
        $instances = @($done | Get-CpmBackupInstance)
        $instances.Count | Should -BeGreaterOrEqual 2
        $instances[0].BackupId | Should -Be $done.Id
        $instances[0].InstanceSnapshotId | Should -Be $instances[0].Id
        @($done | Get-CpmBackupVolume).Count | Should -BeGreaterOrEqual 1
        $instances[0] | Get-CpmBackupInstanceAmi | Should -Not -BeNullOrEmpty
    }

    It 'reads an instance''s additional NICs and similar AMIs, and deletes one volume snapshot' {
        $instance = $done | Get-CpmBackupInstance | Select-Object -First 1
        $instance | Get-CpmBackupInstanceNic | ForEach-Object { $_ | Should -BeOfType ([CpmPowerShell.Models.BackupInstanceNic]) }
        $similar = @($instance | Get-CpmBackupInstanceSimilarAmi)
        $similar | ForEach-Object { $_ | Should -BeOfType ([CpmPowerShell.Models.BackupInstanceSimilarAmi]) }
        $volume = $done | Get-CpmBackupVolume | Select-Object -First 1
        $volume.VolumeSnapshotId | Should -Be $volume.Id
        $volume | Remove-CpmBackupVolume -Force
        (Get-CpmBackupVolume -BackupId $done.Id -Id $volume.Id).DeletionTime | Should -Not -BeNullOrEmpty
    }

    It 'reads the logs as objects and as CSV' {
        $logs = @($done | Get-CpmBackupLog)
        $logs.Count | Should -BeGreaterThan 1
        $logs[0] | Should -BeOfType ([CpmPowerShell.Models.BackupLog])
        $csv = $done | Get-CpmBackupLog -AsCsv
        $csv | Should -BeOfType ([string])
        @($csv | ConvertFrom-Csv).Count | Should -Be $logs.Count
    }

    It 'deletes all snapshots of piped failed backups only when not asked -WhatIf' {
        $before = Get-Writes
        Get-CpmBackup -Status BackupFailed | Remove-CpmBackupSnapshot -WhatIf
        Get-Writes | Should -Be $before
        $text = Get-HostOutput { $done | Remove-CpmBackupSnapshot -WhatIf }
        $text | Should -BeLike "*DELETE /api/backups/$($done.Id)/snapshots/*"
    }

    It 'handles each backup once however often it comes (the OnBeforeSend hook beside the generated cmdlet)' {
        $once = [regex]::Escape("DELETE /api/backups/$($done.Id)/snapshots/")
        $text = Get-HostOutput { $done, $done | Remove-CpmBackupSnapshot -WhatIf }
        [regex]::Matches($text, $once).Count | Should -Be 1
        $text = Get-HostOutput { Remove-CpmBackupSnapshot -BackupId $done.Id, $done.Id -WhatIf }
        [regex]::Matches($text, $once).Count | Should -Be 1
    }

    It 'moves a backup to the freezer, renames it there and deletes it' {
        # Before it has a name, -WhatIf names the backup by its id alone (not "backup '' (5)").
        $text = Get-HostOutput { Set-CpmBackup -Id $done.Id -Description 'not yet' -WhatIf }
        $text | Should -BeLike "*on target ""backup $($done.Id) on *"

        $frozen = $done | Move-CpmBackupToFreezer -Name 'pester-keep' -Description 'kept by Pester'
        (Get-CpmBackup -Id $done.Id).IsFreezerItem | Should -BeTrue
        $text = Get-HostOutput { Set-CpmBackup -Id $done.Id -Description 'renamed' -WhatIf }
        $text | Should -BeLike "*on target ""backup 'pester-keep' ($($done.Id)) on *"
        Set-CpmBackup -Id $done.Id -Name 'pester-kept' -Description 'renamed'
        Get-CpmBackup -IsFreezerItem $true | Where-Object Id -eq $done.Id | Should -Not -BeNullOrEmpty
        Remove-CpmBackup -Id $done.Id -Force
        { Get-CpmBackup -Id $done.Id -ErrorAction Stop } | Should -Throw -ErrorId 'CpmNotFound*'
    }
}

Describe 'Recoveries' {
    BeforeAll {
        Set-Outcome @{ backup = 'B'; recovery = 'R' }
        Wait-Idle $prod.Id
        $script:good = $prod | Start-CpmPolicyBackup -Wait -Timeout 30
    }

    It 'rehearses the runbook chain with -WhatIf: one recover call shown per instance, none sent' {
        $before = Get-Writes
        $text = Get-HostOutput {
            Get-CpmPolicy -Name prod | Get-CpmBackup -Status BackupSuccessful -First 1 | Get-CpmBackupInstance | Invoke-CpmRecovery -WhatIf
        }
        Get-Writes | Should -Be $before
        $instances = @($good | Get-CpmBackupInstance)
        ([regex]::Matches($text, 'POST /api/backups/\d+/snapshots/instances/\d+/recover/')).Count | Should -Be $instances.Count
    }

    It 'recovers a piped instance snapshot and waits for the recovery' {
        $instance = $good | Get-CpmBackupInstance | Select-Object -First 1
        $recovery = $instance | Invoke-CpmRecovery -Force -Wait -Timeout 30
        $recovery | Should -BeOfType ([CpmPowerShell.Models.Recovery])
        $recovery.Status | Should -Be 'RecoverySuccessful'
        $recovery.BackupRecord | Should -Be $good.Id
        (Get-CpmRecovery -Id $recovery.Id).Status | Should -Be 'RecoverySuccessful'
        @($recovery | Get-CpmRecoveryLog).Count | Should -BeGreaterThan 0
    }

    It 'recovers a volume with every body field a parameter, showing the body under -WhatIf' {
        $volume = $good | Get-CpmBackupVolume | Select-Object -First 1
        $text = Get-HostOutput {
            $volume | Invoke-CpmVolumeRecovery -Zone us-east-1b -AttachBehaviour switch_no_delete -PreserveTags -WhatIf
        }
        $text | Should -BeLike '*"attach_behaviour":"switch_no_delete"*'
        $text | Should -BeLike '*"zone":"us-east-1b"*'
        $recovery = $volume | Invoke-CpmVolumeRecovery -Zone us-east-1b -Force
        $recovery.Status | Should -Be 'InProgress'
        ($recovery | Wait-CpmRecovery -Timeout 30).Status | Should -Be 'RecoverySuccessful'
    }

    It 'writes CpmRecoveryFailed for a failed recovery and still returns it' {
        Set-Outcome @{ recovery = 'F' }
        $instance = $good | Get-CpmBackupInstance | Select-Object -First 1
        $recovery = $instance | Invoke-CpmInstanceRecovery -Force -Wait -Timeout 30 -ErrorAction SilentlyContinue -ErrorVariable problems
        $recovery.Status | Should -Be 'RecoveryFailed'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CpmRecoveryFailed,*'
        Set-Outcome @{ recovery = 'R' }
    }

    It 'refuses to recover from a failed backup (412) as CpmPreconditionFailed, nothing recovered' {
        Set-Outcome @{ backup = 'F'; policy = $dev.Id }
        Wait-Idle $dev.Id
        $failed = $dev | Start-CpmPolicyBackup -Wait -Timeout 30 -ErrorAction SilentlyContinue
        $instance = $failed | Get-CpmBackupInstance | Select-Object -First 1
        if (-not $instance) { Set-ItResult -Skipped -Because 'the dev policy has no instance targets'; return }
        { $instance | Invoke-CpmRecovery -Force -ErrorAction Stop } | Should -Throw -ErrorId 'CpmPreconditionFailed*'
    }

    It 'says clearly what Invoke-CpmRecovery cannot recover, naming every kind the registry knows' {
        { $good | Invoke-CpmRecovery -Force -ErrorAction Stop } | Should -Throw -ErrorId 'CpmUnsupportedInput*'
        $Error[0].ErrorDetails.Message | Should -BeLike '*cannot recover a Backup; it takes snapshot records from Get-CpmBackupSnapshot, or DR EFS, DR RDS cluster, DR RDS database, DR volume, DynamoDB table, EFS, instance, RDS cluster, RDS database, Redshift cluster or volume snapshot records.'
        $Error[0].ErrorDetails.RecommendedAction | Should -BeLike '*Get-CpmBackupInstance, *Get-CpmBackupRdsDatabase, *or Get-CpmBackupVolume*'
    }

    It 'sends each piped snapshot record to the recover endpoint of its kind' {
        $instance = $good | Get-CpmBackupInstance | Select-Object -First 1
        $volume = $good | Get-CpmBackupVolume | Select-Object -First 1
        $before = Get-Writes
        $text = Get-HostOutput { @($volume, $instance) | Invoke-CpmRecovery -WhatIf }
        Get-Writes | Should -Be $before
        $text | Should -BeLike "*POST /api/backups/$($good.Id)/snapshots/volumes/$($volume.Id)/recover/ {}*volume $($volume.BackedUpResourceId) from snapshot record $($volume.Id) of backup $($good.Id)*"
        $text | Should -BeLike "*POST /api/backups/$($good.Id)/snapshots/instances/$($instance.Id)/recover/ {}*instance $($instance.BackedUpResourceId) from snapshot record $($instance.Id) of backup $($good.Id)*"
    }

    It 'aborts only S3 recoveries: -WhatIf sends nothing, a normal recovery is refused with the server''s reason' {
        $recovery = Get-CpmRecovery -First 1
        $before = Get-Writes
        $recovery | Stop-CpmS3Recovery -WhatIf
        Get-Writes | Should -Be $before
        { $recovery | Stop-CpmS3Recovery -Force -ErrorAction Stop } | Should -Throw -ErrorId 'CpmValidationFailed*'
    }

    It 'removes a recovery record' {
        $recovery = Get-CpmRecovery -First 1
        $recovery | Remove-CpmRecovery -Force
        { Get-CpmRecovery -Id $recovery.Id -ErrorAction Stop } | Should -Throw -ErrorId 'CpmNotFound*'
    }
}

Describe 'Get-CpmBackup streams' {
    BeforeAll {
        $script:big = Start-CpmTestSimulator -ArgumentList '--seed-backups', '250'
        $script:bigConnection = Connect-CpmTestSimulator -Simulator $big -PassThru
    }
    AfterAll {
        $bigConnection | Disconnect-CpmServer
        Stop-CpmTestSimulator -Simulator $big
    }

    It 'writes the first backup after the first page, before asking for the next' {
        Clear-CpmSimulatorRequest $big
        $script:pagesAtFirst = $null
        $count = 0
        Get-CpmBackup -Server $bigConnection | ForEach-Object {
            if ($count++ -eq 0) { $script:pagesAtFirst = @(Get-CpmSimulatorRequest $big | Where-Object path -eq '/api/backups/').Count }
        }
        $pagesAtFirst | Should -Be 1
        $count | Should -Be 250
        $pages = @(Get-CpmSimulatorRequest $big | Where-Object path -eq '/api/backups/')
        $pages.Count | Should -Be 3
        $pages | ForEach-Object { $_.query | Should -BeLike '*page_size=100*' }
    }
}

Describe 'Waiting longer than a token lives' -Tag Slow {
    BeforeAll {
        $script:short = Start-CpmTestSimulator -ArgumentList '--access-lifetime', '2', '--backup-seconds', '7'
        $script:shortConnection = Connect-CpmTestSimulator -Simulator $short -PassThru
    }
    AfterAll {
        $shortConnection | Disconnect-CpmServer
        Stop-CpmTestSimulator -Simulator $short
    }

    It 'renews the token while it waits and ends with the final record' {
        $backup = Get-CpmPolicy -Name prod -Server $shortConnection | Start-CpmPolicyBackup -Wait -Timeout 60 -Server $shortConnection
        $backup.Status | Should -Be 'BackupSuccessful'
        $stats = Invoke-CpmSimulatorAdmin -Simulator $short -Path /_sim/stats
        $stats.tokenRefreshes | Should -BeGreaterThan 0
        $stats.byStatus.'401' | Should -BeNullOrEmpty
    }
}

Describe 'Waiting and Ctrl+C' {
    BeforeAll {
        $script:slow = Start-CpmTestSimulator -ArgumentList '--backup-seconds', '120'
    }
    AfterAll { Stop-CpmTestSimulator -Simulator $slow }

    It 'stops a wait promptly when the pipeline is stopped, as Ctrl+C does' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($ModulePath, $Server, $Key, $Thumbprint)
                Import-Module $ModulePath
                Connect-CpmServer -Server $Server -ApiKey $Key -CertificateThumbprint $Thumbprint | Out-Null
                Get-CpmPolicy -Name prod | Start-CpmPolicyBackup -Wait
            }).AddParameters(@{ ModulePath = (Get-CpmTestModulePath); Server = $slow.Server; Key = $slow.ApiKey; Thumbprint = $slow.Sha256 })
            $handle = $ps.BeginInvoke()
            # Wait until the backup is running and being polled, then press "Ctrl+C".
            Stop-CpmTestShell -Shell $ps -Handle $handle -Simulator $slow -Until {
                param($requests) @($requests | Where-Object { $_.path -like '/api/backups/*/' -and $_.method -eq 'GET' }).Count -gt 0
            }
        }
        finally { $ps.Dispose() }
    }
}
