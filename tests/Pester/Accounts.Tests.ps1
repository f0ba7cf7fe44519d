# Accounts (guide chapter 4) end to end: the built module against the simulator. Seeded accounts: 1 prod-backup
# and 2 dev-backup (backup accounts that the seeded policies use), 3 dr-vault (a DR account with a role).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $script:sim = Start-CpmTestSimulator
    Connect-CpmServer -Server $sim.Server -ApiKey $sim.ApiKey -CertificateThumbprint $sim.Sha256

    # Secrets used below: none of them may show anywhere.
    $script:secretText = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
    $script:externalText = 'shared-external-id-0042'
    $script:secretKey = ConvertTo-SecureString $secretText -AsPlainText -Force
    $script:externalId = ConvertTo-SecureString $externalText -AsPlainText -Force
    $script:credential = [pscredential]::new('AKIAIOSFODNN7EXAMPLE', $secretKey)

    function script:Get-Writes {
        @(Get-CpmSimulatorRequest -Simulator $sim | Where-Object { $_.method -ne 'GET' -and $_.path -notlike '/api/token/*' })
    }
    function script:Set-Missing([long] $Account, [string[]] $Permissions) {
        $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path '/_sim/aws-permissions' -Body @{ account = $Account; missing = @($Permissions) }
    }
    # Everything a command shows: output objects (as list and JSON), host text, Verbose, warnings and errors.
    function script:Get-AllText([scriptblock] $Script) {
        $text = Get-HostOutput { $script:captured = & $Script -Verbose *>&1 }
        $text + ($captured | Format-List * | Out-String) + ($captured | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue)
    }
}

AfterAll {
    Disconnect-CpmServer -ErrorAction SilentlyContinue
    Stop-CpmTestSimulator -Simulator $sim
}

Describe 'Get-CpmAccount, Get-CpmBackupAccount, Get-CpmDrAccount' {
    It 'lists accounts of both kinds, typed, with ids for the pipeline' {
        $all = @(Get-CpmAccount)
        $all.Name | Should -Contain 'prod-backup'
        $all.Name | Should -Contain 'dr-vault'
        $all[0] | Should -BeOfType ([CpmPowerShell.Models.Account])
        $all[0].AccountId | Should -Be $all[0].Id
        (Get-CpmBackupAccount -Name prod-*).BackupAccountId | Should -Be 1
        (Get-CpmDrAccount).DrAccountId | Should -Contain 3
        (Get-CpmDrAccount -Id 3).Authentication | Should -Be 'AssumeRole'
    }

    It 'searches names and access key ids' {
        (Get-CpmBackupAccount -Search AKIASIMDEV).Name | Should -Be 'dev-backup'
        (Get-CpmAccount -Name *-backup).Id | Should -Be @(1, 2)
    }
}

Describe 'New-CpmBackupAccount | Test-CpmAccountPermission (onboarding in one command)' {
    It 'creates the account with -Credential and lists every permission check; all OK means no error' {
        $checks = @(New-CpmBackupAccount -Name onboard-ok -Authentication IamUser -Credential $credential | Test-CpmAccountPermission -ErrorVariable problems)
        $problems | Should -BeNullOrEmpty
        $checks.Count | Should -BeGreaterThan 3
        $checks[0] | Should -BeOfType ([CpmPowerShell.Models.AccountPermissionCheck])
        $checks | ForEach-Object { $_.Status | Should -Be 'OK'; $_.AccountKind | Should -Be 'Backup'; $_.AccountName | Should -Be 'onboard-ok' }
        (Get-CpmBackupAccount -Name onboard-ok).AwsAccessKey | Should -Be 'AKIAIOSFODNN7EXAMPLE'
    }

    It 'names the missing permissions in a CpmAwsPermissionMissing error, and still writes the objects to filter' {
        $account = New-CpmBackupAccount -Name onboard-missing -Authentication IamUser -AwsAccessKey AKIAIOSFODNN7EXAMPLF -AwsSecretKey $secretKey
        Set-Missing $account.Id 'ec2:CreateSnapshot', 'ec2:RunInstances'
        $checks = @($account | Test-CpmAccountPermission -ErrorVariable problems -ErrorAction SilentlyContinue)
        @($checks | Where-Object IsMissing).Permission | Should -Be @('ec2:CreateSnapshot', 'ec2:RunInstances')
        @($checks | Where-Object Status -eq 'OK').Count | Should -BeGreaterThan 0
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CpmAwsPermissionMissing,*'
        $problems[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        "$($problems[0])" | Should -BeLike '*onboard-missing*ec2:CreateSnapshot, ec2:RunInstances*'
        $problems[0].ErrorDetails.RecommendedAction | Should -BeLike '*Grant*'
    }

    It 'checks backup and DR accounts piped together, each by its own endpoint' {
        Clear-CpmSimulatorRequest -Simulator $sim
        $checks = @(@(Get-CpmBackupAccount -Id 1) + @(Get-CpmDrAccount -Id 3) | Test-CpmAccountPermission)
        ($checks | Group-Object AccountKind).Name | Sort-Object | Should -Be @('Backup', 'DR')
        $paths = @(Get-CpmSimulatorRequest -Simulator $sim).path
        $paths | Should -Contain '/api/accounts/backup/1/check_aws_permissions/'
        $paths | Should -Contain '/api/accounts/dr/3/check_aws_permissions/'
    }

    It 'checks the accounts of Get-CpmAccount, each through the endpoint of its kind' {
        Clear-CpmSimulatorRequest -Simulator $sim
        $checks = @(Get-CpmAccount -Id 1, 3 | Test-CpmAccountPermission)
        ($checks | Group-Object AccountKind).Name | Sort-Object | Should -Be @('Backup', 'DR')
        $paths = @(Get-CpmSimulatorRequest -Simulator $sim).path
        $paths | Should -Contain '/api/accounts/backup/1/check_aws_permissions/'
        $paths | Should -Contain '/api/accounts/dr/3/check_aws_permissions/'
    }

    It 'saves the server CSV byte for byte with -Path (a file, then a folder)' {
        $file = Join-Path $TestDrive 'perm.csv'
        $item = Test-CpmAccountPermission -BackupAccountId 1 -Path $file
        $item.FullName | Should -Be $file
        $expected = Invoke-CpmApi -Path 'accounts/backup/1/check_aws_permissions/download/' -OutFile (Join-Path $TestDrive 'direct.csv')
        (Get-FileHash $file).Hash | Should -Be (Get-FileHash $expected.FullName).Hash
        { Test-CpmAccountPermission -BackupAccountId 1 -Path $file -ErrorAction Stop } | Should -Throw -ErrorId 'CpmFileExists,*'
        $folder = Join-Path $TestDrive 'reports/'
        $saved = Get-CpmDrAccount -Id 3 | Test-CpmAccountPermission -Path $folder
        $saved.Name | Should -BeLike '*.csv'
        Get-Content $saved.FullName -Raw | Should -BeLike '*ec2:CopySnapshot*'
    }
}

Describe 'Secrets never show' {
    It 'masks the secret key and the external id in -WhatIf and Verbose, and sends nothing' {
        Clear-CpmSimulatorRequest -Simulator $sim
        $text = Get-AllText {
            New-CpmBackupAccount -Name whatif-1 -Authentication IamUser -Credential $credential -WhatIf
            New-CpmDrAccount -Name whatif-2 -Authentication AssumeRole -RoleName CpmRole -AccountNumber 123456789012 -AssumeFromAccount 1 -ExternalId $externalId -WhatIf
        }
        $text | Should -BeLike '*POST /api/accounts/backup/*'
        $text | Should -BeLike '*aws_secret_key*'
        $text | Should -Not -BeLike "*$secretText*"
        $text | Should -Not -BeLike "*$externalText*"
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'keeps them out of objects, views, Verbose and errors when the calls are made' {
        $text = Get-AllText {
            New-CpmDrAccount -Name secret-dr -Authentication AssumeRole -RoleName CpmRole -AccountNumber 123456789012 -AssumeFromAccount 1 -ExternalId $externalId
            Get-CpmDrAccount -Name secret-dr | Set-CpmDrAccount -ExternalId $externalId -AwsAccessKey AKIAIOSFODNN7EXAMPLG -AwsSecretKey $secretKey -PassThru
            Get-CpmAccount | Format-Table | Out-String
            New-CpmBackupAccount -Name 'bad name' -Authentication IamUser -Credential $credential -ErrorAction Continue
        }
        $text | Should -Not -BeLike "*$secretText*"
        $text | Should -Not -BeLike "*$externalText*"
        (Get-CpmDrAccount -Name secret-dr).ExternalId | Should -BeNullOrEmpty
    }
}

Describe 'New-/Set-/Remove-Cpm(Backup|Dr)Account and Remove-CpmAccount' {
    It 'reports a bad name as CpmValidationFailed, creating nothing' {
        $before = @(Get-CpmAccount).Count
        $failure = $null
        try { New-CpmBackupAccount -Name 'bad name!' -Authentication InstanceRole -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'CpmValidationFailed,*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-CpmAccount).Count | Should -Be $before
    }

    It 'refuses -Credential together with -AwsAccessKey, sending nothing (CpmInvalidArgument)' {
        Clear-CpmSimulatorRequest -Simulator $sim
        { New-CpmBackupAccount -Name both-keys -Authentication IamUser -Credential $credential -AwsAccessKey AKIAX -ErrorAction Stop } | Should -Throw -ErrorId 'CpmInvalidArgument,*'
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'tells a role ARN from a role name (the server wants the name)' {
        { New-CpmBackupAccount -Name role-arn -Authentication AssumeRole -RoleName 'arn:aws:iam::123456789012:role/CpmRole' -AccountNumber 123456789012 -AssumeFromAccount 1 -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*role_name*ARN*'
    }

    It 'changes a backup and a DR account from the pipeline' {
        $changed = Get-CpmBackupAccount -Name onboard-ok | Set-CpmBackupAccount -RoleName unused-role -CaptureVpcs -PassThru
        $changed.CaptureVpcs | Should -BeTrue
        $changed.AwsAccessKey | Should -Be 'AKIAIOSFODNN7EXAMPLE'   # kept: Set- sends what changed
        (Get-CpmDrAccount -Id 3 | Set-CpmDrAccount -AllowDeletingSnapshots:$false -PassThru).AllowDeletingSnapshots | Should -BeFalse
    }

    It 'refuses to delete an account that policies use (CpmConflict) and deletes an unused one' {
        { Get-CpmBackupAccount -Id 1 | Remove-CpmBackupAccount -Force -ErrorAction Stop } | Should -Throw -ErrorId 'CpmConflict,*'
        Get-CpmBackupAccount -Name onboard-ok | Remove-CpmBackupAccount -Force
        Get-CpmBackupAccount -Name onboard-ok | Should -BeNullOrEmpty
        $dr = New-CpmDrAccount -Name remove-dr -Authentication InstanceRole
        $dr | Remove-CpmDrAccount -Force
        Get-CpmAccount -Name onboard-missing | Remove-CpmAccount -Force
        (Get-CpmAccount).Name | Should -Not -Contain 'remove-dr'
        (Get-CpmAccount).Name | Should -Not -Contain 'onboard-missing'
    }

    It 'sends nothing with -WhatIf' {
        Clear-CpmSimulatorRequest -Simulator $sim
        Get-CpmAccount -Id 2 | Remove-CpmAccount -WhatIf
        Get-CpmBackupAccount -Id 2 | Remove-CpmBackupAccount -WhatIf
        Get-CpmBackupAccount -Id 2 | Set-CpmBackupAccount -RoleName x -WhatIf
        Get-CpmDrAccount -Id 3 | Remove-CpmDrAccount -WhatIf
        Get-Writes | Should -BeNullOrEmpty
    }
}

Describe 'Remove-CpmAccountSnapshot' {
    It 'names the account in -WhatIf, by each kind of account, and sends nothing' {
        Clear-CpmSimulatorRequest -Simulator $sim
        $text = Get-HostOutput {
            Get-CpmAccount -Id 2 | Remove-CpmAccountSnapshot -WhatIf
            Get-CpmBackupAccount -Id 1 | Remove-CpmAccountSnapshot -WhatIf
            Get-CpmDrAccount -Id 3 | Remove-CpmAccountSnapshot -WhatIf
        }
        $text | Should -BeLike "*DELETE /api/accounts/2/snapshots/*all snapshots*'dev-backup' (2)*"
        $text | Should -BeLike "*DELETE /api/accounts/backup/1/snapshots/*'prod-backup' (1)*"
        $text | Should -BeLike "*DELETE /api/accounts/dr/3/snapshots/*'dr-vault' (3)*"
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'deletes the snapshots of the account policies with -Force, once per account' {
        Clear-CpmSimulatorRequest -Simulator $sim
        Remove-CpmAccountSnapshot -AccountId 2, 2 -Force
        @(Get-Writes).Count | Should -Be 1
        (Get-Writes)[0].path | Should -Be '/api/accounts/2/snapshots/'
        (Get-CpmAccount -Id 2).Name | Should -Be 'dev-backup'   # the account stays
    }

    It 'reports an unknown account as CpmNotFound' {
        { Remove-CpmAccountSnapshot -AccountId 999 -Force -ErrorAction Stop } | Should -Throw -ErrorId 'CpmNotFound,*'
    }

    It 'takes bare ids from the pipeline, but never deletes all snapshots for a piped record that merely names an account' {
        Clear-CpmSimulatorRequest -Simulator $sim
        $text = Get-HostOutput { 2 | Remove-CpmAccountSnapshot -WhatIf }
        $text | Should -BeLike '*DELETE /api/accounts/2/snapshots/*'
        # A snapshot record names its account (AccountId) as many records do.
        $volume = [CpmPowerShell.Models.BackupSnapshotVolume]@{ Id = 7; BackupId = 1; AccountId = 2 }
        { $volume | Remove-CpmAccountSnapshot -Force -ErrorAction Stop } | Should -Throw -ErrorId 'CpmUnsupportedInput,*'
        { Get-CpmPolicy -First 1 | Remove-CpmAccountSnapshot -Force -ErrorAction Stop } | Should -Throw -ErrorId 'CpmUnsupportedInput,*'
        Get-Writes | Should -BeNullOrEmpty
    }
}

Describe 'Start-CpmVpcClone and Save-CpmVpcCloneLog' {
    It 'clones from the pipeline and saves the log of that clone' {
        Get-CpmBackupAccount -Id 2 | Start-CpmVpcClone -FromVpc 4 -ToAccount 1 -ToRegion eu-west-1 -ToVpc web-copy | Should -BeNullOrEmpty
        $file = Get-CpmBackupAccount -Id 2 | Save-CpmVpcCloneLog -Path (Join-Path $TestDrive 'clone.csv') -ToRegion eu-west-1
        $lines = @(Import-Csv $file.FullName)
        $lines.Count | Should -Be 3
        $lines[-1].log | Should -BeLike '*completed*'
    }

    It 'reports a bad region as CpmValidationFailed' {
        { Start-CpmVpcClone -BackupAccountId 2 -FromVpc 4 -ToAccount 1 -ToRegion Europe -ToVpc x -ErrorAction Stop } | Should -Throw -ErrorId 'CpmValidationFailed,*'
    }

    It 'sends nothing with -WhatIf' {
        Clear-CpmSimulatorRequest -Simulator $sim
        Start-CpmVpcClone -BackupAccountId 2 -FromVpc 4 -ToAccount 1 -ToRegion eu-west-1 -ToVpc x -WhatIf
        Get-Writes | Should -BeNullOrEmpty
    }
}
