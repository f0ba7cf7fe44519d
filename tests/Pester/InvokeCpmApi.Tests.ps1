# Invoke-CpmApi against the CPM simulator (250 seeded schedules): methods, path forms, query, paging,
# CSV and file answers, -WhatIf, and the error records of failed calls.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force

    $script:Sim = Start-CpmTestSimulator -ArgumentList '--seed', '250'
    Disconnect-CpmTestAll
    Connect-CpmTestSimulator $script:Sim
    $script:UserId = (Get-CpmConnection -Current).UserId

    # The API calls the simulator saw (token calls left out), oldest first.
    function Get-ApiRequest {
        Get-CpmSimulatorRequest -Simulator $script:Sim |
            Where-Object { $_.path -like '/api/*' -and $_.path -notlike '/api/token/*' }
    }

    # What went to the host (where "What if:" lines go), through a transcript.
    function New-TestSchedule([string] $Name) {
        Invoke-CpmApi -Method POST schedules/ -Body @{ name = $Name; every_how_many = 2; every_unit = 'D'; user = $script:UserId }
    }
}

AfterAll {
    Disconnect-CpmTestAll
    Stop-CpmTestSimulator $script:Sim
}

Describe 'Invoke-CpmApi GET' {
    BeforeEach { Clear-CpmSimulatorRequest $Sim }

    It 'writes each item of a JSON array as its own PSCustomObject' {
        $items = Invoke-CpmApi /api/schedules/

        $items.Count | Should -Be 250
        $items[0] | Should -BeOfType ([pscustomobject])
        $items[0].id | Should -BeOfType ([int])
        $items[0].name | Should -Not -BeNullOrEmpty
    }

    It 'takes the path as <Path>' -ForEach @(
        @{ Path = 'schedules/' }
        @{ Path = '/schedules/' }
        @{ Path = '/api/schedules/' }
        @{ Path = 'schedules' }
    ) {
        @(Invoke-CpmApi $Path).Count | Should -Be 250
        (Get-ApiRequest).path | Should -Be '/api/schedules/'
    }

    It 'fills {placeholders} from -PathParameter' {
        $one = Invoke-CpmApi '/api/schedules/{id}/' -PathParameter @{ id = 42 }

        $one.id | Should -Be 42
        (Get-ApiRequest).path | Should -Be '/api/schedules/42/'
    }

    It 'refuses a placeholder without a value, and sends nothing' {
        { Invoke-CpmApi '/api/schedules/{id}/' -ErrorAction Stop } | Should -Throw -ErrorId 'CpmInvalidArgument*'
        Get-ApiRequest | Should -BeNullOrEmpty
    }

    It 'sends -Query as the query string (here: one page, which the server wraps in an envelope)' {
        $page = Invoke-CpmApi schedules/ -Query @{ page = 2; page_size = 10 }

        $page.count | Should -Be 250
        $page.results.Count | Should -Be 10
        $page.results[0].id | Should -Be 11
        (Get-ApiRequest).query | Should -Match 'page=2'
        (Get-ApiRequest).query | Should -Match 'page_size=10'
    }

    It 'takes a query string inside -Path, and a full URL such as a next link' {
        $page = Invoke-CpmApi 'schedules/?page=1&page_size=5'
        $next = Invoke-CpmApi $page.next

        $page.results.Count | Should -Be 5
        $next.results[0].id | Should -Be 6
    }

    It 'follows every page with -All' {
        $all = Invoke-CpmApi schedules/ -All

        $all.Count | Should -Be 250
        ($all.id | Sort-Object -Unique).Count | Should -Be 250
        $requests = @(Get-ApiRequest)
        $requests.Count | Should -BeGreaterThan 1
        $requests.query | ForEach-Object { $_ | Should -Match 'page=' }
    }

    It 'stops asking for pages once downstream has enough' {
        $few = Invoke-CpmApi schedules/ -All | Select-Object -First 3

        $few.Count | Should -Be 3
        @(Get-ApiRequest).Count | Should -Be 1
    }

    It 'refuses -All with page in -Query (the pages are its own)' {
        { Invoke-CpmApi schedules/ -All -Query @{ page = 2 } -ErrorAction Stop } | Should -Throw -ErrorId 'CpmInvalidArgument*'
        { Invoke-CpmApi 'schedules/?page=2' -All -ErrorAction Stop } | Should -Throw -ErrorId 'CpmInvalidArgument*'
        Get-ApiRequest | Should -BeNullOrEmpty
    }

    It 'reads pages of the page_size given in -Query with -All' {
        $all = Invoke-CpmApi schedules/ -All -Query @{ page_size = 100 }

        $all.Count | Should -Be 250
        ($all.id | Sort-Object -Unique).Count | Should -Be 250
        $requests = @(Get-ApiRequest)
        $requests.Count | Should -Be 3
        $requests.query | ForEach-Object { $_ | Should -Match '[?&]page_size=100(&|$)' }
    }

    It 'refuses a page_size that is not a positive number, and sends nothing' {
        { Invoke-CpmApi schedules/ -All -Query @{ page_size = 'lots' } -ErrorAction Stop } | Should -Throw -ErrorId 'CpmInvalidArgument*'
        Get-ApiRequest | Should -BeNullOrEmpty
    }

    It 'selects with -Skip and -First on -All, asking only for the pages needed' {
        $some = Invoke-CpmApi schedules/ -All -Query @{ page_size = 10 } -Skip 25 -First 3

        $some.id | Should -Be 26, 27, 28
        $requests = @(Get-ApiRequest)
        $requests.Count | Should -Be 1
        $requests[0].query | Should -Match '[?&]page=3(&|$)'
    }

    It 'reports the total with -IncludeTotalCount on -All' {
        $out = @(Invoke-CpmApi schedules/ -All -First 2 -IncludeTotalCount)

        $out.Count | Should -Be 3
        $out[0].ToString() | Should -BeLike '*250*'
    }

    It 'selects with -Skip and -First from a plain array too' {
        $some = Invoke-CpmApi schedules/ -Skip 5 -First 2

        $some.id | Should -Be 6, 7
    }

    It 'returns a CSV answer as text with -Accept text/csv' {
        $csv = Invoke-CpmApi reports/audit/ -Accept text/csv

        $csv | Should -BeOfType ([string])
        ($csv -split "`r?`n")[0] | Should -BeLike '*,*'
        (Get-ApiRequest).path | Should -Be '/api/reports/audit/'
    }

    It 'saves the answer to a file with -OutFile' {
        $file = Invoke-CpmApi reports/audit/ -Accept text/csv -OutFile TestDrive:/audit.csv

        $file | Should -BeOfType ([System.IO.FileInfo])
        $file.FullName | Should -Be (Join-Path (Get-PSDrive TestDrive).Root 'audit.csv')
        (Get-Content $file.FullName -TotalCount 1) | Should -BeLike '*,*'
    }

    It 'returns the file as Get-Item does, so it displays the same' {
        $file = Invoke-CpmApi reports/audit/ -Accept text/csv -OutFile TestDrive:/shown.csv
        $item = Get-Item TestDrive:/shown.csv

        $file.PSProvider.Name | Should -Be 'FileSystem'
        $file.PSParentPath | Should -Be $item.PSParentPath
        ($file | Out-String -Width 120) | Should -Be ($item | Out-String -Width 120)
    }

    It 'names the path the user gave, not a temporary file, when the folder is missing' {
        $missing = Join-Path (Get-PSDrive TestDrive).Root 'no-such-folder/audit.csv'
        { Invoke-CpmApi reports/audit/ -Accept text/csv -OutFile $missing -ErrorAction Stop } |
            Should -Throw -ErrorId 'CpmOutFileFolderNotFound,*'
        $Error[0].Exception.Message + $Error[0].ErrorDetails.Message | Should -Not -Match 'cpmdownload'
        $Error[0].ErrorDetails.Message | Should -BeLike "*$missing*"
        $Error[0].TargetObject | Should -Be $missing
        Get-ApiRequest | Should -BeNullOrEmpty
    }

    It 'names the file from Content-Disposition when -OutFile is a folder, leaving no temporary file' {
        $file = Invoke-CpmApi system/support_logs/ -OutFile TestDrive:/logs/

        $file.Name | Should -BeLike '*.bz2'
        $bytes = [System.IO.File]::ReadAllBytes($file.FullName)
        [System.Text.Encoding]::ASCII.GetString($bytes, 0, 3) | Should -Be 'BZh'
        @(Get-ChildItem TestDrive:/logs -Force).Count | Should -Be 1
    }

    It 'refuses to replace an existing file without -Force, sending nothing and writing nothing' {
        Set-Content TestDrive:/kept.csv 'mine'
        { Invoke-CpmApi reports/audit/ -Accept text/csv -OutFile TestDrive:/kept.csv -ErrorAction Stop } |
            Should -Throw -ErrorId 'CpmFileExists,*'
        $Error[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $Error[0].ErrorDetails.RecommendedAction | Should -BeLike '*-Force*'
        Get-Content TestDrive:/kept.csv | Should -Be 'mine'
        Get-ApiRequest | Should -BeNullOrEmpty

        $file = Invoke-CpmApi reports/audit/ -Accept text/csv -OutFile TestDrive:/kept.csv -Force
        (Get-Content $file.FullName -TotalCount 1) | Should -BeLike '*,*'
    }

    It 'refuses to replace a file named by the server in a folder without -Force, leaving only the old file' {
        $first = Invoke-CpmApi settings/cpm_certificate/ -OutFile TestDrive:/certs/
        Set-Content $first.FullName 'mine'
        { Invoke-CpmApi settings/cpm_certificate/ -OutFile TestDrive:/certs/ -ErrorAction Stop } |
            Should -Throw -ErrorId 'CpmFileExists,*'
        Get-Content $first.FullName | Should -Be 'mine'
        @(Get-ChildItem TestDrive:/certs -Force).Name | Should -Be $first.Name

        (Invoke-CpmApi settings/cpm_certificate/ -OutFile TestDrive:/certs/ -Force).Name | Should -Be 'cpm_certificate.pem'
        Get-Content $first.FullName -TotalCount 1 | Should -Be '-----BEGIN CERTIFICATE-----'
    }

    It 'leaves no file behind when the connection breaks in the middle of a download' {
        $null = Invoke-CpmSimulatorAdmin -Simulator $Sim -Method POST -Path /_sim/faults -Body @{
            failNext = @(@{ pathPrefix = '/api/system/support_logs/'; truncateAfterBytes = 20; count = 100 }) }
        try {
            { Invoke-CpmApi system/support_logs/ -OutFile TestDrive:/broken/ -ErrorAction Stop } | Should -Throw -ErrorId 'CpmConnectionFailed,*'
            { Invoke-CpmApi system/support_logs/ -OutFile TestDrive:/broken.bz2 -ErrorAction Stop } | Should -Throw -ErrorId 'CpmConnectionFailed,*'
        }
        finally { $null = Invoke-CpmSimulatorAdmin -Simulator $Sim -Method DELETE -Path /_sim/faults }
        @(Get-ChildItem TestDrive:/broken -Force) | Should -BeNullOrEmpty
        Test-Path TestDrive:/broken.bz2 | Should -BeFalse
        @(Get-ChildItem TestDrive:/ -Force -Filter '*.cpmdownload') | Should -BeNullOrEmpty
    }

    It 'leaves no file behind when stopped (Ctrl+C) while a download runs' {
        $folder = (New-Item -ItemType Directory (Join-Path (Get-PSDrive TestDrive).Root 'stopped')).FullName
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
                param($ModulePath, $Server, $Key, $Thumbprint, $Folder)
                Import-Module $ModulePath
                Connect-CpmServer -Server $Server -ApiKey $Key -CertificateThumbprint $Thumbprint | Out-Null
                Invoke-CpmApi system/support_logs/ -OutFile $Folder
            }).AddParameters(@{ ModulePath = (Get-CpmTestModulePath); Server = $Sim.Server; Key = $Sim.ApiKey; Thumbprint = $Sim.Sha256; Folder = $folder })
        $null = Invoke-CpmSimulatorAdmin -Simulator $Sim -Method POST -Path /_sim/faults -Body @{ latencyMs = 4000 }
        try {
            $handle = $ps.BeginInvoke()
            # The temporary file appears when the download starts; the server then keeps it waiting.
            $deadline = (Get-Date).AddSeconds(30)
            while (-not (Get-ChildItem $folder -Force) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
            @(Get-ChildItem $folder -Force).Name | Should -BeLike '*.cpmdownload'
            $ps.Stop()
            $handle.IsCompleted | Should -BeTrue
            @(Get-ChildItem $folder -Force) | Should -BeNullOrEmpty
        }
        finally {
            $null = Invoke-CpmSimulatorAdmin -Simulator $Sim -Method DELETE -Path /_sim/faults
            $ps.Dispose()
        }
    }

    It 'shows the download with a progress bar that it completes' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $Server, $Key, $Thumbprint, $Folder)
                    Import-Module $ModulePath
                    Connect-CpmServer -Server $Server -ApiKey $Key -CertificateThumbprint $Thumbprint | Out-Null
                    Invoke-CpmApi system/support_logs/ -OutFile $Folder
                }).AddParameters(@{ ModulePath = (Get-CpmTestModulePath); Server = $Sim.Server; Key = $Sim.ApiKey; Thumbprint = $Sim.Sha256
                    Folder = (Join-Path (Get-PSDrive TestDrive).Root 'progress/') })
            $file = @($ps.Invoke())
            $file.Count | Should -Be 1
            $bars = @($ps.Streams.Progress | Where-Object Activity -eq 'Downloading /api/system/support_logs/')
            $bars.Count | Should -BeGreaterThan 1
            $bars[0].StatusDescription | Should -Match 'bytes|KB|MB'
            $bars[-1].RecordType | Should -Be 'Completed'
        }
        finally { $ps.Dispose() }
    }

    It 'uploads a file as a form field with -InFile and -InFileField, the body fields beside it' {
        $patch = Join-Path (Get-PSDrive TestDrive).Root 'cpm-patch.txt'
        Set-Content $patch 'patch bytes' -NoNewline
        Invoke-CpmApi settings/upgrade_patches/ -Method POST -InFile $patch -InFileField patch_file -Confirm:$false

        $sent = @(Get-ApiRequest)[-1]
        $sent.method | Should -Be 'POST'
        $sent.status | Should -Be 201
    }

    It 'says which file is missing before sending anything' {
        { Invoke-CpmApi settings/upgrade_patches/ -Method POST -InFile TestDrive:/none.bin -InFileField patch_file -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'CpmInFileNotFound,*'
        Get-ApiRequest | Should -BeNullOrEmpty
    }

    It 'refuses -InFile with GET and -Body without a form field' {
        Set-Content TestDrive:/any.bin 'x'
        { Invoke-CpmApi settings/upgrade_patches/ -InFile TestDrive:/any.bin -ErrorAction Stop } | Should -Throw -ErrorId 'CpmInvalidArgument,*'
        { Invoke-CpmApi settings/upgrade_patches/ -Method POST -InFile TestDrive:/any.bin -Body @{ a = 1 } -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'CpmInvalidArgument,*'
    }

    It 'reports a binary answer asked for without -OutFile' {
        Invoke-CpmApi system/support_logs/ -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -BeLike 'CpmBinaryContent,*'
    }

    It 'never prompts for a GET, even with -Confirm' {
        @(Invoke-CpmApi /api/schedules/ -Confirm).Count | Should -Be 250
    }
}

Describe 'Invoke-CpmApi writes' {
    It 'creates with POST from a hashtable body, without prompting' {
        $created = New-TestSchedule 'pester-post'

        $created.id | Should -BeGreaterThan 250
        $created.name | Should -Be 'pester-post'
        $created.every_unit | Should -Be 'D'
    }

    It 'takes the body as JSON text or as a PSCustomObject' {
        $fromJson = Invoke-CpmApi -Method POST schedules/ -Body "{`"name`":`"pester-json`",`"every_how_many`":1,`"every_unit`":`"W`",`"user`":$UserId}"
        $fromObject = Invoke-CpmApi -Method POST schedules/ -Body ([pscustomobject]@{ name = 'pester-object'; every_how_many = 3; every_unit = 'H'; user = $UserId })

        $fromJson.every_unit | Should -Be 'W'
        $fromObject.every_how_many | Should -Be 3
    }

    It 'refuses a body that is neither an object nor JSON' {
        { Invoke-CpmApi -Method POST schedules/ -Body 'not json' -ErrorAction Stop } | Should -Throw -ErrorId 'CpmInvalidArgument*'
    }

    It 'replaces with PUT' {
        $schedule = New-TestSchedule 'pester-put'

        $updated = Invoke-CpmApi -Method PUT "schedules/$($schedule.id)/" -Body @{
            name = 'pester-put'; every_how_many = 5; every_unit = 'H'; user = $UserId; description = 'changed by PUT'
        }

        $updated.description | Should -Be 'changed by PUT'
        (Invoke-CpmApi "schedules/$($schedule.id)/").every_how_many | Should -Be 5
    }

    It 'deletes with DELETE -Force; reading it afterwards is a non-terminating CpmNotFound' {
        $schedule = New-TestSchedule 'pester-delete'

        Invoke-CpmApi -Method DELETE "schedules/$($schedule.id)/" -Force | Should -BeNullOrEmpty
        $path = "/api/schedules/$($schedule.id)/"
        Invoke-CpmApi $path -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'CpmNotFound,*'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failed[0].TargetObject | Should -Be $path
        $failed[0].Exception | Should -BeOfType ([CpmPowerShell.Client.CpmApiException])
        $failed[0].Exception.StatusCode | Should -Be 404
        $failed[0].ToString() | Should -BeLike "*$path*"
    }

    It 'reports CpmValidationFailed naming the field the server rejected' {
        Invoke-CpmApi -Method POST schedules/ -Body @{ name = 'bad name!'; every_how_many = 1; every_unit = 'D'; user = $UserId } `
            -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -BeLike 'CpmValidationFailed,*'
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failed[0].ToString() | Should -BeLike '*name:*'
        $failed[0].ToString() | Should -BeLike '*POST /api/schedules/*'
        $failed[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }

    It 'refuses a body on a GET and -All on a POST' {
        { Invoke-CpmApi schedules/ -Body @{ a = 1 } -ErrorAction Stop } | Should -Throw -ErrorId 'CpmInvalidArgument*'
        { Invoke-CpmApi schedules/ -Method POST -All -ErrorAction Stop } | Should -Throw -ErrorId 'CpmInvalidArgument*'
    }

    It 'reports CpmMediaTypeNotAcceptable, not an API version problem, for a media type the endpoint does not offer' {
        Invoke-CpmApi schedules/ -Accept text/csv -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -BeLike 'CpmMediaTypeNotAcceptable,*'
        $failed[0].ToString() | Should -BeLike '*text/csv*'
        $failed[0].ToString() | Should -Not -BeLike '*ApiVersion*'
        $failed[0].ErrorDetails.RecommendedAction | Should -Not -BeLike '*ApiVersion*'
    }

    It 'says a POST whose connection broke may have been applied, not to check the server name' {
        $null = Invoke-CpmSimulatorAdmin -Simulator $script:Sim -Method POST -Path '/_sim/faults' -Body @{ failNext = @(@{ drop = $true; count = 1; method = 'POST'; pathPrefix = '/api/schedules/' }) }
        Invoke-CpmApi -Method POST schedules/ -Body @{ name = 'dropped'; every_how_many = 2; every_unit = 'D'; user = $UserId } `
            -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -BeLike 'CpmConnectionFailed,*'
        $failed[0].ToString() | Should -BeLike '*may have been applied*'
        $failed[0].ToString() | Should -Not -BeLike '*server name*'
        $failed[0].ErrorDetails.RecommendedAction | Should -BeLike '*check on the CPM server*'
    }
}

Describe 'Invoke-CpmApi and Ctrl+C' {
    AfterEach { $null = Invoke-CpmSimulatorAdmin -Simulator $Sim -Method DELETE -Path /_sim/faults }

    It 'stops a slow call at once when the pipeline is stopped' {
        $null = Invoke-CpmSimulatorAdmin -Simulator $Sim -Method POST -Path /_sim/faults -Body @{ latencyMs = 5000 }
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($ModulePath, $Connection)
                Import-Module $ModulePath
                Invoke-CpmApi /api/schedules/ -All -Server $Connection
            }).AddArgument((Get-CpmTestModulePath)).AddArgument((Get-CpmConnection -Current))
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $null = $ps.BeginInvoke()
            Start-Sleep -Milliseconds 500
            $ps.Stop()

            $watch.ElapsedMilliseconds | Should -BeLessThan 3000
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Invoke-CpmApi -WhatIf' {
    BeforeEach { Clear-CpmSimulatorRequest $Sim }

    It 'sends nothing for <Method>' -ForEach @(
        @{ Method = 'GET' }
        @{ Method = 'POST' }
        @{ Method = 'PUT' }
        @{ Method = 'PATCH' }
        @{ Method = 'DELETE' }
    ) {
        $body = if ($Method -in 'POST', 'PUT', 'PATCH') { @{ name = 'whatif' } } else { $null }

        Invoke-CpmApi -Method $Method '/api/schedules/1/' -Body $body -WhatIf | Should -BeNullOrEmpty

        Get-ApiRequest | Should -BeNullOrEmpty
    }

    It 'sends nothing with -Force either' {
        Invoke-CpmApi -Method DELETE '/api/schedules/1/' -Force -WhatIf
        Get-ApiRequest | Should -BeNullOrEmpty
    }

    It 'shows the method, path, query and body, with secrets masked' {
        $text = Get-HostOutput {
            Invoke-CpmApi -Method POST users/ -Query @{ dry = 'yes' } -WhatIf -Body @{
                username = 'pester'; password = 'Sup3r-Secret!'; nested = @{ aws_secret_key = 'AKIA-SECRET' }
            }
        }

        $text | Should -BeLike '*What if*POST /api/users/?dry=yes*'
        $text | Should -BeLike '*"username":"pester"*'
        $text | Should -BeLike '*"password":"********"*'
        $text | Should -Not -BeLike '*Sup3r-Secret!*'
        $text | Should -Not -BeLike '*AKIA-SECRET*'
    }

    It 'names the server once in the target' {
        $server = (Get-CpmConnection -Current).Name
        $text = Get-HostOutput { Invoke-CpmApi -Method DELETE '/api/schedules/1/' -WhatIf }

        $text | Should -BeLike "*on target ""$server""*"
        $text | Should -Not -BeLike "*$server on $server*"
    }

    It 'is honoured when a calling function was given -WhatIf, even with -Force inside' {
        function Remove-Everything {
            [CmdletBinding(SupportsShouldProcess)]
            param()
            Invoke-CpmApi -Method DELETE '/api/schedules/1/' -Force
        }

        Remove-Everything -WhatIf

        Get-ApiRequest | Should -BeNullOrEmpty
        (Invoke-CpmApi '/api/schedules/1/').id | Should -Be 1
    }
}
