# Two CPM servers at once: every object remembers the connection it was read through, and a command
# fed such an object acts on that server, whichever connection is current. The two simulators hold the
# same seed, so the same ids exist on both: a call sent to the wrong one would succeed silently.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    # Every cmdlet with a parameter that identifies a server object and binds from a piped object: by
    # property name, or by value when it takes objects (a bare number piped carries no server).
    $script:pipedCommands = @(Get-Command -Module CpmPowerShell | Where-Object {
            @($_.ImplementingType.GetProperties() | Where-Object {
                    $property = $_
                    $element = if ($property.PropertyType.IsArray) { $property.PropertyType.GetElementType() } else { $property.PropertyType }
                    $property.IsDefined([CpmPowerShell.Runtime.CpmObjectIdAttribute], $true) -and
                    @($property.GetCustomAttributes([System.Management.Automation.ParameterAttribute], $true) |
                        Where-Object { $_.ValueFromPipelineByPropertyName -or ($_.ValueFromPipeline -and -not $element.IsPrimitive) }).Count
                }).Count
        } | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $arguments = '--seed-backups', '4', '--backup-seconds', '1', '--recovery-seconds', '1'
    $script:simA = Start-CpmTestSimulator -ArgumentList $arguments
    $script:simB = Start-CpmTestSimulator -ArgumentList $arguments
    $script:a = Connect-CpmTestSimulator -Simulator $simA -PassThru
    $script:b = Connect-CpmTestSimulator -Simulator $simB -PassThru   # B is current from here on

    # Objects read from A (B has records with the same ids).
    $script:policy = Get-CpmPolicy -Server $a -Name prod
    $script:schedule = Get-CpmSchedule -Server $a -First 1
    $script:backup = Get-CpmBackup -Server $a -PolicyId $policy.Id -First 1
    $script:instance = $backup | Get-CpmBackupInstance -First 1
    $script:volume = $backup | Get-CpmBackupVolume -First 1
    $script:recovery = $instance | Invoke-CpmRecovery -Force
    $script:disableTime = $schedule | Add-CpmScheduleDisableTime -Day Friday -StartTime 01:00 -EndTime 02:00
    if (-not $disableTime) { $script:disableTime = $schedule | Get-CpmScheduleDisableTime -First 1 }
    $script:policyInstance = $policy | Get-CpmPolicyInstance -First 1
    $script:policyVolume = $policy | Get-CpmPolicyVolume -First 1
    # One target of each further kind, and a custom tag, made on A (the seed has none).
    $script:policyInstanceVolume = $policyInstance | Add-CpmPolicyInstanceVolume -AwsResourceId vol-0fedcba9876543210
    $script:dynamoDbTable = $policy | Add-CpmPolicyDynamoDbTable -AwsRegion us-east-1 -AwsResourceName orders
    $script:efs = $policy | Add-CpmPolicyEfs -AwsRegion us-east-1 -AwsResourceId fs-0123abcd
    $script:rdsCluster = $policy | Add-CpmPolicyRdsCluster -AwsRegion us-east-1 -AwsResourceId orders-cluster
    $script:rdsDatabase = $policy | Add-CpmPolicyRdsDatabase -AwsRegion us-east-1 -AwsResourceId orders-db
    $script:redshiftCluster = $policy | Add-CpmPolicyRedshiftCluster -AwsRegion us-east-1 -AwsResourceId analytics-1
    $script:s3Sync = $policy | Add-CpmPolicyS3Sync -Name orders-bucket -DestinationBucketName orders-copy
    $script:customTag = $policy | Add-CpmPolicyCustomTag -TagName backup -TagValue daily
    # A backup of staging (a target of every kind, DR and copy to S3 on in the seed), so every snapshot kind has a record on A.
    $script:staging = Get-CpmPolicy -Server $a -Name staging
    $script:stagingBackup = $staging | Start-CpmPolicyBackup -Wait -Timeout 60 -Confirm:$false
    # The first record of a snapshot kind ("RdsDatabase" -> Get-CpmBackupRdsDatabase) among A's backups: initial AMIs
    # come from a policy's first backup, AMI-only and DR volume records from dev's.
    function script:Get-StagingSnapshot([string] $Kind) {
        @(Get-CpmBackup -Server $a | ForEach-Object { $_ | & "Get-CpmBackup$Kind" -First 1 }) | Select-Object -First 1
    }

    # API requests (token calls aside) each simulator received while a script ran, and its host output.
    function script:Measure-Requests([scriptblock] $Script) {
        foreach ($sim in $simA, $simB) { Clear-CpmSimulatorRequest -Simulator $sim }
        $output = Get-HostOutput $Script
        $count = {
            param($sim) @(Get-CpmSimulatorRequest -Simulator $sim | Where-Object { $_.path -notlike '/api/token/*' }).Count
        }
        [pscustomobject]@{ A = & $count $simA; B = & $count $simB; Output = $output }
    }

    # How each command is fed objects from A. Reads run for real; changes run with -WhatIf, which must
    # name A's connection. New cmdlets with piped ids must be added here (a test below checks that).
    # Issue 11 (users): users and delegates read from A.
    $script:user = Get-CpmUser -Server $a -Name 'ops-admin'
    $script:delegate = Get-CpmDelegate -Server $a -First 1
    $script:usersPassword = ConvertTo-SecureString 'Two-Servers-Passw0rd' -AsPlainText -Force
    $script:scenarios = @{
        # Issue 11 (accounts): seeded accounts 1 and 2 are backup accounts, 3 a DR account, on both servers.
        'Remove-CpmAccount'               = { Get-CpmAccount -Server $a -Id 2 | Remove-CpmAccount -WhatIf }
        'Set-CpmBackupAccount'            = { Get-CpmBackupAccount -Server $a -Id 1 | Set-CpmBackupAccount -RoleName changed -WhatIf }
        'Remove-CpmBackupAccount'         = { Get-CpmBackupAccount -Server $a -Id 2 | Remove-CpmBackupAccount -WhatIf }
        'Set-CpmDrAccount'                = { Get-CpmDrAccount -Server $a -Id 3 | Set-CpmDrAccount -RoleName changed -WhatIf }
        'Remove-CpmDrAccount'             = { Get-CpmDrAccount -Server $a -Id 3 | Remove-CpmDrAccount -WhatIf }
        'Test-CpmAccountPermission'       = { Get-CpmBackupAccount -Server $a -Id 1 | Test-CpmAccountPermission; Get-CpmDrAccount -Server $a -Id 3 | Test-CpmAccountPermission }
        'Remove-CpmAccountSnapshot'       = {
            Get-CpmAccount -Server $a -Id 2 | Remove-CpmAccountSnapshot -WhatIf
            Get-CpmBackupAccount -Server $a -Id 1 | Remove-CpmAccountSnapshot -WhatIf
            Get-CpmDrAccount -Server $a -Id 3 | Remove-CpmAccountSnapshot -WhatIf }
        'Start-CpmVpcClone'               = { Get-CpmBackupAccount -Server $a -Id 1 | Start-CpmVpcClone -FromVpc 4 -ToAccount 2 -ToRegion eu-west-1 -ToVpc two-servers -WhatIf }
        'Save-CpmVpcCloneLog'             = { Get-CpmBackupAccount -Server $a -Id 1 | Save-CpmVpcCloneLog -Path (Join-Path $TestDrive 'clone-log.csv') -Force }
        # Issue 11 (users): users and delegates.
        'Set-CpmUser' = { $user | Set-CpmUser -MaxAccounts 7 -WhatIf }
        'Remove-CpmUser' = { $user | Remove-CpmUser -WhatIf }
        'Reset-CpmUserPassword' = { $user | Reset-CpmUserPassword -NewPassword $usersPassword -WhatIf }
        'Get-CpmDelegate' = { $user | Get-CpmDelegate }
        'New-CpmDelegate' = { $user | New-CpmDelegate -Username two-servers -Password $usersPassword -WhatIf }
        'Set-CpmDelegate' = { $delegate | Set-CpmDelegate -AllowRecovery:$false -WhatIf }
        'Remove-CpmDelegate' = { $delegate | Remove-CpmDelegate -WhatIf }
        'Reset-CpmDelegatePassword' = { $delegate | Reset-CpmDelegatePassword -NewPassword $usersPassword -WhatIf }
        # Issue 11 (system): alerts and agents read from A.
        'Remove-CpmAlert' = { Get-CpmAlert -Server $a -First 2 | Remove-CpmAlert -WhatIf }
        'Set-CpmAgentConfiguration' = { Get-CpmAgent -Server $a | Set-CpmAgentConfiguration -Setting @{ max_seconds_to_wait_for_vss = 100 } -WhatIf }
        # Issue 10: snapshot kinds of a backup, their recoveries, S3 copies and script logs.
        'Get-CpmBackupDrEfs' = { $stagingBackup | Get-CpmBackupDrEfs }
        'Remove-CpmBackupDrEfs' = { Get-StagingSnapshot DrEfs | Remove-CpmBackupDrEfs -WhatIf }
        'Invoke-CpmDrEfsRecovery' = { Get-StagingSnapshot DrEfs | Invoke-CpmDrEfsRecovery -WhatIf }
        'Get-CpmBackupDrInitialAmi' = { $stagingBackup | Get-CpmBackupDrInitialAmi }
        'Remove-CpmBackupDrInitialAmi' = { Get-StagingSnapshot DrInitialAmi | Remove-CpmBackupDrInitialAmi -WhatIf }
        'Get-CpmBackupDrOnlyAmi' = { $stagingBackup | Get-CpmBackupDrOnlyAmi }
        'Remove-CpmBackupDrOnlyAmi' = { Get-StagingSnapshot DrOnlyAmi | Remove-CpmBackupDrOnlyAmi -WhatIf }
        'Get-CpmBackupDrRdsCluster' = { $stagingBackup | Get-CpmBackupDrRdsCluster }
        'Remove-CpmBackupDrRdsCluster' = { Get-StagingSnapshot DrRdsCluster | Remove-CpmBackupDrRdsCluster -WhatIf }
        'Invoke-CpmDrRdsClusterRecovery' = { Get-StagingSnapshot DrRdsCluster | Invoke-CpmDrRdsClusterRecovery -AwsResourceId orders-restore -AwsDbinstanceId orders-restore-1 -WhatIf }
        'Get-CpmBackupDrRdsDatabase' = { $stagingBackup | Get-CpmBackupDrRdsDatabase }
        'Remove-CpmBackupDrRdsDatabase' = { Get-StagingSnapshot DrRdsDatabase | Remove-CpmBackupDrRdsDatabase -WhatIf }
        'Invoke-CpmDrRdsDatabaseRecovery' = { Get-StagingSnapshot DrRdsDatabase | Invoke-CpmDrRdsDatabaseRecovery -AwsResourceId orders-restore -WhatIf }
        'Get-CpmBackupDrVolume' = { $stagingBackup | Get-CpmBackupDrVolume }
        'Remove-CpmBackupDrVolume' = { Get-StagingSnapshot DrVolume | Remove-CpmBackupDrVolume -WhatIf }
        'Invoke-CpmDrVolumeRecovery' = { Get-StagingSnapshot DrVolume | Invoke-CpmDrVolumeRecovery -WhatIf }
        'Get-CpmBackupDynamoDbTable' = { $stagingBackup | Get-CpmBackupDynamoDbTable }
        'Remove-CpmBackupDynamoDbTable' = { Get-StagingSnapshot DynamoDbTable | Remove-CpmBackupDynamoDbTable -WhatIf }
        'Invoke-CpmDynamoDbTableRecovery' = { Get-StagingSnapshot DynamoDbTable | Invoke-CpmDynamoDbTableRecovery -AwsResourceName orders-restore -WhatIf }
        'Get-CpmBackupEfs' = { $stagingBackup | Get-CpmBackupEfs }
        'Remove-CpmBackupEfs' = { Get-StagingSnapshot Efs | Remove-CpmBackupEfs -WhatIf }
        'Invoke-CpmEfsRecovery' = { Get-StagingSnapshot Efs | Invoke-CpmEfsRecovery -WhatIf }
        'Get-CpmBackupInitialAmi' = { $stagingBackup | Get-CpmBackupInitialAmi }
        'Remove-CpmBackupInitialAmi' = { Get-StagingSnapshot InitialAmi | Remove-CpmBackupInitialAmi -WhatIf }
        'Get-CpmBackupOnlyAmi' = { $stagingBackup | Get-CpmBackupOnlyAmi }
        'Remove-CpmBackupOnlyAmi' = { Get-StagingSnapshot OnlyAmi | Remove-CpmBackupOnlyAmi -WhatIf }
        'Get-CpmBackupRdsCluster' = { $stagingBackup | Get-CpmBackupRdsCluster }
        'Remove-CpmBackupRdsCluster' = { Get-StagingSnapshot RdsCluster | Remove-CpmBackupRdsCluster -WhatIf }
        'Invoke-CpmRdsClusterRecovery' = { Get-StagingSnapshot RdsCluster | Invoke-CpmRdsClusterRecovery -AwsResourceId orders-restore -AwsDbinstanceId orders-restore-1 -WhatIf }
        'Get-CpmBackupRdsDatabase' = { $stagingBackup | Get-CpmBackupRdsDatabase }
        'Remove-CpmBackupRdsDatabase' = { Get-StagingSnapshot RdsDatabase | Remove-CpmBackupRdsDatabase -WhatIf }
        'Invoke-CpmRdsDatabaseRecovery' = { Get-StagingSnapshot RdsDatabase | Invoke-CpmRdsDatabaseRecovery -AwsResourceId orders-restore -WhatIf }
        'Get-CpmBackupRedshiftCluster' = { $stagingBackup | Get-CpmBackupRedshiftCluster }
        'Remove-CpmBackupRedshiftCluster' = { Get-StagingSnapshot RedshiftCluster | Remove-CpmBackupRedshiftCluster -WhatIf }
        'Invoke-CpmRedshiftClusterRecovery' = { Get-StagingSnapshot RedshiftCluster | Invoke-CpmRedshiftClusterRecovery -AwsResourceId analytics-restore -WhatIf }
        'Get-CpmBackupS3Copy' = { $stagingBackup | Get-CpmBackupS3Copy }
        'Get-CpmBackupScriptLog' = { $stagingBackup | Get-CpmBackupScriptLog }
        'Stop-CpmBackupS3Copy' = { $stagingBackup | Stop-CpmBackupS3Copy -WhatIf }
        'Invoke-CpmInstanceS3Recovery' = { $instance | Invoke-CpmInstanceS3Recovery -WhatIf }
        'Invoke-CpmVolumeS3Recovery' = { $volume | Invoke-CpmVolumeS3Recovery -WhatIf }
        'Add-CpmPolicyCustomTag'          = { $policy | Add-CpmPolicyCustomTag -TagName owner -TagValue ops -WhatIf }
        'Add-CpmPolicyDynamoDbTable'      = { $policy | Add-CpmPolicyDynamoDbTable -AwsRegion us-east-1 -AwsResourceName invoices -WhatIf }
        'Add-CpmPolicyEfs'                = { $policy | Add-CpmPolicyEfs -AwsRegion us-east-1 -AwsResourceId fs-0123abce -WhatIf }
        'Add-CpmPolicyInstance'           = { $policy | Add-CpmPolicyInstance -AwsRegion us-east-1 -AwsResourceId i-0123456789abcdef0 -WhatIf }
        'Add-CpmPolicyInstanceVolume'     = { $policyInstance | Add-CpmPolicyInstanceVolume -AwsResourceId vol-0fedcba9876543211 -WhatIf }
        'Add-CpmPolicyRdsCluster'         = { $policy | Add-CpmPolicyRdsCluster -AwsRegion us-east-1 -AwsResourceId invoices-cluster -WhatIf }
        'Add-CpmPolicyRdsDatabase'        = { $policy | Add-CpmPolicyRdsDatabase -AwsRegion us-east-1 -AwsResourceId invoices-db -WhatIf }
        'Add-CpmPolicyRedshiftCluster'    = { $policy | Add-CpmPolicyRedshiftCluster -AwsRegion us-east-1 -AwsResourceId analytics-2 -WhatIf }
        'Add-CpmPolicyS3Sync'             = { $policy | Add-CpmPolicyS3Sync -Name invoices-bucket -DestinationBucketName invoices-copy -WhatIf }
        'Add-CpmPolicyVolume'             = { $policy | Add-CpmPolicyVolume -AwsRegion us-east-1 -AwsResourceId vol-0123456789abcdef0 -WhatIf }
        'Add-CpmScheduleDisableTime'      = { $schedule | Add-CpmScheduleDisableTime -StartTime 03:00 -EndTime 04:00 -WhatIf }
        'Get-CpmBackup'                   = { $policy | Get-CpmBackup -First 1 }
        'Get-CpmBackupInstance'           = { $backup | Get-CpmBackupInstance }
        'Get-CpmBackupInstanceAmi'        = { $instance | Get-CpmBackupInstanceAmi }
        'Get-CpmBackupInstanceNic'        = { $instance | Get-CpmBackupInstanceNic }
        'Get-CpmBackupInstanceSimilarAmi' = { $instance | Get-CpmBackupInstanceSimilarAmi }
        'Get-CpmBackupLog'                = { $backup | Get-CpmBackupLog }
        'Get-CpmBackupSnapshot'           = { $backup | Get-CpmBackupSnapshot }
        'Get-CpmBackupVolume'             = { $backup | Get-CpmBackupVolume }
        'Get-CpmPolicyCustomTag'          = { $policy | Get-CpmPolicyCustomTag }
        'Get-CpmPolicyDrOption'           = { $policy | Get-CpmPolicyDrOption }
        'Get-CpmPolicyDynamoDbTable'      = { $policy | Get-CpmPolicyDynamoDbTable }
        'Get-CpmPolicyEfs'                = { $policy | Get-CpmPolicyEfs }
        'Get-CpmPolicyInstance'           = { $policy | Get-CpmPolicyInstance }
        'Get-CpmPolicyInstanceVolume'     = { $policyInstance | Get-CpmPolicyInstanceVolume }
        'Get-CpmPolicyOption'             = { $policy | Get-CpmPolicyOption }
        'Get-CpmPolicyRdsCluster'         = { $policy | Get-CpmPolicyRdsCluster }
        'Get-CpmPolicyRdsDatabase'        = { $policy | Get-CpmPolicyRdsDatabase }
        'Get-CpmPolicyRedshiftCluster'    = { $policy | Get-CpmPolicyRedshiftCluster }
        'Get-CpmPolicyRunTime'            = { $policy | Get-CpmPolicyRunTime }
        'Get-CpmPolicyS3CopyOption'       = { $policy | Get-CpmPolicyS3CopyOption }
        'Get-CpmPolicyS3Sync'             = { $policy | Get-CpmPolicyS3Sync }
        'Get-CpmPolicyTarget'             = { $policy | Get-CpmPolicyTarget }
        'Get-CpmPolicyVolume'             = { $policy | Get-CpmPolicyVolume }
        'Get-CpmRecovery'                 = { $policy | Get-CpmRecovery }
        'Get-CpmRecoveryLog'              = { $recovery | Get-CpmRecoveryLog }
        'Get-CpmSchedule'                 = { $policy | Get-CpmSchedule }
        'Get-CpmScheduleDisableTime'      = { $schedule | Get-CpmScheduleDisableTime }
        'Get-CpmScheduleRunTime'          = { $schedule | Get-CpmScheduleRunTime }
        'Invoke-CpmInstanceRecovery'      = { $instance | Invoke-CpmInstanceRecovery -WhatIf }
        'Invoke-CpmRecovery'              = {
            $instance | Invoke-CpmRecovery -WhatIf
            # A record of the general list is read as its kind's record on A, then recovered there.
            $stagingBackup | Get-CpmBackupSnapshot | Where-Object Kind -eq 'RdsDatabase' | Invoke-CpmRecovery -NameSuffix '-two' -WhatIf }
        'Invoke-CpmVolumeRecovery'        = { $volume | Invoke-CpmVolumeRecovery -WhatIf }
        'Move-CpmBackupToFreezer'         = { $backup | Move-CpmBackupToFreezer -Name keep -Description 'keep it' -WhatIf }
        'Remove-CpmBackup'                = { $backup | Remove-CpmBackup -WhatIf }
        'Remove-CpmBackupSnapshot'        = {
            $backup | Remove-CpmBackupSnapshot -WhatIf
            $stagingBackup | Get-CpmBackupSnapshot | Where-Object IsDr | Remove-CpmBackupSnapshot -WhatIf }
        'Remove-CpmBackupVolume'          = { $volume | Remove-CpmBackupVolume -WhatIf }
        'Remove-CpmPolicy'                = { $policy | Remove-CpmPolicy -WhatIf }
        'Remove-CpmPolicyCustomTag'       = { $customTag | Remove-CpmPolicyCustomTag -WhatIf }
        'Remove-CpmPolicySnapshot'        = { $policy | Remove-CpmPolicySnapshot -WhatIf }
        'Remove-CpmPolicyTarget'          = { $policy | Get-CpmPolicyTarget | Where-Object ResourceType -eq 'RDS Database' | Remove-CpmPolicyTarget -WhatIf }
        'Remove-CpmPolicyDynamoDbTable'   = { $dynamoDbTable | Remove-CpmPolicyDynamoDbTable -WhatIf }
        'Remove-CpmPolicyEfs'             = { $efs | Remove-CpmPolicyEfs -WhatIf }
        'Remove-CpmPolicyInstance'        = { $policyInstance | Remove-CpmPolicyInstance -WhatIf }
        'Remove-CpmPolicyInstanceVolume'  = { $policyInstanceVolume | Remove-CpmPolicyInstanceVolume -WhatIf }
        'Remove-CpmPolicyRdsCluster'      = { $rdsCluster | Remove-CpmPolicyRdsCluster -WhatIf }
        'Remove-CpmPolicyRdsDatabase'     = { $rdsDatabase | Remove-CpmPolicyRdsDatabase -WhatIf }
        'Remove-CpmPolicyRedshiftCluster' = { $redshiftCluster | Remove-CpmPolicyRedshiftCluster -WhatIf }
        'Remove-CpmPolicyS3Sync'          = { $s3Sync | Remove-CpmPolicyS3Sync -WhatIf }
        'Remove-CpmPolicyVolume'          = { $policyVolume | Remove-CpmPolicyVolume -WhatIf }
        'Remove-CpmRecovery'              = { $recovery | Remove-CpmRecovery -WhatIf }
        'Remove-CpmSchedule'              = { $schedule | Remove-CpmSchedule -WhatIf }
        'Remove-CpmScheduleDisableTime'   = { $disableTime | Remove-CpmScheduleDisableTime -WhatIf }
        'Set-CpmBackup'                   = { $backup | Set-CpmBackup -Description changed -WhatIf }
        'Set-CpmPolicy'                   = { $policy | Set-CpmPolicy -Description changed -WhatIf }
        'Set-CpmPolicyDrOption'           = { $policy | Set-CpmPolicyDrOption -DrTimeoutHours 4 -WhatIf }
        'Set-CpmPolicyEfs'                = { $efs | Set-CpmPolicyEfs -ExpireOption Never -WhatIf }
        'Set-CpmPolicyInstance'           = { $policyInstance | Set-CpmPolicyInstance -AwsRootDevice /dev/xvda -WhatIf }
        'Set-CpmPolicyOption'             = { $policy | Set-CpmPolicyOption -NumberOfRetries 7 -WhatIf }
        'Set-CpmPolicyS3CopyOption'       = { $policy | Set-CpmPolicyS3CopyOption -CopyInterval 2 -WhatIf }
        'Set-CpmPolicyS3Sync'             = { $s3Sync | Set-CpmPolicyS3Sync -DestinationPrefix daily/ -WhatIf }
        'Set-CpmSchedule'                 = { $schedule | Set-CpmSchedule -Description changed -WhatIf }
        'Start-CpmPolicyBackup'           = { $policy | Start-CpmPolicyBackup -WhatIf }
        'Stop-CpmPolicyArchive'           = { $policy | Stop-CpmPolicyArchive -WhatIf }
        'Stop-CpmPolicyS3Cleanup'         = { $policy | Stop-CpmPolicyS3Cleanup -WhatIf }
        'Stop-CpmPolicyS3Operation'       = { $policy | Stop-CpmPolicyS3Operation -WhatIf }
        'Stop-CpmS3Recovery'              = { $recovery | Stop-CpmS3Recovery -WhatIf }
        'Wait-CpmBackup'                  = { $backup | Wait-CpmBackup -Timeout 30 }
        'Wait-CpmRecovery'                = { $recovery | Wait-CpmRecovery -Timeout 30 }
    }
}

AfterAll {
    Disconnect-CpmTestAll
    $simA, $simB | Stop-CpmTestSimulator
}

Describe 'Objects piped to <Name> go back to the server they came from' -ForEach $pipedCommands {
    It 'has a two-server scenario here' {
        $scenarios.Keys | Should -Contain $Name
    }

    It 'sends nothing to the current connection (B) for objects read from A' {
        $scenario = $scenarios[$Name]
        $measured = Measure-Requests $scenario
        $measured.B | Should -Be 0 -Because "every call for A's objects must go to A"
        if ($scenario.ToString() -match '-WhatIf') {
            $measured.Output | Should -Match ([regex]::Escape(" on $($a.Name)"))
            $measured.Output | Should -Not -Match ([regex]::Escape(" on $($b.Name)"))
        }
        else {
            $measured.A | Should -BeGreaterThan 0
        }
    }
}

Describe 'Acting on objects from two servers' {
    It 'deletes the schedule on the server it came from, not the same id on the current one' {
        $made = New-CpmSchedule -Server $a -Name only-on-a -EveryHowMany 1
        $twin = Get-CpmSchedule -Server $b -Id $made.Id -ErrorAction SilentlyContinue   # what B holds under that id, if anything
        Get-CpmSchedule -Server $a -Name only-on-a | Remove-CpmSchedule -Force
        Get-CpmSchedule -Server $a -Name only-on-a -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        if ($twin) { (Get-CpmSchedule -Server $b -Id $made.Id).Name | Should -Be $twin.Name }
    }

    It 'refuses an explicit -Server naming another server, sending nothing (CpmServerMismatch)' {
        $measured = Measure-Requests { $schedule | Remove-CpmSchedule -Server $b -Force -ErrorVariable script:errors -ErrorAction SilentlyContinue }
        $measured.A + $measured.B | Should -Be 0
        $errors = $script:errors
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'CpmServerMismatch,*'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($errors[0])" | Should -BeLike "*came from $($a.Name)*-Server names $($b.Name)*"
    }

    It 'takes -InputObject items from both servers in one call, each to its own server' {
        $fromB = Get-CpmSchedule -Server $b -First 1
        $output = Get-HostOutput { Remove-CpmSchedule -InputObject $schedule, $fromB -WhatIf }
        $output | Should -Match ([regex]::Escape("($($schedule.Id)) on $($a.Name)"))
        $output | Should -Match ([regex]::Escape("($($fromB.Id)) on $($b.Name)"))
    }

    It 'streams objects from both servers through one pipeline, each read on its own server' {
        $both = @(Get-CpmPolicy -Server $a -Name prod) + @(Get-CpmPolicy -Server $b -Name dev)
        $measured = Measure-Requests { $both | Get-CpmPolicyInstance | Out-Null }
        $measured.A | Should -BeGreaterThan 0
        $measured.B | Should -BeGreaterThan 0
    }

    It 'lets piped field values create something new on the current connection (copying a target to a policy there)' {
        # Fields bind by property name only where a pipeline is meant (copying targets between policies);
        # they carry no server: the policy -PolicyId names on the current connection (B) gets the copy.
        $target = New-CpmPolicy -Server $b -Name "copy-to-$(Get-Random)" -AccountId $policy.Account
        $measured = Measure-Requests { $policyInstance | Add-CpmPolicyInstance -PolicyId $target.Id | Out-Null }
        $measured.A | Should -Be 0
        (Get-CpmPolicyInstance -Server $b -PolicyId $target.Id).AwsResourceId | Should -Be $policyInstance.AwsResourceId
    }

    It 'copies targets of any kind from A to a policy on B: reads the full records on A, adds on B (Add-CpmPolicyTarget)' {
        $target = New-CpmPolicy -Server $b -Name "copy-all-to-$(Get-Random)" -AccountId $policy.Account
        foreach ($sim in $simA, $simB) { Clear-CpmSimulatorRequest -Simulator $sim }
        $added = @($policy | Get-CpmPolicyTarget | Where-Object ResourceType -in 'RDS Database', 'EFS' | Add-CpmPolicyTarget -PolicyId $target.Id)
        $added.Count | Should -Be 2
        @(Get-CpmSimulatorRequest -Simulator $simA | Where-Object method -ne 'GET') | Should -BeNullOrEmpty
        @(Get-CpmSimulatorRequest -Simulator $simA | Where-Object path -like '*/targets/rds_databases/*') | Should -Not -BeNullOrEmpty
        @(Get-CpmSimulatorRequest -Simulator $simB | Where-Object method -eq 'POST' | ForEach-Object path) |
            Should -Be @("/api/policies/$($target.Id)/targets/efs/", "/api/policies/$($target.Id)/targets/rds_databases/") -Because 'each kind goes to its own endpoint on B'
        (Get-CpmPolicyTarget -Server $b -PolicyId $target.Id).ResourceType | Sort-Object | Should -Be @('EFS', 'RDS Database')
    }

    It 'names the server in -WhatIf even with one object and the current connection' {
        $output = Get-HostOutput { Remove-CpmSchedule -Id 1 -WhatIf }
        $output | Should -Match ([regex]::Escape("schedule 1 on $($b.Name)"))
    }

    It 'follows a reconnect: an object read before it goes to the new connection of its server' {
        $before = Get-CpmSchedule -Server $a -First 1
        $script:a = Connect-CpmTestSimulator -Simulator $simA -PassThru   # replaces the old connection to A; A is current now
        try {
            $script:b = Connect-CpmTestSimulator -Simulator $simB -PassThru
            $measured = Measure-Requests { $before | Get-CpmScheduleRunTime | Out-Null }
            $measured.A | Should -BeGreaterThan 0
            $measured.B | Should -Be 0
        }
        finally { $script:b = Connect-CpmTestSimulator -Simulator $simB -PassThru }
    }

    It 'refuses an object whose server is no longer connected (CpmConnectionClosed), sending nothing' {
        $before = Get-CpmSchedule -Server $a -First 1
        Disconnect-CpmServer -Server $a
        try {
            $measured = Measure-Requests { $before | Remove-CpmSchedule -Force -ErrorVariable script:errors -ErrorAction SilentlyContinue }
            $measured.A + $measured.B | Should -Be 0
            $script:errors[0].FullyQualifiedErrorId | Should -BeLike 'CpmConnectionClosed,*'
        }
        finally {
            $script:a = Connect-CpmTestSimulator -Simulator $simA -PassThru
            $script:b = Connect-CpmTestSimulator -Simulator $simB -PassThru
        }
    }

    It 'keeps the connection out of exported copies (Export-Clixml, ConvertTo-Json)' {
        $path = Join-Path $TestDrive 'policy.xml'
        $policy | Export-Clixml -Path $path
        $xml = Get-Content $path -Raw
        $xml | Should -Not -Match 'CpmConnection|Origin'
        $xml | Should -Not -Match ([regex]::Escape($a.Name))
        ($policy | ConvertTo-Json -Depth 5) | Should -Not -Match ([regex]::Escape($a.Name))
        (Import-Clixml -Path $path).Name | Should -Be 'prod'
    }
}

# Issue 11 (system)
Describe 'Configuring agents of two servers in one pipeline' {
    It 'sends one request to each server, each naming only that server''s agents' {
        $fromA = @(Get-CpmAgent -Server $a | Select-Object -First 2)
        $fromB = @(Get-CpmAgent -Server $b | Select-Object -Last 1)
        foreach ($sim in $simA, $simB) { Clear-CpmSimulatorRequest -Simulator $sim }
        $results = @($fromA + $fromB | Set-CpmAgentConfiguration -Setting @{ log_level = 'info' })
        $posts = { param($sim) @(Get-CpmSimulatorRequest -Simulator $sim | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/api/agents/configuration/' }).Count }
        & $posts $simA | Should -Be 1
        & $posts $simB | Should -Be 1
        $results.Count | Should -Be 2
        foreach ($agent in $fromA) { $results[0].AgentsConfiguration | Should -Match ([regex]::Escape("[agent__$($agent.AwsInstanceId)]")) }
        $results[1].AgentsConfiguration | Should -Be "[agent__$($fromB[0].AwsInstanceId)]`nlog_level=info`n"
    }
}
