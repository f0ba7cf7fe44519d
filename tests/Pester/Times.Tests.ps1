# Times, as PowerShell's own cmdlets have them: every DateTime the module returns is local time (Kind
# Local, the right instant), a time the user types is local unless it says otherwise, and the wire is
# the guide's GMT. Each zone runs in its own non-interactive PowerShell process with TZ set, against one
# simulator; the stored record is read raw (Invoke-CpmApi keeps the server's text) to check the instant.
BeforeDiscovery {
    $script:zones = @(
        @{ Zone = 'America/New_York'; Typed = '2026-12-06T04:00:00Z' } # UTC-5 in December
        @{ Zone = 'Asia/Kolkata'; Typed = '2026-12-05T17:30:00Z' }     # UTC+5:30, no daylight saving
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $script:sim = Start-CpmTestSimulator -ArgumentList '--seed-backups', '300', '--backup-seconds', '1'
    Connect-CpmTestSimulator -Simulator $sim

    # What the child process does in its zone; it prints one JSON line of facts for the test to judge.
    $script:child = Join-Path ([IO.Path]::GetTempPath()) "cpm-times-$PID.ps1"
    Set-Content -Path $child -Encoding utf8NoBOM -Value @'
param($ModulePath, $Server, $Thumbprint, $Tag)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$key = ConvertTo-SecureString $env:CPM_TIMES_KEY -AsPlainText -Force
$connection = Connect-CpmServer -Server $Server -ApiKey $key -CertificateThumbprint $Thumbprint -PassThru
function Describe-Time($Value) { @{ Text = $Value.ToString('yyyy-MM-dd HH:mm:ss'); Kind = "$($Value.Kind)" } }

$typed = New-CpmSchedule -Name "$Tag-typed" -EveryHowMany 1 -EveryUnit Weeks -StartDate '2026-12-05 23:00'
$zulu = New-CpmSchedule -Name "$Tag-zulu" -EveryHowMany 1 -EveryUnit Weeks -StartDate '2026-12-05T23:00:00Z'
$offset = New-CpmSchedule -Name "$Tag-offset" -EveryHowMany 1 -EveryUnit Weeks -StartDate '2026-12-05T23:00:00+02:00'
$utcKind = New-CpmSchedule -Name "$Tag-utckind" -EveryHowMany 1 -EveryUnit Weeks -StartDate ([datetime]::SpecifyKind([datetime]'2026-12-05 23:00', 'Utc'))
# A DateTimeOffset (which PowerShell alone cannot bind to DateTime): a failure here shows as no Id.
$object = try { New-CpmSchedule -Name "$Tag-object" -EveryHowMany 1 -EveryUnit Weeks -StartDate ([datetimeoffset]'2026-12-05T23:00:00-03:00') } catch { $null }
# A read-modify-write sends the local StartDate it read back as the same instant.
Set-CpmSchedule -Id $typed.Id -Description 'changed'
$policy = Get-CpmPolicy -Name prod
$started = $policy | Start-CpmPolicyBackup -Wait -Timeout 60
$latest = Get-CpmBackup -First 1
# A kind list's start-time filter takes local time too: the backup started within the last minutes, not hours away.
$staging = Get-CpmPolicy -Name staging | Start-CpmPolicyBackup -Wait -Timeout 60
$sinceJustBefore = @($staging | Get-CpmBackupRdsDatabase -FromTime $staging.StartTime.AddMinutes(-2)).Count
$sinceJustAfter = @($staging | Get-CpmBackupRdsDatabase -FromTime $staging.StartTime.AddMinutes(2)).Count
$untilJustBefore = @($staging | Get-CpmBackupDrEfs -ToTime $staging.StartTime.AddMinutes(-2)).Count
$run = Get-CpmSchedule -Id $typed.Id | Get-CpmScheduleRunTime -DaysAhead 30 | Select-Object -First 1

[ordered]@{
    Ids              = @{ Typed = $typed.Id; Zulu = $zulu.Id; Offset = $offset.Id; UtcKind = $utcKind.Id; Object = $object.Id }
    TypedStart       = Describe-Time $typed.StartDate
    ReadStart        = Describe-Time (Get-CpmSchedule -Id $typed.Id).StartDate
    BackupStart      = Describe-Time $started.StartTime
    BackupUtc        = $started.StartTime.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')
    BackupId         = $started.Id
    MinutesFromNow   = ((Get-Date) - $started.StartTime).TotalMinutes
    LatestKind       = "$($latest.StartTime.Kind)"
    RunTimeKind      = "$($run.Time.Kind)"
    ConnectedAtKind  = "$($connection.ConnectedAt.Kind)"
    Offset           = [TimeZoneInfo]::Local.BaseUtcOffset.TotalMinutes
    KindFilter       = @{ SinceJustBefore = $sinceJustBefore; SinceJustAfter = $sinceJustAfter; UntilJustBefore = $untilJustBefore }
} | ConvertTo-Json -Compress -Depth 4
'@

    function script:Invoke-InZone([string] $Zone) {
        $savedZone = $env:TZ
        $env:TZ = $Zone
        $env:CPM_TIMES_KEY = $sim.PlainApiKey
        try {
            $tag = 'tz-' + ($Zone -replace '[^A-Za-z]', '').ToLowerInvariant()
            $output = Invoke-CpmTestPwsh -File $child -ArgumentList '-ModulePath', (Get-CpmTestModulePath), '-Server', $sim.Server, '-Thumbprint', $sim.Sha256, '-Tag', $tag
            if ($LASTEXITCODE -ne 0) { throw "The child process in $Zone failed: $($output | Out-String)" }
            ($output | Select-Object -Last 1) | ConvertFrom-Json
        }
        finally {
            if ($null -eq $savedZone) { Remove-Item Env:TZ } else { $env:TZ = $savedZone }
            Remove-Item Env:CPM_TIMES_KEY
        }
    }
    # The text the server stores and sends, untouched (the module's Invoke-CpmApi keeps JSON strings as they are).
    function script:Get-WireStart([long] $Id) { (Invoke-CpmApi -Path "schedules/$Id/").start_date }
}

AfterAll {
    Disconnect-CpmServer -ErrorAction SilentlyContinue
    Stop-CpmTestSimulator -Simulator $sim
    Remove-Item $child -ErrorAction SilentlyContinue
}

Describe 'Times in <Zone>' -ForEach $zones -Skip:(-not ($IsLinux -or $IsMacOS)) {
    BeforeAll {
        $script:facts = Invoke-InZone $Zone
    }

    It 'runs in that zone' {
        $expected = [TimeZoneInfo]::FindSystemTimeZoneById($Zone).BaseUtcOffset.TotalMinutes
        $facts.Offset | Should -Be $expected
    }

    It 'sends a typed time as local time, and shows it back as typed (Kind Local)' {
        Get-WireStart $facts.Ids.Typed | Should -Be $Typed
        $facts.TypedStart.Text | Should -Be '2026-12-05 23:00:00'
        $facts.TypedStart.Kind | Should -Be 'Local'
        $facts.ReadStart.Text | Should -Be '2026-12-05 23:00:00'
        $facts.ReadStart.Kind | Should -Be 'Local'
    }

    It 'keeps the instant of a time with Z, an offset, Kind Utc or a DateTimeOffset' {
        Get-WireStart $facts.Ids.Zulu | Should -Be '2026-12-05T23:00:00Z'
        Get-WireStart $facts.Ids.Offset | Should -Be '2026-12-05T21:00:00Z'
        Get-WireStart $facts.Ids.UtcKind | Should -Be '2026-12-05T23:00:00Z'
        Get-WireStart $facts.Ids.Object | Should -Be '2026-12-06T02:00:00Z'
    }

    It 'writes back the instant it read (Set-* sends the whole object)' {
        (Invoke-CpmApi -Path "schedules/$($facts.Ids.Typed)/").description | Should -Be 'changed'
        Get-WireStart $facts.Ids.Typed | Should -Be $Typed
    }

    It 'shows a backup taken now at the local time now, not hours away' {
        [math]::Abs($facts.MinutesFromNow) | Should -BeLessThan 5
        $facts.BackupStart.Kind | Should -Be 'Local'
        (Invoke-CpmApi -Path "backups/$($facts.BackupId)/").start_time | Should -Be $facts.BackupUtc
    }

    It 'filters a snapshot kind''s list by a local start time (-FromTime, -ToTime)' {
        $facts.KindFilter.SinceJustBefore | Should -Be 1
        $facts.KindFilter.SinceJustAfter | Should -Be 0
        $facts.KindFilter.UntilJustBefore | Should -Be 0
    }

    It 'gives every DateTime as local time: backups, run times, the connection' {
        $facts.LatestKind | Should -Be 'Local'
        $facts.RunTimeKind | Should -Be 'Local'
        $facts.ConnectedAtKind | Should -Be 'Local'
    }
}
