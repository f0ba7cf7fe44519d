# Snapshot records of every kind, copies to S3, script logs and every recover endpoint (guide 7.2-7.68):
# the general list (Get-CpmBackupSnapshot) with its kinds, the dispatchers that take its records
# (Invoke-CpmRecovery, Remove-CpmBackupSnapshot), each kind's own cmdlets and the rehearsal pipeline.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $script:sim = Start-CpmTestSimulator -ArgumentList '--seed-backups', '6', '--backup-seconds', '1', '--recovery-seconds', '1'
    Connect-CpmTestSimulator -Simulator $sim
    $script:staging = Get-CpmPolicy -Name staging
    $script:prod = Get-CpmPolicy -Name prod

    function script:Set-Outcome([hashtable] $Outcome) {
        $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path /_sim/outcomes -Body $Outcome
    }
    function script:Get-Writes {
        @(Get-CpmSimulatorRequest -Simulator $sim | Where-Object { $_.method -ne 'GET' -and $_.path -notlike '/api/token/*' })
    }
    # A fresh, successful staging backup: one snapshot of every target kind and DR copies in us-east-1.
    $script:backup = $staging | Start-CpmPolicyBackup -Wait -Timeout 60
    $script:snapshots = @($backup | Get-CpmBackupSnapshot)
    # The seeded staging backups hold what only a first backup makes (an initial AMI and its DR copy).
    $script:all = @($staging | Get-CpmBackup | Get-CpmBackupSnapshot)
}

AfterAll {
    Disconnect-CpmServer -ErrorAction SilentlyContinue
    Stop-CpmTestSimulator -Simulator $sim
}

Describe 'Get-CpmBackupSnapshot' {
    It 'says the kind of every record, and tells the DR copies apart by IsDr and region' {
        $backup.Status | Should -Be 'BackupSuccessful'
        ($snapshots.Kind | ForEach-Object ToString | Sort-Object -Unique) | Should -Be @('DrEfs', 'DrRdsCluster', 'DrRdsDatabase', 'DynamoDbTable', 'Efs', 'Instance', 'RdsCluster', 'RdsDatabase', 'RedshiftCluster')
        $snapshots | Where-Object Kind -eq 'Unknown' | Should -BeNullOrEmpty
        $dr = @($snapshots | Where-Object IsDr)
        $dr.Count | Should -Be 3
        $dr.Region | Sort-Object -Unique | Should -Be 'us-east-1'
        ($snapshots | Where-Object { -not $_.IsDr }).Region | Sort-Object -Unique | Should -Be 'us-west-2'
        $all.Kind | Should -Contain 'InitialAmi'
        $all.Kind | Should -Contain 'DrInitialAmi'
    }

    It 'reads the server''s snapshot types loosely' -TestCases @(
        @{ Type = 'ebs'; Kind = 'Volume' }, @{ Type = 'ebs_copy'; Kind = 'DrVolume' }, @{ Type = 'rds'; Kind = 'RdsDatabase' },
        @{ Type = 'RDS Cluster Copy'; Kind = 'DrRdsCluster' }, @{ Type = 'dynamoDbTable'; Kind = 'DynamoDbTable' },
        @{ Type = 'initial_ami_copy'; Kind = 'DrInitialAmi' }, @{ Type = 'ami'; Kind = 'OnlyAmi' }, @{ Type = 'EFS'; Kind = 'Efs' },
        @{ Type = 'ebs_s3'; Kind = 'Unknown' }, @{ Type = 'redshift_copy'; Kind = 'Unknown' }, @{ Type = $null; Kind = 'Unknown' }
    ) {
        param($Type, $Kind)
        [CpmPowerShell.Models.BackupSnapshot]::KindOf($Type) | Should -Be $Kind
        ([CpmPowerShell.Models.BackupSnapshot]@{ SnapshotType = $Type }).Kind | Should -Be $Kind
    }

    It 'shows Kind and Region in its view' {
        $text = $snapshots | Format-Table | Out-String -Width 80
        $text | Should -Match 'Kind'
        $text | Should -Match 'DrRdsDatabase\s+staging-orders-db\s+us-east-1'
    }
}

Describe 'The kinds'' own lists' {
    It 'lists <Command> with typed records that pipe back into -Id' -TestCases @(
        @{ Command = 'Get-CpmBackupEfs'; Type = 'BackupSnapshotEfs' }, @{ Command = 'Get-CpmBackupDrEfs'; Type = 'BackupSnapshotDrEfs' },
        @{ Command = 'Get-CpmBackupRdsDatabase'; Type = 'BackupSnapshotRdsDatabase' }, @{ Command = 'Get-CpmBackupDrRdsDatabase'; Type = 'BackupSnapshotDrRdsDatabase' },
        @{ Command = 'Get-CpmBackupRdsCluster'; Type = 'BackupSnapshotRdsCluster' }, @{ Command = 'Get-CpmBackupDrRdsCluster'; Type = 'BackupSnapshotDrRdsCluster' },
        @{ Command = 'Get-CpmBackupRedshiftCluster'; Type = 'BackupSnapshotRedshiftCluster' }, @{ Command = 'Get-CpmBackupDynamoDbTable'; Type = 'BackupSnapshotDynamoDbTable' }
    ) {
        param($Command, $Type)
        $records = @($backup | & $Command)
        $records.Count | Should -Be 1
        $records[0].GetType().Name | Should -Be $Type
        $records[0].BackupId | Should -Be $backup.Id
        $again = & $Command -BackupId $backup.Id -Id $records[0].Id
        $again.BackedUpResourceId | Should -Be $records[0].BackedUpResourceId
        # The general list and the kind's list share the record id.
        ($snapshots | Where-Object Id -eq $records[0].Id).Kind | Should -Be ($Command -replace '^Get-CpmBackup')
    }

    It 'filters by AWS region, CPM region id and start time (DateTime, sent in UTC)' {
        @($backup | Get-CpmBackupDrEfs -AwsRegion us-east-1).Count | Should -Be 1
        @($backup | Get-CpmBackupDrEfs -AwsRegion eu-west-1).Count | Should -Be 0
        @($backup | Get-CpmBackupDrEfs -Region 1).Count | Should -Be 1       # region 1 is us-east-1
        @($backup | Get-CpmBackupEfs -Region 1).Count | Should -Be 0         # the local one is in us-west-2
        (Get-Command Get-CpmBackupRdsDatabase).Parameters['FromTime'].ParameterType | Should -Be ([DateTime])
        $start = $backup.StartTime
        @($backup | Get-CpmBackupRdsDatabase -FromTime $start.AddMinutes(-1)).Count | Should -Be 1
        @($backup | Get-CpmBackupRdsDatabase -FromTime $start.AddMinutes(5)).Count | Should -Be 0
        @($backup | Get-CpmBackupRdsDatabase -ToTime $start.AddMinutes(-5)).Count | Should -Be 0
        $sent = Get-CpmSimulatorRequest -Simulator $sim | Where-Object { $_.path -like '*/rds_databases/*' -and $_.query -like '*from_time*' } | Select-Object -Last 1
        [uri]::UnescapeDataString($sent.query) | Should -Match 'from_time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z'
    }

    It 'takes one-letter enum codes in either case (-TargetEfs o)' {
        $efs = $backup | Get-CpmBackupEfs
        $text = Get-HostOutput { $efs | Invoke-CpmEfsRecovery -TargetEfs o -WhatIf }
        $text | Should -BeLike '*"target_efs":"O"*'
    }
}

Describe 'Invoke-CpmRecovery with records of Get-CpmBackupSnapshot' {
    BeforeEach { Set-Outcome @{ recovery = 'R' } }

    It 'rehearses restoring everything of the last good backup of prod into a test subnet: one pipeline, nothing sent' {
        $null = $prod | Start-CpmPolicyBackup -Wait -Timeout 60
        $before = (Get-Writes).Count
        $text = Get-HostOutput {
            Get-CpmPolicy -Name prod | Get-CpmBackup -Status BackupSuccessful -First 1 | Get-CpmBackupSnapshot |
                Where-Object { -not $_.IsDr -and $_.Kind -notlike '*Ami' } |
                Invoke-CpmRecovery -NameSuffix '-rehearsal' -VpcId vpc-0test -SubnetId subnet-0test -WhatIf
        }
        (Get-Writes).Count | Should -Be $before
        $last = Get-CpmPolicy -Name prod | Get-CpmBackup -Status BackupSuccessful -First 1
        $kinds = @($last | Get-CpmBackupSnapshot | Where-Object { -not $_.IsDr -and $_.Kind -notlike '*Ami' })
        ([regex]::Matches($text, 'What if: .*?POST /api/backups/\d+/snapshots/\w+/\d+/recover/')).Count | Should -Be $kinds.Count
        $text | Should -Match ([regex]::Escape('/recover/ {"placement":"V","vpc":["vpc-0test"],"vpc_subnet_id":["subnet-0test"]}'))
    }

    It 'recovers every recoverable kind of a staging backup through its own endpoint, with new names where AWS needs them' {
        $recoverable = @($snapshots | Where-Object Kind -notlike '*Ami')
        $recoveries = @($recoverable | Invoke-CpmRecovery -NameSuffix '-restored' -SubnetGroupName test-subnets -Force -Wait -Timeout 60)
        $recoveries.Count | Should -Be $recoverable.Count
        $recoveries | ForEach-Object { $_ | Should -BeOfType ([CpmPowerShell.Models.Recovery]); $_.Status | Should -Be 'RecoverySuccessful' }
        $posts = @(Get-Writes | Where-Object path -like "/api/backups/$($backup.Id)/snapshots/*/recover/" | Select-Object -Last $recoverable.Count)
        ($posts.path -replace '^.*/snapshots/(\w+)/\d+/recover/$', '$1' | Sort-Object) | Should -Be @(
            'dr_efs', 'dr_rds_clusters', 'dr_rds_databases', 'dynamodb_tables', 'efs', 'instances', 'rds_clusters', 'rds_databases', 'redshift_clusters')
        # The simulator names what a recovery created by the name it was given.
        $names = $recoveries.RecoveredResourceIds -join ','
        $names | Should -Match '\bstaging-orders-db-restored\b'
        $names | Should -Match '\bstaging-aurora-restored\b'
        $names | Should -Match '\bstaging-sessions-restored\b'
        $names | Should -Match '\bstaging-warehouse-restored\b'
        # The bodies, as -WhatIf shows them.
        $text = Get-HostOutput { $recoverable | Invoke-CpmRecovery -NameSuffix '-restored' -SubnetGroupName test-subnets -WhatIf }
        $text | Should -Match ([regex]::Escape('rds_databases/') + '\d+' + [regex]::Escape('/recover/ {"aws_resource_id":"staging-orders-db-restored","subnet_group_name":"test-subnets"}'))
        $text | Should -Match ([regex]::Escape('{"aws_dbinstance_id":"staging-aurora-restored-instance-1","aws_resource_id":"staging-aurora-restored","subnet_group_name":"test-subnets"}'))
        $text | Should -Match ([regex]::Escape('{"aws_resource_name":"staging-sessions-restored"}'))
    }

    It 'reports a recovery that fails as CpmRecoveryFailed with the record' {
        Set-Outcome @{ recovery = 'F' }
        $efs = $snapshots | Where-Object Kind -eq 'Efs'
        $failure = $null
        $efs | Invoke-CpmRecovery -Force -Wait -Timeout 30 -ErrorVariable failure -ErrorAction SilentlyContinue | Out-Null
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'CpmRecoveryFailed*'
        $failure[0].TargetObject.Status | Should -Be 'RecoveryFailed'
    }

    It 'refuses, sending nothing, kinds that need a new name when -NameSuffix is missing, and names AWS would refuse' {
        $before = (Get-Writes).Count
        $db = $snapshots | Where-Object Kind -eq 'RdsDatabase'
        { $db | Invoke-CpmRecovery -Force -ErrorAction Stop } | Should -Throw -ErrorId 'CpmInvalidArgument*'
        $failure = $null
        try { $db | Invoke-CpmRecovery -Force -ErrorAction Stop } catch { $failure = $_ }
        "$failure" | Should -BeLike "*RDS database 'staging-orders-db'*"
        $failure.ErrorDetails.RecommendedAction + $failure.Exception.Message + ($failure | Out-String) | Should -BeLike '*Invoke-CpmRdsDatabaseRecovery*'
        { $db | Invoke-CpmRecovery -NameSuffix '_bad!' -Force -ErrorAction Stop } | Should -Throw -ErrorId 'CpmInvalidArgument*'
        { $db | Invoke-CpmRecovery -NameSuffix ('-' + 'x' * 60) -Force -ErrorAction Stop } | Should -Throw '*at most 63*'
        { $snapshots[0] | Invoke-CpmRecovery -VpcId vpc-1 -Force -ErrorAction Stop } | Should -Throw -ErrorId 'CpmInvalidArgument*'
        (Get-Writes).Count | Should -Be $before
    }

    It 'says an initial AMI cannot be recovered by itself, and what to do instead' {
        $before = (Get-Writes).Count
        foreach ($kind in 'InitialAmi', 'DrInitialAmi') {
            $ami = $all | Where-Object Kind -eq $kind | Select-Object -First 1
            $failure = $null
            try { $ami | Invoke-CpmRecovery -Force -ErrorAction Stop } catch { $failure = $_ }
            $failure.FullyQualifiedErrorId | Should -BeLike 'CpmUnsupportedInput*'
            "$failure" | Should -BeLike '*initial AMI snapshot record cannot be recovered by itself*'
            ($failure | Out-String -Width 400) | Should -BeLike "*Get-CpmBackupInstance -BackupId $($ami.BackupId) | Invoke-CpmRecovery*"
        }
        # The kind's own record is refused the same way.
        $typed = $all | Where-Object Kind -eq 'InitialAmi' | Select-Object -First 1 | ForEach-Object { Get-CpmBackupInitialAmi -BackupId $_.BackupId }
        { $typed | Invoke-CpmRecovery -Force -ErrorAction Stop } | Should -Throw -ErrorId 'CpmUnsupportedInput*'
        (Get-Writes).Count | Should -Be $before
    }

    It 'refuses a snapshot type it does not know, with the types it knows' {
        $odd = [CpmPowerShell.Models.BackupSnapshot]@{ Id = 1; BackupId = $backup.Id; SnapshotType = 'quantum_vault' }
        $failure = $null
        try { $odd | Invoke-CpmRecovery -Force -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'CpmUnsupportedInput*'
        "$failure" | Should -BeLike "*'quantum_vault'*ebs_copy*"
    }

    It 'finds the kind''s record by resource when the ids of the two lists differ, and never acts on another resource''s record' {
        $db = $snapshots | Where-Object Kind -eq 'RdsDatabase'
        $stranger = [CpmPowerShell.Models.BackupSnapshot]@{ Id = 999999; BackupId = $backup.Id; SnapshotType = 'rds'; BackedUpResourceId = 'staging-orders-db'; Region = 'us-west-2' }
        $text = Get-HostOutput { $stranger | Invoke-CpmRecovery -NameSuffix '-x' -WhatIf }
        $text | Should -BeLike "*rds_databases/$($db.Id)/recover/*"
        $wrong = [CpmPowerShell.Models.BackupSnapshot]@{ Id = $db.Id; BackupId = $backup.Id; SnapshotType = 'rds'; BackedUpResourceId = 'someone-else' }
        { $wrong | Invoke-CpmRecovery -NameSuffix '-x' -WhatIf -ErrorAction Stop } | Should -Throw -ErrorId 'CpmNotFound*'
    }
}

Describe 'The typed recover cmdlets' {
    BeforeEach { Set-Outcome @{ recovery = 'R' } }

    It 'masks the secret of -Credentials (a PSCredential) in -WhatIf and Verbose output' {
        $secret = ConvertTo-SecureString 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY' -AsPlainText -Force
        $credential = [pscredential]::new('AKIAIOSFODNN7EXAMPLE', $secret)
        $db = $backup | Get-CpmBackupRdsDatabase
        $text = Get-HostOutput { $db | Invoke-CpmRdsDatabaseRecovery -AwsResourceId restored-db -Credentials $credential -WhatIf -Verbose 4>&1 }
        $text | Should -BeLike '*AKIAIOSFODNN7EXAMPLE*'
        $text | Should -Not -BeLike '*wJalrXUtnFEMI*'
    }

    It 'recovers a DR RDS database with every given field and follows it with -Wait' {
        $dr = $backup | Get-CpmBackupDrRdsDatabase
        $recovery = $dr | Invoke-CpmDrRdsDatabaseRecovery -AwsResourceId dr-orders -DbInstanceClass db.m5.large -MultiAz:$false -Force -Wait -Timeout 30
        $recovery.Status | Should -Be 'RecoverySuccessful'
        $recovery.RecoveredResourceIds | Should -Match '\bdr-orders\b'
        $text = Get-HostOutput { $dr | Invoke-CpmDrRdsDatabaseRecovery -AwsResourceId dr-orders -DbInstanceClass db.m5.large -MultiAz:$false -WhatIf }
        $text | Should -Match ([regex]::Escape('{"aws_resource_id":"dr-orders","db_instance_class":"db.m5.large","multi_az":false}'))
    }
}

Describe 'Remove-CpmBackupSnapshot with records of Get-CpmBackupSnapshot' {
    It 'deletes only the piped records, each through its kind''s endpoint, once however often it comes' {
        $victim = $staging | Start-CpmPolicyBackup -Wait -Timeout 60
        $records = @($victim | Get-CpmBackupSnapshot | Where-Object IsDr)
        $records.Count | Should -Be 3
        $text = Get-HostOutput { $records | Remove-CpmBackupSnapshot -WhatIf }
        $text | Should -BeLike "*DELETE /api/backups/$($victim.Id)/snapshots/dr_efs/*"
        $text | Should -BeLike '*DR RDS database snapshot record*(staging-orders-db, us-east-1)*'

        $before = (Get-Writes).Count
        $records + $records | Remove-CpmBackupSnapshot -Force
        $deletes = @(Get-Writes | Select-Object -Skip $before)
        $deletes.Count | Should -Be 3
        ($deletes.path -replace '^.*/snapshots/(\w+)/\d+/$', '$1' | Sort-Object) | Should -Be @('dr_efs', 'dr_rds_clusters', 'dr_rds_databases')
        ($victim | Get-CpmBackupDrEfs).DeletionTime | Should -Not -BeNullOrEmpty
        ($victim | Get-CpmBackupEfs).DeletionTime | Should -BeNullOrEmpty
        (Get-CpmBackup -Id $victim.Id).Status | Should -Be 'BackupSuccessful'
    }

    It 'refuses an instance record (CPM deletes no single one) and says what to do instead' {
        $before = (Get-Writes).Count
        $instance = $snapshots | Where-Object Kind -eq 'Instance'
        $failure = $null
        try { $instance | Remove-CpmBackupSnapshot -Force -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'CpmUnsupportedInput*'
        ($failure | Out-String -Width 400) | Should -BeLike '*Remove-CpmBackupVolume*'
        (Get-Writes).Count | Should -Be $before
    }

    It 'never deletes all snapshots of a backup from a piped log line or a kind''s own record' {
        $before = (Get-Writes).Count
        { $backup | Get-CpmBackupLog | Select-Object -First 1 | Remove-CpmBackupSnapshot -Force -ErrorAction Stop } | Should -Throw -ErrorId 'InputObjectNotBound*'
        { $backup | Get-CpmBackupEfs | Remove-CpmBackupSnapshot -Force -ErrorAction Stop } | Should -Throw -ErrorId 'InputObjectNotBound*'
        (Get-Writes).Count | Should -Be $before
    }
}

Describe 'Copies to S3 and script logs' {
    BeforeAll {
        $script:copied = $staging | Get-CpmBackup -Status BackupSuccessful | Where-Object { @($_ | Get-CpmBackupS3Copy).Count } | Select-Object -First 1
    }

    It 'lists the copies to S3 of a backup, which the general list leaves out' {
        $copies = @($copied | Get-CpmBackupS3Copy)
        $copies[0] | Should -BeOfType ([CpmPowerShell.Models.BackupS3Copy])
        $copies[0].BackupId | Should -Be $copied.Id
        ($copied | Get-CpmBackupSnapshot).SnapshotType | Should -Not -Contain 'ebs_s3'
    }

    It 'stops a running copy, and says plainly when none runs' {
        $failure = $null
        try { $copied | Stop-CpmBackupS3Copy -Confirm:$false -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'CpmPreconditionFailed*'
        "$failure" | Should -BeLike '*Nothing to abort*'

        $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path /_sim/s3-work -Body @{ backup = $copied.Id; copy = $true }
        $copied | Stop-CpmBackupS3Copy -Confirm:$false
        (Get-CpmBackup -Id $copied.Id).S3CopyStatus.Status | Should -Not -BeNullOrEmpty
        @($copied | Get-CpmBackupS3Copy).Status | Should -Contain 'A'
    }

    It 'reads the output of the backup''s scripts as objects' {
        $logs = @($backup | Get-CpmBackupScriptLog)
        $logs.Count | Should -BeGreaterThan 0
        $logs[0] | Should -BeOfType ([CpmPowerShell.Models.BackupScriptLog])
        $logs[0].Title | Should -Not -BeNullOrEmpty
        $logs[0].BackupId | Should -Be $backup.Id
    }
}
