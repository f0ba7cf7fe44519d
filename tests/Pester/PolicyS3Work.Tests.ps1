# A policy's S3 work end to end (guide 13.7, 13.8, 13.16, 13.17, 13.23): aborting archive, cleanup and any S3
# operation against the simulator's S3 work flags (set through POST /_sim/s3-work), and copy to S3 options.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $script:sim = Start-CpmTestSimulator
    Connect-CpmTestSimulator -Simulator $sim
    $script:prod = Get-CpmPolicy -Name prod

    # Tells the simulator which S3 work of prod is running (fields left out keep their state).
    function Set-ProdS3Work([hashtable] $Work) {
        $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path /_sim/s3-work -Body (@{ policy = $prod.Id } + $Work)
    }

    # The abort calls the simulator logged since the last Clear-CpmSimulatorRequest.
    function Get-AbortRequest {
        @(Get-CpmSimulatorRequest -Simulator $sim | Where-Object { $_.path -like '/api/policies/*/abort/' })
    }
}

AfterAll {
    Disconnect-CpmServer -ErrorAction SilentlyContinue
    Stop-CpmTestSimulator -Simulator $sim
}

# Each Stop-* is silent on success; Stop-CpmPolicyS3Operation tells the server's answer (what it aborted) on Verbose.
Describe '<Cmdlet>' -ForEach @(
    @{ Cmdlet = 'Stop-CpmPolicyArchive'; Work = @{ archive = $true }; Flag = 'IsArchiveActive' }
    @{ Cmdlet = 'Stop-CpmPolicyS3Cleanup'; Work = @{ cleanup = $true }; Flag = 'IsS3CleanupActive' }
    @{ Cmdlet = 'Stop-CpmPolicyS3Operation'; Work = @{ copy = $true }; Flag = 'S3OperationInProgress' }
) {
    AfterEach { Set-ProdS3Work @{ archive = $false; cleanup = $false; copy = $false } }

    It 'reports that nothing runs as CpmPreconditionFailed, and changes nothing' {
        $failure = $null
        try { & $Cmdlet -PolicyId $prod.Id -Confirm:$false -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'CpmPreconditionFailed*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidOperation'
        # In the cmdlet's own words (overlay whenRefused): nothing runs, and which flag says when something does.
        "$failure" | Should -BeLike "Nothing to abort:*policy $($prod.Id) on *The server said:*"
        $failure.ErrorDetails.RecommendedAction | Should -BeLike "*$Flag*"
        (Get-CpmPolicy -Id $prod.Id).$Flag | Should -BeFalse
    }

    It 'stops running work; the policy shows it stopped' {
        Set-ProdS3Work $Work
        (Get-CpmPolicy -Id $prod.Id).$Flag | Should -BeTrue
        $null = & $Cmdlet -PolicyId $prod.Id -Confirm:$false -ErrorAction Stop
        (Get-CpmPolicy -Id $prod.Id).$Flag | Should -BeFalse
    }

    It 'writes nothing when it succeeds' {
        Set-ProdS3Work $Work
        $output = & $Cmdlet -PolicyId $prod.Id -Confirm:$false -ErrorAction Stop
        $output | Should -BeNullOrEmpty
    }

    It 'takes the policy from the pipeline' {
        Set-ProdS3Work $Work
        Get-CpmPolicy -Name prod | & $Cmdlet -Confirm:$false
        (Get-CpmPolicy -Id $prod.Id).$Flag | Should -BeFalse
    }

    It 'sends nothing with -WhatIf' {
        Set-ProdS3Work $Work
        Clear-CpmSimulatorRequest -Simulator $sim
        $prod | & $Cmdlet -WhatIf
        Get-AbortRequest | Should -BeNullOrEmpty
        (Get-CpmPolicy -Id $prod.Id).$Flag | Should -BeTrue
    }
}

Describe 'Stop-CpmPolicyS3Operation' {
    It 'stops archive, cleanup and copy together' {
        Set-ProdS3Work @{ archive = $true; cleanup = $true; copy = $true }
        Stop-CpmPolicyS3Operation -PolicyId $prod.Id -Confirm:$false
        $after = Get-CpmPolicy -Id $prod.Id
        $after.IsArchiveActive | Should -BeFalse
        $after.IsS3CleanupActive | Should -BeFalse
        $after.S3OperationInProgress | Should -BeFalse
    }
}

Describe 'Get-CpmPolicyS3CopyOption and Set-CpmPolicyS3CopyOption' {
    BeforeAll {
        $script:policy = New-CpmPolicy 'pester-s3-copy' -AccountId $prod.Account
        $added = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path /_sim/records -Body @{
            path    = '/api/s3_repositories/'
            records = @(@{ name = 'pester-repository'; account = $prod.Account; aws_bucket_name = 'pester-copies'; aws_region = 'us-east-1' })
        }
        $script:repositoryId = [long]$added.ids[0]
    }

    AfterAll { $policy | Remove-CpmPolicy -Force }

    It 'reads the defaults: off, with the nested parts present' {
        $options = Get-CpmPolicyS3CopyOption -PolicyId $policy.Id
        $options.Enabled | Should -BeFalse
        $options.RetentionGenerationBased.Enabled | Should -BeTrue
        $options.RetentionGenerationBased.NumGenerations | Should -Be 4
    }

    It 'refuses to enable copy to S3 without a repository (CpmValidationFailed), and keeps the options' {
        $failure = $null
        try { $policy | Set-CpmPolicyS3CopyOption -Enabled -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'CpmValidationFailed*'
        $failure.Exception.Message | Should -BeLike '*repository*'
        (Get-CpmPolicyS3CopyOption -PolicyId $policy.Id).Enabled | Should -BeFalse
    }

    It 'enables it with a repository, merging nested parts; the policy says copy to S3 is on' {
        $policy | Set-CpmPolicyS3CopyOption -Enabled -Repository $repositoryId -RetentionGenerationBased @{ NumGenerations = 10 }
        $options = Get-CpmPolicyS3CopyOption -PolicyId $policy.Id
        $options.Enabled | Should -BeTrue
        $options.Repository | Should -Be $repositoryId
        $options.RetentionGenerationBased.NumGenerations | Should -Be 10
        $options.RetentionGenerationBased.Enabled | Should -BeTrue
        $options.CopyInterval | Should -Be 1
        (Get-CpmPolicy -Id $policy.Id).CopyToS3Enabled | Should -BeTrue
    }

    It 'sends nothing with -WhatIf' {
        Clear-CpmSimulatorRequest -Simulator $sim
        $policy | Set-CpmPolicyS3CopyOption -CopyInterval 3 -WhatIf
        @(Get-CpmSimulatorRequest -Simulator $sim | Where-Object method -eq 'PUT') | Should -BeNullOrEmpty
        (Get-CpmPolicyS3CopyOption -PolicyId $policy.Id).CopyInterval | Should -Be 1
    }
}
