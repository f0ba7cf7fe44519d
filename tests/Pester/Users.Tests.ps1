# Users (guide chapter 26) and delegates (chapter 10) end to end: the built module against the simulator.
# Passwords go in as SecureStrings and must never come back out: not in objects, -WhatIf, Verbose or errors.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $script:sim = Start-CpmTestSimulator
    $script:root = Connect-CpmTestSimulator -Simulator $sim -PassThru
    $script:modulePath = Get-CpmTestModulePath

    # Plain texts only to search output for leaks; the cmdlets get SecureStrings.
    $script:plain = 'Pester-Secret-7f3a'
    $script:secret = ConvertTo-SecureString $plain -AsPlainText -Force

    function script:Get-Writes { (Invoke-CpmSimulatorAdmin -Simulator $sim -Path /_sim/stats).writes }

    # A connection as another user or delegate, with an API key the simulator makes for it.
    # It is named after the user (so root's stays open), and root's is made current again.
    function script:Connect-As([long] $UserId) {
        $key = (Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path /_sim/api-keys -Body @{ user = $UserId }).apiKey
        Connect-CpmServer -Server $sim.Server -Name "user-$UserId" -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force) -CertificateThumbprint $sim.Sha256 -PassThru
        $script:root = Connect-CpmTestSimulator -Simulator $sim -PassThru
    }

    # Every string a command wrote to any stream, for leak checks.
    function script:Get-AllText([scriptblock] $Script) {
        $all = & { Get-HostOutput { & $Script *>&1 | Out-String | Write-Host } }
        $all
    }
}

AfterAll {
    Disconnect-CpmTestAll
    Stop-CpmTestSimulator -Simulator $sim
}

Describe 'Users' {
    It 'lists the users, typed, with a table view and no password' {
        $users = @(Get-CpmUser)
        $users.Count | Should -BeGreaterOrEqual 4
        $users[0] | Should -BeOfType ([CpmPowerShell.Models.User])
        ($users | Where-Object Username -eq 'root').Id | Should -Be 1
        $users[0].UserId | Should -Be $users[0].Id
        ($users | Format-Table | Out-String) | Should -Match 'Username'
        $users[0].PSObject.Properties.Name | Should -Not -Contain 'Password'
    }

    It 'matches -Name with wildcards on the username' {
        @(Get-CpmUser -Name 'backup-*').Username | Should -Be @('backup-operator')
    }

    It 'creates a user with every profile field as a parameter, and never returns the password' {
        $user = New-CpmUser 'pester-user' -Password $secret -Email 'p@example.com' -IsManagedUser -MaxAccounts 3 -MaxInstances 30 -AllowFileLevelRecovery -AllowCostExplorer:$false
        $user | Should -BeOfType ([CpmPowerShell.Models.User])
        $user.Username | Should -Be 'pester-user'
        $user.Profile.IsManagedUser | Should -BeTrue
        $user.Profile.MaxAccounts | Should -Be 3
        $user.Profile.AllowFileLevelRecovery | Should -BeTrue
        $user.Profile.AllowCostExplorer | Should -BeFalse
        $user.UserType | Should -Be 'managed'
        ($user | ConvertTo-Json -Depth 5) | Should -Not -Match $plain
    }

    It 'changes only the given profile fields with Set-CpmUser' {
        $changed = Get-CpmUser -Name 'pester-user' | Set-CpmUser -MaxInstances 60 -PassThru
        $changed.Profile.MaxInstances | Should -Be 60
        $changed.Profile.MaxAccounts | Should -Be 3
        $changed.Profile.IsManagedUser | Should -BeTrue
    }

    It 'reports a weak password as CpmValidationFailed naming the field, without echoing it' {
        $failure = $null
        try { New-CpmUser 'pester-weak' -Password (ConvertTo-SecureString '1234' -AsPlainText -Force) -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'CpmValidationFailed*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$failure" | Should -Match 'password'
        "$failure" | Should -Not -Match '1234'
        @(Get-CpmUser | Where-Object Username -eq 'pester-weak').Count | Should -Be 0
    }

    It 'masks the password in -WhatIf and Verbose, and sends nothing with -WhatIf' {
        $before = Get-Writes
        $text = Get-AllText { New-CpmUser 'pester-whatif' -Password $secret -WhatIf -Verbose }
        $text | Should -Match 'POST /api/users/'
        $text | Should -Not -Match $plain
        Get-Writes | Should -Be $before
        $text = Get-AllText { New-CpmUser 'pester-verbose' -Password $secret -Verbose -Debug }
        $text | Should -Not -Match $plain
    }

    It 'resets a user''s password from the pipeline (root over its users)' {
        $new = ConvertTo-SecureString 'Pester-Reset-99' -AsPlainText -Force
        $text = Get-AllText { Get-CpmUser -Name 'pester-user' | Reset-CpmUserPassword -NewPassword $new -Confirm:$false -Verbose }
        $text | Should -Not -Match 'Pester-Reset-99'
        $request = Get-CpmSimulatorRequest -Simulator $sim -Last 1
        $request.path | Should -Match '^/api/users/\d+/reset_password/$'
        $request.status | Should -Be 201
    }

    It 'refuses to reset root''s own password with CpmValidationFailed' {
        { Reset-CpmUserPassword -UserId 1 -NewPassword $secret -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'CpmValidationFailed,CpmPowerShell.Commands.ResetCpmUserPasswordCommand'
    }

    It 'deletes a user with -Force, and answers CpmNotFound for one that is gone' {
        $user = New-CpmUser 'pester-gone' -Password $secret
        $user | Remove-CpmUser -Force
        @(Get-CpmUser | Where-Object Username -eq 'pester-gone').Count | Should -Be 0
        { Remove-CpmUser -Id $user.Id -Force -ErrorAction Stop } | Should -Throw -ErrorId 'CpmNotFound,CpmPowerShell.Commands.RemoveCpmUserCommand'
    }

    It 'asks for no deletion with -WhatIf and sends nothing' {
        $before = Get-Writes
        Get-CpmUser -Name 'auditor' | Remove-CpmUser -WhatIf
        Get-Writes | Should -Be $before
    }
}

Describe 'Delegates' {
    It 'creates a delegate of the connected user by default, with its permission switches' {
        $delegate = New-CpmDelegate 'pester-delegate' -Password $secret -AllowRecovery -AllowBackupChanges:$false
        $delegate | Should -BeOfType ([CpmPowerShell.Models.DelegateUser])
        $delegate.Profile.OriginalUser | Should -Be $root.UserId
        $delegate.Profile.AllowRecovery | Should -BeTrue
        $delegate.Profile.AllowBackupChanges | Should -BeFalse
        $delegate.DelegateId | Should -Be $delegate.Id
        ($delegate | ConvertTo-Json -Depth 5) | Should -Not -Match $plain
    }

    It 'pipes from a user: New- and Get-CpmDelegate take the user''s UserId' {
        $owner = Get-CpmUser -Name 'ops-admin'
        $made = $owner | New-CpmDelegate -Username 'pester-ops-helper' -Password $secret -AllowSettingsChanges
        $made.Profile.OriginalUser | Should -Be $owner.Id
        $mine = @($owner | Get-CpmDelegate)
        $mine.Username | Should -Be @('ops-admin-oncall', 'pester-ops-helper')
        @(Get-CpmDelegate -UserId 1).Username | Should -Contain 'pester-delegate'
        @(Get-CpmDelegate -UserId 1).Username | Should -Not -Contain 'pester-ops-helper'
    }

    It 'changes a delegate''s permissions with Set-CpmDelegate, keeping the others' {
        $changed = Get-CpmDelegate -Name 'pester-delegate' | Set-CpmDelegate -AllowSettingsChanges -PassThru
        $changed.Profile.AllowSettingsChanges | Should -BeTrue
        $changed.Profile.AllowRecovery | Should -BeTrue
        $changed.Profile.OriginalUser | Should -Be 1
    }

    It 'resets a delegate''s password from the pipeline, masked in -WhatIf' {
        $before = Get-Writes
        $text = Get-AllText { Get-CpmDelegate -Name 'pester-delegate' | Reset-CpmDelegatePassword -NewPassword $secret -WhatIf }
        $text | Should -Match 'reset_password'
        $text | Should -Not -Match $plain
        Get-Writes | Should -Be $before
        Get-CpmDelegate -Name 'pester-delegate' | Reset-CpmDelegatePassword -NewPassword $secret -Confirm:$false
        (Get-CpmSimulatorRequest -Simulator $sim -Last 1).status | Should -Be 201
    }

    It 'keeps a user with delegates, saying why; deleting the delegates first lets it go' {
        $failure = $null
        try { Get-CpmUser -Name 'ops-admin' | Remove-CpmUser -Force -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'CpmValidationFailed*'
        "$failure" | Should -Match 'delegate'
        Get-CpmUser -Name 'ops-admin' | Get-CpmDelegate | Remove-CpmDelegate -Force
        Get-CpmUser -Name 'ops-admin' | Remove-CpmUser -Force
        @(Get-CpmUser | Where-Object Username -eq 'ops-admin').Count | Should -Be 0
    }
}

Describe 'The connected user''s own password' {
    It 'changes it with -CurrentPassword/-NewPassword, and a wrong current one is CpmValidationFailed' {
        $user = New-CpmUser 'pester-self' -Password $secret
        $mine = Connect-As $user.Id
        try {
            $wrong = ConvertTo-SecureString 'Not-The-Password-1' -AsPlainText -Force
            $next = ConvertTo-SecureString 'Pester-Next-42' -AsPlainText -Force
            $failure = $null
            try { Set-CpmUserPassword -CurrentPassword $wrong -NewPassword $next -Server $mine -Confirm:$false -ErrorAction Stop } catch { $failure = $_ }
            $failure.FullyQualifiedErrorId | Should -Be 'CpmValidationFailed,CpmPowerShell.Commands.SetCpmUserPasswordCommand'
            "$failure" | Should -Match 'old_password'
            "$failure" | Should -Not -Match 'Not-The-Password-1'

            $text = Get-AllText { Set-CpmUserPassword -CurrentPassword $secret -NewPassword $next -Server $mine -Confirm:$false -Verbose }
            $text | Should -Not -Match 'Pester-Next-42'
            $text | Should -Not -Match $plain
            (Get-CpmSimulatorRequest -Simulator $sim -Last 1).status | Should -Be 201
            # Now the new one is current: a PSCredential carries it as naturally.
            $credential = [pscredential]::new('pester-self', $next)
            Set-CpmUserPassword -Credential $credential -NewPassword $secret -Server $mine -Confirm:$false -ErrorAction Stop
            (Get-CpmSimulatorRequest -Simulator $sim -Last 1).status | Should -Be 201
        }
        finally { Disconnect-CpmServer -Server $mine }
    }

    It 'shows the request with both passwords masked under -WhatIf, and sends nothing' {
        $before = Get-Writes
        $text = Get-AllText { Set-CpmUserPassword -CurrentPassword $secret -NewPassword $secret -WhatIf }
        $text | Should -Match 'change_password'
        $text | Should -Not -Match $plain
        Get-Writes | Should -Be $before
    }
}

Describe 'Managed users and delegates meet root-only calls' {
    BeforeAll {
        $script:managed = Connect-As (Get-CpmUser -Name 'backup-operator' -Server $root).Id
        $script:delegateUser = New-CpmDelegate 'pester-403' -Password $secret -Server $root
        $script:asDelegate = Connect-As $delegateUser.Id
    }
    AfterAll {
        $managed, $asDelegate | Disconnect-CpmServer
    }

    It '<Who> gets CpmForbidden with who may do it: <Command>' -ForEach @(
        @{ Who = 'a managed user'; Connection = 'managed'; Command = 'New-CpmUser'; Script = { param($c) New-CpmUser 'pester-no' -Password $secret -Server $c -ErrorAction Stop }; Advice = '*Only the root user can create*' }
        @{ Who = 'a managed user'; Connection = 'managed'; Command = 'Get-CpmUser'; Script = { param($c) Get-CpmUser -Server $c -ErrorAction Stop }; Advice = '*admin user*' }
        @{ Who = 'a managed user'; Connection = 'managed'; Command = 'Remove-CpmUser'; Script = { param($c) Remove-CpmUser -Id 4 -Force -Server $c -ErrorAction Stop }; Advice = '*Only the root user can delete*' }
        @{ Who = 'a delegate'; Connection = 'asDelegate'; Command = 'Get-CpmDelegate'; Script = { param($c) Get-CpmDelegate -Server $c -ErrorAction Stop }; Advice = '*Only the root user*' }
        @{ Who = 'a delegate'; Connection = 'asDelegate'; Command = 'Reset-CpmUserPassword'; Script = { param($c) Reset-CpmUserPassword -UserId 3 -NewPassword $secret -Confirm:$false -Server $c -ErrorAction Stop }; Advice = '*Only the root user can reset*' }
    ) {
        $connection = Get-Variable -Name $Connection -Scope Script -ValueOnly
        $failure = $null
        try { & $Script $connection } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike 'CpmForbidden,*'
        $failure.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $failure.ErrorDetails.RecommendedAction | Should -BeLike $Advice
        $failure.ErrorDetails.RecommendedAction | Should -BeLike '*Connect as such a user*'
    }

    It 'lets a managed user read its own record' {
        (Get-CpmUser -Id $managed.UserId -Server $managed).Username | Should -Be 'backup-operator'
    }
}

Describe 'Runs without a console' {
    It 'New-CpmUser without -Password names the parameter to give, and sends nothing' {
        $before = Get-Writes
        $file = Join-Path $TestDrive 'no-password.ps1'
        Set-Content -Path $file -Encoding utf8NoBOM -Value @"
Import-Module '$modulePath'
`$key = ConvertTo-SecureString `$env:CPM_CHILD_KEY -AsPlainText -Force
Connect-CpmServer -Server '$($sim.Server)' -ApiKey `$key -CertificateThumbprint '$($sim.Sha256)'
try { New-CpmUser -Username 'pester-ni' -ErrorAction Stop; 'ran' }
catch { 'error:' + `$_.FullyQualifiedErrorId + ':' + `$_ }
"@
        $env:CPM_CHILD_KEY = $sim.PlainApiKey
        try { $output = Invoke-CpmTestPwsh -File $file } finally { Remove-Item Env:CPM_CHILD_KEY }
        $text = $output -join "`n"
        $text | Should -Match 'error:'
        $text | Should -Match 'Password'
        $text | Should -Not -Match '(?m)^ran$'
        Get-Writes | Should -Be $before
    }
}

Describe 'Two servers' {
    It 'acts on the server a piped user came from' {
        $other = Start-CpmTestSimulator
        try {
            $b = Connect-CpmTestSimulator -Simulator $other -PassThru   # current from here on
            $user = Get-CpmUser -Name 'auditor' -Server $root
            Clear-CpmSimulatorRequest -Simulator $sim
            Clear-CpmSimulatorRequest -Simulator $other
            $user | New-CpmDelegate -Username 'pester-two' -Password $secret -WhatIf
            $user | Get-CpmDelegate | Out-Null
            @(Get-CpmSimulatorRequest -Simulator $other | Where-Object path -NotLike '/api/token/*').Count | Should -Be 0
            @(Get-CpmSimulatorRequest -Simulator $sim | Where-Object path -Like '/api/delegates/*').Count | Should -BeGreaterThan 0
        }
        finally {
            Disconnect-CpmServer -Server $b
            Stop-CpmTestSimulator -Simulator $other
        }
    }
}
