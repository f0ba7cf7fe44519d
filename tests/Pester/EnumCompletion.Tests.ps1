# Enum parameters complete with the names a user may pass, never Unknown (which binding refuses), and
# still take the API's codes. Checked for every enum parameter of every cmdlet.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $script:enumParameters = @(foreach ($command in Get-Command -Module CpmPowerShell) {
            foreach ($parameter in $command.Parameters.Values) {
                $type = $parameter.ParameterType
                $element = if ($type.IsArray) { $type.GetElementType() } else { [Nullable]::GetUnderlyingType($type) ?? $type }
                if ($element.IsEnum -and $element.Namespace -eq 'CpmPowerShell.Models') {
                    @{ Command = $command.Name; Parameter = $parameter.Name; Enum = $element }
                }
            }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
}

Describe '<Command> -<Parameter>' -ForEach $enumParameters {
    It 'completes its names without Unknown' {
        $line = "$Command -$Parameter "
        $offered = @((TabExpansion2 $line $line.Length).CompletionMatches.CompletionText)
        $offered | Should -Not -Contain 'Unknown'
        $expected = @([enum]::GetNames($Enum) | Where-Object { $_ -ne 'Unknown' })
        @($offered | Sort-Object) | Should -Be @($expected | Sort-Object)
    }

    It 'refuses Unknown in binding' {
        $metadata = (Get-Command $Command).Parameters[$Parameter]
        $set = $metadata.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }
        $set.ValidValues | Should -Not -Contain 'Unknown'
    }
}

Describe 'Enum codes' {
    BeforeAll {
        $script:sim = Start-CpmTestSimulator -ArgumentList '--seed-backups', '6'
        Connect-CpmTestSimulator -Simulator $sim
    }
    AfterAll {
        Disconnect-CpmTestAll
        Stop-CpmTestSimulator -Simulator $sim
    }

    It 'still binds an API code (W) as well as a name' {
        (New-CpmSchedule -Name "code-$(Get-Random)" -EveryHowMany 1 -EveryUnit W).EveryUnit | Should -Be 'Weeks'
        { Get-CpmBackup -Status B -First 1 -ErrorAction Stop } | Should -Not -Throw
    }

    It 'refuses Unknown with a binding error' {
        { New-CpmSchedule -Name x -EveryHowMany 1 -EveryUnit Unknown } | Should -Throw -ErrorId 'ParameterArgument*Error,*'
    }
}
