# List filters: several values of one filter (one request per value, merged newest first), enum
# parameters that take one value refuse several, and Get-CpmBackup -After/-Before stopping the paging
# as soon as the records are past the range.
BeforeDiscovery {
    # The module-wide check below lists its cases from the module's commands.
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    # 2000 seeded backups, one about every 37 minutes: 20 pages of 100, some 39 in the last day.
    $script:sim = Start-CpmTestSimulator -ArgumentList '--seed-backups', '2000'
    Connect-CpmTestSimulator -Simulator $sim
    $script:all = @(Get-CpmBackup)

    # The /api/backups/ list requests made by a script block, with their query text.
    function script:Get-ListRequests([scriptblock] $Script) {
        Clear-CpmSimulatorRequest $sim
        $null = & $Script
        @(Get-CpmSimulatorRequest $sim | Where-Object path -EQ '/api/backups/' | ForEach-Object query)
    }
    function script:Test-NewestFirst($Items) {
        $starts = @($Items.StartTime)
        ($starts | Sort-Object -Descending) -join ',' | Should -Be ($starts -join ',')
    }
}

AfterAll {
    Disconnect-CpmServer -ErrorAction SilentlyContinue
    Stop-CpmTestSimulator -Simulator $sim
}

Describe 'A filter given several values' {
    It 'asks once per status, never for a status nobody asked for' {
        $queries = Get-ListRequests { Get-CpmBackup -Status Initializing, InProgress -First 1 }
        @($queries | Where-Object { $_ -like '*status=I&*' }).Count | Should -Be 1
        @($queries | Where-Object { $_ -like '*status=P&*' }).Count | Should -Be 1
        @($queries | Where-Object { $_ -match 'status=[^IP]' }).Count | Should -Be 0
    }

    It 'returns the union of the statuses, newest first' {
        $failed = @($all | Where-Object Status -EQ 'BackupFailed')
        $partial = @($all | Where-Object Status -EQ 'BackupPartiallySuccessful')
        $failed.Count | Should -BeGreaterThan 50
        $partial.Count | Should -BeGreaterThan 50

        $union = @(Get-CpmBackup -Status BackupFailed, BackupPartiallySuccessful)
        $union.Count | Should -Be ($failed.Count + $partial.Count)
        @($union | Where-Object Status -NotIn 'BackupFailed', 'BackupPartiallySuccessful').Count | Should -Be 0
        Test-NewestFirst $union
        ($union.Id | Sort-Object) -join ',' | Should -Be ((@($failed.Id) + @($partial.Id) | Sort-Object) -join ',')
    }

    It 'takes codes, labels and a comma-separated list alike' {
        $expected = @(Get-CpmBackup -Status BackupFailed, BackupPartiallySuccessful -First 10).Id -join ','
        @(Get-CpmBackup -Status F, A -First 10).Id -join ',' | Should -Be $expected
        @(Get-CpmBackup -Status 'Backup Failed', 'Backup Partially Successful' -First 10).Id -join ',' | Should -Be $expected
        @(Get-CpmBackup -Status @('F', 'A') -First 10).Id -join ',' | Should -Be $expected
    }

    It 'keeps -First, -Skip and -IncludeTotalCount right across the union, reading only the pages needed' {
        $union = @(Get-CpmBackup -Status BackupFailed, BackupPartiallySuccessful)
        @(Get-CpmBackup -Status BackupFailed, BackupPartiallySuccessful -First 5).Id -join ',' | Should -Be (@($union[0..4].Id) -join ',')
        @(Get-CpmBackup -Status BackupFailed, BackupPartiallySuccessful -Skip 3 -First 4).Id -join ',' | Should -Be (@($union[3..6].Id) -join ',')

        $queries = Get-ListRequests { Get-CpmBackup -Status BackupFailed, BackupPartiallySuccessful -First 5 }
        $queries.Count | Should -Be 2
        @($queries | Where-Object { $_ -notlike '*page=1&*' }).Count | Should -Be 0

        $counted = @(Get-CpmBackup -Status BackupFailed, BackupPartiallySuccessful -IncludeTotalCount -First 1)
        $counted[0].ToString() | Should -BeLike "*$($union.Count)*"
    }

    It 'combines two filters with several values each' {
        $both = @(Get-CpmBackup -Status BackupFailed, BackupSuccessful -DrStatus NA, Failed)
        $expected = @($all | Where-Object { $_.Status -in 'BackupFailed', 'BackupSuccessful' -and $_.DrStatus -in 'NA', 'Failed' })
        $both.Count | Should -Be $expected.Count
        Test-NewestFirst $both
    }

    It 'unions recovery statuses too' {
        { Get-CpmRecovery -Status RecoverySuccessful, RecoveryFailed -ErrorAction Stop } | Should -Not -Throw
        (Get-Command Get-CpmRecovery).Parameters['Status'].ParameterType.IsArray | Should -BeTrue
    }
}

Describe 'Enum parameters across the module' {
    BeforeAll {
        $script:enumParameters = foreach ($command in Get-Command -Module CpmPowerShell -CommandType Cmdlet) {
            foreach ($parameter in $command.Parameters.Values) {
                $type = if ($parameter.ParameterType.IsArray) { $parameter.ParameterType.GetElementType() } else { $parameter.ParameterType }
                if ($type.IsEnum -and $type.Namespace -eq 'CpmPowerShell.Models') {
                    [pscustomobject]@{ Command = $command.Name; Parameter = $parameter.Name; Type = $type; IsArray = $parameter.ParameterType.IsArray }
                }
            }
        }
    }

    It 'has enum parameters to check' {
        @($enumParameters | Where-Object { -not $_.IsArray }).Count | Should -BeGreaterThan 5
        @($enumParameters | Where-Object IsArray).Count | Should -BeGreaterOrEqual 3
    }

    It 'has no [Flags] enum (the guide documents none)' {
        $models = [CpmPowerShell.Models.Backup].Assembly.GetTypes() | Where-Object { $_.IsEnum -and $_.Namespace -eq 'CpmPowerShell.Models' }
        @($models).Count | Should -BeGreaterThan 10
        @($models | Where-Object { $_.IsDefined([FlagsAttribute], $false) }).Name | Should -BeNullOrEmpty
    }

    It 'refuses several values for <Command> -<Parameter> with a binding error' -ForEach @(
        # Discovery runs before BeforeAll: list them here too.
        foreach ($command in Get-Command -Module CpmPowerShell -CommandType Cmdlet) {
            foreach ($parameter in $command.Parameters.Values) {
                $type = $parameter.ParameterType
                if ($type.IsEnum -and $type.Namespace -eq 'CpmPowerShell.Models') { @{ Command = $command.Name; Parameter = $parameter.Name; Type = $type } }
            }
        }
    ) {
        $two = @([Enum]::GetNames($Type) | Where-Object { $_ -ne 'Unknown' } | Select-Object -First 2)
        $arguments = @{ $Parameter = $two; ErrorAction = 'Stop' }
        Clear-CpmSimulatorRequest $sim
        { & $Command @arguments } | Should -Throw -ErrorId 'ParameterArgumentTransformationError*'
        @(Get-CpmSimulatorRequest $sim).Count | Should -Be 0
    }

    It 'still takes one value given as a one-item array' {
        $schedule = New-CpmSchedule -Name 'filters-one-unit' -EveryHowMany 1 -EveryUnit @('Weeks')
        $schedule.EveryUnit | Should -Be 'Weeks'
        { New-CpmSchedule -Name 'filters-two-units' -EveryHowMany 1 -EveryUnit 'Weeks,Days' -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError*'
    }
}

Describe 'Get-CpmBackup -After and -Before' {
    It 'returns the last day from the first pages only, not the whole list' {
        $after = (Get-Date).AddHours(-24)
        $expected = @($all | Where-Object StartTime -GE $after)
        $expected.Count | Should -BeGreaterThan 30

        $script:lastDay = $null
        $queries = Get-ListRequests { $script:lastDay = @(Get-CpmBackup -After $after) }
        ($lastDay.Id -join ',') | Should -Be ($expected.Id -join ',')
        $queries.Count | Should -BeLessOrEqual 2
        @($queries | Where-Object { $_ -like '*page=3&*' }).Count | Should -Be 0
    }

    It 'counts pages through the simulator statistics as well' {
        $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path /_sim/stats/reset
        $null = Get-CpmBackup -After (Get-Date).AddHours(-24)
        $stats = Invoke-CpmSimulatorAdmin -Simulator $sim -Path /_sim/stats
        $stats.byPath.'/api/backups/' | Should -BeLessOrEqual 2
    }

    It 'selects a window [-After, -Before) that combines with -Status arrays and -First' {
        $after = (Get-Date).AddDays(-10); $before = (Get-Date).AddDays(-3)
        $expected = @($all | Where-Object { $_.StartTime -ge $after -and $_.StartTime -lt $before -and $_.Status -in 'BackupFailed', 'BackupPartiallySuccessful' })
        $expected.Count | Should -BeGreaterThan 5
        $window = @(Get-CpmBackup -After $after -Before $before -Status BackupFailed, BackupPartiallySuccessful)
        ($window.Id -join ',') | Should -Be ($expected.Id -join ',')
        (@(Get-CpmBackup -After $after -Before $before -Status F, A -First 3).Id -join ',') | Should -Be (@($expected[0..2].Id) -join ',')
        $queries = Get-ListRequests { Get-CpmBackup -After $after -Before $before -Status F, A }
        # Ten days of one status is a few hundred records at most: far from all 20 pages per status.
        $queries.Count | Should -BeLessOrEqual 8
    }

    It 'reads an oldest-first list only up to -Before' {
        $before = ($all | Sort-Object StartTime | Select-Object -First 1).StartTime.AddDays(1)
        $expected = @($all | Where-Object StartTime -LT $before | Sort-Object StartTime)
        $script:early = $null
        $queries = Get-ListRequests { $script:early = @(Get-CpmBackup -OrderBy start_time -Before $before) }
        ($early.Id -join ',') | Should -Be ($expected.Id -join ',')
        $queries.Count | Should -BeLessOrEqual 2
    }

    It 'stays right, reading everything, when the list is sorted by something else' {
        $after = (Get-Date).AddHours(-12)
        $expected = @($all | Where-Object StartTime -GE $after)
        @(Get-CpmBackup -OrderBy policy -After $after).Count | Should -Be $expected.Count
    }

    It 'takes times with Z or an offset as the instant they name' {
        $anchor = $all[5].StartTime
        $utcText = $anchor.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'")
        $offsetText = $anchor.ToUniversalTime().AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'+02:00'")
        $expected = @($all | Where-Object StartTime -GE $anchor).Count
        @(Get-CpmBackup -After $utcText).Count | Should -Be $expected
        @(Get-CpmBackup -After $offsetText).Count | Should -Be $expected
        @(Get-CpmBackup -After ([DateTimeOffset]$anchor)).Count | Should -Be $expected
    }
}
