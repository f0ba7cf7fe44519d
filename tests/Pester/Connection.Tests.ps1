# Connect-CpmServer, Disconnect-CpmServer, Get-CpmConnection and -Server, against the CPM simulator:
# authentication, certificate pinning, errors, several connections, runspace isolation, no secret shown.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    $script:ModulePath = Get-CpmTestModulePath
    Import-Module $script:ModulePath -Force

    $script:Sim = Start-CpmTestSimulator -ArgumentList '--seed', '3'
    $script:Sim2 = Start-CpmTestSimulator -ArgumentList '--seed', '7'

    # Anything that looks like a JWT (header "{"alg"... base64url) or the key itself is a leak.
    function Assert-NoSecret([string] $Text, [string] $Because) {
        $Text | Should -Not -BeLike "*$($script:Sim.PlainApiKey)*" -Because $Because
        $Text | Should -Not -BeLike "*$($script:Sim2.PlainApiKey)*" -Because $Because
        $Text | Should -Not -Match 'eyJ[A-Za-z0-9_-]{5,}' -Because $Because
    }

    function Get-ScheduleCount([object] $Server) {
        @(Invoke-CpmApi /api/schedules/ -Server $Server).Count
    }
}

AfterAll {
    Disconnect-CpmTestAll
    Stop-CpmTestSimulator $script:Sim
    Stop-CpmTestSimulator $script:Sim2
}

Describe 'Connect-CpmServer' {
    AfterEach { Disconnect-CpmTestAll }

    It 'connects with -ApiKey and a pinned certificate, silently, and makes the connection current' {
        $output = Connect-CpmServer -Server $Sim.Server -ApiKey $Sim.ApiKey -CertificateThumbprint $Sim.Sha256

        $output | Should -BeNullOrEmpty
        $connection = Get-CpmConnection -Current
        $connection.Name | Should -Be $Sim.Server
        $connection.IsCurrent | Should -BeTrue
        $connection.UserId | Should -BeGreaterThan 0
        $connection.ApiVersion | Should -Be '1.5.0'
        $connection.CertificateCheck | Should -BeLike 'Pinned SHA256:*'
        $connection.AccessTokenExpires | Should -BeGreaterThan (Get-Date)
        $connection.RefreshTokenExpires | Should -BeGreaterThan $connection.AccessTokenExpires
        $connection.TokensObtained | Should -Be 1
        Get-ScheduleCount | Should -Be 3
    }

    It 'returns the connection with -PassThru' {
        $connection = Connect-CpmTestSimulator $Sim -PassThru

        $connection | Should -BeOfType ([CpmPowerShell.Runtime.CpmConnection])
        $connection.ToString() | Should -Be $Sim.Server
        $connection.BaseUri.AbsoluteUri | Should -Be $Sim.Url
        $connection.TimeoutSec | Should -Be 100
        $connection.MaxRetries | Should -Be 3
    }

    It 'connects with -Credential, whose password is the API key and whose user name is ignored' {
        $credential = [pscredential]::new('automation-asset', $Sim.ApiKey)

        Connect-CpmServer -Server $Sim.Url -Credential $credential -CertificateThumbprint $Sim.Sha256

        (Get-CpmConnection -Current).Name | Should -Be $Sim.Server
        Get-ScheduleCount | Should -Be 3
    }

    It 'accepts a thumbprint written with colons and in lower case' {
        $pretty = ($Sim.Sha256.ToLowerInvariant() -split '(..)' -ne '') -join ':'

        Connect-CpmServer -Server $Sim.Server -ApiKey $Sim.ApiKey -CertificateThumbprint $pretty

        (Get-CpmConnection -Current).CertificateThumbprint | Should -Be $Sim.Sha256
    }

    It 'rejects a certificate that does not match the pin, naming the SHA-256 the server presented' {
        $wrong = 'AB' * 32

        { Connect-CpmServer -Server $Sim.Server -ApiKey $Sim.ApiKey -CertificateThumbprint $wrong } |
            Should -Throw -ErrorId 'CpmCertificateRejected*'

        $Error[0].CategoryInfo.Category | Should -Be 'SecurityError'
        ($Error[0].ToString() -replace '[:\s]', '') | Should -BeLike "*$($Sim.Sha256)*"
        Get-CpmConnection | Should -BeNullOrEmpty
    }

    It 'rejects the self-signed certificate when it is neither pinned nor skipped' {
        { Connect-CpmServer -Server $Sim.Server -ApiKey $Sim.ApiKey } | Should -Throw -ErrorId 'CpmCertificateRejected*'
    }

    It 'warns when -SkipCertificateCheck turns the check off' {
        Connect-CpmServer -Server $Sim.Server -ApiKey $Sim.ApiKey -SkipCertificateCheck -WarningVariable warnings -WarningAction SilentlyContinue

        $warnings | Should -Not -BeNullOrEmpty
        "$warnings" | Should -BeLike '*certificate*'
        (Get-CpmConnection -Current).CertificateCheck | Should -Be 'Skipped'
    }

    It 'refuses -SkipCertificateCheck together with -CertificateThumbprint' {
        { Connect-CpmServer -Server $Sim.Server -ApiKey $Sim.ApiKey -SkipCertificateCheck -CertificateThumbprint $Sim.Sha256 } |
            Should -Throw -ErrorId 'CpmInvalidArgument*'
    }

    It 'fails with CpmUnauthorized for a wrong API key, without echoing the key' {
        $wrongKey = New-CpmTestApiKey
        $secure = ConvertTo-SecureString $wrongKey -AsPlainText -Force

        { Connect-CpmServer -Server $Sim.Server -ApiKey $secure -CertificateThumbprint $Sim.Sha256 } |
            Should -Throw -ErrorId 'CpmUnauthorized*'

        $Error[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        $Error[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        ($Error[0] | Format-List * -Force | Out-String) | Should -Not -BeLike "*$wrongKey*"
        Get-CpmConnection | Should -BeNullOrEmpty
    }

    It 'fails with CpmApiVersionNotAcceptable for an API version the server does not speak' {
        { Connect-CpmServer -Server $Sim.Server -ApiKey $Sim.ApiKey -CertificateThumbprint $Sim.Sha256 -ApiVersion 9.9.9 } |
            Should -Throw -ErrorId 'CpmApiVersionNotAcceptable*'
    }

    It 'fails with CpmConnectionFailed when nothing listens at the address' {
        { Connect-CpmServer -Server 127.0.0.1:1 -ApiKey $Sim.ApiKey -MaxRetries 0 -TimeoutSec 5 } |
            Should -Throw -ErrorId 'CpmConnectionFailed*'
        $Error[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'refuses plain http:// addresses' {
        { Connect-CpmServer -Server "http://$($Sim.Server)" -ApiKey $Sim.ApiKey } | Should -Throw -ErrorId 'CpmInvalidServerAddress*'
    }

    It 'replaces an open connection to the same server, closing the old one' {
        $first = Connect-CpmTestSimulator $Sim -PassThru
        $second = Connect-CpmTestSimulator $Sim -PassThru

        $first.IsOpen | Should -BeFalse
        $second.IsOpen | Should -BeTrue
        @(Get-CpmConnection).Count | Should -Be 1
        (Get-CpmConnection -Current).ConnectedAt | Should -Be $second.ConnectedAt
    }

    It 'keeps the open connection when reconnecting to it fails' {
        $first = Connect-CpmTestSimulator $Sim -PassThru
        $badKey = ConvertTo-SecureString (New-CpmTestApiKey) -AsPlainText -Force

        { Connect-CpmServer -Server $Sim.Server -ApiKey $badKey -CertificateThumbprint $Sim.Sha256 } | Should -Throw

        $first.IsOpen | Should -BeTrue
        $first.IsCurrent | Should -BeTrue
    }

    It 'keeps the connection in the session when called from a function or script scope' {
        function Connect-FromFunction { Connect-CpmTestSimulator $script:Sim }
        Connect-FromFunction
        & { & { Connect-CpmTestSimulator $script:Sim2 } }

        @(Get-CpmConnection).Count | Should -Be 2
        (Get-CpmConnection -Current).Name | Should -Be $Sim2.Server
    }
}

Describe 'Commands without a usable connection' {
    BeforeAll { Disconnect-CpmTestAll }

    It 'stop with CpmNotConnected when nothing is connected' {
        { Invoke-CpmApi /api/schedules/ } | Should -Throw -ErrorId 'CpmNotConnected*'
        $Error[0].ToString() | Should -BeLike '*Connect-CpmServer*'
        $Error[0].ErrorDetails.RecommendedAction | Should -BeLike '*Connect-CpmServer*'
    }

    It 'stop with CpmNotConnected when called from a function too' {
        function Get-FromFunction { Invoke-CpmApi /api/schedules/ }
        { Get-FromFunction } | Should -Throw -ErrorId 'CpmNotConnected*'
    }

    It 'stop with CpmConnectionNotFound for a -Server that matches no open connection' {
        Connect-CpmTestSimulator $Sim
        try {
            { Invoke-CpmApi /api/schedules/ -Server 'cpm.nowhere.example' } | Should -Throw -ErrorId 'CpmConnectionNotFound*'
            $Error[0].ToString() | Should -BeLike "*$($Sim.Server)*"
        }
        finally { Disconnect-CpmTestAll }
    }
}

Describe 'Several connections' {
    BeforeAll {
        $script:Conn1 = Connect-CpmTestSimulator $Sim -PassThru
        $script:Conn2 = Connect-CpmTestSimulator $Sim2 -PassThru
    }
    AfterAll { Disconnect-CpmTestAll }

    It 'makes the newest connection current' {
        $Conn2.IsCurrent | Should -BeTrue
        $Conn1.IsCurrent | Should -BeFalse
        Get-ScheduleCount | Should -Be 7
    }

    It 'lists the open connections, the current one first' {
        $all = @(Get-CpmConnection)
        $all.Count | Should -Be 2
        $all[0].Name | Should -Be $Sim2.Server
        $all[0].IsCurrent | Should -BeTrue
        (Get-CpmConnection -Current).Name | Should -Be $Sim2.Server
        (Get-CpmConnection -Name $Sim.Server).Name | Should -Be $Sim.Server
        @(Get-CpmConnection -Name '127.0.0.1:*').Count | Should -Be 2
    }

    It 'reports a literal -Name that matches no connection' {
        Get-CpmConnection -Name 'missing.example' -ErrorVariable notFound -ErrorAction SilentlyContinue
        $notFound[0].FullyQualifiedErrorId | Should -BeLike 'CpmConnectionNotFound,*'
    }

    It 'picks a connection by its Name' {
        Get-ScheduleCount -Server $Sim.Server | Should -Be 3
        Get-ScheduleCount -Server $Sim2.Server | Should -Be 7
    }

    It 'picks a connection by its URL' {
        Get-ScheduleCount -Server $Sim.Url | Should -Be 3
    }

    It 'picks a connection given as an object' {
        Get-ScheduleCount -Server $Conn1 | Should -Be 3
    }

    It 'does not guess when a bare host matches several connections' {
        { Invoke-CpmApi /api/schedules/ -Server '127.0.0.1' } | Should -Throw -ErrorId 'CpmConnectionNotFound*'
    }

    It 'completes -Server with the open connection names' {
        $line = 'Invoke-CpmApi /api/schedules/ -Server '
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.ListItemText
        $completions | Should -Contain $Sim.Server
        $completions | Should -Contain $Sim2.Server
    }
}

Describe 'Disconnect-CpmServer' {
    BeforeEach {
        Disconnect-CpmTestAll
        $script:Conn1 = Connect-CpmTestSimulator $Sim -PassThru
        $script:Conn2 = Connect-CpmTestSimulator $Sim2 -PassThru
    }
    AfterAll { Disconnect-CpmTestAll }

    It 'closes the current connection; no other becomes current' {
        Disconnect-CpmServer

        $Conn2.IsOpen | Should -BeFalse
        Get-CpmConnection -Current | Should -BeNullOrEmpty
        (Get-CpmConnection).Name | Should -Be $Sim.Server
        { Invoke-CpmApi /api/schedules/ } | Should -Throw -ErrorId 'CpmNotConnected*'
        $Error[0].ToString() | Should -BeLike "*$($Sim.Server)*"
        Get-ScheduleCount -Server $Sim.Server | Should -Be 3
    }

    It 'closes a connection given by name, keeping the current one' {
        Disconnect-CpmServer -Server $Sim.Server

        $Conn1.IsOpen | Should -BeFalse
        (Get-CpmConnection -Current).Name | Should -Be $Sim2.Server
    }

    It 'closes every connection piped to it' {
        Get-CpmConnection | Disconnect-CpmServer

        Get-CpmConnection | Should -BeNullOrEmpty
        $Conn1.IsOpen | Should -BeFalse
        $Conn2.IsOpen | Should -BeFalse
    }

    It 'makes a closed connection object unusable with CpmConnectionClosed' {
        Disconnect-CpmServer -Server $Conn1

        { Invoke-CpmApi /api/schedules/ -Server $Conn1 } | Should -Throw -ErrorId 'CpmConnectionClosed*'
    }

    It 'is silent when nothing is current' {
        Disconnect-CpmTestAll
        { Disconnect-CpmServer -ErrorAction Stop } | Should -Not -Throw
    }

    It 'reports a name that matches no connection' {
        Disconnect-CpmServer -Server 'missing.example' -ErrorVariable notFound -ErrorAction SilentlyContinue
        $notFound[0].FullyQualifiedErrorId | Should -BeLike 'CpmConnectionNotFound,*'
    }
}

Describe 'No secret is ever shown' {
    BeforeAll { Disconnect-CpmTestAll }
    AfterAll { Disconnect-CpmTestAll }

    It 'keeps the key and tokens out of every property and view of a connection' {
        $connection = Connect-CpmTestSimulator $Sim -PassThru
        $null = Invoke-CpmApi /api/schedules/

        foreach ($property in $connection.PSObject.Properties) {
            Assert-NoSecret "$($property.Value)" -Because "property $($property.Name)"
        }
        Assert-NoSecret ($connection | Format-List * -Force | Out-String) -Because 'Format-List'
        Assert-NoSecret ($connection | Format-Table | Out-String) -Because 'the table view'
        Assert-NoSecret ($connection | ConvertTo-Json -Depth 4) -Because 'ConvertTo-Json'
        $connection | Export-Clixml -Path TestDrive:/connection.xml -Depth 4
        Assert-NoSecret (Get-Content TestDrive:/connection.xml -Raw) -Because 'Export-Clixml'
        Assert-NoSecret (Get-Variable -Scope Global | Out-String) -Because 'the session variable'
    }

    It 'keeps the key and tokens out of the Verbose, Debug and Warning streams, token renewal included' {
        $DebugPreference = 'Continue'
        $VerbosePreference = 'Continue'
        $streams = & {
            Connect-CpmServer -Server $Sim.Server -ApiKey $Sim.ApiKey -CertificateThumbprint $Sim.Sha256 -Verbose -Debug
            Invoke-CpmApi /api/schedules/ -Verbose -Debug
            $null = Invoke-CpmSimulatorAdmin -Simulator $Sim -Method POST -Path /_sim/expire-tokens
            Invoke-CpmApi /api/schedules/ -All -Verbose -Debug
            $null = Invoke-CpmSimulatorAdmin -Simulator $Sim -Method POST -Path /_sim/expire-tokens -Body @{ refresh = $true }
            Invoke-CpmApi /api/schedules/1/ -Verbose -Debug
        } 3>&1 4>&1 5>&1 | Out-String
        $DebugPreference = 'SilentlyContinue'
        $VerbosePreference = 'SilentlyContinue'

        $streams | Should -BeLike '*token*' -Because 'renewal is narrated'
        Assert-NoSecret $streams -Because 'Verbose/Debug output'
        (Get-CpmConnection -Current).TokensRefreshed | Should -BeGreaterThan 0
    }
}

Describe 'Runspace isolation' {
    BeforeAll {
        Disconnect-CpmTestAll
        $script:Conn1 = Connect-CpmTestSimulator $Sim -PassThru
    }
    AfterAll { Disconnect-CpmTestAll }

    It 'gives a new runspace no connection' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($ModulePath)
                Import-Module $ModulePath
                [pscustomobject]@{
                    Count = @(Get-CpmConnection).Count
                    Error = try { Invoke-CpmApi /api/schedules/ -ErrorAction Stop; 'none' } catch { $_.FullyQualifiedErrorId }
                }
            }).AddArgument($ModulePath)
            $result = $ps.Invoke()[0]
        }
        finally { $ps.Dispose() }

        $result.Count | Should -Be 0
        $result.Error | Should -BeLike 'CpmNotConnected,*'
    }

    It 'gives ForEach-Object -Parallel runspaces no connection' {
        $counts = 1..3 | ForEach-Object -ThrottleLimit 3 -Parallel {
            Import-Module $using:ModulePath
            @(Get-CpmConnection).Count
        }

        $counts | Should -Be @(0, 0, 0)
    }

    It 'does not let a connection made in a parallel runspace leak back' {
        $sim2 = $Sim2
        1 | ForEach-Object -Parallel {
            Import-Module $using:ModulePath
            Connect-CpmServer -Server ($using:sim2).Server -ApiKey ($using:sim2).ApiKey -CertificateThumbprint ($using:sim2).Sha256
        }

        @(Get-CpmConnection).Name | Should -Be @($Sim.Server)
    }

    It 'lets a connection object passed with $using: serve several runspaces at once' {
        $counts = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:ModulePath
            @(Invoke-CpmApi /api/schedules/ -Server $using:Conn1).Count
        }

        $counts | Should -Be @(3, 3, 3, 3)
    }
}

Describe 'Dependency loading (module initializer)' {
    It 'answers a request for any version of a dependency shipped in the module folder with that file' {
        # Windows PowerShell cannot redirect Polly.Core's references to older versions; the resolver does.
        $name = 'Microsoft.Bcl.TimeProvider, Version=99.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51'
        $assembly = [System.Reflection.Assembly]::Load($name)

        Split-Path $assembly.Location -Parent | Should -Be (Split-Path (Get-Module CpmPowerShell).Path -Parent)
    }

    It 'leaves assemblies that are not in the module folder alone' {
        { [System.Reflection.Assembly]::Load('CpmNoSuchAssembly, Version=1.0.0.0') } | Should -Throw
    }
}

Describe 'Several connections to one server' {
    BeforeEach { Disconnect-CpmTestAll }

    It 'keeps both with -Name, and -Server picks by name or by address' {
        $first = Connect-CpmServer -Server $Sim.Server -ApiKey $Sim.ApiKey -CertificateThumbprint $Sim.Sha256 -PassThru
        $second = Connect-CpmServer -Server $Sim.Server -ApiKey $Sim.ApiKey -CertificateThumbprint $Sim.Sha256 -Name operator -PassThru

        $first.IsOpen | Should -BeTrue
        $second.Name | Should -Be 'operator'
        $second.Address | Should -Be $Sim.Server
        @(Get-CpmConnection).Name | Should -Be @('operator', $Sim.Server)
        (Get-CpmConnection -Current).Name | Should -Be 'operator'
        Get-ScheduleCount 'operator' | Should -Be 3
        # The address names the connection that carries it as its name when several reach the server.
        $before = $first.RequestCount
        Get-ScheduleCount $Sim.Server | Should -Be 3
        $first.RequestCount | Should -BeGreaterThan $before
    }

    It 'replaces a connection of the same name (a reconnect)' {
        $old = Connect-CpmServer -Server $Sim.Server -ApiKey $Sim.ApiKey -CertificateThumbprint $Sim.Sha256 -Name lab -PassThru
        $new = Connect-CpmServer -Server $Sim.Server -ApiKey $Sim.ApiKey -CertificateThumbprint $Sim.Sha256 -Name lab -PassThru
        $old.IsOpen | Should -BeFalse
        $new.IsOpen | Should -BeTrue
        @(Get-CpmConnection).Count | Should -Be 1
    }
}

Describe 'Remove-Module' {
    It 'closes the connections of the session that removes the module, and only those' {
        $iss = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
        $shell = [powershell]::Create($iss)
        try {
            $null = $shell.AddScript({
                    param($ModulePath, $Server, $Key, $Pin)
                    Import-Module $ModulePath
                    $connection = Connect-CpmServer -Server $Server -ApiKey $Key -CertificateThumbprint $Pin -PassThru
                    Remove-Module CpmPowerShell
                    [pscustomobject]@{ Open = $connection.IsOpen; Left = @($global:CpmPowerShellSession.ToString()) }
                }).AddArgument($ModulePath).AddArgument($Sim.Server).AddArgument($Sim.ApiKey).AddArgument($Sim.Sha256)
            $mine = Connect-CpmServer -Server $Sim.Server -ApiKey $Sim.ApiKey -CertificateThumbprint $Sim.Sha256 -PassThru
            $result = $shell.Invoke()
            $shell.Streams.Error | Should -BeNullOrEmpty
            $result[0].Open | Should -BeFalse
            $result[0].Left | Should -Be 'No CPM connection'
            $mine.IsOpen | Should -BeTrue -Because 'another runspace keeps its connections'
        }
        finally { $shell.Dispose() }
    }
}
