# Policy settings (guide chapters 12-13) end to end: copy to S3 and DR options, custom tags, and the
# freezer list. Only values the tests set are asserted: the simulator's defaults are not the subject here.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $script:sim = Start-CpmTestSimulator
    Connect-CpmTestSimulator -Simulator $sim
    $script:prod = Get-CpmPolicy -Name prod
    $script:dev = Get-CpmPolicy -Name dev

    # The API requests (method and path) the simulator saw while the script block ran.
    function script:Get-SentRequest([scriptblock] $Script) {
        Clear-CpmSimulatorRequest $sim
        $null = & $Script
        @(Get-CpmSimulatorRequest $sim | Where-Object path -Like '/api/*' | ForEach-Object { "$($_.method) $($_.path)" })
    }
}

AfterAll {
    Disconnect-CpmServer -ErrorAction SilentlyContinue
    Stop-CpmTestSimulator -Simulator $sim
}

Describe 'Get- and Set-CpmPolicyS3CopyOption' {
    It 'sets what is given and reads it back, typed, with the policy''s id' {
        $saved = Set-CpmPolicyS3CopyOption -PolicyId $prod.Id -Enabled -Repository 1 -CopyInterval 4 -S3StorageClass InfrequentAccess `
            -RetentionGenerationBased @{ Enabled = $true; NumGenerations = 10 } -PassThru
        $saved | Should -BeOfType ([CpmPowerShell.Models.PolicyS3CopyOption])
        $saved.PolicyId | Should -Be $prod.Id

        $read = Get-CpmPolicyS3CopyOption -PolicyId $prod.Id
        $read | Should -BeOfType ([CpmPowerShell.Models.PolicyS3CopyOption])
        $read.PolicyId | Should -Be $prod.Id
        $read.Enabled | Should -BeTrue
        $read.Repository | Should -Be 1
        $read.CopyInterval | Should -Be 4
        $read.S3StorageClass | Should -Be ([CpmPowerShell.Models.S3StorageClass]::InfrequentAccess)
        $read.RetentionGenerationBased | Should -BeOfType ([CpmPowerShell.Models.PolicyS3CopyGenerationRetention])
        $read.RetentionGenerationBased.Enabled | Should -BeTrue
        $read.RetentionGenerationBased.NumGenerations | Should -Be 10
    }

    It 'reads and changes the options of a piped policy, and of piped options' {
        $options = Get-CpmPolicy -Name prod | Get-CpmPolicyS3CopyOption
        $options.PolicyId | Should -Be $prod.Id
        $changed = $options | Set-CpmPolicyS3CopyOption -CopyInterval 3 -PassThru
        $changed.PolicyId | Should -Be $prod.Id
        (Get-CpmPolicy -Name prod | Get-CpmPolicyS3CopyOption).CopyInterval | Should -Be 3
    }

    It 'changes only what is passed, and merges a nested hashtable with the current nested values' {
        Set-CpmPolicyS3CopyOption -PolicyId $prod.Id -Repository 1 -S3StorageClass IntelligentTiering -ArchiveStorageClass DeepArchive `
            -RetentionGenerationBased @{ Enabled = $true; NumGenerations = 10 } -CopyToGlacier @{ EveryHow = 2; EveryUnit = 'Months' }

        Set-CpmPolicyS3CopyOption -PolicyId $prod.Id -CopyInterval 6 -RetentionGenerationBased @{ NumGenerations = 12 } -CopyToGlacier @{ EveryUnit = 'W' }

        $after = Get-CpmPolicyS3CopyOption -PolicyId $prod.Id
        $after.CopyInterval | Should -Be 6
        $after.Repository | Should -Be 1
        $after.S3StorageClass | Should -Be ([CpmPowerShell.Models.S3StorageClass]::IntelligentTiering)
        $after.ArchiveStorageClass | Should -Be ([CpmPowerShell.Models.ArchiveStorageClass]::DeepArchive)
        $after.RetentionGenerationBased.NumGenerations | Should -Be 12
        $after.RetentionGenerationBased.Enabled | Should -BeTrue -Because 'a key left out of the hashtable keeps its value'
        $after.CopyToGlacier.EveryUnit | Should -Be ([CpmPowerShell.Models.RetentionUnit]::Weeks) -Because 'the API code W is the unit Weeks'
        $after.CopyToGlacier.EveryHow | Should -Be 2
    }

    It 'turns a switch off with :$false and keeps the other switches' {
        Set-CpmPolicyS3CopyOption -PolicyId $prod.Id -Enabled -DeleteAwsSnapshotAfterCopy
        Set-CpmPolicyS3CopyOption -PolicyId $prod.Id -DeleteAwsSnapshotAfterCopy:$false
        $after = Get-CpmPolicyS3CopyOption -PolicyId $prod.Id
        $after.DeleteAwsSnapshotAfterCopy | Should -BeFalse
        $after.Enabled | Should -BeTrue
    }

    It 'rejects a key the nested part does not have, naming the valid ones, and sends nothing' {
        Clear-CpmSimulatorRequest $sim
        $failure = $null
        try { Set-CpmPolicyS3CopyOption -PolicyId $prod.Id -RetentionGenerationBased @{ Generations = 3 } -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError*'
        $failure.Exception.Message | Should -BeLike '*NumGenerations*'
        @(Get-CpmSimulatorRequest $sim | Where-Object path -Like '/api/*') | Should -BeNullOrEmpty
    }

    It 'refuses policy id 0 before sending, and reports a missing policy as CpmNotFound' {
        { Get-CpmPolicyS3CopyOption -PolicyId 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Get-CpmPolicyS3CopyOption -PolicyId 999999 -ErrorAction Stop } | Should -Throw -ErrorId 'CpmNotFound*'
        { Set-CpmPolicyS3CopyOption -PolicyId 999999 -CopyInterval 2 -ErrorAction Stop } | Should -Throw -ErrorId 'CpmNotFound*'
    }

    It 'sends no PUT with -WhatIf' {
        $before = (Get-CpmPolicyS3CopyOption -PolicyId $prod.Id).CopyInterval
        $sent = Get-SentRequest { $script:text = Get-HostOutput { Set-CpmPolicyS3CopyOption -PolicyId $prod.Id -CopyInterval ($before + 1) -WhatIf } }
        $text | Should -BeLike "*PUT /api/policies/$($prod.Id)/copy_to_s3/ *""copy_interval"":$($before + 1)*"
        $sent | Should -Not -Contain "PUT /api/policies/$($prod.Id)/copy_to_s3/"
        $sent | Should -Contain "GET /api/policies/$($prod.Id)/copy_to_s3/" -Because '-WhatIf shows the merged body, so it reads first'
        (Get-CpmPolicyS3CopyOption -PolicyId $prod.Id).CopyInterval | Should -Be $before
    }

    It 'reads several policies, each marked with its id' {
        $all = @(Get-CpmPolicyS3CopyOption -PolicyId $prod.Id, $dev.Id)
        $all.PolicyId | Should -Be @($prod.Id, $dev.Id)
    }
}

Describe 'Get- and Set-CpmPolicyDrOption' {
    It 'sets what is given, with several regions, and reads it back' {
        $saved = Set-CpmPolicyDrOption -PolicyId $prod.Id -DrEnabled -DrRegions 3, 5 -DrFrequency 2 -DrTimeoutHours 24 -PassThru
        $saved | Should -BeOfType ([CpmPowerShell.Models.PolicyDrOption])
        $saved.PolicyId | Should -Be $prod.Id

        $read = Get-CpmPolicyDrOption -PolicyId $prod.Id
        $read | Should -BeOfType ([CpmPowerShell.Models.PolicyDrOption])
        $read.PolicyId | Should -Be $prod.Id
        $read.DrEnabled | Should -BeTrue
        @($read.DrRegions) | Should -Be @(3, 5)
        $read.DrFrequency | Should -Be 2
        $read.DrTimeoutHours | Should -Be 24
    }

    It 'pipes a policy into Get-CpmPolicyDrOption and the options into Set-CpmPolicyDrOption' {
        $changed = Get-CpmPolicy -Name prod | Get-CpmPolicyDrOption | Set-CpmPolicyDrOption -DrFrequency 3 -PassThru
        $changed.PolicyId | Should -Be $prod.Id
        $changed.DrFrequency | Should -Be 3
        (Get-CpmPolicy -Name prod | Get-CpmPolicyDrOption).DrFrequency | Should -Be 3
    }

    It 'changes only what is passed, merges -CrossAccountDr with the current values, and replaces the region list' {
        Set-CpmPolicyDrOption -PolicyId $prod.Id -DrEnabled -DrRegions 3, 5 -DrTimeoutHours 24 `
            -CrossAccountDr @{ DrAccount = 2; DrAccountRegions = 4, 6; DrKeepOriginalSnapshots = $true }

        Set-CpmPolicyDrOption -PolicyId $prod.Id -DrRegions 8 -CrossAccountDr @{ CopyToSnapshotOriginalRegion = $true }

        $after = Get-CpmPolicyDrOption -PolicyId $prod.Id
        @($after.DrRegions) | Should -Be @(8) -Because 'a list passed replaces the current list'
        $after.DrEnabled | Should -BeTrue
        $after.DrTimeoutHours | Should -Be 24
        $after.CrossAccountDr | Should -BeOfType ([CpmPowerShell.Models.PolicyDrCrossAccount])
        $after.CrossAccountDr.CopyToSnapshotOriginalRegion | Should -BeTrue
        $after.CrossAccountDr.DrAccount | Should -Be 2 -Because 'keys left out of the hashtable keep their values'
        @($after.CrossAccountDr.DrAccountRegions) | Should -Be @(4, 6)
        $after.CrossAccountDr.DrKeepOriginalSnapshots | Should -BeTrue
    }

    It 'turns DR off with -DrEnabled:$false and keeps the regions' {
        Set-CpmPolicyDrOption -PolicyId $prod.Id -DrEnabled
        Set-CpmPolicyDrOption -PolicyId $prod.Id -DrEnabled:$false
        (Get-CpmPolicyDrOption -PolicyId $prod.Id).DrEnabled | Should -BeFalse
        @(Get-CpmPolicyDrOption -PolicyId $prod.Id).DrRegions | Should -Not -BeNullOrEmpty -Because 'turning DR off keeps its regions'
    }

    It 'refuses policy id 0 before sending, and reports a missing policy as CpmNotFound' {
        { Set-CpmPolicyDrOption -PolicyId 0 -DrFrequency 1 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Get-CpmPolicyDrOption -PolicyId 999999 -ErrorAction Stop } | Should -Throw -ErrorId 'CpmNotFound*'
    }

    It 'sends no PUT with -WhatIf' {
        $before = (Get-CpmPolicyDrOption -PolicyId $prod.Id).DrTimeoutHours
        $sent = Get-SentRequest { $script:text = Get-HostOutput { Get-CpmPolicy -Name prod | Set-CpmPolicyDrOption -DrTimeoutHours ($before + 1) -WhatIf } }
        $text | Should -BeLike "*PUT /api/policies/$($prod.Id)/dr/ *""dr_timeout_hours"":$($before + 1)*"
        $sent | Should -Not -Contain "PUT /api/policies/$($prod.Id)/dr/"
        (Get-CpmPolicyDrOption -PolicyId $prod.Id).DrTimeoutHours | Should -Be $before
    }
}

Describe 'Add-, Get- and Remove-CpmPolicyCustomTag' {
    It 'adds custom tags and returns them typed, with their ids and the policy''s id' {
        $script:team = Add-CpmPolicyCustomTag -PolicyId $prod.Id -TagName Team -TagValue backup-ops
        $team | Should -BeOfType ([CpmPowerShell.Models.PolicyCustomTag])
        $team.PolicyId | Should -Be $prod.Id
        $team.Id | Should -BeGreaterThan 0
        $team.TagName | Should -Be 'Team'
        $team.TagValue | Should -Be 'backup-ops'

        $script:prefix = Get-CpmPolicy -Name prod | Add-CpmPolicyCustomTag -TagName 'cpm-' -NameIsPrefix
        $prefix.PolicyId | Should -Be $prod.Id
        $prefix.NameIsPrefix | Should -BeTrue
    }

    It 'lists the custom tags of a piped policy, and reads several by id' {
        $listed = @(Get-CpmPolicy -Name prod | Get-CpmPolicyCustomTag)
        $listed.Id | Should -Contain $team.Id
        $listed.Id | Should -Contain $prefix.Id
        $listed | ForEach-Object { $_.PolicyId | Should -Be $prod.Id }

        $read = @(Get-CpmPolicyCustomTag -PolicyId $prod.Id -Id $team.Id, $prefix.Id)
        $read.Id | Should -Be @($team.Id, $prefix.Id)
        $read[1].TagName | Should -Be 'cpm-'
    }

    It 'reports a missing tag as CpmNotFound and still reads the others' {
        $found = @(Get-CpmPolicyCustomTag -PolicyId $prod.Id -Id 999999, $team.Id -ErrorAction SilentlyContinue -ErrorVariable failures)
        $found.Id | Should -Be @($team.Id)
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'CpmNotFound*'
        { Get-CpmPolicyCustomTag -PolicyId 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Add-CpmPolicyCustomTag -PolicyId 999999 -TagName Team -ErrorAction Stop } | Should -Throw -ErrorId 'CpmNotFound*'
    }

    It 'sends no DELETE with -WhatIf' {
        $sent = Get-SentRequest { $script:text = Get-HostOutput { Get-CpmPolicyCustomTag -PolicyId $prod.Id | Remove-CpmPolicyCustomTag -WhatIf } }
        $text | Should -BeLike "*DELETE /api/policies/$($prod.Id)/custom_tags/$($team.Id)/*"
        @($sent | Where-Object { $_ -like 'DELETE *' }) | Should -BeNullOrEmpty
        @(Get-CpmPolicyCustomTag -PolicyId $prod.Id).Count | Should -BeGreaterOrEqual 2
    }

    It 'removes piped custom tags, and one by id' {
        Get-CpmPolicyCustomTag -PolicyId $prod.Id -Id $team.Id | Remove-CpmPolicyCustomTag -Force
        { Get-CpmPolicyCustomTag -PolicyId $prod.Id -Id $team.Id -ErrorAction Stop } | Should -Throw -ErrorId 'CpmNotFound*'

        Remove-CpmPolicyCustomTag -PolicyId $prod.Id -Id $prefix.Id -Force
        @(Get-CpmPolicyCustomTag -PolicyId $prod.Id).Id | Should -Not -Contain $prefix.Id
    }
}

Describe 'Get-CpmFreezerBackup' {
    BeforeAll {
        # A backup of prod that ended well, moved to the freezer under a name of its own.
        $candidate = Get-CpmBackup -PolicyId $prod.Id -IsFreezerItem $false |
            Where-Object { $_.Status -in 'BackupSuccessful', 'BackupPartiallySuccessful' } | Select-Object -First 1
        $null = $candidate | Move-CpmBackupToFreezer -Name 'pester-frozen' -Description 'settings test'
        $script:frozen = Get-CpmBackup -Id $candidate.Id
    }

    It 'lists the moved backup as a Backup record of the freezer' {
        $listed = @(Get-CpmFreezerBackup)
        $listed.Id | Should -Contain $frozen.Id
        $item = $listed | Where-Object Id -EQ $frozen.Id
        $item | Should -BeOfType ([CpmPowerShell.Models.Backup])
        $item.IsFreezerItem | Should -BeTrue
        $item.Name | Should -Be 'pester-frozen'
        $listed | ForEach-Object { $_.IsFreezerItem | Should -BeTrue }
    }

    It 'narrows by -Name with wildcards, -Search, -AccountId and -UserId, and sorts with -OrderBy' {
        @(Get-CpmFreezerBackup -Name 'pester-*').Id | Should -Be @($frozen.Id)
        @(Get-CpmFreezerBackup -Search 'settings test').Id | Should -Be @($frozen.Id)
        @(Get-CpmFreezerBackup -AccountId $frozen.Account).Id | Should -Contain $frozen.Id
        @(Get-CpmFreezerBackup -AccountId 999999) | Should -BeNullOrEmpty
        @(Get-CpmFreezerBackup -UserId $frozen.User).Id | Should -Contain $frozen.Id
        @(Get-CpmFreezerBackup -UserId 999999) | Should -BeNullOrEmpty

        $sent = @(Get-CpmSimulatorRequest $sim -Last 20 | Where-Object path -EQ '/api/freezer/')
        ($sent.query -join ' ') | Should -BeLike '*account=999999*'
        ($sent.query -join ' ') | Should -BeLike '*user=999999*'

        $byName = @(Get-CpmFreezerBackup -OrderBy 'name').Name
        $byName | Should -Be @($byName | Sort-Object)
        $newestFirst = @(Get-CpmFreezerBackup -OrderBy '-start_time').StartTime
        $newestFirst | Should -Be @($newestFirst | Sort-Object -Descending)
    }

    It 'pipes a freezer record into Set-CpmBackup -Name and Remove-CpmBackup -WhatIf' {
        $renamed = Get-CpmFreezerBackup -Name 'pester-frozen' | Set-CpmBackup -Name 'pester-renamed' -PassThru
        $renamed.Id | Should -Be $frozen.Id
        (Get-CpmFreezerBackup -Name 'pester-renamed').Id | Should -Be $frozen.Id

        $sent = Get-SentRequest { $script:text = Get-HostOutput { Get-CpmFreezerBackup -Name 'pester-renamed' | Remove-CpmBackup -WhatIf } }
        $text | Should -BeLike "*DELETE /api/backups/$($frozen.Id)/*"
        @($sent | Where-Object { $_ -like 'DELETE *' }) | Should -BeNullOrEmpty
        (Get-CpmBackup -Id $frozen.Id).IsFreezerItem | Should -BeTrue
    }

    It 'reports a literal name that matches nothing as CpmNotFound' {
        { Get-CpmFreezerBackup -Name 'no-such-freezer-item' -ErrorAction Stop } | Should -Throw -ErrorId 'CpmNotFound*'
    }
}
