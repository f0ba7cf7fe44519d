# Agents (5), alerts (6), regions (16.1), resource types (19.1), the server (24) and its tokens (25), end to end:
# the built module against the simulator over HTTPS, certificate pinned.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $script:sim = Start-CpmTestSimulator -ArgumentList '--seed', '6'
    Disconnect-CpmTestAll
    Connect-CpmTestSimulator -Simulator $sim

    function script:Get-SimRequests([int] $Last = 200) { @(Get-CpmSimulatorRequest -Simulator $sim -Last $Last) }
    function script:Get-Sent([scriptblock] $Script) {
        Clear-CpmSimulatorRequest -Simulator $sim
        $null = & $Script
        @(Get-SimRequests | Where-Object { $_.path -like '/api/*' -and $_.path -notlike '/api/token/*' } | ForEach-Object { "$($_.method) $($_.path)" })
    }
}

AfterAll {
    Disconnect-CpmTestAll
    Stop-CpmTestSimulator -Simulator $sim
}

Describe 'Get-CpmAgent' {
    It 'lists the agents, typed, with dates as DateTime and the id aliases the pipeline binds' {
        $agents = @(Get-CpmAgent)
        $agents.Count | Should -BeGreaterOrEqual 2
        $agents[0] | Should -BeOfType ([CpmPowerShell.Models.Agent])
        $agents[0].LastHeardFrom | Should -BeOfType ([DateTime])
        $agents[0].AgentId | Should -Be $agents[0].Id
        $agents[0].AwsInstanceId | Should -BeLike 'i-*'
    }

    It 'takes every filter of the API: instance id, user name, search, order, and -Name with wildcards' {
        $all = @(Get-CpmAgent)
        $one = $all[1]
        @(Get-CpmAgent -AwsInstanceId $one.AwsInstanceId).Id | Should -Be @($one.Id)
        @(Get-CpmAgent -Name $one.Name).Id | Should -Be @($one.Id)
        @(Get-CpmAgent -Name 'agent-0*').Count | Should -Be $all.Count
        @(Get-CpmAgent -Search $one.AwsInstanceId).Id | Should -Be @($one.Id)
        @(Get-CpmAgent -UserName root).User | Sort-Object -Unique | Should -Be 1
        @(Get-CpmAgent -UserName nobody-here) | Should -BeNullOrEmpty
        (Get-CpmAgent -OrderBy '-name' | Select-Object -First 1).Name | Should -Be ($all.Name | Sort-Object -Descending | Select-Object -First 1)
        $sent = Get-Sent { Get-CpmAgent -UserName root -AwsInstanceId $one.AwsInstanceId }
        $sent | Should -Be @('GET /api/agents/')
        (Get-SimRequests -Last 5 | Where-Object path -eq '/api/agents/' | Select-Object -Last 1).query | Should -Match 'user=root'
    }
}

Describe 'Set-CpmAgentConfiguration' {
    It 'sends ONE request for all piped agents, collected at the end, and returns what the server stored' {
        $agents = @(Get-CpmAgent)
        $agents.Count | Should -BeGreaterOrEqual 2
        Clear-CpmSimulatorRequest -Simulator $sim
        $result = $agents | Set-CpmAgentConfiguration -Setting @{ max_seconds_to_wait_for_vss = 100; debug = $true }
        $posts = @(Get-SimRequests | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/api/agents/configuration/' })
        $posts.Count | Should -Be 1
        $result | Should -BeOfType ([CpmPowerShell.Models.AgentConfiguration])
        foreach ($agent in $agents) {
            $result.AgentsConfiguration | Should -Match ([regex]::Escape("[agent__$($agent.AwsInstanceId)]`ndebug=true`nmax_seconds_to_wait_for_vss=100"))
        }
    }

    It 'names policies, all remote agents and the local agent as sections' {
        $policy = (Get-CpmPolicy -First 1).Name
        $result = Set-CpmAgentConfiguration -PolicyName $policy -AllRemoteAgents -LocalAgent -Setting @{ max_seconds_to_wait_for_policy = 600 }
        $result.AgentsConfiguration | Should -Be "[policy__$policy]`nmax_seconds_to_wait_for_policy=600`n`n[all_remote_agents]`nmax_seconds_to_wait_for_policy=600`n`n[local_agent]`nmax_seconds_to_wait_for_policy=600`n"
    }

    It 'shows the INI text with -WhatIf and sends nothing' {
        $text = Get-HostOutput { Get-CpmAgent | Set-CpmAgentConfiguration -Setting @{ log_level = 'debug' } -WhatIf }
        $text | Should -Match 'POST /api/agents/configuration/'
        $text | Should -Match 'agent__i-'
        (Get-Sent { Get-CpmAgent | Set-CpmAgentConfiguration -Setting @{ log_level = 'debug' } -WhatIf }) | Should -Be @('GET /api/agents/')
    }

    It 'refuses a call that names no agent with CpmInvalidArgument, before sending anything' {
        $sent = Get-Sent { { Set-CpmAgentConfiguration -Setting @{ a = 1 } -ErrorAction Stop } | Should -Throw -ErrorId 'CpmInvalidArgument,CpmPowerShell.Commands.SetCpmAgentConfigurationCommand' }
        $sent | Should -BeNullOrEmpty
    }

    It 'sends nothing and reports nothing when the pipeline brings no agent' {
        $sent = Get-Sent { Get-CpmAgent -Name 'no-such-agent-*' | Set-CpmAgentConfiguration -Setting @{ a = 1 } -ErrorAction Stop }
        $sent | Should -Be @('GET /api/agents/')
    }

    It 'reports a section the server does not know as CpmValidationFailed' {
        { Set-CpmAgentConfiguration -Configuration "[agent__i-0000000000000dead]`nx=1" -ErrorAction Stop } |
            Should -Throw -ErrorId 'CpmValidationFailed,CpmPowerShell.Commands.SetCpmAgentConfigurationCommand'
    }
}

Describe 'Get-CpmAlert, Remove-CpmAlert, Clear-CpmAlert' {
    BeforeEach {
        $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path /_sim/reset -Body @{ seed = 6 }
    }

    It 'lists alerts newest first with severity by name and the time as DateTime, and reads one by id' {
        $alerts = @(Get-CpmAlert)
        $alerts.Count | Should -BeGreaterOrEqual 6
        $alerts[0] | Should -BeOfType ([CpmPowerShell.Models.Alert])
        $alerts[0].AlertTime | Should -BeOfType ([DateTime])
        $alerts.Severity | Should -Contain ([CpmPowerShell.Models.AlertSeverity]::Critical)
        (Get-CpmAlert -Id $alerts[2].Id).Title | Should -Be $alerts[2].Title
        @(Get-CpmAlert -First 2).Count | Should -Be 2
    }

    It 'deletes the alerts piped through Where-Object, each once, and no other' {
        $all = @(Get-CpmAlert)
        $errors = @($all | Where-Object Severity -eq Warning)
        $sent = Get-Sent { Get-CpmAlert | Where-Object Severity -eq Warning | Remove-CpmAlert -Confirm:$false }
        @($sent | Where-Object { $_ -like 'DELETE *' } | Sort-Object) | Should -Be @($errors | ForEach-Object { "DELETE /api/alerts/$($_.Id)/" } | Sort-Object)
        @(Get-CpmAlert).Count | Should -Be ($all.Count - $errors.Count)
        @(Get-CpmAlert | Where-Object Severity -eq Warning) | Should -BeNullOrEmpty
    }

    It 'reports an unknown alert as CpmNotFound' {
        { Get-CpmAlert -Id 999999 -ErrorAction Stop } | Should -Throw -ErrorId 'CpmNotFound,CpmPowerShell.Commands.GetCpmAlertCommand'
    }

    It 'Clear-CpmAlert deletes them all with -Force; -WhatIf sends nothing' {
        (Get-Sent { Clear-CpmAlert -WhatIf }) | Should -BeNullOrEmpty
        @(Get-CpmAlert).Count | Should -BeGreaterThan 0
        (Get-Command Clear-CpmAlert).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
        Clear-CpmAlert -Force
        @(Get-CpmAlert) | Should -BeNullOrEmpty
    }

    It 'Clear-CpmAlert is never reached by a piped alert' {
        $sent = Get-Sent { Get-CpmAlert -First 1 | Clear-CpmAlert -Force -ErrorAction SilentlyContinue }
        $sent | Should -Be @('GET /api/alerts/')
        @(Get-CpmAlert).Count | Should -BeGreaterThan 0
    }
}

Describe 'Regions, resource types, time zones and the version' {
    It 'Get-CpmRegion lists the enabled DR regions' {
        $regions = @(Get-CpmRegion)
        $regions.AwsRegion | Should -Contain 'us-east-1'
        $regions[0].DispName | Should -Not -BeNullOrEmpty
    }

    It 'Get-CpmResourceType lists the target kinds, -Name with wildcards' {
        @(Get-CpmResourceType).Name | Should -Contain 'instances'
        @(Get-CpmResourceType -Name 'rds_*').Name | Sort-Object | Should -Be @('rds_clusters', 'rds_databases')
    }

    It 'Get-CpmTimeZone lists the zones the -Timezone completer offers' {
        $zones = @(Get-CpmTimeZone)
        $zones.Id | Should -Contain 'Europe/London'
        # The first Tab may give up waiting while the list is read in the background: ask a few times.
        $line = 'New-CpmSchedule -Timezone Europe/Lond'
        for ($try = 0; $try -lt 5 -and -not $completed; $try++) {
            $completed = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
            if (-not $completed) { Start-Sleep -Milliseconds 500 }
        }
        $completed | Should -Contain 'Europe/London'
    }

    It 'Get-CpmVersion reads the server and API versions' {
        $version = Get-CpmVersion
        $version.ApiVersion | Should -Be '1.5.0'
        $version.CpmVersion | Should -Not -BeNullOrEmpty
    }
}

Describe 'Get-CpmDashboardActivity and Get-CpmDashboardState' {
    It 'counts the backups of the simulator by outcome' {
        $backups = @(Get-CpmBackup)
        $since = ($backups.StartTime | Measure-Object -Minimum).Minimum
        $activity = Get-CpmDashboardActivity -Since $since
        $activity.BackupSuccessNum | Should -Be @($backups | Where-Object Status -eq BackupSuccessful).Count
        $activity.BackupFailNum | Should -Be @($backups | Where-Object Status -eq BackupFailed).Count
        (Get-CpmDashboardActivity -Since (Get-Date).AddYears(1)).BackupSuccessNum | Should -Be 0
    }

    It 'counts policies and protected instances from the simulator''s own policies' {
        $state = Get-CpmDashboardState
        $state.PoliciesNum | Should -Be @(Get-CpmPolicy).Count
        $state.ProtectedInstancesNum | Should -Be @(Get-CpmPolicy | Get-CpmPolicyInstance).Count
    }
}

Describe 'Save-CpmSupportLog' {
    It 'saves the server''s bzip2 file into a folder under the server''s file name' {
        $file = Save-CpmSupportLog -Path $TestDrive -IncludeSystemLogs -BackupLogPeriod Month
        $file | Should -BeOfType ([System.IO.FileInfo])
        $file.Name | Should -BeLike 'cpm_support_logs_*.tar.bz2'
        $bytes = [IO.File]::ReadAllBytes($file.FullName)
        [Text.Encoding]::ASCII.GetString($bytes, 0, 3) | Should -Be 'BZh'
        $query = (Get-SimRequests -Last 5 | Where-Object path -eq '/api/system/support_logs/' | Select-Object -Last 1).query
        $query | Should -Match 'collect_system_logs=true'
        $query | Should -Match 'collect_backup_logs_period=month'
    }

    It 'saves to a file path and refuses to overwrite it without -Force' {
        $path = Join-Path $TestDrive 'logs.tar.bz2'
        (Save-CpmSupportLog -Path $path).FullName | Should -Be $path
        { Save-CpmSupportLog -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'CpmFileExists,CpmPowerShell.Commands.SaveCpmSupportLogCommand'
        (Save-CpmSupportLog -Path $path -Force).Length | Should -BeGreaterThan 0
    }

    It 'downloads and writes nothing with -WhatIf' {
        $folder = Join-Path $TestDrive 'whatif'
        (Get-Sent { Save-CpmSupportLog -Path "$folder/" -WhatIf }) | Should -BeNullOrEmpty
        Test-Path $folder | Should -BeFalse
    }

    It 'refuses a period the API does not know' {
        { Save-CpmSupportLog -Path $TestDrive -BackupLogPeriod Year } | Should -Throw -ErrorId 'ParameterArgumentValidationError,CpmPowerShell.Commands.SaveCpmSupportLogCommand'
    }
}

Describe 'The token endpoints' {
    It 'Connect-CpmServer obtains the tokens and its connection refreshes an expired access token' {
        Clear-CpmSimulatorRequest -Simulator $sim
        $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path /_sim/expire-tokens -Body @{ refresh = $false }
        $null = Get-CpmVersion
        @(Get-SimRequests | ForEach-Object { "$($_.method) $($_.path)" }) | Should -Contain 'POST /api/token/refresh/'
        (Find-CpmCommand -Section 25.1).Command | Should -Be 'Connect-CpmServer'
        (Find-CpmCommand -Section 25.2).Command | Should -Be 'Connect-CpmServer'
    }
}
