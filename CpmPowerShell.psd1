#
# Module manifest for CpmPowerShell: cmdlets for the N2WS Cloud Protection Manager (CPM) REST API.
# CmdletsToExport and FormatsToProcess are kept equal to the code by ./build.ps1 -Task Generate;
# the module version comes from Directory.Build.props (the build stamps it into out/).
#
@{
    RootModule             = 'CpmPowerShell.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '6f0b7e52-3c1d-4d8e-9a57-2f4c1b8d9e31'
    Author                 = 'CpmPowerShell contributors'
    CompanyName            = 'CpmPowerShell'
    Copyright              = '(c) CpmPowerShell contributors. All rights reserved.'
    Description            = 'Manage N2WS Cloud Protection Manager (CPM) from PowerShell: policies, schedules, backups and recoveries through the CPM REST API, with token renewal, paging, retries and -WhatIf.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    CmdletsToExport = @(
        'Add-CpmPolicyCustomTag',
        'Add-CpmPolicyDynamoDbTable',
        'Add-CpmPolicyEfs',
        'Add-CpmPolicyInstance',
        'Add-CpmPolicyInstanceVolume',
        'Add-CpmPolicyRdsCluster',
        'Add-CpmPolicyRdsDatabase',
        'Add-CpmPolicyRedshiftCluster',
        'Add-CpmPolicyS3Sync',
        'Add-CpmPolicyTarget',
        'Add-CpmPolicyVolume',
        'Add-CpmScheduleDisableTime',
        'Connect-CpmServer',
        'Disconnect-CpmServer',
        'Find-CpmCommand',
        'Get-CpmBackup',
        'Get-CpmBackupDrEfs',
        'Get-CpmBackupDrInitialAmi',
        'Get-CpmBackupDrOnlyAmi',
        'Get-CpmBackupDrRdsCluster',
        'Get-CpmBackupDrRdsDatabase',
        'Get-CpmBackupDrVolume',
        'Get-CpmBackupDynamoDbTable',
        'Get-CpmBackupEfs',
        'Get-CpmBackupInitialAmi',
        'Get-CpmBackupInstance',
        'Get-CpmBackupInstanceAmi',
        'Get-CpmBackupInstanceNic',
        'Get-CpmBackupInstanceSimilarAmi',
        'Get-CpmBackupLog',
        'Get-CpmBackupOnlyAmi',
        'Get-CpmBackupRdsCluster',
        'Get-CpmBackupRdsDatabase',
        'Get-CpmBackupRedshiftCluster',
        'Get-CpmBackupS3Copy',
        'Get-CpmBackupScriptLog',
        'Get-CpmBackupSnapshot',
        'Get-CpmBackupVolume',
        'Get-CpmConnection',
        'Get-CpmFreezerBackup',
        'Get-CpmPolicy',
        'Get-CpmPolicyCustomTag',
        'Get-CpmPolicyDrOption',
        'Get-CpmPolicyDynamoDbTable',
        'Get-CpmPolicyEfs',
        'Get-CpmPolicyInstance',
        'Get-CpmPolicyInstanceVolume',
        'Get-CpmPolicyOption',
        'Get-CpmPolicyRdsCluster',
        'Get-CpmPolicyRdsDatabase',
        'Get-CpmPolicyRedshiftCluster',
        'Get-CpmPolicyRunTime',
        'Get-CpmPolicyS3CopyOption',
        'Get-CpmPolicyS3Sync',
        'Get-CpmPolicyTarget',
        'Get-CpmPolicyVolume',
        'Get-CpmRecovery',
        'Get-CpmRecoveryLog',
        'Get-CpmSchedule',
        'Get-CpmScheduleDisableTime',
        'Get-CpmScheduleRunTime',
        'Invoke-CpmApi',
        'Invoke-CpmDrEfsRecovery',
        'Invoke-CpmDrRdsClusterRecovery',
        'Invoke-CpmDrRdsDatabaseRecovery',
        'Invoke-CpmDrVolumeRecovery',
        'Invoke-CpmDynamoDbTableRecovery',
        'Invoke-CpmEfsRecovery',
        'Invoke-CpmInstanceRecovery',
        'Invoke-CpmInstanceS3Recovery',
        'Invoke-CpmRdsClusterRecovery',
        'Invoke-CpmRdsDatabaseRecovery',
        'Invoke-CpmRecovery',
        'Invoke-CpmRedshiftClusterRecovery',
        'Invoke-CpmVolumeRecovery',
        'Invoke-CpmVolumeS3Recovery',
        'Move-CpmBackupToFreezer',
        'New-CpmPolicy',
        'New-CpmSchedule',
        'Remove-CpmBackup',
        'Remove-CpmBackupDrEfs',
        'Remove-CpmBackupDrInitialAmi',
        'Remove-CpmBackupDrOnlyAmi',
        'Remove-CpmBackupDrRdsCluster',
        'Remove-CpmBackupDrRdsDatabase',
        'Remove-CpmBackupDrVolume',
        'Remove-CpmBackupDynamoDbTable',
        'Remove-CpmBackupEfs',
        'Remove-CpmBackupInitialAmi',
        'Remove-CpmBackupOnlyAmi',
        'Remove-CpmBackupRdsCluster',
        'Remove-CpmBackupRdsDatabase',
        'Remove-CpmBackupRedshiftCluster',
        'Remove-CpmBackupSnapshot',
        'Remove-CpmBackupVolume',
        'Remove-CpmPolicy',
        'Remove-CpmPolicyCustomTag',
        'Remove-CpmPolicyDynamoDbTable',
        'Remove-CpmPolicyEfs',
        'Remove-CpmPolicyInstance',
        'Remove-CpmPolicyInstanceVolume',
        'Remove-CpmPolicyRdsCluster',
        'Remove-CpmPolicyRdsDatabase',
        'Remove-CpmPolicyRedshiftCluster',
        'Remove-CpmPolicyS3Sync',
        'Remove-CpmPolicySnapshot',
        'Remove-CpmPolicyTarget',
        'Remove-CpmPolicyVolume',
        'Remove-CpmRecovery',
        'Remove-CpmSchedule',
        'Remove-CpmScheduleDisableTime',
        'Set-CpmBackup',
        'Set-CpmPolicy',
        'Set-CpmPolicyDrOption',
        'Set-CpmPolicyEfs',
        'Set-CpmPolicyInstance',
        'Set-CpmPolicyOption',
        'Set-CpmPolicyS3CopyOption',
        'Set-CpmPolicyS3Sync',
        'Set-CpmSchedule',
        'Start-CpmPolicyBackup',
        'Stop-CpmBackupS3Copy',
        'Stop-CpmPolicyArchive',
        'Stop-CpmPolicyS3Cleanup',
        'Stop-CpmPolicyS3Operation',
        'Stop-CpmS3Recovery',
        'Wait-CpmBackup',
        'Wait-CpmRecovery'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    FormatsToProcess = @(
        'Formats/Api.Format.ps1xml',
        'Formats/Backups.Format.ps1xml',
        'Formats/Connection.Format.ps1xml',
        'Formats/Policies.Format.ps1xml',
        'Formats/Recoveries.Format.ps1xml',
        'Formats/Schedules.Format.ps1xml'
    )
    PrivateData            = @{
        PSData = @{
            Tags         = @('CPM', 'N2WS', 'AWS', 'Backup', 'DisasterRecovery', 'PSEdition_Desktop', 'PSEdition_Core')
            ProjectUri   = ''
            ReleaseNotes = 'First foundation release: connection, raw API access and schedules.'
        }
    }
}
