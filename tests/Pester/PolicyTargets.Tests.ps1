# Policy targets beyond EC2 instances and EBS volumes (guide 13.25-13.33, 13.39-13.59) end to end:
# DynamoDB tables, EFS, the volumes of an instance target, RDS clusters and databases, Redshift
# clusters and S3 syncs. One table drives what every kind shares; kind-specific behaviour follows.
BeforeDiscovery {
    # Noun: the cmdlet noun after 'CpmPolicy'. Parent: what the kind hangs off (a policy, or an
    # instance target of a policy). Fixed/IdParameter/IdFormat: how to add one (IdFormat takes a
    # serial number, so every add names a different AWS resource in a valid format). BadId: an AWS
    # id in the wrong format. InTargetList: listed by Get-CpmPolicyTarget (13.24).
    $script:kinds = @(
        @{ Noun = 'DynamoDbTable'; Parent = 'Policy'; ResourceType = 'DynamoDB Table'; InTargetList = $true
            Fixed = @{ AwsRegion = 'us-east-1' }; IdParameter = 'AwsResourceName'; IdFormat = 'orders-{0}'; BadId = 'orders table!' }
        @{ Noun = 'Efs'; Parent = 'Policy'; ResourceType = 'EFS'; InTargetList = $true
            Fixed = @{ AwsRegion = 'us-east-1' }; IdParameter = 'AwsResourceId'; IdFormat = 'fs-{0:x8}'; BadId = 'efs-1' }
        @{ Noun = 'InstanceVolume'; Parent = 'Instance'; ResourceType = 'EBS Volume'; InTargetList = $false
            Fixed = @{}; IdParameter = 'AwsResourceId'; IdFormat = 'vol-{0:x17}'; BadId = 'volume-1' }
        @{ Noun = 'RdsCluster'; Parent = 'Policy'; ResourceType = 'RDS Cluster'; InTargetList = $true
            Fixed = @{ AwsRegion = 'us-east-1' }; IdParameter = 'AwsResourceId'; IdFormat = 'orders-cluster-{0}'; BadId = 'Orders_Cluster!' }
        @{ Noun = 'RdsDatabase'; Parent = 'Policy'; ResourceType = 'RDS Database'; InTargetList = $true
            Fixed = @{ AwsRegion = 'us-east-1' }; IdParameter = 'AwsResourceId'; IdFormat = 'orders-db-{0}'; BadId = 'Orders_DB!' }
        @{ Noun = 'RedshiftCluster'; Parent = 'Policy'; ResourceType = 'Redshift Cluster'; InTargetList = $true
            Fixed = @{ AwsRegion = 'us-east-1' }; IdParameter = 'AwsResourceId'; IdFormat = 'analytics-{0}'; BadId = 'Analytics_1!' }
        @{ Noun = 'S3Sync'; Parent = 'Policy'; ResourceType = 'S3 Sync'; InTargetList = $true
            Fixed = @{ DestinationBucketName = 'orders-copy' }; IdParameter = 'Name'; IdFormat = 'orders-bucket-{0}'; BadId = 'Not A Bucket!' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $script:sim = Start-CpmTestSimulator
    Connect-CpmTestSimulator -Simulator $sim
    $script:prod = Get-CpmPolicy -Name prod
    $script:serial = 0

    # Adds one target of a kind (a row of $kinds) under $Parent, naming a fresh AWS resource.
    function script:Add-TestTarget($Kind, $Parent, [hashtable] $Extra = @{}) {
        $parameters = $Kind.Fixed.Clone()
        $parameters[$Kind.IdParameter] = $Kind.IdFormat -f ++$script:serial
        $Parent | & "Add-CpmPolicy$($Kind.Noun)" @parameters @Extra
    }

    # The parent ids of a kind's cmdlets, read from its parent object, as a splat.
    function script:Get-ParentId($Parent) {
        $ids = @{ PolicyId = $Parent.PolicyId }
        if ($Parent.PSObject.Properties['PolicyInstanceId']) { $ids.PolicyInstanceId = $Parent.PolicyInstanceId }
        $ids
    }

    # API requests other than token calls (and other than reads, with -WritesOnly) the simulator saw.
    function script:Get-ApiRequest([switch] $WritesOnly) {
        @(Get-CpmSimulatorRequest -Simulator $sim | Where-Object {
                $_.path -notlike '/api/token/*' -and -not ($WritesOnly -and $_.method -eq 'GET') })
    }
}

AfterAll {
    Disconnect-CpmServer -ErrorAction SilentlyContinue
    Stop-CpmTestSimulator -Simulator $sim
}

Describe 'CpmPolicy<Noun> targets' -ForEach $kinds {
    BeforeAll {
        $kind = @{ Noun = $Noun; Fixed = $Fixed; IdParameter = $IdParameter; IdFormat = $IdFormat }
        $parent = if ($Parent -eq 'Instance') { $prod | Get-CpmPolicyInstance -First 1 } else { $prod }
        $parentIds = Get-ParentId $parent
        $modelType = "CpmPowerShell.Models.PolicyTarget$Noun" -as [type]
    }

    It 'adds a target and returns it typed, with the parent ids stamped' {
        $added = Add-TestTarget $kind $parent
        $added | Should -BeOfType $modelType
        $added.Id | Should -BeGreaterThan 0
        $added.PolicyId | Should -Be $prod.Id
        if ($Parent -eq 'Instance') { $added.PolicyInstanceId | Should -Be $parent.PolicyInstanceId }
        $added.$IdParameter | Should -Be ($IdFormat -f $script:serial)
        $added | & "Remove-CpmPolicy$Noun" -Force
    }

    It 'lists the targets of a piped parent, and reads several by -Id at once' {
        $first = Add-TestTarget $kind $parent
        $second = Add-TestTarget $kind $parent
        $listed = @($parent | & "Get-CpmPolicy$Noun")
        $listed.Id | Should -Contain $first.Id
        $listed.Id | Should -Contain $second.Id
        $listed | ForEach-Object { $_ | Should -BeOfType $modelType }

        $both = @(& "Get-CpmPolicy$Noun" @parentIds -Id $first.Id, $second.Id)
        $both.Id | Should -Be @($first.Id, $second.Id)
        $both.$IdParameter | Should -Be @($first.$IdParameter, $second.$IdParameter)
        $both.PolicyId | Should -Be @($prod.Id, $prod.Id)
        $first, $second | & "Remove-CpmPolicy$Noun" -Force
    }

    It 'removes a target: gone from the list and CpmNotFound by -Id afterwards' {
        $added = Add-TestTarget $kind $parent
        $added | & "Remove-CpmPolicy$Noun" -Force
        @($parent | & "Get-CpmPolicy$Noun" | Where-Object Id -eq $added.Id) | Should -BeNullOrEmpty
        { & "Get-CpmPolicy$Noun" @parentIds -Id $added.Id -ErrorAction Stop } | Should -Throw -ErrorId 'CpmNotFound*'
    }

    It 'removes what the Get of a piped parent returns (Get | Remove -Confirm:$false)' {
        $added = Add-TestTarget $kind $parent
        $parent | & "Get-CpmPolicy$Noun" | Where-Object Id -eq $added.Id | & "Remove-CpmPolicy$Noun" -Confirm:$false
        @($parent | & "Get-CpmPolicy$Noun" -ErrorAction Stop | Where-Object Id -eq $added.Id) | Should -BeNullOrEmpty
    }

    It 'sends nothing with -WhatIf on Add and Remove' {
        $added = Add-TestTarget $kind $parent
        Clear-CpmSimulatorRequest -Simulator $sim
        $null = Add-TestTarget $kind $parent -Extra @{ WhatIf = $true }
        $added | & "Remove-CpmPolicy$Noun" -WhatIf
        Get-ApiRequest | Should -BeNullOrEmpty
        (& "Get-CpmPolicy$Noun" @parentIds -Id $added.Id).Id | Should -Be $added.Id
        $added | & "Remove-CpmPolicy$Noun" -Force
    }

    It 'reports a policy that does not exist as CpmNotFound (ObjectNotFound)' {
        $ids = Get-ParentId $parent
        $ids.PolicyId = 999999
        $failure = $null
        try { & "Get-CpmPolicy$Noun" @ids -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'CpmNotFound*'
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'refuses Remove with -PolicyId 0 before sending anything' {
        $ids = Get-ParentId $parent
        $ids.PolicyId = 0
        Clear-CpmSimulatorRequest -Simulator $sim
        { & "Remove-CpmPolicy$Noun" @ids -Id 1 -Force -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        Get-ApiRequest | Should -BeNullOrEmpty
    }

    # Instance volumes are part of their instance's target, not entries of the combined list.
    if ($InTargetList) {
        It 'shows up in Get-CpmPolicyTarget once added' {
            $added = Add-TestTarget $kind $parent
            $listed = @($prod | Get-CpmPolicyTarget | Where-Object Id -eq $added.Id)
            $listed.Count | Should -Be 1
            $listed[0].PolicyId | Should -Be $prod.Id
            $listed[0].AwsRegion | Should -Be $added.AwsRegion
            if ($IdParameter -eq 'AwsResourceId') { $listed[0].AwsResourceId | Should -Be $added.AwsResourceId }
            if ($IdParameter -eq 'Name') { $listed[0].Name | Should -Be $added.Name }
            $added | & "Remove-CpmPolicy$Noun" -Force
        }
    }

    # Derived by the simulator from the AWS resource.
    It 'carries ResourceType "<ResourceType>" on its records and in Get-CpmPolicyTarget (derived AWS details)' {
        $added = Add-TestTarget $kind $parent
        # An S3 sync record has no resource_type field (the guide's schema); only the combined list names its kind.
        if ($Noun -ne 'S3Sync') {
            $added.ResourceType | Should -BeExactly $ResourceType
            (& "Get-CpmPolicy$Noun" @parentIds -Id $added.Id).ResourceType | Should -BeExactly $ResourceType
        }
        if ($InTargetList) {
            ($prod | Get-CpmPolicyTarget | Where-Object Id -eq $added.Id).ResourceType | Should -BeExactly $ResourceType
        }
        $added | & "Remove-CpmPolicy$Noun" -Force
    }

    # Validated by the simulator per kind.
    It 'refuses an AWS id in the wrong format and the same resource twice (CpmValidationFailed)' {
        $parameters = $Fixed.Clone()
        $parameters[$IdParameter] = $BadId
        { $parent | & "Add-CpmPolicy$Noun" @parameters -ErrorAction Stop } | Should -Throw -ErrorId 'CpmValidationFailed*'

        $added = Add-TestTarget $kind $parent
        $parameters[$IdParameter] = $added.$IdParameter
        { $parent | & "Add-CpmPolicy$Noun" @parameters -ErrorAction Stop } | Should -Throw -ErrorId 'CpmValidationFailed*'
        $added | & "Remove-CpmPolicy$Noun" -Force
    }
}

Describe 'EFS targets: options by friendly name or code, and Set-CpmPolicyEfs' {
    It 'takes friendly enum names and the API codes alike' {
        $added = Add-CpmPolicyEfs -PolicyId $prod.Id -AwsRegion us-east-1 -AwsResourceId fs-0123abcd -ExpireOption D -ExpireOptionValue 7 -MoveToColdStorageOption Never
        $added.ExpireOption | Should -BeOfType ([CpmPowerShell.Models.EfsExpireOption])
        $added.ExpireOption | Should -Be 'DaysAfterCreation'
        $added.ExpireOptionValue | Should -Be 7
        $added.MoveToColdStorageOption | Should -Be 'Never'
        $raw = Invoke-CpmApi "policies/$($prod.Id)/targets/efs/$($added.Id)/"
        $raw.expire_option | Should -BeExactly 'D'
        $raw.move_to_cold_storage_option | Should -BeExactly 'N'
        $added | Remove-CpmPolicyEfs -Force
    }

    It 'changes only what is passed' {
        $added = Add-CpmPolicyEfs -PolicyId $prod.Id -AwsRegion us-east-1 -AwsResourceId fs-0123abce -ExpireOption DaysAfterCreation -ExpireOptionValue 7 -BackupVaultName orders-vault
        $changed = $added | Set-CpmPolicyEfs -MoveToColdStorageOption WeeksAfterCreation -MoveToColdStorageOptionValue 2 -PassThru
        $changed | Should -BeOfType ([CpmPowerShell.Models.PolicyTargetEfs])
        $changed.PolicyId | Should -Be $prod.Id
        $after = Get-CpmPolicyEfs -PolicyId $prod.Id -Id $added.Id
        $after.MoveToColdStorageOption | Should -Be 'WeeksAfterCreation'
        $after.MoveToColdStorageOptionValue | Should -Be 2
        $after.ExpireOption | Should -Be 'DaysAfterCreation'
        $after.ExpireOptionValue | Should -Be 7
        $after.BackupVaultName | Should -Be 'orders-vault'
        $after.AwsResourceId | Should -Be 'fs-0123abce'
        $added | Remove-CpmPolicyEfs -Force
    }

    It 'sends no change with Set -WhatIf' {
        $added = Add-CpmPolicyEfs -PolicyId $prod.Id -AwsRegion us-east-1 -AwsResourceId fs-0123abcf -ExpireOption Never
        Clear-CpmSimulatorRequest -Simulator $sim
        $added | Set-CpmPolicyEfs -ExpireOption PolicyGenerations -WhatIf
        Get-ApiRequest -WritesOnly | Should -BeNullOrEmpty
        (Get-CpmPolicyEfs -PolicyId $prod.Id -Id $added.Id).ExpireOption | Should -Be 'Never'
        $added | Remove-CpmPolicyEfs -Force
    }

    It 'refuses an expire option that does not exist, sending nothing' {
        Clear-CpmSimulatorRequest -Simulator $sim
        { Add-CpmPolicyEfs -PolicyId $prod.Id -AwsRegion us-east-1 -AwsResourceId fs-0123abd0 -ExpireOption Sometimes -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError*'
        Get-ApiRequest | Should -BeNullOrEmpty
    }
}

Describe 'S3 sync targets: storage class by friendly name or code, and Set-CpmPolicyS3Sync' {
    It 'takes friendly storage class names and the API codes alike' {
        $byCode = Add-CpmPolicyS3Sync -PolicyId $prod.Id -Name orders-logs -DestinationBucketName orders-copy -StorageClass I
        $byCode.StorageClass | Should -BeOfType ([CpmPowerShell.Models.S3SyncStorageClass])
        $byCode.StorageClass | Should -Be 'StandardIa'
        $byName = Add-CpmPolicyS3Sync -PolicyId $prod.Id -Name orders-media -DestinationBucketName orders-copy -StorageClass ReducedRedundancy
        (Invoke-CpmApi "policies/$($prod.Id)/targets/s3syncs/$($byName.Id)/").storage_class | Should -BeExactly 'R'
        $byCode, $byName | Remove-CpmPolicyS3Sync -Force
    }

    It 'changes only what is passed' {
        $added = Add-CpmPolicyS3Sync -PolicyId $prod.Id -Name orders-reports -DestinationBucketName orders-copy -DestinationPrefix reports/ -KeepSourcePrefix -StorageClass Standard
        $changed = $added | Set-CpmPolicyS3Sync -StorageClass StandardIa -PassThru
        $changed.StorageClass | Should -Be 'StandardIa'
        $after = Get-CpmPolicyS3Sync -PolicyId $prod.Id -Id $added.Id
        $after.StorageClass | Should -Be 'StandardIa'
        $after.Name | Should -Be 'orders-reports'
        $after.DestinationBucketName | Should -Be 'orders-copy'
        $after.DestinationPrefix | Should -Be 'reports/'
        $after.KeepSourcePrefix | Should -BeTrue
        $added | Remove-CpmPolicyS3Sync -Force
    }

    It 'finds a sync by -Name, wildcards allowed' {
        $added = Add-CpmPolicyS3Sync -PolicyId $prod.Id -Name orders-exports -DestinationBucketName orders-copy
        @(Get-CpmPolicyS3Sync -PolicyId $prod.Id -Name 'orders-exp*').Id | Should -Be $added.Id
        $added | Remove-CpmPolicyS3Sync -Force
    }

    It 'sends no change with Set -WhatIf' {
        $added = Add-CpmPolicyS3Sync -PolicyId $prod.Id -Name orders-audit -DestinationBucketName orders-copy
        Clear-CpmSimulatorRequest -Simulator $sim
        $added | Set-CpmPolicyS3Sync -DestinationPrefix audit/ -WhatIf
        Get-ApiRequest -WritesOnly | Should -BeNullOrEmpty
        (Get-CpmPolicyS3Sync -PolicyId $prod.Id -Id $added.Id).DestinationPrefix | Should -BeNullOrEmpty
        $added | Remove-CpmPolicyS3Sync -Force
    }

    It 'refuses a storage class that does not exist, sending nothing' {
        Clear-CpmSimulatorRequest -Simulator $sim
        { Add-CpmPolicyS3Sync -PolicyId $prod.Id -Name orders-cold -DestinationBucketName orders-copy -StorageClass Glacier -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError*'
        Get-ApiRequest | Should -BeNullOrEmpty
    }
}

Describe 'Piped chains from a policy found by name' {
    It 'adds, lists and removes RDS databases: Get-CpmPolicy -Name prod | Add-/Get- | Remove-' {
        $added = Get-CpmPolicy -Name prod | Add-CpmPolicyRdsDatabase -AwsRegion us-east-1 -AwsResourceId orders-db
        $added.PolicyId | Should -Be $prod.Id
        (Get-CpmPolicy -Name prod | Get-CpmPolicyRdsDatabase).AwsResourceId | Should -Contain 'orders-db'
        Get-CpmPolicy -Name prod | Get-CpmPolicyRdsDatabase | Remove-CpmPolicyRdsDatabase -Confirm:$false
        @(Get-CpmPolicy -Name prod | Get-CpmPolicyRdsDatabase) | Should -BeNullOrEmpty
    }

    It 'reads the volumes of every instance target: Get-CpmPolicyInstance | Get-CpmPolicyInstanceVolume' {
        $instances = @(Get-CpmPolicy -Name prod | Get-CpmPolicyInstance | Select-Object -First 2)
        $instances.Count | Should -Be 2
        $added = foreach ($instance in $instances) {
            $instance | Add-CpmPolicyInstanceVolume -AwsResourceId ('vol-{0:x17}' -f (1000 + $instance.Id))
        }
        $volumes = @(Get-CpmPolicy -Name prod | Get-CpmPolicyInstance | Get-CpmPolicyInstanceVolume)
        foreach ($volume in $added) {
            $read = @($volumes | Where-Object { $_.PolicyInstanceId -eq $volume.PolicyInstanceId -and $_.Id -eq $volume.Id })
            $read.Count | Should -Be 1
            $read[0].AwsResourceId | Should -Be $volume.AwsResourceId
        }
        @($volumes.PolicyInstanceId | Sort-Object -Unique) | Should -Be @($instances.PolicyInstanceId | Sort-Object -Unique)
        $added | Remove-CpmPolicyInstanceVolume -Force
    }

    It 'adds a volume to a piped instance target under that instance, with both parent ids stamped' {
        $instance = Get-CpmPolicy -Name prod | Get-CpmPolicyInstance | Select-Object -Last 1
        $added = $instance | Add-CpmPolicyInstanceVolume -AwsResourceId vol-0fedcba9876543210
        $added | Should -BeOfType ([CpmPowerShell.Models.PolicyTargetInstanceVolume])
        $added.PolicyId | Should -Be $instance.PolicyId
        $added.PolicyInstanceId | Should -Be $instance.PolicyInstanceId
        @($instance | Get-CpmPolicyInstanceVolume).Id | Should -Contain $added.Id
        $added | Remove-CpmPolicyInstanceVolume -Force
    }

    It 'reports an instance target that does not exist as CpmNotFound' {
        { Get-CpmPolicyInstanceVolume -PolicyId $prod.Id -PolicyInstanceId 999999 -ErrorAction Stop } | Should -Throw -ErrorId 'CpmNotFound*'
    }
}
