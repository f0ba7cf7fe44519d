# Module-wide rules every cmdlet must keep, checked on the built module as a user imports it.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    # Commands that never talk to a server (Find-CpmCommand reads a table built into the module) have no
    # -Server: one that did nothing would mislead.
    $offline = 'Find-CpmCommand'
    $script:commands = @(Get-Command -Module CpmPowerShell | ForEach-Object { @{ Name = $_.Name; Verb = $_.Verb; Offline = $_.Name -in $offline } })
    # Verbs whose cmdlets change state on the server (Disconnect only forgets a local connection).
    $script:changingVerbs = 'Remove', 'Set', 'New', 'Add', 'Start', 'Stop', 'Invoke', 'Reset', 'Move', 'Update', 'Save'
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    $script:manifestPath = Get-CpmTestModulePath
    Import-Module $manifestPath -Force
    $script:manifest = Import-PowerShellDataFile $manifestPath
    $script:moduleDir = Split-Path $manifestPath -Parent
    $script:assembly = (Get-Module CpmPowerShell).ImplementingAssembly
    $script:approved = (Get-Verb).Verb
}

Describe 'The manifest' {
    It 'exports exactly the cmdlets the module defines' {
        $compiled = $assembly.GetTypes() |
            Where-Object { $_.IsPublic -and -not $_.IsAbstract } |
            ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" } | Sort-Object
        @($manifest.CmdletsToExport | Sort-Object) | Should -Be @($compiled)
        @((Get-Command -Module CpmPowerShell).Name | Sort-Object) | Should -Be @($compiled)
    }

    It 'lists every format file that ships, and each exists' {
        $shipped = @(Get-ChildItem (Join-Path $moduleDir 'Formats') -Filter '*.Format.ps1xml' | ForEach-Object { "Formats/$($_.Name)" } | Sort-Object)
        @($manifest.FormatsToProcess | Sort-Object) | Should -Be $shipped
    }

    It 'declares both editions, PowerShell 5.1 and .NET Framework 4.7.2' {
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.DotNetFrameworkVersion | Should -Be '4.7.2'
        $manifest.RootModule | Should -Be 'CpmPowerShell.dll'
    }

    It 'keeps third-party assemblies out of RequiredAssemblies and NestedModules' {
        $manifest.ContainsKey('RequiredAssemblies') | Should -BeFalse
        $manifest.ContainsKey('NestedModules') | Should -BeFalse
    }

    It 'ships no PowerShell reference assembly' {
        Join-Path $moduleDir 'System.Management.Automation.dll' | Should -Not -Exist
    }

    It 'ships the compiled help and the about topic' {
        Join-Path $moduleDir 'en-US/CpmPowerShell.dll-Help.xml' | Should -Exist
        Join-Path $moduleDir 'en-US/about_CpmPowerShell.help.txt' | Should -Exist
    }
}

Describe '<Name>' -ForEach $commands {
    BeforeAll {
        $command = Get-Command $Name
    }

    It 'uses an approved verb' {
        $approved | Should -Contain $command.Verb
    }

    It 'is a sealed class named <Verb><Noun>Command' {
        $command.ImplementingType.IsSealed | Should -BeTrue
        $command.ImplementingType.Name | Should -Be ($command.Verb + $command.Noun + 'Command')
    }

    It 'has -Server, unless it never talks to a server' {
        if ($Offline) { $command.Parameters.Keys | Should -Not -Contain 'Server' }
        else { $command.Parameters.Keys | Should -Contain 'Server' }
    }
}

Describe '<Name> changes something, so it supports -WhatIf and -Confirm' -ForEach ($commands | Where-Object { $_.Verb -in $changingVerbs }) {
    It 'declares SupportsShouldProcess' {
        $attribute = (Get-Command $Name).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.SupportsShouldProcess | Should -BeTrue
        (Get-Command $Name).Parameters.Keys | Should -Contain 'WhatIf'
        (Get-Command $Name).Parameters.Keys | Should -Contain 'Confirm'
    }
}

Describe '<Name> deletes, so it asks first (ConfirmImpact High) and has -Force for scripts' -ForEach ($commands | Where-Object { $_.Verb -eq 'Remove' }) {
    It 'is ConfirmImpact High with -Force' {
        $attribute = (Get-Command $Name).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'High'
        (Get-Command $Name).Parameters.Keys | Should -Contain 'Force'
    }
}

Describe '<Name> returns objects, so it declares their type' -ForEach ($commands | Where-Object { $_.Verb -in 'Get', 'New', 'Add', 'Set', 'Invoke', 'Connect' }) {
    It 'has an OutputType' {
        @((Get-Command $Name).OutputType).Count | Should -BeGreaterThan 0
    }
}
