# Records as they leave PowerShell: Export-Csv, ConvertTo-Json, Export-Clixml and Format-List carry the
# model's own fields, nothing else (no extension data, no connection bookkeeping), and nested objects
# read as text rather than as a .NET type name.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force

    $script:Sim = Start-CpmTestSimulator
    Disconnect-CpmTestAll
    Connect-CpmTestSimulator $script:Sim

    $script:Backup = Get-CpmBackup -First 1
    $script:Schedule = Get-CpmSchedule -First 1
    # The model's fields: its public .NET properties (a field added for bookkeeping must not be one).
    function Get-ModelField($Object) { @($Object.GetType().GetProperties([Reflection.BindingFlags]'Instance,Public').Name | Sort-Object) }
}

AfterAll {
    Disconnect-CpmTestAll
    Stop-CpmTestSimulator $script:Sim
}

Describe 'Exported records' {
    It 'Export-Csv writes the model''s fields, nested objects as text and no type names' {
        $path = Join-Path (Get-PSDrive TestDrive).Root 'backups.csv'
        $Backup | Export-Csv -Path $path -NoTypeInformation
        $text = Get-Content $path -Raw
        $row = Import-Csv $path

        @($row[0].PSObject.Properties.Name | Sort-Object) | Should -Be (Get-ModelField $Backup)
        $text | Should -Not -Match 'AdditionalProperties'
        $text | Should -Not -Match 'CpmPowerShell\.Models\.|System\.Collections'
        $row[0].GlacierArchiveStatus | Should -Match 'Status='
    }

    It 'ConvertTo-Json gives the model''s fields and nothing else' {
        $json = $Schedule | ConvertTo-Json -Depth 4 | ConvertFrom-Json

        @($json.PSObject.Properties.Name | Sort-Object) | Should -Be (Get-ModelField $Schedule)
        $json.Id | Should -Be $Schedule.Id
        $json.Name | Should -Be $Schedule.Name
        foreach ($time in @($json.DisableTimes)) {
            @($time.PSObject.Properties.Name) | Should -Not -Contain 'AdditionalProperties'
        }
    }

    It 'Export-Clixml keeps the model''s fields only' {
        $path = Join-Path (Get-PSDrive TestDrive).Root 'backup.xml'
        $Backup | Export-Clixml -Path $path
        $back = Import-Clixml $path

        @($back.PSObject.Properties.Name | Sort-Object) | Should -Be (Get-ModelField $Backup)
        $back.Id | Should -Be $Backup.Id
    }

    It 'Format-List shows nested objects by their fields, not a type name' {
        $text = $Backup | Format-List | Out-String -Width 200

        $text | Should -Not -Match 'CpmPowerShell\.Models\.'
        $text | Should -Match 'GlacierArchiveStatus\s*:.*Status=\w+'
        $text | Should -Not -Match 'AdditionalProperties'
    }

    It 'keeps fields the module does not model, for read-modify-write, out of sight' {
        @($Backup.PSObject.Properties.Name) | Should -Not -Contain 'AdditionalProperties'
        $Backup.GetAdditionalProperties() | Should -Not -BeNullOrEmpty -Because 'the simulator sends tracker_id, which the guide does not list'
    }
}
