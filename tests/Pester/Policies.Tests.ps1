# Policies (guide chapter 13) end to end: CRUD, options, run times, targets, and backup now.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $script:sim = Start-CpmTestSimulator -ArgumentList '--backup-seconds', '2'
    Connect-CpmTestSimulator -Simulator $sim
    $script:prod = Get-CpmPolicy -Name prod
}

AfterAll {
    Disconnect-CpmServer -ErrorAction SilentlyContinue
    Stop-CpmTestSimulator -Simulator $sim
}

Describe 'Get-CpmPolicy' {
    It 'finds the seeded policy by exact name, typed, with PolicyId for piping' {
        $prod | Should -BeOfType ([CpmPowerShell.Models.Policy])
        @($prod).Count | Should -Be 1
        $prod.PolicyId | Should -Be $prod.Id
        (Get-CpmPolicy -Id $prod.Id).Name | Should -Be 'prod'
    }

    It 'applies -First, -Skip and -IncludeTotalCount to the ids given' {
        $ids = @(Get-CpmPolicy | Select-Object -First 3 -ExpandProperty Id)
        @(Get-CpmPolicy -Id $ids -First 1).Id | Should -Be $ids[0]
        @(Get-CpmPolicy -Id $ids -Skip 1).Id | Should -Be $ids[1..2]
        $withTotal = @(Get-CpmPolicy -Id $ids -First 1 -IncludeTotalCount)
        $withTotal[0].ToString() | Should -BeLike '*3*'
    }

    It 'reports a literal name that matches nothing as CpmNotFound' {
        $failure = $null
        try { Get-CpmPolicy -Name 'no-such-policy' -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'CpmNotFound*'
    }
}

Describe 'New-, Set- and Remove-CpmPolicy' {
    It 'creates, changes only what is given, and deletes' {
        $policy = New-CpmPolicy 'pester-policy' -AccountId $prod.Account -Generations 4 -Description 'by Pester'
        $policy.Name | Should -Be 'pester-policy'
        $policy.Generations | Should -Be 4

        $policy | Set-CpmPolicy -Enabled:$false -PassThru | Select-Object -ExpandProperty Enabled | Should -BeFalse
        $after = Get-CpmPolicy -Id $policy.Id
        $after.Generations | Should -Be 4
        $after.Description | Should -Be 'by Pester'

        $policy | Remove-CpmPolicy -Force
        { Get-CpmPolicy -Id $policy.Id -ErrorAction Stop } | Should -Throw -ErrorId 'CpmNotFound*'
    }

    It 'sends nothing with -WhatIf' {
        $before = (Invoke-CpmSimulatorAdmin -Simulator $sim -Path /_sim/stats).writes
        $prod | Remove-CpmPolicy -WhatIf
        (Invoke-CpmSimulatorAdmin -Simulator $sim -Path /_sim/stats).writes | Should -Be $before
        Get-CpmPolicy -Id $prod.Id | Should -Not -BeNullOrEmpty
    }
}

Describe 'Policy options, run times and targets' {
    It 'reads and changes options of a piped policy' {
        $prod | Set-CpmPolicyOption -NumberOfRetries 2 -ConsideredSuccessful FinishedWithNoIssues -PassThru |
            Select-Object -ExpandProperty NumberOfRetries | Should -Be 2
        ($prod | Get-CpmPolicyOption).NumberOfRetries | Should -Be 2
    }

    It 'lists the targets of a piped policy: instances and volumes' {
        $targets = @($prod | Get-CpmPolicyTarget)
        $targets.Count | Should -BeGreaterOrEqual 3
        $targets[0] | Should -BeOfType ([CpmPowerShell.Models.PolicyTarget])
        @($prod | Get-CpmPolicyInstance).Count | Should -BeGreaterOrEqual 2
        @($prod | Get-CpmPolicyVolume).Count | Should -BeGreaterOrEqual 1
    }

    It 'adds, changes and removes an instance target' {
        $added = Add-CpmPolicyInstance -PolicyId $prod.Id -AwsRegion us-east-1 -AwsResourceId i-0abc1234567890def -WhichVolumes I
        $added.PolicyId | Should -Be $prod.Id
        $added | Set-CpmPolicyInstance -AmiBackupOption N -PassThru | Select-Object -ExpandProperty AmiBackupOption | Should -Not -BeNullOrEmpty
        $added | Remove-CpmPolicyInstance -Force
        @($prod | Get-CpmPolicyInstance | Where-Object Id -eq $added.Id) | Should -BeNullOrEmpty
    }

    It 'changes one nested setting of a target and keeps the others' {
        $added = Add-CpmPolicyInstance -PolicyId $prod.Id -AwsRegion us-east-1 -AwsResourceId i-0abc1234567890ded -ApplicationConsistentBackup @{ VssVolumes = 'c:'; AgentScriptTimeout = 30 }
        $changed = $added | Set-CpmPolicyInstance -ApplicationConsistentBackup @{ AgentScriptTimeout = 60 } -PassThru
        $changed.ApplicationConsistentBackup.AgentScriptTimeout | Should -Be 60
        $changed.ApplicationConsistentBackup.VssVolumes | Should -Be 'c:'
        $added | Remove-CpmPolicyInstance -Force
    }

    It 'adds and removes a volume target' {
        $added = Add-CpmPolicyVolume -PolicyId $prod.Id -AwsRegion us-east-1 -AwsResourceId vol-0abc1234567890def
        $added.PolicyId | Should -Be $prod.Id
        $added | Remove-CpmPolicyVolume -Force
        @($prod | Get-CpmPolicyVolume | Where-Object Id -eq $added.Id) | Should -BeNullOrEmpty
    }

    It 'lists future run times of a piped policy' {
        $runs = @($prod | Get-CpmPolicyRunTime -DaysAhead 2)
        $runs | ForEach-Object { $_ | Should -BeOfType ([CpmPowerShell.Models.PolicyRunTime]) }
    }
}
