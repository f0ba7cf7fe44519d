# The policy target dispatchers and the policy-wide snapshot delete (guide 13.13-13.15, 13.24-13.63):
# Add-CpmPolicyTarget copies any target record to a policy through its kind's endpoint, Remove-CpmPolicyTarget
# removes any target record through its kind's endpoint, Remove-CpmPolicySnapshot deletes a policy's snapshots.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $script:sim = Start-CpmTestSimulator -ArgumentList '--seed-backups', '6', '--backup-seconds', '1'
    Connect-CpmTestSimulator -Simulator $sim
    $script:prod = Get-CpmPolicy -Name prod

    # A source policy with one target of every kind, and an instance that backs up selected volumes only.
    $script:source = New-CpmPolicy -Name 'pester-dispatch-source' -AccountId $prod.Account
    $source | Add-CpmPolicyInstance -AwsRegion us-east-1 -AwsResourceId i-0aaaaaaaaaaaaaaa1 -WhichVolumes IncludeSelected |
        Add-CpmPolicyInstanceVolume -AwsResourceId vol-0aaaaaaaaaaaaaaa1 | Out-Null
    $source | Add-CpmPolicyVolume -AwsRegion us-east-1 -AwsResourceId vol-0bbbbbbbbbbbbbbb2 | Out-Null
    $source | Add-CpmPolicyDynamoDbTable -AwsRegion us-east-1 -AwsResourceName orders | Out-Null
    $source | Add-CpmPolicyEfs -AwsRegion us-east-1 -AwsResourceId fs-0123abcd -ExpireOption DaysAfterCreation -ExpireOptionValue 30 | Out-Null
    $source | Add-CpmPolicyRdsCluster -AwsRegion us-east-1 -AwsResourceId orders-cluster | Out-Null
    $source | Add-CpmPolicyRdsDatabase -AwsRegion us-east-1 -AwsResourceId orders-db | Out-Null
    $source | Add-CpmPolicyRedshiftCluster -AwsRegion us-east-1 -AwsResourceId analytics-1 | Out-Null
    $source | Add-CpmPolicyS3Sync -Name nightly-sync -DestinationBucketName archive-bucket -DestinationPrefix logs/ | Out-Null

    function script:Get-Writes {
        @(Get-CpmSimulatorRequest -Simulator $sim | Where-Object { $_.method -ne 'GET' -and $_.path -notlike '/api/token/*' })
    }
}

AfterAll {
    Disconnect-CpmServer -ErrorAction SilentlyContinue
    Stop-CpmTestSimulator -Simulator $sim
}

Describe 'Add-CpmPolicyTarget' {
    It 'lists every kind in the combined list with its resource type' {
        $types = @($source | Get-CpmPolicyTarget).ResourceType
        $types | Sort-Object | Should -Be @('DynamoDB Table', 'EBS Volume', 'EC2 Instance', 'EFS', 'RDS Cluster', 'RDS Database', 'Redshift Cluster', 'S3 Sync')
    }

    It 'copies every target of a policy to another one in one pipeline, with each kind''s settings' {
        $copy = New-CpmPolicy -Name 'pester-dispatch-copy' -AccountId $prod.Account
        $added = @(Get-CpmPolicy -Name $source.Name | Get-CpmPolicyTarget | Add-CpmPolicyTarget -PolicyId $copy.Id)
        $added.Count | Should -Be 8
        $added | ForEach-Object { $_.PolicyId | Should -Be $copy.Id }
        ($added | ForEach-Object { $_.GetType().Name } | Sort-Object) | Should -Be @('PolicyTargetDynamoDbTable', 'PolicyTargetEfs', 'PolicyTargetInstance',
            'PolicyTargetRdsCluster', 'PolicyTargetRdsDatabase', 'PolicyTargetRedshiftCluster', 'PolicyTargetS3Sync', 'PolicyTargetVolume')

        $efs = $copy | Get-CpmPolicyEfs
        $efs.ExpireOption | Should -Be 'DaysAfterCreation'
        $efs.ExpireOptionValue | Should -Be 30
        ($copy | Get-CpmPolicyS3Sync).DestinationPrefix | Should -Be 'logs/'
        ($copy | Get-CpmPolicyDynamoDbTable).AwsResourceName | Should -Be 'orders'
        $instance = $copy | Get-CpmPolicyInstance
        $instance.WhichVolumes | Should -Be 'IncludeSelected'
        @($instance | Get-CpmPolicyInstanceVolume).AwsResourceId | Should -Be 'vol-0aaaaaaaaaaaaaaa1'
    }

    It 'takes the typed records of a kind''s own command too' {
        $other = New-CpmPolicy -Name 'pester-dispatch-typed' -AccountId $prod.Account
        $added = $source | Get-CpmPolicyRdsDatabase | Add-CpmPolicyTarget -PolicyId $other.Id
        $added | Should -BeOfType ([CpmPowerShell.Models.PolicyTargetRdsDatabase])
        ($other | Get-CpmPolicyTarget).AwsResourceId | Should -Be 'orders-db'
    }

    It 'sends nothing with -WhatIf, and says what it would add' {
        Clear-CpmSimulatorRequest -Simulator $sim
        $output = Get-HostOutput { $source | Get-CpmPolicyTarget | Add-CpmPolicyTarget -PolicyId $prod.Id -WhatIf }
        Get-Writes | Should -BeNullOrEmpty
        $output | Should -BeLike '*POST /api/policies/*/targets/rds_databases/*orders-db*'
        $output | Should -BeLike '*with its 1 selected volume(s)*'
    }

    It 'refuses an instance volume, adding the other targets, with what to do instead' {
        $volume = $source | Get-CpmPolicyInstance | Get-CpmPolicyInstanceVolume
        $rds = $source | Get-CpmPolicyRdsCluster
        $target = New-CpmPolicy -Name 'pester-dispatch-mixed' -AccountId $prod.Account
        $added = @($volume, $rds | Add-CpmPolicyTarget -PolicyId $target.Id -ErrorVariable failures -ErrorAction SilentlyContinue)
        $added.Count | Should -Be 1
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'CpmUnsupportedInput,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $failures[0].ErrorDetails.RecommendedAction | Should -BeLike '*Add-CpmPolicyInstanceVolume*'
    }

    It 'refuses a resource type it does not know and objects that are not targets, sending nothing' {
        Clear-CpmSimulatorRequest -Simulator $sim
        $unknown = [CpmPowerShell.Models.PolicyTarget]@{ ResourceType = 'FSx File System'; AwsResourceId = 'fs-0abc'; Id = 1; PolicyId = $source.Id }
        $unknown.AwsResourceId = 'x-123'
        $null = $unknown, (Get-CpmSchedule -First 1) | Add-CpmPolicyTarget -PolicyId $prod.Id -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 2
        $failures | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'CpmUnsupportedInput,*' }
        $failures[0].Exception.Message | Should -BeLike "*'FSx File System'*'RDS Database'*"
        $failures[1].CategoryInfo.Category | Should -Be 'InvalidType'
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'needs -PolicyId on the command line: a piped target''s own PolicyId does not bind' {
        { $source | Get-CpmPolicyTarget -First 1 | Add-CpmPolicyTarget -ErrorAction Stop } | Should -Throw
    }
}

Describe 'Remove-CpmPolicyTarget' {
    BeforeAll {
        $script:doomed = New-CpmPolicy -Name 'pester-dispatch-doomed' -AccountId $prod.Account
        $null = $source | Get-CpmPolicyTarget | Add-CpmPolicyTarget -PolicyId $doomed.Id
    }

    It 'sends nothing with -WhatIf, naming each target of the chosen type' {
        Clear-CpmSimulatorRequest -Simulator $sim
        $output = Get-HostOutput { Get-CpmPolicy -Name $doomed.Name | Get-CpmPolicyTarget | Where-Object ResourceType -eq 'RDS Database' | Remove-CpmPolicyTarget -WhatIf }
        Get-Writes | Should -BeNullOrEmpty
        $output | Should -BeLike "*DELETE /api/policies/$($doomed.Id)/targets/rds_databases/*'orders-db'*"
        @($output -split "`n" | Where-Object { $_ -like 'What if*' }).Count | Should -Be 1
    }

    It 'removes targets of every kind through the right endpoint' {
        Clear-CpmSimulatorRequest -Simulator $sim
        Get-CpmPolicy -Name $doomed.Name | Get-CpmPolicyTarget | Remove-CpmPolicyTarget -Confirm:$false
        $doomed | Get-CpmPolicyTarget | Should -BeNullOrEmpty
        # "/api/policies/5/targets/efs/9/": the kind is the sixth part.
        $kinds = @(Get-Writes | Where-Object method -eq 'DELETE' | ForEach-Object { ($_.path -split '/')[5] }) | Sort-Object
        $kinds | Should -Be @('dynamodb_tables', 'efs', 'instances', 'rds_clusters', 'rds_databases', 'redshift_clusters', 's3syncs', 'volumes')
    }

    It 'removes a volume selected under an instance from that instance' {
        $instance = $source | Get-CpmPolicyInstance
        $extra = $instance | Add-CpmPolicyInstanceVolume -AwsResourceId vol-0ccccccccccccccc3
        $extra | Remove-CpmPolicyTarget -Force
        @($instance | Get-CpmPolicyInstanceVolume).AwsResourceId | Should -Not -Contain 'vol-0ccccccccccccccc3'
    }

    It 'removes by -PolicyId, -Id and -ResourceType, several ids at once' {
        $policy = New-CpmPolicy -Name 'pester-dispatch-byid' -AccountId $prod.Account
        $one = $policy | Add-CpmPolicyRdsDatabase -AwsRegion us-east-1 -AwsResourceId billing-db
        $two = $policy | Add-CpmPolicyRdsDatabase -AwsRegion us-east-1 -AwsResourceId audit-db
        Remove-CpmPolicyTarget -PolicyId $policy.Id -Id $one.Id, $two.Id -ResourceType 'rds database' -Force
        $policy | Get-CpmPolicyTarget | Should -BeNullOrEmpty
    }

    It 'refuses an unknown -ResourceType with the known ones, sending nothing' {
        Clear-CpmSimulatorRequest -Simulator $sim
        Remove-CpmPolicyTarget -PolicyId $prod.Id -Id 1 -ResourceType 'Lambda Function' -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'CpmUnsupportedInput,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failures[0].Exception.Message | Should -BeLike "*'EC2 Instance'*'S3 Sync'*"
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'reports a target that is gone as CpmNotFound and goes on with the next' {
        $policy = New-CpmPolicy -Name 'pester-dispatch-gone' -AccountId $prod.Account
        $first = $policy | Add-CpmPolicyRedshiftCluster -AwsRegion us-east-1 -AwsResourceId gone-1
        $second = $policy | Add-CpmPolicyRedshiftCluster -AwsRegion us-east-1 -AwsResourceId gone-2
        $first | Remove-CpmPolicyTarget -Force
        $first, $second | Remove-CpmPolicyTarget -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'CpmNotFound*'
        $policy | Get-CpmPolicyTarget | Should -BeNullOrEmpty
    }
}

Describe 'Remove-CpmPolicySnapshot' {
    BeforeAll {
        # A policy of its own with finished backups, so deleting its snapshots spoils no other test.
        $script:victim = New-CpmPolicy -Name 'pester-dispatch-snapshots' -AccountId $prod.Account
        $victim | Add-CpmPolicyInstance -AwsRegion us-east-1 -AwsResourceId i-0ddddddddddddddd4 | Out-Null
        $null = $victim | Start-CpmPolicyBackup -Wait -Timeout 60
        $null = $victim | Start-CpmPolicyBackup -Wait -Timeout 60
    }

    It 'says in -WhatIf how many backup records the policy has, and deletes nothing' {
        Clear-CpmSimulatorRequest -Simulator $sim
        $output = Get-HostOutput { $victim | Remove-CpmPolicySnapshot -WhatIf }
        $output | Should -BeLike "*DELETE /api/policies/$($victim.Id)/snapshots/*'pester-dispatch-snapshots'*which has 2 backup records*"
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'picks the endpoint by -Scope' -ForEach @(
        @{ Scope = 'Native'; Path = 'snapshots/native/' }
        @{ Scope = 'NativeS3AndGlacier'; Path = 'snapshots/s3/' }
    ) {
        $output = Get-HostOutput { Remove-CpmPolicySnapshot -PolicyId $victim.Id -Scope $Scope -WhatIf }
        $output | Should -BeLike "*DELETE /api/policies/$($victim.Id)/$Path*"
    }

    It 'takes one -Scope only' {
        { Remove-CpmPolicySnapshot -PolicyId $victim.Id -Scope Native, All -WhatIf -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,CpmPowerShell.Commands.RemoveCpmPolicySnapshotCommand'
    }

    It 'never binds the PolicyId of another piped record (a target would wipe its policy)' {
        Clear-CpmSimulatorRequest -Simulator $sim
        $victim | Get-CpmPolicyTarget | Remove-CpmPolicySnapshot -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InputObjectNotBound,*'
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'deletes the snapshots of the policy''s backups once, however often the policy is given' {
        Clear-CpmSimulatorRequest -Simulator $sim
        $victim, $victim | Remove-CpmPolicySnapshot -Force
        @(Get-Writes | Where-Object method -eq 'DELETE').Count | Should -Be 1
        $victim | Get-CpmBackup | ForEach-Object { $_.Status | Should -Be 'AllSnapshotsDeleted' }
    }

    It 'reports a policy that does not exist as CpmNotFound' {
        Remove-CpmPolicySnapshot -PolicyId 987654 -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'CpmNotFound*'
    }
}
