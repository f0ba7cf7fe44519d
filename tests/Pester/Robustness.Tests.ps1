# Module-wide: no documented user action ends in CpmUnexpectedError ("a defect in CpmPowerShell"). Every
# cmdlet is run the ways a user gets wrong: without a connection, with ids that do not exist, with
# -WhatIf, and with values that are valid in type but odd in meaning. Whatever fails must fail with one of
# the module's own ErrorIds (or PowerShell's binding errors), never the catch-all.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    # The test suite runs in pwsh -NonInteractive (build.ps1): there a prompt cannot be shown.
    $script:nonInteractive = [Environment]::GetCommandLineArgs() -contains '-NonInteractive'
    $script:cmdlets = @(Get-Command -Module CpmPowerShell | Where-Object Name -NotIn 'Connect-CpmServer' |
            ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $script:sim = Start-CpmTestSimulator -ArgumentList '--seed-backups', '2'
    # Issue 11 (system): a Save-* given the sample path 'no-such-thing' writes it: into the test's drive, not the repository.
    Push-Location $TestDrive

    # A value of the parameter's type for a mandatory parameter: ids that exist nowhere, plain text, now.
    function script:Get-SampleValue([System.Management.Automation.ParameterMetadata] $Parameter) {
        $type = $Parameter.ParameterType
        $element = if ($type.IsArray) { $type.GetElementType() } else { $type }
        $value = switch ($element) {
            { $_ -in [long], [int] } { 999999; break }
            { $_ -eq [string] } { 'no-such-thing'; break }
            { $_ -eq [datetime] } { [datetime]::Now.AddDays(1); break }
            { $_ -eq [timespan] } { [timespan]::FromSeconds(5); break }
            { $_ -eq [System.Management.Automation.SwitchParameter] } { $true; break }
            { $_.IsEnum } { [enum]::GetNames($_) | Where-Object { $_ -ne 'Unknown' } | Select-Object -First 1; break }
            default { $null }
        }
        if ($null -ne $value -and $type.IsArray) { , @($value) } else { $value }
    }

    # Runs a cmdlet with sample values for the mandatory parameters of each of its parameter sets and
    # returns the ErrorIds of everything that went wrong.
    function script:Get-ErrorIds([string] $Name, [hashtable] $Extra = @{}) {
        $command = Get-Command $Name
        foreach ($set in $command.ParameterSets) {
            $arguments = @{}
            $usable = $true
            foreach ($parameter in $set.Parameters | Where-Object IsMandatory) {
                $value = Get-SampleValue $command.Parameters[$parameter.Name]
                if ($null -eq $value) { $usable = $false; break }
                $arguments[$parameter.Name] = $value
            }
            if (-not $usable) { continue }
            foreach ($key in $Extra.Keys) { if ($command.Parameters.ContainsKey($key)) { $arguments[$key] = $Extra[$key] } }
            $errors = @()
            try {
                $null = & $Name @arguments -ErrorAction SilentlyContinue -ErrorVariable +errors 3>$null
            }
            catch { $errors += $_ }
            $errors | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $_.FullyQualifiedErrorId } else { "$_" } }
        }
    }
}

AfterAll {
    Pop-Location
    Disconnect-CpmTestAll
    Stop-CpmTestSimulator -Simulator $sim
}

Describe '<Name> fails with the module''s own errors' -ForEach $cmdlets {
    It 'without a connection' {
        Disconnect-CpmTestAll
        $ids = @(Get-ErrorIds $Name)
        $ids | Where-Object { $_ -like 'CpmUnexpectedError*' } | Should -BeNullOrEmpty
    }

    It 'with ids that do not exist, with -WhatIf' {
        Connect-CpmTestSimulator -Simulator $sim
        $ids = @(Get-ErrorIds $Name @{ WhatIf = $true })
        $ids | Where-Object { $_ -like 'CpmUnexpectedError*' } | Should -BeNullOrEmpty
    }

    It 'with ids that do not exist, unconfirmed, in a host that cannot ask (pwsh -NonInteractive)' -Skip:(-not $nonInteractive) {
        Connect-CpmTestSimulator -Simulator $sim
        $ids = @(Get-ErrorIds $Name)
        $ids | Where-Object { $_ -like 'CpmUnexpectedError*' } | Should -BeNullOrEmpty
    }

    It 'with ids that do not exist, confirmed (-Force, -Confirm:$false)' {
        Connect-CpmTestSimulator -Simulator $sim
        $ids = @(Get-ErrorIds $Name @{ Force = $true; Confirm = $false })
        $ids | Where-Object { $_ -like 'CpmUnexpectedError*' } | Should -BeNullOrEmpty
    }
}
