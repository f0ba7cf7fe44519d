# Runbooks run without a console: pwsh -NonInteractive, scheduled tasks, Azure Automation. A command that
# would ask for confirmation there must say how to confirm in advance, and send nothing.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $script:sim = Start-CpmTestSimulator -ArgumentList '--seed-backups', '2', '--recovery-seconds', '1'
    $script:modulePath = Get-CpmTestModulePath
    # A staging backup (a target of every kind, with DR copies) for the snapshot rows below.
    $connection = Connect-CpmTestSimulator -Simulator $sim -PassThru
    $null = Get-CpmPolicy -Name staging | Start-CpmPolicyBackup -Wait -Timeout 60 -Confirm:$false
    Disconnect-CpmServer -Server $connection
    function script:Get-Writes { (Invoke-CpmSimulatorAdmin -Simulator $sim -Path /_sim/stats).writes }

    # Runs a script in a new pwsh -NonInteractive process, connected to the simulator; returns what it
    # wrote (JSON lines) as objects.
    function script:Invoke-NonInteractive([string] $Script) {
        $file = Join-Path $TestDrive "child-$(Get-Random).ps1"
        Set-Content -Path $file -Encoding utf8NoBOM -Value @"
Import-Module '$modulePath'
`$key = ConvertTo-SecureString `$env:CPM_CHILD_KEY -AsPlainText -Force
Connect-CpmServer -Server '$($sim.Server)' -ApiKey `$key -CertificateThumbprint '$($sim.Sha256)'
$Script
"@
        $env:CPM_CHILD_KEY = $sim.PlainApiKey
        try { $output = Invoke-CpmTestPwsh -File $file }
        finally { Remove-Item Env:CPM_CHILD_KEY }
        $output | Where-Object { "$_" -like '{*' } | ForEach-Object { "$_" | ConvertFrom-Json }
    }
}

AfterAll {
    Stop-CpmTestSimulator -Simulator $sim
}

Describe 'Destructive commands without a console' {
    It '<Command> without -Force stops with CpmConfirmationRequired and sends nothing' -ForEach @(
        @{ Command = 'Remove-CpmSchedule'; Script = 'Remove-CpmSchedule -Id 1' }
        @{ Command = 'Invoke-CpmRecovery'; Script = 'Get-CpmBackup -First 1 | Get-CpmBackupInstance -First 1 | Invoke-CpmRecovery' }
        @{ Command = 'Remove-CpmPolicy'; Script = 'Get-CpmPolicy -Name dev | Remove-CpmPolicy' }
        @{ Command = 'Remove-CpmPolicySnapshot'; Script = 'Get-CpmPolicy -Name dev | Remove-CpmPolicySnapshot' }
        @{ Command = 'Remove-CpmPolicyTarget'; Script = 'Get-CpmPolicy -Name prod | Get-CpmPolicyTarget -First 1 | Remove-CpmPolicyTarget' }
        @{ Command = 'Invoke-CpmRecovery'; Script = 'Get-CpmPolicy -Name staging | Get-CpmBackup -First 1 | Get-CpmBackupSnapshot | Where-Object Kind -eq Efs | Invoke-CpmRecovery' }
        @{ Command = 'Invoke-CpmEfsRecovery'; Script = 'Get-CpmPolicy -Name staging | Get-CpmBackup -First 1 | Get-CpmBackupEfs | Invoke-CpmEfsRecovery' }
        @{ Command = 'Remove-CpmBackupSnapshot'; Script = 'Get-CpmPolicy -Name staging | Get-CpmBackup -First 1 | Get-CpmBackupSnapshot | Where-Object IsDr | Remove-CpmBackupSnapshot' }
        @{ Command = 'Remove-CpmBackupRdsDatabase'; Script = 'Get-CpmPolicy -Name staging | Get-CpmBackup -First 1 | Get-CpmBackupRdsDatabase | Remove-CpmBackupRdsDatabase' }
        # Issue 11 (accounts)
        @{ Command = 'Remove-CpmAccount'; Script = 'Get-CpmAccount -Id 2 | Remove-CpmAccount' }
        @{ Command = 'Remove-CpmBackupAccount'; Script = 'Get-CpmBackupAccount -Id 2 | Remove-CpmBackupAccount' }
        @{ Command = 'Remove-CpmDrAccount'; Script = 'Get-CpmDrAccount -Id 3 | Remove-CpmDrAccount' }
        @{ Command = 'Remove-CpmAccountSnapshot'; Script = 'Get-CpmBackupAccount -Id 1 | Remove-CpmAccountSnapshot' }
        # Issue 11 (users)
        @{ Command = 'Remove-CpmUser'; Script = 'Get-CpmUser -Name auditor | Remove-CpmUser' }
        @{ Command = 'Remove-CpmDelegate'; Script = 'Get-CpmDelegate -First 1 | Remove-CpmDelegate' }
        # Issue 11 (system)
        @{ Command = 'Remove-CpmAlert'; Script = 'Get-CpmAlert | Where-Object Severity -eq Warning | Remove-CpmAlert' }
        @{ Command = 'Clear-CpmAlert'; Script = 'Clear-CpmAlert' }
    ) {
        $before = Get-Writes
        $result = Invoke-NonInteractive @"
try { $Script -ErrorAction Stop; @{ Outcome = 'ran' } | ConvertTo-Json -Compress }
catch { @{ Outcome = 'error'; Id = `$_.FullyQualifiedErrorId; Category = "`$(`$_.CategoryInfo.Category)"; Message = "`$_"; Advice = `$_.ErrorDetails.RecommendedAction } | ConvertTo-Json -Compress }
"@
        $result.Outcome | Should -Be 'error'
        $result.Id | Should -BeLike "CpmConfirmationRequired,*"
        $result.Category | Should -Be 'InvalidOperation'
        $result.Message | Should -BeLike '*cannot ask*Nothing was sent*'
        $result.Advice | Should -BeLike '*-Force or -Confirm:$false*'
        Get-Writes | Should -Be $before
    }

    It 'goes ahead with -Force or -Confirm:$false' {
        $result = Invoke-NonInteractive @'
$one = New-CpmSchedule -Name ni-one -EveryHowMany 1
$two = New-CpmSchedule -Name ni-two -EveryHowMany 1
$one | Remove-CpmSchedule -Force -ErrorAction Stop
$two | Remove-CpmSchedule -Confirm:$false -ErrorAction Stop
@{ Left = @(Get-CpmSchedule -Name 'ni-*').Count } | ConvertTo-Json -Compress
'@
        $result.Left | Should -Be 0
    }

    It 'shows with -WhatIf what would be done, without asking' {
        $before = Get-Writes
        $result = Invoke-NonInteractive @'
Remove-CpmSchedule -Id 1 -WhatIf -ErrorAction Stop
@{ Outcome = 'ran' } | ConvertTo-Json -Compress
'@
        $result.Outcome | Should -Be 'ran'
        Get-Writes | Should -Be $before
    }
}
