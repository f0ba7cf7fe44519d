# What every Set-* shares: emptying optional fields (-Clear, or $null), and sending nothing when nothing
# would change. Shown on schedules and policies; the generator gives every Set-* the same code.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $script:sim = Start-CpmTestSimulator
    Connect-CpmTestSimulator -Simulator $sim
    function script:Get-Writes { (Invoke-CpmSimulatorAdmin -Simulator $sim -Path /_sim/stats).writes }
    function script:Get-Puts { @(Get-CpmSimulatorRequest -Simulator $sim | Where-Object method -EQ 'PUT') }
}

AfterAll {
    Disconnect-CpmTestAll
    Stop-CpmTestSimulator -Simulator $sim
}

Describe 'Emptying optional fields' {
    BeforeEach {
        Get-CpmSchedule -Name 'upd-*' | Remove-CpmSchedule -Force
        $script:schedule = New-CpmSchedule -Name "upd-$(Get-Random)" -EveryHowMany 1 -EndDate '2027-01-01 10:00' -Timezone 'Europe/Paris' -Description 'to clear'
    }

    It 'takes $null for an optional date and text (-EndDate $null, -Timezone $null)' {
        $changed = $schedule | Set-CpmSchedule -EndDate $null -Timezone $null -PassThru
        $changed.EndDate | Should -BeNullOrEmpty
        $changed.Timezone | Should -BeNullOrEmpty
        $changed.Description | Should -Be 'to clear'
        (Get-CpmSchedule -Id $schedule.Id).EndDate | Should -BeNullOrEmpty
    }

    It 'empties the fields named by -Clear and shows them as null in -WhatIf' {
        $output = Get-HostOutput { $schedule | Set-CpmSchedule -Clear Description, EndDate -WhatIf }
        $output | Should -Match '"description":null'
        $output | Should -Match '"end_date":null'
        $changed = $schedule | Set-CpmSchedule -Clear Description -PassThru
        $changed.Description | Should -BeNullOrEmpty
        $changed.EndDate | Should -Not -BeNullOrEmpty
    }

    It 'refuses a field both emptied and set (CpmInvalidArgument), sending nothing' {
        $before = Get-Writes
        { $schedule | Set-CpmSchedule -Clear Description -Description 'x' -ErrorAction Stop } |
            Should -Throw -ErrorId 'CpmInvalidArgument,*'
        Get-Writes | Should -Be $before
    }

    It 'offers only optional fields to -Clear; a required one fails in binding' {
        { Set-CpmSchedule -Id $schedule.Id -Clear Name } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        (Get-Command Set-CpmSchedule).Parameters['Clear'].Attributes.ValidValues | Should -Not -Contain 'Name'
    }

    It 'gives every Set-* with optional fields a -Clear parameter' {
        foreach ($command in Get-Command -Module CpmPowerShell -Verb Set) {
            $clear = $command.Parameters['Clear']
            if (-not $clear) { continue }
            $clear.ParameterType | Should -Be ([string[]])
            @($clear.Attributes.ValidValues).Count | Should -BeGreaterThan 0 -Because $command.Name
        }
        @(Get-Command -Module CpmPowerShell -Verb Set | Where-Object { $_.Parameters['Clear'] }).Count | Should -BeGreaterThan 2
    }
}

Describe 'Nothing to change' {
    It 'sends no PUT when the values given are the ones the server has, and says so on Verbose' {
        $schedule = New-CpmSchedule -Name "same-$(Get-Random)" -EveryHowMany 2 -Description same
        Clear-CpmSimulatorRequest -Simulator $sim
        $verbose = $schedule | Set-CpmSchedule -EveryHowMany 2 -Description same -Verbose 4>&1 | Out-String
        Get-Puts | Should -BeNullOrEmpty
        $verbose | Should -Match 'nothing to change, so nothing was sent'
        ($schedule | Set-CpmSchedule -EveryHowMany 2 -PassThru).Id | Should -Be $schedule.Id -Because '-PassThru still returns the object'
        $schedule | Set-CpmSchedule -EveryHowMany 3
        @(Get-Puts).Count | Should -Be 1
    }

    It 'does the same for a policy (Set-CpmPolicy)' {
        $policy = Get-CpmPolicy -Name prod
        Clear-CpmSimulatorRequest -Simulator $sim
        $policy | Set-CpmPolicy -Generations $policy.Generations
        Get-Puts | Should -BeNullOrEmpty
    }
}
