# Table views rendered as a user sees them: records from the simulator through Out-String at a fixed
# console width. At 80 columns a view shows exactly its key columns (src/api/overlay/*.jsonc, "key"), at
# 120 all of them; no header wraps, no line is wider than the console, and the last column (a message,
# a description) gets the room that is left. (Out-String -Width N lays tables out in N columns; a console
# host uses one column less, which is what the generator plans for, so these checks have a column to spare.)

BeforeDiscovery {
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    # One overlay file per API area (JSON with comments, which ConvertFrom-Json accepts).
    $areaViews = Get-ChildItem (Join-Path $repoRoot 'src/api/overlay') -Filter '*.jsonc' |
        ForEach-Object { (Get-Content $_.FullName -Raw | ConvertFrom-Json).views } | Where-Object { $_ }
    $script:views = @($areaViews | ForEach-Object { $_.PSObject.Properties } | ForEach-Object {
            # "Time:LocalTime" is the property Time shown under the header LocalTime: headers are checked.
            @{ Model = $_.Name; Key = @($_.Value.key | ForEach-Object { ($_ -split ':')[-1] }); Wide = @($_.Value.wide | ForEach-Object { ($_ -split ':')[-1] }) }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force

    $script:Sim = Start-CpmTestSimulator
    Disconnect-CpmTestAll
    Connect-CpmTestSimulator $script:Sim

    # A few records of each viewed type, read the way a user reads them.
    $backups = @(Get-CpmBackup -First 6)
    $instances = @($backups | Get-CpmBackupInstance)
    $policies = @(Get-CpmPolicy)
    $schedules = @(Get-CpmSchedule -First 3)
    # Targets of the kinds the seed has none of, and a custom tag, on the first policy.
    $viewed = $policies[0]
    $null = $viewed | Add-CpmPolicyDynamoDbTable -AwsRegion us-east-1 -AwsResourceName view-orders
    $null = $viewed | Add-CpmPolicyEfs -AwsRegion us-east-1 -AwsResourceId fs-0abc1234 -ExpireOption Never
    $null = $viewed | Add-CpmPolicyRdsCluster -AwsRegion us-east-1 -AwsResourceId view-cluster
    $null = $viewed | Add-CpmPolicyRdsDatabase -AwsRegion us-east-1 -AwsResourceId view-db
    $null = $viewed | Add-CpmPolicyRedshiftCluster -AwsRegion us-east-1 -AwsResourceId view-warehouse
    $null = $viewed | Add-CpmPolicyS3Sync -Name view-sync -DestinationBucketName view-bucket -StorageClass StandardIa
    $null = $viewed | Add-CpmPolicyCustomTag -TagName env -TagValue prod
    $viewedInstance = $viewed | Get-CpmPolicyInstance -First 1
    $null = $viewedInstance | Add-CpmPolicyInstanceVolume -AwsResourceId vol-0abc1234abc1234ab
    # staging protects every kind (with DR, copies to S3 and scripts), dev backs up by AMI only with DR.
    $kindBackups = @(Get-CpmPolicy | Where-Object Name -in 'staging', 'dev' | Get-CpmBackup)
    $script:Samples = @{
        # Issue 11 (accounts)
        Account                  = Get-CpmAccount
        BackupAccount            = Get-CpmBackupAccount
        DrAccount                = Get-CpmDrAccount
        AccountPermissionCheck   = Get-CpmBackupAccount | Test-CpmAccountPermission
        BackupSnapshotEfs             = $kindBackups | Get-CpmBackupEfs
        BackupSnapshotDrEfs           = $kindBackups | Get-CpmBackupDrEfs
        BackupSnapshotInitialAmi      = $kindBackups | Get-CpmBackupInitialAmi
        BackupSnapshotDrInitialAmi    = $kindBackups | Get-CpmBackupDrInitialAmi
        BackupSnapshotOnlyAmi         = $kindBackups | Get-CpmBackupOnlyAmi
        BackupSnapshotDrOnlyAmi       = $kindBackups | Get-CpmBackupDrOnlyAmi
        BackupSnapshotRdsCluster      = $kindBackups | Get-CpmBackupRdsCluster
        BackupSnapshotDrRdsCluster    = $kindBackups | Get-CpmBackupDrRdsCluster
        BackupSnapshotRdsDatabase     = $kindBackups | Get-CpmBackupRdsDatabase
        BackupSnapshotDrRdsDatabase   = $kindBackups | Get-CpmBackupDrRdsDatabase
        BackupSnapshotRedshiftCluster = $kindBackups | Get-CpmBackupRedshiftCluster
        BackupSnapshotDynamoDbTable   = $kindBackups | Get-CpmBackupDynamoDbTable
        BackupSnapshotDrVolume        = $kindBackups | Get-CpmBackupDrVolume
        BackupS3Copy                  = $kindBackups | Get-CpmBackupS3Copy
        BackupScriptLog               = $kindBackups | Get-CpmBackupScriptLog
        Schedule                 = $schedules
        ScheduleDisableTime      = Get-CpmSchedule | Get-CpmScheduleDisableTime
        ScheduleRunTime          = $schedules | Get-CpmScheduleRunTime -DaysAhead 2
        Policy                   = $policies
        PolicyOption             = $policies | Get-CpmPolicyOption
        PolicyRunTime            = $policies | Get-CpmPolicyRunTime
        PolicyTarget             = $policies | Get-CpmPolicyTarget
        PolicyTargetInstance     = $policies | Get-CpmPolicyInstance
        PolicyTargetVolume       = $policies | Get-CpmPolicyVolume
        PolicyTargetDynamoDbTable   = $viewed | Get-CpmPolicyDynamoDbTable
        PolicyTargetEfs             = $viewed | Get-CpmPolicyEfs
        PolicyTargetRdsCluster      = $viewed | Get-CpmPolicyRdsCluster
        PolicyTargetRdsDatabase     = $viewed | Get-CpmPolicyRdsDatabase
        PolicyTargetRedshiftCluster = $viewed | Get-CpmPolicyRedshiftCluster
        PolicyTargetS3Sync          = $viewed | Get-CpmPolicyS3Sync
        PolicyTargetInstanceVolume  = $viewedInstance | Get-CpmPolicyInstanceVolume
        PolicyCustomTag          = $viewed | Get-CpmPolicyCustomTag
        PolicyS3CopyOption       = $policies | Get-CpmPolicyS3CopyOption
        PolicyDrOption           = $policies | Get-CpmPolicyDrOption
        Backup                   = $backups
        BackupLog                = $backups | Get-CpmBackupLog
        BackupSnapshot           = $backups | Get-CpmBackupSnapshot
        BackupSnapshotInstance   = $instances
        BackupSnapshotVolume     = $backups | Get-CpmBackupVolume
        Recovery                 = Get-CpmRecovery
        RecoveryLog              = Get-CpmRecovery | Get-CpmRecoveryLog
        BackupInstanceAmi        = $instances | Get-CpmBackupInstanceAmi
        BackupInstanceNic        = $instances | Get-CpmBackupInstanceNic
        BackupInstanceSimilarAmi = $instances | Select-Object -First 2 | Get-CpmBackupInstanceSimilarAmi
        # Issue 11 (users)
        User                     = Get-CpmUser
        DelegateUser             = Get-CpmDelegate
    }
    # Issue 11 (system)
    $Samples += @{
        Agent             = Get-CpmAgent
        Alert             = Get-CpmAlert
        Region            = Get-CpmRegion
        ResourceType      = Get-CpmResourceType
        ServerTimeZone    = Get-CpmTimeZone -First 12
        ServerVersion     = Get-CpmVersion
        DashboardActivity = Get-CpmDashboardActivity -Since (Get-Date).AddYears(-1)
        DashboardState    = Get-CpmDashboardState
    }

    # The table's lines at a console width, without the blank lines around it.
    function Show-Table($Objects, [int] $Width) {
        @(($Objects | Out-String -Width $Width) -split '\r?\n' | Where-Object { $_.Trim() })
    }
}

AfterAll {
    Disconnect-CpmTestAll
    Stop-CpmTestSimulator $script:Sim
}

Describe 'The <Model> view' -ForEach $views {
    BeforeAll {
        $objects = @($Samples[$Model] | Select-Object -First 12)
    }

    It 'has sample records from the simulator' {
        $objects.Count | Should -BeGreaterThan 0
        $objects[0].PSObject.TypeNames[0] | Should -Be "CpmPowerShell.Models.$Model"
    }

    It 'shows exactly its key columns at 80 columns, headers unwrapped' {
        $lines = Show-Table $objects 80
        $lines[0].Trim() -split '\s+' | Should -Be $Key
        $lines[1] | Should -Match '^-'
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 -Because $_ }
    }

    It 'shows every column at 120 columns, headers unwrapped' {
        $lines = Show-Table $objects 120
        $lines[0].Trim() -split '\s+' | Should -Be (@($Key) + @($Wide))
        $lines[1] | Should -Match '^-'
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 120 -Because $_ }
    }

    It 'shows enum columns whole, by name' {
        $lines = Show-Table $objects 120
        $header = $lines[0]
        foreach ($column in @($Key) + @($Wide)) {
            $value = $objects[0].$column
            if ($value -isnot [enum] -or "$value" -eq 'Unknown') { continue }
            $start = $header.IndexOf($column)
            $lines[2].Substring($start).StartsWith("$value") | Should -BeTrue -Because "$column shows $value"
        }
    }
}

Describe 'Log views' {
    It 'give the message the room left at 120 columns, so a short one is not cut' {
        $logs = @($Samples['BackupLog'])
        $lines = Show-Table $logs 120
        $lines[0].IndexOf('Log ', [StringComparison]::Ordinal) | Should -BeLessThan 50 -Because 'LogType holds words like Info and Error'
        foreach ($log in $logs | Where-Object { $_.Log.Length -lt 60 }) {
            ($lines -join "`n") | Should -BeLike "*$($log.Log)*"
        }
    }
}
