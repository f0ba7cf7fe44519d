<#
.SYNOPSIS
    One variant of the listing benchmark, in the process it runs in: (a) Get-CpmBackup or (b) an
    Invoke-RestMethod page loop. Started by Invoke-CpmBenchmark.ps1, one fresh process per variant.
.DESCRIPTION
    Lists every backup once as a warm-up (JIT, TLS, connection, token), then -Repeat times under a
    stopwatch. Each pass keeps the whole list in a variable, as a user would, and is checked outside the
    timer: exactly -Expected objects with distinct ids, or the script fails. Progress goes to stderr; the
    only stdout line is "BENCH-RESULT {json}" with the pass times (wall and this process's CPU), the bytes the GC allocated during each
    pass (all threads of this process) and this process's resident set before the warm-up and at its peak.
    The API key comes from $env:CPM_BENCH_API_KEY (default cpm-simulator-key), never the command line.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [ValidateSet('Module', 'RestMethod')] [string] $Variant,
    # https://127.0.0.1:<port>/ as the simulator printed it.
    [Parameter(Mandatory)] [string] $Url,
    [Parameter(Mandatory)] [string] $Sha256,
    [string] $ModulePath,
    [int] $Expected = 20000,
    [int] $PageSize = 100,
    [int] $Repeat = 3
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$apiKey = if ($env:CPM_BENCH_API_KEY) { $env:CPM_BENCH_API_KEY } else { 'cpm-simulator-key' }
$Url = $Url.TrimEnd('/') + '/'

switch ($Variant) {
    'Module' {
        Import-Module $ModulePath
        $secureKey = ConvertTo-SecureString $apiKey -AsPlainText -Force
        Connect-CpmServer -Server ([uri]$Url).Authority -ApiKey $secureKey -CertificateThumbprint $Sha256
        # Get-CpmBackup pages by 100 (CpmClientOptions.PageSize) and follows the server to the end.
        if ($PageSize -ne 100) { throw 'Get-CpmBackup always pages by 100; run the benchmark with -PageSize 100.' }
        $list = {
            $backups = Get-CpmBackup
            , $backups
        }
    }
    'RestMethod' {
        # A loopback benchmark against the simulator's self-signed certificate made at start: skipping the
        # check is acceptable here and only here (the module variant pins the same certificate instead).
        $token = (Invoke-RestMethod -Method Post -Uri "${Url}api/token/obtain/api_key/" -Body @{ api_key = $apiKey } -SkipCertificateCheck).access
        $headers = @{ Authorization = "Bearer $token"; Accept = 'application/json; version=1.5.0' }
        # The page loop as scripts write it today: follow "next" until it is null, collecting the results.
        $list = {
            $uri = "${Url}api/backups/?page=1&page_size=$PageSize"
            $backups = while ($uri) {
                $page = Invoke-RestMethod -Uri $uri -Headers $headers -SkipCertificateCheck
                $page.results
                $uri = $page.next
            }
            , $backups
        }
    }
}

function Assert-Listing([object[]] $Backups, [int] $Pass) {
    # Outside the timer: the right number of objects, each a distinct backup id.
    $count = if ($null -eq $Backups) { 0 } else { $Backups.Count }
    $ids = [System.Collections.Generic.HashSet[long]]::new()
    foreach ($backup in $Backups) { if ($null -ne $backup.id) { $null = $ids.Add([long]$backup.id) } }
    if ($count -ne $Expected -or $ids.Count -ne $Expected) {
        throw "$Variant pass ${Pass}: got $count backups ($($ids.Count) distinct ids), expected $Expected."
    }
}

$process = [System.Diagnostics.Process]::GetCurrentProcess()
$baseline = $process.WorkingSet64
$seconds = [System.Collections.Generic.List[double]]::new()
$cpuSeconds = [System.Collections.Generic.List[double]]::new()
$allocated = [System.Collections.Generic.List[long]]::new()
$counts = [System.Collections.Generic.List[int]]::new()
for ($pass = 0; $pass -le $Repeat; $pass++) {
    # Pass 0 is the warm-up. Garbage of the previous pass is collected before the clock starts.
    [GC]::Collect()
    [GC]::WaitForPendingFinalizers()
    $before = [GC]::GetTotalAllocatedBytes($true)
    $process.Refresh()
    $cpuBefore = $process.TotalProcessorTime
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $backups = & $list
    $clock.Stop()
    $process.Refresh()
    $cpu = ($process.TotalProcessorTime - $cpuBefore).TotalSeconds
    $bytes = [GC]::GetTotalAllocatedBytes($true) - $before
    Assert-Listing $backups $pass
    $label = if ($pass -eq 0) { 'warm-up' } else { "pass $pass" }
    [Console]::Error.WriteLine(('  {0} {1}: {2} backups in {3:F3} s' -f $Variant, $label, $backups.Count, $clock.Elapsed.TotalSeconds))
    if ($pass -gt 0) {
        $seconds.Add($clock.Elapsed.TotalSeconds)
        $cpuSeconds.Add($cpu)
        $allocated.Add($bytes)
        $counts.Add($backups.Count)
    }
    $backups = $null
}

$process.Refresh()
$result = [ordered]@{
    variant                 = $Variant
    counts                  = $counts
    seconds                 = $seconds
    cpuSeconds              = $cpuSeconds
    allocatedBytes          = $allocated
    baselineWorkingSetBytes = $baseline
    peakWorkingSetBytes     = $process.PeakWorkingSet64
    runtime                 = [Environment]::Version.ToString()
}
[Console]::Out.WriteLine('BENCH-RESULT ' + ($result | ConvertTo-Json -Compress))
