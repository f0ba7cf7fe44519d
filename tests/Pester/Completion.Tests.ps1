# Tab completion as a user meets it (TabExpansion2): -Name offers the server's names (never files),
# -Server picks whose, no connection offers nothing quietly, a slow server never holds the prompt, a
# second Tab is served from the cache, -Timezone offers the server's zones and Invoke-CpmApi -Path
# the guide's paths. Two simulators with different seeds hold different schedules: A has 3, B has 7.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force

    $script:SimA = Start-CpmTestSimulator -ArgumentList '--seed', '3'
    $script:SimB = Start-CpmTestSimulator -ArgumentList '--seed', '7'

    # A folder holding files whose names begin like the schedules: file completion would offer them.
    $script:Folder = Join-Path ([IO.Path]::GetTempPath()) "cpm-completion-$([guid]::NewGuid())"
    $null = New-Item -ItemType Directory -Path $Folder
    foreach ($file in 'daily-0003.txt', 'hourly-notes.txt', 'weekly-report.csv') { $null = New-Item -ItemType File -Path (Join-Path $Folder $file) }
    Push-Location $Folder

    # What Tab offers with the cursor at the end of the line, or after the first occurrence of -At.
    function script:Get-Completion([string] $Line, [string] $At) {
        $cursor = if ($At) { $Line.IndexOf($At) + $At.Length } else { $Line.Length }
        (TabExpansion2 -inputScript $Line -cursorColumn $cursor).CompletionMatches
    }

    # A Tab that needs the server: the first one may give up waiting on a busy machine while the
    # listing goes on in the background, so ask again a few times until something is offered.
    function script:Get-LiveCompletion([string] $Line, [string] $At) {
        for ($try = 0; $try -lt 5; $try++) {
            $offered = @(Get-Completion $Line $At)
            if ($offered.Count -gt 0) { return $offered }
            Start-Sleep -Milliseconds 500
        }
    }

    function script:ListRequests($Sim, [string] $Path) {
        @(Get-CpmSimulatorRequest -Simulator $Sim | Where-Object { $_.method -eq 'GET' -and $_.path -eq $Path })
    }
}

AfterAll {
    Pop-Location
    Remove-Item $Folder -Recurse -Force -ErrorAction SilentlyContinue
    Disconnect-CpmTestAll
    Stop-CpmTestSimulator $SimA
    Stop-CpmTestSimulator $SimB
}

Describe '-Name completion from the server' {
    BeforeAll {
        Disconnect-CpmTestAll
        $script:ConnA = Connect-CpmTestSimulator $SimA -PassThru
        $script:NamesA = @(Get-CpmSchedule -Server $ConnA).Name | Sort-Object
    }

    It 'offers the schedule names of the server, and no files' {
        $offered = Get-LiveCompletion 'Get-CpmSchedule -Name '

        @($offered.ListItemText | Sort-Object) | Should -Be $NamesA
        $offered.ResultType | Should -Not -Contain 'ProviderItem'
        $offered.ListItemText | Should -Not -Contain 'daily-0003.txt'
    }

    It 'offers only the names that begin with what was typed' {
        $offered = Get-LiveCompletion 'Get-CpmSchedule -Name dai'

        $offered.CompletionText | Should -Be @('daily-0003')
    }

    It 'takes wildcards in what was typed' {
        (Get-LiveCompletion 'Get-CpmSchedule -Name *ly-000').CompletionText | Should -Be @('daily-0003', 'hourly-0002')
    }

    It 'offers policy names to Get-CpmPolicy and Start-CpmPolicyBackup' {
        (Get-LiveCompletion 'Get-CpmPolicy -Name ').CompletionText | Should -Contain 'prod'
        (Get-LiveCompletion 'Start-CpmPolicyBackup -Name st').CompletionText | Should -Be @('staging')
    }

    It 'answers a second Tab from the cache, without asking the server again' {
        $null = Get-LiveCompletion 'Get-CpmPolicy -Name '
        Clear-CpmSimulatorRequest $SimA

        (Get-Completion 'Get-CpmPolicy -Name d').CompletionText | Should -Be @('dev')
        ListRequests $SimA '/api/policies/' | Should -HaveCount 0
    }
}

Describe '-Server picks whose names are offered' {
    BeforeAll {
        Disconnect-CpmTestAll
        $script:ConnA = Connect-CpmTestSimulator $SimA -PassThru
        $null = Connect-CpmTestSimulator $SimB   # B is current
    }

    It 'offers the current server''s names without -Server' {
        (Get-LiveCompletion 'Get-CpmSchedule -Name w').CompletionText | Should -Be @('weekly-0004')
    }

    It 'offers the names of the server -Server names' {
        $offered = Get-LiveCompletion "Get-CpmSchedule -Server $($SimA.Server) -Name "

        $offered.CompletionText | Should -Be @('daily-0003', 'every-minutes-0001', 'hourly-0002')
        (Get-LiveCompletion "Get-CpmSchedule -Name w -Server $($SimB.Server)" -At '-Name w').CompletionText | Should -Be @('weekly-0004')
    }

    It 'takes -Server as a connection object' {
        # Tab reads variables of the session's global scope, as a user's prompt has them.
        $global:CpmCompletionTestConnection = $ConnA
        try {
            (Get-LiveCompletion 'Get-CpmSchedule -Server $CpmCompletionTestConnection -Name ').CompletionText |
                Should -Be @('daily-0003', 'every-minutes-0001', 'hourly-0002')
        }
        finally { Remove-Variable -Name CpmCompletionTestConnection -Scope Global }
    }

    It 'offers nothing for a -Server that names no open connection' {
        Get-Completion 'Get-CpmSchedule -Server nowhere.example -Name ' | Should -BeNullOrEmpty
    }
}

Describe 'Completion without a connection' {
    BeforeAll { Disconnect-CpmTestAll }

    It 'offers nothing, writes no error and offers no files' {
        $errorsBefore = $Error.Count

        $offered = Get-Completion 'Get-CpmSchedule -Name dai'

        $offered | Should -BeNullOrEmpty
        $Error.Count | Should -Be $errorsBefore
    }
}

Describe 'Completion with a slow server' -Tag Slow {
    BeforeAll {
        Disconnect-CpmTestAll
        # A fresh connection starts with an empty cache; every API call then takes 4 s.
        $null = Connect-CpmTestSimulator $SimB
        $null = Invoke-CpmSimulatorAdmin -Simulator $SimB -Method POST -Path /_sim/faults -Body @{ latencyMs = 4000 }
        Clear-CpmSimulatorRequest $SimB
    }
    AfterAll { $null = Invoke-CpmSimulatorAdmin -Simulator $SimB -Method DELETE -Path /_sim/faults }

    It 'returns within 2.5 s, then offers the names the background call brought' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $null = Get-Completion 'Get-CpmSchedule -Name '
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 2.5

        # The listing goes on in the background and fills the cache.
        $deadline = (Get-Date).AddSeconds(20)
        while (-not (ListRequests $SimB '/api/schedules/') -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 250 }
        ListRequests $SimB '/api/schedules/' | Should -HaveCount 1
        Clear-CpmSimulatorRequest $SimB

        $clock.Restart()
        $offered = Get-Completion 'Get-CpmSchedule -Name '
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 2.5
        $offered.CompletionText | Should -HaveCount 7
        ListRequests $SimB '/api/schedules/' | Should -HaveCount 0
    }
}

Describe '-Timezone completion' {
    BeforeAll {
        Disconnect-CpmTestAll
        $null = Connect-CpmTestSimulator $SimA
        $script:Zones = @(Invoke-CpmApi system/timezones/).id
    }

    It 'offers the server''s time zones to New-CpmSchedule and Set-CpmSchedule' {
        $expected = @($Zones | Where-Object { $_ -like 'Europe/Lo*' } | Sort-Object)
        $expected | Should -Contain 'Europe/London'

        (Get-LiveCompletion 'New-CpmSchedule -Timezone Europe/Lo').CompletionText | Should -Be $expected
        (Get-LiveCompletion 'Set-CpmSchedule -Id 1 -Timezone Europe/Lo').CompletionText | Should -Be $expected
    }
}

Describe 'Invoke-CpmApi -Path completion' {
    It 'offers the guide''s paths in the form typed' {
        $offered = Get-Completion 'Invoke-CpmApi -Path pol'

        $offered.ListItemText | Should -Contain 'policies/'
        $offered.ListItemText | Should -Contain 'policies/{id}/backups/'
        $offered.ListItemText | ForEach-Object { $_ | Should -BeLike 'policies/*' }
        (Get-Completion 'Invoke-CpmApi /api/sched').ListItemText | Should -Contain '/api/schedules/'
        (Get-Completion 'Invoke-CpmApi /sched').ListItemText | Should -Contain '/schedules/'
    }

    It 'keeps the ids typed and quotes paths with placeholders' {
        $offered = Get-Completion 'Invoke-CpmApi policies/5/targ'

        $offered.ListItemText | Should -Contain 'policies/5/targets/instances/'
        $offered.CompletionText | Should -Contain "'policies/5/targets/instances/{id}/'"
    }

    It 'offers only the paths that take the -Method given' {
        $offered = Get-Completion 'Invoke-CpmApi -Method DELETE -Path schedules/'

        $offered.ListItemText | Should -Contain 'schedules/{id}/'
        $offered.ListItemText | Should -Not -Contain 'schedules/'
    }
}
