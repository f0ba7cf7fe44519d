# Schedules (guide chapter 22) end to end: the built module against the simulator over HTTPS, certificate pinned.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $script:sim = Start-CpmTestSimulator -ArgumentList '--seed', '3'
    Connect-CpmServer -Server $sim.Server -ApiKey $sim.ApiKey -CertificateThumbprint $sim.Sha256

    function script:Get-SimRequests([int] $Last = 200) {
        @(Invoke-CpmSimulatorAdmin -Simulator $sim -Method GET -Path "/_sim/requests?last=$Last")
    }
    function script:Get-SimStats { Invoke-CpmSimulatorAdmin -Simulator $sim -Method GET -Path '/_sim/stats' }
}

AfterAll {
    Disconnect-CpmServer -ErrorAction SilentlyContinue
    Stop-CpmTestSimulator -Simulator $sim
}

Describe 'New-CpmSchedule' {
    It 'creates a schedule owned by the connected user and returns it typed' {
        $schedule = New-CpmSchedule -Name 'pester-weekly' -EveryHowMany 1 -EveryUnit Weeks -Description 'made by Pester'
        $schedule | Should -BeOfType ([CpmPowerShell.Models.Schedule])
        $schedule.Id | Should -BeGreaterThan 0
        $schedule.ScheduleId | Should -Be $schedule.Id
        $schedule.EveryUnit | Should -Be ([CpmPowerShell.Models.ScheduleUnit]::Weeks)
        $schedule.User | Should -Be (Get-CpmConnection -Current).UserId
    }

    It 'accepts the API code of an enum (W) as well as its name' {
        $schedule = New-CpmSchedule -Name 'pester-code' -EveryHowMany 3 -EveryUnit W
        $schedule.EveryUnit | Should -Be 'Weeks'
    }

    It 'refuses an enum value that is neither a name nor a code, before sending anything' {
        $before = (Get-SimStats).requests
        { New-CpmSchedule -Name 'pester-bad-unit' -EveryHowMany 1 -EveryUnit Fortnights -ErrorAction Stop } | Should -Throw -ExpectedMessage '*Fortnights*'
        (Get-SimStats).requests | Should -Be $before
    }

    It 'reports a bad name as CpmValidationFailed naming the field, and creates nothing' {
        $before = @(Get-CpmSchedule).Count
        $failure = $null
        try { New-CpmSchedule -Name 'bad name!' -EveryHowMany 1 -ErrorAction Stop } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike 'CpmValidationFailed*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.Exception.Message | Should -Match '\bname\b'
        @(Get-CpmSchedule).Count | Should -Be $before
    }

    It 'takes disable times as hashtables' {
        $schedule = New-CpmSchedule -Name 'pester-disabled' -EveryHowMany 1 -EveryUnit Days -DisableTimes @{ Day = 'Monday'; StartTime = '01:00'; EndTime = '02:00' }
        $schedule.DisableTimes.Count | Should -Be 1
        $schedule.DisableTimes[0].Day | Should -Be 'Monday'
    }

    It 'reads API codes and field names inside hashtables too (U is Sunday, not a guess)' {
        $schedule = New-CpmSchedule -Name 'pester-codes-in-hashtable' -EveryHowMany 1 -DisableTimes @{ day = 'U'; start_time = '03:00'; end_time = '04:00' }, @{ Day = 'S'; StartTime = '05:00'; EndTime = '06:00' }
        $schedule.DisableTimes.Day | Should -Be @('Sunday', 'Saturday')
    }

    It 'refuses a hashtable key the model does not have, naming the valid ones' {
        { New-CpmSchedule -Name 'pester-bad-key' -EveryHowMany 1 -DisableTimes @{ Weekday = 'Monday' } -ErrorAction Stop } | Should -Throw -ExpectedMessage '*Weekday*StartTime*'
    }

    It 'reads yes/no columns of a CSV as people write them' {
        $rows = @"
Name,EveryHowMany,EveryUnit,AllowOnSaturday,AllowOnSunday
pester-csv-weekdays,1,D,False,no
"@ | ConvertFrom-Csv
        # Rows are splatted: New-* binds no field from a piped object (see below).
        $parameters = @{}
        foreach ($column in $rows.PSObject.Properties) { $parameters[$column.Name] = $column.Value }
        $created = New-CpmSchedule @parameters
        $created.AllowOnSaturday | Should -BeFalse
        $created.AllowOnSunday | Should -BeFalse
        $created.AllowOnMonday | Should -BeTrue
    }

    It 'takes no name or description from a piped policy (Get-CpmPolicy | New-CpmSchedule), sending nothing' {
        # Issue 8 changed this on purpose: New-* fields no longer bind by property name, so an unrelated
        # piped object cannot lend its name or description; the pipeline is refused instead.
        $policy = Get-CpmPolicy -First 1
        $before = (Get-SimStats).requests
        # Without -Name: the policy's name is not taken, so the mandatory -Name is missing.
        { $policy | New-CpmSchedule -EveryHowMany 1 -ErrorAction Stop } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
        # With -Name: the policy binds to nothing (its description is not taken either), so it is refused.
        $policy | New-CpmSchedule -Name 'pester-not-the-policy' -EveryHowMany 1 -ErrorVariable script:bindErrors -ErrorAction SilentlyContinue
        $script:bindErrors[0].FullyQualifiedErrorId | Should -BeLike 'InputObjectNotBound,*'
        (Get-SimStats).requests | Should -Be $before
        Get-CpmSchedule -Name $policy.Name, 'pester-not-the-policy' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'sends nothing with -WhatIf' {
        $before = (Get-SimStats).requests
        New-CpmSchedule -Name 'pester-whatif' -EveryHowMany 1 -WhatIf
        (Get-SimStats).requests | Should -Be $before
        Get-CpmSchedule -Name 'pester-whatif' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Get-CpmSchedule' {
    BeforeAll {
        foreach ($n in 1..5) { $null = New-CpmSchedule -Name "pester-list-$n" -EveryHowMany $n -EveryUnit Hours }
    }

    It 'lists every schedule' {
        $all = @(Get-CpmSchedule)
        $all.Count | Should -BeGreaterOrEqual 8
        $all | ForEach-Object { $_ | Should -BeOfType ([CpmPowerShell.Models.Schedule]) }
    }

    It 'matches -Name with wildcards on the client, exactly' {
        $found = @(Get-CpmSchedule -Name 'pester-list-*')
        $found.Count | Should -Be 5
        @(Get-CpmSchedule -Name 'pester-list-3').Count | Should -Be 1
        @(Get-CpmSchedule -Name 'PESTER-LIST-3').Count | Should -Be 1
        @(Get-CpmSchedule -Name 'pester-list' -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'narrows -Name with the server search before matching' {
        $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path '/_sim/stats/reset'
        $null = Get-CpmSchedule -Name 'pester-list-2'
        $last = Get-SimRequests -Last 1
        $last[0].query | Should -Match 'search=pester-list-2'
    }

    It 'reads by -Id, also from the pipeline, and reports a missing id without stopping' {
        $one = Get-CpmSchedule -Name 'pester-list-1'
        $two = Get-CpmSchedule -Name 'pester-list-2'
        $result = @($one.Id, 999999, $two.Id | Get-CpmSchedule -ErrorVariable problems -ErrorAction SilentlyContinue)
        $result.Name | Should -Be @('pester-list-1', 'pester-list-2')
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CpmNotFound*'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be 999999
    }

    It 'supports -First and -Skip' {
        $ordered = @(Get-CpmSchedule -Name 'pester-list-*' -OrderBy name)
        @(Get-CpmSchedule -Name 'pester-list-*' -OrderBy name -First 2).Name | Should -Be $ordered[0..1].Name
        @(Get-CpmSchedule -Name 'pester-list-*' -OrderBy name -Skip 3).Name | Should -Be $ordered[3..4].Name
    }

    It 'orders with -OrderBy, descending with a leading dash' {
        $names = @(Get-CpmSchedule -Name 'pester-list-*' -OrderBy '-every_how_many').Name
        $names | Should -Be @('pester-list-5', 'pester-list-4', 'pester-list-3', 'pester-list-2', 'pester-list-1')
    }

    It 'reports a literal -Name that matches nothing as CpmNotFound, but not a wildcard' {
        Get-CpmSchedule -Name 'pester-no-such' -ErrorVariable missing -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $missing.Count | Should -Be 1
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'CpmNotFound*'
        $missing[0].TargetObject | Should -Be 'pester-no-such'
        Get-CpmSchedule -Name 'pester-no-such*' -ErrorVariable none -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $none.Count | Should -Be 0
    }

    It 'gives the server''s total with -IncludeTotalCount without reading every page' {
        $all = @(Get-CpmSchedule).Count
        $output = @(Get-CpmSchedule -First 2 -IncludeTotalCount)
        $output.Count | Should -Be 3
        $output[0] | Should -BeOfType ([System.Management.Automation.PSObject])
        $output[0].ToString() | Should -Match "Total count: $all"
    }

    It 'filters with -Search' {
        @(Get-CpmSchedule -Search 'pester-list').Count | Should -Be 5
    }

    It 'shows a table with friendly enum names' {
        $text = Get-CpmSchedule -Name 'pester-list-1' | Format-Table | Out-String
        $text | Should -Match 'EveryUnit'
        $text | Should -Match 'Hours'
    }
}

Describe 'Set-CpmSchedule' {
    It 'changes only the given fields (read, merge, write)' {
        $schedule = New-CpmSchedule -Name 'pester-set' -EveryHowMany 2 -EveryUnit Days -Description 'keep me'
        $updated = Set-CpmSchedule -Id $schedule.Id -EveryHowMany 3 -PassThru
        $updated.EveryHowMany | Should -Be 3
        $updated.Description | Should -Be 'keep me'
        $updated.EveryUnit | Should -Be 'Days'
        (Get-CpmSchedule -Id $schedule.Id).EveryHowMany | Should -Be 3
    }

    It 'takes schedules from the pipeline and returns nothing without -PassThru' {
        $null = New-CpmSchedule -Name 'pester-set-pipe' -EveryHowMany 1 -EveryUnit Weeks
        $output = Get-CpmSchedule -Name 'pester-set-pipe' | Set-CpmSchedule -EveryUnit Months
        $output | Should -BeNullOrEmpty
        (Get-CpmSchedule -Name 'pester-set-pipe').EveryUnit | Should -Be 'Months'
    }

    It 'sends no change with -WhatIf' {
        $schedule = New-CpmSchedule -Name 'pester-set-whatif' -EveryHowMany 1 -EveryUnit Weeks
        $writes = (Get-SimStats).writes
        Set-CpmSchedule -Id $schedule.Id -EveryHowMany 9 -WhatIf
        (Get-SimStats).writes | Should -Be $writes
        (Get-CpmSchedule -Id $schedule.Id).EveryHowMany | Should -Be 1
    }
}

Describe 'Remove-CpmSchedule' {
    It 'sends no request at all with -WhatIf, even for many piped schedules' {
        $before = (Get-SimStats).requests
        $schedules = @(Get-CpmSchedule)
        $afterList = (Get-SimStats).requests
        $schedules | Remove-CpmSchedule -WhatIf
        (Get-SimStats).requests | Should -Be $afterList
        @(Get-CpmSchedule).Count | Should -Be $schedules.Count
    }

    It 'is ConfirmImpact High and supports -Force' {
        $command = Get-Command Remove-CpmSchedule
        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'Force'
        $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'High'
    }

    It 'deletes piped schedules' {
        $null = New-CpmSchedule -Name 'pester-remove-1' -EveryHowMany 1
        $null = New-CpmSchedule -Name 'pester-remove-2' -EveryHowMany 1
        Get-CpmSchedule -Name 'pester-remove-*' | Remove-CpmSchedule -Force
        Get-CpmSchedule -Name 'pester-remove-*' | Should -BeNullOrEmpty
    }

    It 'deletes by -Id with -Confirm:$false and reports a missing one as CpmNotFound' {
        $schedule = New-CpmSchedule -Name 'pester-remove-id' -EveryHowMany 1
        Remove-CpmSchedule -Id $schedule.Id -Confirm:$false
        { Remove-CpmSchedule -Id $schedule.Id -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'CpmNotFound*'
    }
}

Describe 'Disable times' {
    BeforeAll {
        $script:parent = New-CpmSchedule -Name 'pester-dt' -EveryHowMany 1 -EveryUnit Days
    }

    It 'adds a disable time to a piped schedule' {
        $added = $parent | Add-CpmScheduleDisableTime -Day Friday -StartTime '22:00' -EndTime '23:30'
        $added.Day | Should -Be 'Friday'
        $added.ScheduleId | Should -Be $parent.Id
    }

    It 'lists them from a piped schedule, each carrying its ScheduleId' {
        $null = Add-CpmScheduleDisableTime -ScheduleId $parent.Id -Day H -StartTime '01:00' -EndTime '02:00'
        $times = @(Get-CpmSchedule -Name 'pester-dt' | Get-CpmScheduleDisableTime)
        $times.Count | Should -Be 2
        $times.ScheduleId | Sort-Object -Unique | Should -Be $parent.Id
        ($times | Where-Object Day -EQ 'Thursday') | Should -Not -BeNullOrEmpty
        (Get-CpmSchedule -Id $parent.Id).DisableTimes.Count | Should -Be 2
    }

    It 'reads one by -ScheduleId and -Id' {
        $first = @(Get-CpmScheduleDisableTime -ScheduleId $parent.Id)[0]
        (Get-CpmScheduleDisableTime -ScheduleId $parent.Id -Id $first.Id).Id | Should -Be $first.Id
    }

    It 'stamps the schedule id on disable times nested in a schedule, so they pipe too' {
        (Get-CpmSchedule -Id $parent.Id).DisableTimes.ScheduleId | Sort-Object -Unique | Should -Be $parent.Id
    }

    It 'refuses a schedule piped to Remove-CpmScheduleDisableTime without -Id' {
        { $parent | Remove-CpmScheduleDisableTime -Force -ErrorAction Stop } | Should -Throw
        @(Get-CpmScheduleDisableTime -ScheduleId $parent.Id).Count | Should -Be 2
    }

    It 'removes piped disable times' {
        Get-CpmScheduleDisableTime -ScheduleId $parent.Id | Where-Object Day -EQ 'Friday' | Remove-CpmScheduleDisableTime -Confirm:$false
        @(Get-CpmScheduleDisableTime -ScheduleId $parent.Id).Day | Should -Be @('Thursday')
    }
}

Describe 'Get-CpmScheduleRunTime' {
    It 'computes future run times for a piped schedule' {
        $null = New-CpmSchedule -Name 'pester-hourly' -EveryHowMany 6 -EveryUnit Hours
        $runs = @(Get-CpmSchedule -Name 'pester-hourly' | Get-CpmScheduleRunTime -DaysAhead 2)
        $runs.Count | Should -BeGreaterOrEqual 7
        $runs.Count | Should -BeLessOrEqual 9
        $runs[0] | Should -BeOfType ([CpmPowerShell.Models.ScheduleRunTime])
        $runs[0].Time | Should -BeOfType ([datetime])
        $runs[0].Time.Kind | Should -Be 'Local'
        $runs[0].ScheduleId | Should -BeGreaterThan 0
        ($runs[1].Time - $runs[0].Time).TotalHours | Should -Be 6
    }

    It 'defaults to seven days ahead' {
        $runs = @(Get-CpmSchedule -Name 'pester-hourly' | Get-CpmScheduleRunTime)
        $runs.Count | Should -BeGreaterOrEqual 27
    }
}

Describe 'Resilience' {
    It 'retries a GET through server errors' {
        $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path '/_sim/faults' -Body @{ failNext = @(@{ status = 503; count = 2; method = 'GET'; pathPrefix = '/api/schedules/' }) }
        @(Get-CpmSchedule).Count | Should -BeGreaterThan 0
    }

    It 'never replays a POST that failed on the server, and says so' {
        $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path '/_sim/faults' -Body @{ failNext = @(@{ status = 503; count = 1; method = 'POST'; pathPrefix = '/api/schedules/' }) }
        $before = (Get-SimStats).requests
        $failure = $null
        try { New-CpmSchedule -Name 'pester-no-replay' -EveryHowMany 1 -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'CpmServerError*'
        ((Get-SimStats).requests - $before) | Should -Be 1
        Get-CpmSchedule -Name 'pester-no-replay' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'renews an expired token on its own' {
        $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path '/_sim/expire-tokens'
        @(Get-CpmSchedule -First 1).Count | Should -Be 1
    }
}

Describe 'Secrets' {
    It 'never shows the API key or a token in any stream, Verbose and Debug included' {
        $key = [System.Net.NetworkCredential]::new('', $sim.ApiKey).Password
        $DebugPreference = 'Continue'
        $output = & {
            Get-CpmSchedule -Verbose -Debug
            New-CpmSchedule -Name 'pester-secret' -EveryHowMany 1 -Verbose -Debug
            New-CpmSchedule -Name 'bad name!' -EveryHowMany 1 -Verbose -Debug -ErrorAction Continue
            Get-CpmConnection | Format-List * 
        } *>&1 | Out-String
        $DebugPreference = 'SilentlyContinue'
        $output | Should -Not -BeNullOrEmpty
        $output | Should -Not -Match ([regex]::Escape($key))
        $output | Should -Not -Match 'eyJ[A-Za-z0-9_-]{10,}'
    }
}

Describe 'Token renewal in a long run' -Tag Slow {
    It 'keeps working for 15 s with 2-second access tokens, by refreshing rather than logging in again' {
        $short = Start-CpmTestSimulator -ArgumentList '--access-lifetime', '2', '--seed', '3'
        try {
            $connection = Connect-CpmServer -Server $short.Server -ApiKey $short.ApiKey -CertificateThumbprint $short.Sha256 -PassThru
            $deadline = (Get-Date).AddSeconds(15)
            $calls = 0
            while ((Get-Date) -lt $deadline) {
                $null = Get-CpmSchedule -Server $connection -ErrorAction Stop
                $calls++
                Start-Sleep -Milliseconds 250
            }
            $stats = Invoke-CpmSimulatorAdmin -Simulator $short -Method GET -Path '/_sim/stats'
            $calls | Should -BeGreaterThan 20
            $stats.tokenObtains | Should -Be 1
            $stats.tokenRefreshes | Should -BeGreaterOrEqual 4
            $stats.unauthorized | Should -Be 0
        }
        finally {
            Disconnect-CpmServer -Server $connection -ErrorAction SilentlyContinue
            Stop-CpmTestSimulator -Simulator $short
        }
    }
}
