# Find-CpmCommand: which cmdlet calls which endpoint. The whole table is walked: test cases are made from
# Find-CpmCommand's own output when Pester discovers the tests, so an endpoint gains its test the day a
# cmdlet claims it. Every command named exists; every command, main or other, called for real (GET, seen
# in the simulator's request log) or with -WhatIf (other methods: its text names the request, nothing is
# sent), reaches exactly the method and path it is listed for. Then the ways a user asks (-Path forms,
# -Method, -Section, -Command from Get-Command), the no-match error, the view and the help examples.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $endpoints = @(Find-CpmCommand)
    $script:covered = @($endpoints | Where-Object Command -ne 'Invoke-CpmApi' |
            ForEach-Object { @{ Section = $_.Section; Method = $_.Method; Path = $_.Path; Command = $_.Command } })
    $script:others = @($endpoints | ForEach-Object {
            $endpoint = $_
            $endpoint.OtherCommands | ForEach-Object { @{ Section = $endpoint.Section; Method = $endpoint.Method; Path = $endpoint.Path; Command = $_ } }
        })
    $script:listed = @($endpoints | ForEach-Object { @($_.Command) + @($_.OtherCommands) } | Sort-Object -Unique |
            ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'CpmTestHelpers.psm1') -Force
    Import-Module (Get-CpmTestModulePath) -Force
    $script:repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:sim = Start-CpmTestSimulator -ArgumentList '--seed-backups', '3', '--backup-seconds', '1', '--recovery-seconds', '1'
    Disconnect-CpmTestAll
    Connect-CpmTestSimulator -Simulator $sim

    # Records the seed may lack: a recovery and a disable time, so their item paths have real ids.
    $null = Get-CpmBackup -First 1 | Get-CpmBackupInstance -First 1 | Invoke-CpmRecovery -Force
    $null = Get-CpmSchedule -First 1 | Add-CpmScheduleDisableTime -Day Friday -StartTime 01:00 -EndTime 02:00
    # A target of every kind the seed lacks, a volume under an instance and a custom tag, on the first policy.
    $policy = Get-CpmPolicy -First 1
    $null = $policy | Add-CpmPolicyDynamoDbTable -AwsRegion us-east-1 -AwsResourceName find-orders
    $null = $policy | Add-CpmPolicyEfs -AwsRegion us-east-1 -AwsResourceId fs-0abc1234
    $null = $policy | Add-CpmPolicyRdsCluster -AwsRegion us-east-1 -AwsResourceId find-cluster
    $null = $policy | Add-CpmPolicyRdsDatabase -AwsRegion us-east-1 -AwsResourceId find-db
    $null = $policy | Add-CpmPolicyRedshiftCluster -AwsRegion us-east-1 -AwsResourceId find-warehouse
    $null = $policy | Add-CpmPolicyS3Sync -Name find-sync -DestinationBucketName find-bucket
    $null = $policy | Add-CpmPolicyCustomTag -TagName env -TagValue prod
    $null = $policy | Get-CpmPolicyInstance -First 1 | Add-CpmPolicyInstanceVolume -AwsResourceId vol-0abc1234abc1234ab
    # The dispatchers (Add-/Remove-CpmPolicyTarget) reach each kind's endpoint through a target of that kind.
    $script:targetTypes = @{ instances = 'EC2 Instance'; volumes = 'EBS Volume'; dynamodb_tables = 'DynamoDB Table'; efs = 'EFS'
        rds_clusters = 'RDS Cluster'; rds_databases = 'RDS Database'; redshift_clusters = 'Redshift Cluster'; s3syncs = 'S3 Sync' }

    # Calls the generic rule below cannot make (the arguments are not ids, or the endpoint is reached only
    # on one path through the command): "Command METHOD path" -> script block given the resolved ids. One
    # that makes a new record returns the ids it reached instead ({ id = ... }).
    $script:special = @{
        'Connect-CpmServer POST /api/token/obtain/api_key/'                                 = { Connect-CpmTestSimulator -Simulator $sim }
        'Start-CpmPolicyBackup GET /api/policies/'                                          = { Start-CpmPolicyBackup -Name (Get-CpmPolicy -First 1).Name -WhatIf }
        'Start-CpmPolicyBackup GET /api/backups/'                                           = { Start-CpmPolicyBackup -PolicyId (Get-CpmPolicy -First 1).Id -Confirm:$false }
        'Start-CpmPolicyBackup GET /api/backups/{id}/'                                      = {
            # Another policy than the one above, whose backup may still run (CPM refuses a second one).
            $policy = Get-CpmPolicy | Where-Object Enabled | Select-Object -Skip 1 -First 1
            $backup = Start-CpmPolicyBackup -PolicyId $policy.Id -Wait -Timeout 60 -Confirm:$false -ErrorAction SilentlyContinue
            @{ id = $backup.Id } }
        'Invoke-CpmRecovery POST /api/backups/{backup_id}/snapshots/instances/{snapshot_record_id}/recover/' = {
            param($ids) Get-CpmBackupInstance -BackupId $ids.backup_id -Id $ids.snapshot_record_id | Invoke-CpmRecovery -WhatIf }
        'Invoke-CpmRecovery POST /api/backups/{backup_id}/snapshots/volumes/{snapshot_record_id}/recover/' = {
            param($ids) Get-CpmBackupVolume -BackupId $ids.backup_id -Id $ids.snapshot_record_id | Invoke-CpmRecovery -WhatIf }
        'Remove-CpmPolicySnapshot DELETE /api/policies/{id}/snapshots/native/'              = { param($ids) Remove-CpmPolicySnapshot -PolicyId $ids.id -Scope Native -WhatIf }
        'Remove-CpmPolicySnapshot DELETE /api/policies/{id}/snapshots/s3/'                  = { param($ids) Remove-CpmPolicySnapshot -PolicyId $ids.id -Scope NativeS3AndGlacier -WhatIf }
        'Add-CpmPolicyTarget POST /api/policies/{policy_id}/targets/instances/{instance_id}/volumes/' = {
            # The selected volumes of an instance come along when the instance is copied.
            param($ids)
            $instance = Get-CpmPolicyInstance -PolicyId $ids.policy_id -Id $ids.instance_id |
                Set-CpmPolicyInstance -WhichVolumes IncludeSelected -PassThru
            $copy = New-CpmPolicy -Name "find-volume-copy-$(Get-Random)" -AccountId (Get-CpmPolicy -Id $ids.policy_id).Account
            $new = $instance | Add-CpmPolicyTarget -PolicyId $copy.Id
            @{ policy_id = $copy.Id; instance_id = $new.Id } }
        'Remove-CpmPolicyTarget DELETE /api/policies/{policy_id}/targets/instances/{instance_id}/volumes/{id}/' = {
            param($ids) Get-CpmPolicyInstanceVolume -PolicyId $ids.policy_id -PolicyInstanceId $ids.instance_id -Id $ids.id | Remove-CpmPolicyTarget -WhatIf }
        # Issue 11 (users): a Set-* without a record to change; both passwords are mandatory.
        'Set-CpmUserPassword POST /api/users/me/change_password/'                           = {
            $password = ConvertTo-SecureString 'Find-Test-Passw0rd' -AsPlainText -Force
            Set-CpmUserPassword -CurrentPassword $password -NewPassword $password -WhatIf }
        'Invoke-CpmRecovery GET /api/recoveries/{id}/'                                      = {
            $recovery = Get-CpmBackup -First 1 | Get-CpmBackupInstance -First 1 | Invoke-CpmRecovery -Force -Wait -Timeout 60 -ErrorAction SilentlyContinue
            @{ id = $recovery.Id } }
        # Issue 11 (system): the agents' configuration takes settings, not ids; the support logs go to a folder of the test; the token refresh is made by the
        # connection when the server no longer takes its access token.
        'Set-CpmAgentConfiguration POST /api/agents/configuration/'                         = { Get-CpmAgent | Set-CpmAgentConfiguration -Setting @{ log_level = 'debug' } -WhatIf }
        'Save-CpmSupportLog GET /api/system/support_logs/'                                  = { $null = Save-CpmSupportLog -Path (Join-Path $TestDrive 'support-logs/') -Force }
        'Connect-CpmServer POST /api/token/refresh/'                                        = {
            Connect-CpmTestSimulator -Simulator $sim
            $null = Invoke-CpmSimulatorAdmin -Simulator $sim -Method POST -Path /_sim/expire-tokens -Body @{ refresh = $false }
            $null = Get-CpmVersion }
    }

    # Issue 11 (accounts): the kind of account and -Path choose the endpoint.
    $special['Test-CpmAccountPermission GET /api/accounts/backup/{id}/check_aws_permissions/download/'] = {
        param($ids) Test-CpmAccountPermission -BackupAccountId $ids.id -Path (Join-Path $TestDrive "find-$(Get-Random).csv") }
    $special['Test-CpmAccountPermission GET /api/accounts/dr/{id}/check_aws_permissions/'] = { param($ids) Test-CpmAccountPermission -DrAccountId $ids.id }
    $special['Test-CpmAccountPermission GET /api/accounts/dr/{id}/check_aws_permissions/download/'] = {
        param($ids) Test-CpmAccountPermission -DrAccountId $ids.id -Path (Join-Path $TestDrive "find-$(Get-Random).csv") }
    $special['Save-CpmVpcCloneLog GET /api/accounts/backup/{id}/clone_vpc_log/'] = {
        param($ids) Save-CpmVpcCloneLog -BackupAccountId $ids.id -Path (Join-Path $TestDrive "find-$(Get-Random).csv") }
    $special['Remove-CpmAccountSnapshot DELETE /api/accounts/{id}/snapshots/'] = { param($ids) Remove-CpmAccountSnapshot -AccountId $ids.id -WhatIf }
    $special['Remove-CpmAccountSnapshot GET /api/accounts/{id}/'] = { param($ids) Remove-CpmAccountSnapshot -AccountId $ids.id -WhatIf }
    $special['Remove-CpmAccountSnapshot DELETE /api/accounts/backup/{id}/snapshots/'] = { param($ids) Remove-CpmAccountSnapshot -BackupAccountId $ids.id -WhatIf }
    $special['Remove-CpmAccountSnapshot DELETE /api/accounts/dr/{id}/snapshots/'] = { param($ids) Remove-CpmAccountSnapshot -DrAccountId $ids.id -WhatIf }

    # The snapshot dispatchers reach each kind's endpoint through a record of the general list (Get-CpmBackupSnapshot)
    # of that kind, made here from the kind's own record: segment -> the kind's noun and the general list's type.
    $snapshotKinds = @{ volumes = 'Volume', 'ebs'; dr_volumes = 'DrVolume', 'ebs_copy'; efs = 'Efs', 'efs'; dr_efs = 'DrEfs', 'efs_copy'
        rds_databases = 'RdsDatabase', 'rds'; dr_rds_databases = 'DrRdsDatabase', 'rds_copy'; rds_clusters = 'RdsCluster', 'rds_cluster'
        dr_rds_clusters = 'DrRdsCluster', 'rds_cluster_copy'; redshift_clusters = 'RedshiftCluster', 'redshift'; dynamodb_tables = 'DynamoDbTable', 'dynamodb'
        initial_amis = 'InitialAmi', 'initial_ami'; dr_initial_amis = 'DrInitialAmi', 'initial_ami_copy'; only_amis = 'OnlyAmi', 'ami'; only_dr_amis = 'DrOnlyAmi', 'ami_copy' }
    # (A script block, not a function: the closures below run in modules of their own, which see no script functions.)
    $toGeneral = {
        param($Noun, $Type, $BackupId, $Id)
        $record = & "Get-CpmBackup$Noun" -BackupId $BackupId -Id $Id
        [CpmPowerShell.Models.BackupSnapshot]@{ Id = $record.Id; BackupId = $record.BackupId; SnapshotType = $Type; BackedUpResourceId = $record.BackedUpResourceId; Region = $record.Region }
    }
    foreach ($kind in $snapshotKinds.Keys) {
        $noun, $type = $snapshotKinds[$kind]
        $special["Remove-CpmBackupSnapshot DELETE /api/backups/{backup_id}/snapshots/$kind/{id}/"] = {
            param($ids) & $toGeneral $noun $type $ids.backup_id $ids.id | Remove-CpmBackupSnapshot -WhatIf }.GetNewClosure()
        if ($kind -like '*ami*' -or $kind -eq 'volumes') { continue } # AMIs have no recover endpoint; volumes have the special above
        $special["Invoke-CpmRecovery POST /api/backups/{backup_id}/snapshots/$kind/{snapshot_record_id}/recover/"] = {
            param($ids) & $toGeneral $noun $type $ids.backup_id $ids.snapshot_record_id | Invoke-CpmRecovery -NameSuffix '-find' -WhatIf }.GetNewClosure()
    }
    foreach ($kind in $targetTypes.Keys) {
        $type = $targetTypes[$kind]
        $special["Add-CpmPolicyTarget POST /api/policies/{policy_id}/targets/$kind/"] = {
            param($ids) Get-CpmPolicyTarget -PolicyId $ids.policy_id | Where-Object ResourceType -eq $type | Select-Object -First 1 |
                Add-CpmPolicyTarget -PolicyId $ids.policy_id -WhatIf }.GetNewClosure()
        $special["Remove-CpmPolicyTarget DELETE /api/policies/{policy_id}/targets/$kind/{id}/"] = {
            param($ids) Remove-CpmPolicyTarget -PolicyId $ids.policy_id -Id $ids.id -ResourceType $type -WhatIf }.GetNewClosure()
    }

    # Values for mandatory parameters that need a realistic form; other types get a generic sample.
    $script:samples = @{
        AwsRegion     = 'us-east-1'
        AwsResourceId = 'i-0123456789abcdef0'
        StartTime     = '01:00'
        EndTime       = '02:00'
    }

    function script:ConvertTo-Pascal([string] $Name) {
        (($Name -split '_') | ForEach-Object { $_.Substring(0, 1).ToUpperInvariant() + $_.Substring(1) }) -join ''
    }

    function script:Get-Placeholders([string] $Template) {
        @([regex]::Matches($Template, '\{([^}]+)\}') | ForEach-Object { $_.Groups[1].Value })
    }

    # Real ids for a template's placeholders, read from the simulator: each {x} takes the id of an item
    # of the list at the path before it, trying a few until the rest of the path resolves too.
    function script:Find-Ids([string[]] $Segments, [int] $Index, [hashtable] $Ids) {
        for ($i = $Index; $i -lt $Segments.Count; $i++) {
            if ($Segments[$i] -notmatch '^\{(.+)\}$') { continue }
            $name = $Matches[1]
            $collection = (Expand-Template (($Segments[0..($i - 1)]) -join '/') $Ids) + '/'
            $items = @(Invoke-CpmApi -Path $collection -All -First 5 -ErrorAction SilentlyContinue | Where-Object { $null -ne $_.id })
            foreach ($item in $items) {
                $next = $Ids.Clone()
                $next[$name] = [long] $item.id
                $found = Find-Ids $Segments ($i + 1) $next
                if ($found) { return $found }
            }
            return $null
        }
        $Ids
    }

    function script:Expand-Template([string] $Template, [hashtable] $Ids) {
        [regex]::Replace($Template, '\{([^}]+)\}', { param($m) [string] $Ids[$m.Groups[1].Value] })
    }

    function script:Get-SampleValue([System.Management.Automation.ParameterMetadata] $Parameter) {
        if ($samples.ContainsKey($Parameter.Name)) { return $samples[$Parameter.Name] }
        $set = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
        $type = $Parameter.ParameterType
        $element = if ($type.IsArray) { $type.GetElementType() } else { $type }
        $value = if ($set) { $set.ValidValues[0] } else {
            switch ($element) {
                { $_ -in [long], [int] } { 1; break }
                { $_ -eq [string] } { 'find-test'; break }
                # Issue 11 (users): passwords and other secrets are SecureStrings.
                { $_ -eq [securestring] } { ConvertTo-SecureString 'Find-Test-Passw0rd' -AsPlainText -Force; break }
                { $_ -eq [datetime] } { [datetime]::Now.AddDays(1); break }
                { $_ -eq [timespan] } { [timespan]::FromHours(1); break }
                { $_ -eq [System.Management.Automation.SwitchParameter] } { $true; break }
                { $_.IsEnum } { [enum]::GetNames($_) | Where-Object { $_ -ne 'Unknown' } | Select-Object -First 1; break }
                default { throw "No sample value for -$($Parameter.Name) [$type]." }
            }
        }
        if ($type.IsArray) { , @($value) } else { $value }
    }

    # The arguments that make a command call the endpoint: each placeholder's id goes to the parameter named
    # after it (PolicyId or alias policy_id for {policy_id}; the item's own {id} to -Id, else to the one id
    # parameter left), mandatory parameters get samples, and a Set-* gets one change to send.
    function script:Get-EndpointArguments([string] $Command, [string] $Template, [hashtable] $Ids) {
        $parameters = (Get-Command $Command).Parameters.Values
        $arguments = @{}
        $placeholders = @(Get-Placeholders $Template)
        foreach ($placeholder in $placeholders) {
            $pascal = ConvertTo-Pascal $placeholder
            $match = $parameters | Where-Object { ($_.Name -eq $pascal -or $_.Aliases -contains $placeholder) -and -not $arguments.ContainsKey($_.Name) } |
                Select-Object -First 1
            if (-not $match -and $placeholder -eq $placeholders[-1]) {
                $match = $parameters | Where-Object {
                    -not $arguments.ContainsKey($_.Name) -and $_.ParameterType -in [long], [long[]] -and
                    @($_.Attributes | Where-Object { $_ -is [CpmPowerShell.Runtime.CpmObjectIdAttribute] }).Count
                } | Sort-Object { $_.Name -ne 'Id' } | Select-Object -First 1
            }
            if (-not $match) { throw "$Command has no parameter for {$placeholder} of $Template." }
            $arguments[$match.Name] = if ($match.ParameterType.IsArray) { , @($Ids[$placeholder]) } else { $Ids[$placeholder] }
        }

        # The parameter set that holds the ids, with the fewest other mandatory parameters.
        $sets = @((Get-Command $Command).ParameterSets | Where-Object {
                $names = $_.Parameters.Name
                @($arguments.Keys | Where-Object { $_ -notin $names }).Count -eq 0
            } | Sort-Object { @($_.Parameters | Where-Object { $_.IsMandatory -and -not $arguments.ContainsKey($_.Name) }).Count }, { -not $_.IsDefault })
        if ($sets.Count -eq 0) { throw "$Command has no parameter set with $($arguments.Keys -join ', ')." }
        foreach ($parameter in $sets[0].Parameters | Where-Object { $_.IsMandatory -and -not $arguments.ContainsKey($_.Name) }) {
            $arguments[$parameter.Name] = Get-SampleValue (Get-Command $Command).Parameters[$parameter.Name]
        }
        if ($Command -like 'Set-*') {
            # A Set-* sends nothing when nothing changes: give it one text field (or number) to change.
            $change = $sets[0].Parameters | Where-Object {
                -not $arguments.ContainsKey($_.Name) -and $_.Name -notin 'Server', 'Clear' -and $_.Name -notin [System.Management.Automation.Cmdlet]::CommonParameters -and
                $_.ParameterType -in [string], [int], [long] -and -not ($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] })
            } | Sort-Object { $_.ParameterType -ne [string] }, { $_.Name -ne 'Description' }, Name | Select-Object -First 1
            if (-not $change) { throw "$Command has no field to change." }
            $arguments[$change.Name] = if ($change.ParameterType -eq [string]) { 'changed by Find-CpmCommand test' } else { 7 }
        }
        $arguments
    }

    # Calls the command so that it calls the endpoint, and checks what it sent or would send. GET: called for
    # real (with -WhatIf where the command changes something: a Set-* reads before it asks), the request log
    # has the request. Other methods: called with -WhatIf, whose text names exactly that request, and no
    # change reaches the server; a command without -WhatIf (Connect-CpmServer) is called for real.
    function script:Assert-Reaches([string] $Command, [string] $Method, [string] $Path) {
        $ids = Find-Ids ($Path -split '/') 0 @{}
        $null -eq $ids | Should -BeFalse -Because "the simulator should hold records for every placeholder of $Path"
        $key = "$Command $Method $Path"
        $whatIf = (Get-Command $Command).Parameters.ContainsKey('WhatIf') -and -not $special.ContainsKey($key)
        $call = if ($special.ContainsKey($key)) { $special[$key] } else {
            $arguments = Get-EndpointArguments $Command $Path $ids
            if ($whatIf) { $arguments['WhatIf'] = $true }
            { param($ids) & $Command @arguments -ErrorAction SilentlyContinue 3>$null }.GetNewClosure()
        }
        Clear-CpmSimulatorRequest -Simulator $sim
        $script:returned = $null
        $text = Get-HostOutput { $script:returned = & $call $ids }
        if ($returned -is [hashtable]) { foreach ($name in $returned.Keys) { $ids[$name] = $returned[$name] } }
        $expected = "$Method $(Expand-Template $Path $ids)"
        $sent = @(Get-CpmSimulatorRequest -Simulator $sim | ForEach-Object { "$($_.method) $($_.path)" })
        $named = @(Get-WhatIfRequests $text)
        if ($Method -eq 'GET' -or ($named.Count -eq 0 -and -not $whatIf)) {
            $sent | Should -Contain $expected -Because "$Command should send $expected"
        }
        else {
            $named | Should -Be @($expected) -Because "the -WhatIf text of $Command should name exactly that request"
            @($sent | Where-Object { $_ -notlike 'GET *' }) | Should -BeNullOrEmpty -Because '-WhatIf sends no change'
        }
    }

    # (method, path) pairs named by -WhatIf text ("What if: Performing the operation "PUT /api/..." on target ...").
    function script:Get-WhatIfRequests([string] $Text) {
        @([regex]::Matches($Text, '"(GET|POST|PUT|DELETE|PATCH) (/api/[^\s"?]*)') | ForEach-Object { "$($_.Groups[1].Value) $($_.Groups[2].Value)" } | Sort-Object -Unique)
    }
}

AfterAll {
    Disconnect-CpmTestAll
    Stop-CpmTestSimulator -Simulator $sim
}

Describe 'The endpoint table' {
    It 'lists all 350 endpoints of the guide, each once, in section order' {
        $all = @(Find-CpmCommand)
        $all.Count | Should -Be 350
        @($all | ForEach-Object { "$($_.Method) $($_.Path)" } | Sort-Object -Unique).Count | Should -Be 350
        $all[0].Section | Should -Be '4.1'
        $all | ForEach-Object { $_.Title | Should -Not -BeNullOrEmpty; $_.ApiVersion | Should -Match '^1\.\d\.\d$' }
    }

    It 'names Invoke-CpmApi where no typed cmdlet calls an endpoint, so coverage can be counted' {
        $groups = Find-CpmCommand | Group-Object { $_.Command -eq 'Invoke-CpmApi' } -AsHashTable -AsString
        $groups['False'].Count | Should -Be $covered.Count
        $groups['False'].Count | Should -BeGreaterOrEqual 52
        $groups['True'] | ForEach-Object { $_.IsCovered | Should -BeFalse; $_.OtherCommands | Should -BeNullOrEmpty }
    }

    It 'keeps the main command and the others (Get-CpmBackup reads what Set-, Start- and Wait- also call)' {
        $row = Find-CpmCommand -Path '/api/backups/{id}/' -Method GET
        $row.Command | Should -Be 'Get-CpmBackup'
        $row.OtherCommands | Should -Be @('Set-CpmBackup', 'Start-CpmPolicyBackup', 'Wait-CpmBackup')
        (Find-CpmCommand -Path '/api/policies/{id}/backups/').Command | Should -Be 'Start-CpmPolicyBackup'
    }

    It 'validates -Method against the methods the guide uses' {
        $valid = (Get-Command Find-CpmCommand).Parameters['Method'].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }
        @($valid.ValidValues | Sort-Object) | Should -Be @(Find-CpmCommand | ForEach-Object Method | Sort-Object -Unique)
        { Find-CpmCommand -Method FETCH } | Should -Throw -ErrorId 'ParameterArgumentValidationError,CpmPowerShell.Commands.FindCpmCommandCommand'
    }
}

Describe '<Name> is a command of the module' -ForEach $listed {
    It 'exists' {
        Get-Command $Name -Module CpmPowerShell -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty
    }
}

Describe '<Method> <Path> (<Section>)' -ForEach $covered {
    It 'is reached by <Command>' {
        Assert-Reaches $Command $Method $Path
    }
}

Describe '<Method> <Path> (<Section>), also called by <Command>' -ForEach $others {
    It 'is reached by <Command>' {
        Assert-Reaches $Command $Method $Path
    }
}

Describe 'Find-CpmCommand -Path' {
    It 'takes a <Form>' -ForEach @(
        @{ Form = 'template'; Value = '/api/policies/{id}/backups/' }
        @{ Form = 'concrete path'; Value = '/api/policies/5/backups/' }
        @{ Form = 'URL from a browser, query string and all'; Value = 'https://cpm.example.com/api/policies/5/backups/?page=2&page_size=10' }
        @{ Form = 'path without /api'; Value = '/policies/5/backups/' }
        @{ Form = 'path without slashes around it'; Value = 'policies/5/backups' }
        @{ Form = 'URL with an escaped template'; Value = 'https://cpm.example.com/api/policies/%7Bid%7D/backups' }
    ) {
        $found = @(Find-CpmCommand -Path $Value)
        $found.Count | Should -Be 1
        "$($found[0])" | Should -Be 'POST /api/policies/{id}/backups/'
        $found[0].Command | Should -Be 'Start-CpmPolicyBackup'
    }

    It 'prefers a template to a placeholder standing for a name (/api/accounts/backup/ is not /api/accounts/{id}/)' {
        @(Find-CpmCommand -Path /api/accounts/backup/ | ForEach-Object Path | Sort-Object -Unique) | Should -Be '/api/accounts/backup/'
    }

    It 'takes wildcards, against the templates or after ids' {
        $backups = @(Find-CpmCommand -Path '*backups*')
        $backups.Count | Should -BeGreaterThan 50
        $backups | ForEach-Object { $_.Path | Should -BeLike '*backups*' }
        $below = @(Find-CpmCommand -Path 'schedules/5/*' -Method DELETE | ForEach-Object Path)
        $below | Should -Be @('/api/schedules/{id}/', '/api/schedules/{schedule_id}/disable_times/{id}/')
    }
}

Describe 'Find-CpmCommand filters' {
    It 'selects by -Method' {
        $deletes = @(Find-CpmCommand -Path '/api/policies/{id}/' -Method delete)
        $deletes.Count | Should -Be 1
        $deletes[0].Method | Should -Be 'DELETE'
        $deletes[0].Command | Should -Be 'Remove-CpmPolicy'
    }

    It 'selects by -Section, wildcards allowed' {
        "$(Find-CpmCommand -Section 13.6)" | Should -Be 'POST /api/policies/{id}/backups/'
        $chapter = @(Find-CpmCommand -Section 22.*)
        $chapter.Count | Should -BeGreaterThan 5
        $chapter | ForEach-Object { $_.Path | Should -BeLike '/api/schedules/*' }
    }

    It 'answers the reverse question from Get-Command output' {
        $rows = @(Get-Command Get-CpmPolicy | Find-CpmCommand)
        @($rows | ForEach-Object { "$_" }) | Should -Be @('GET /api/policies/', 'GET /api/policies/{id}/')
        @(Find-CpmCommand -Name Get-CpmPolicy).Count | Should -Be 2
    }

    It 'matches other commands and wildcards in -Command' {
        @(Find-CpmCommand -Command Wait-CpmRecovery | ForEach-Object { "$_" }) | Should -Be 'GET /api/recoveries/{id}/'
        (Find-CpmCommand -Command Wait-CpmRecovery).Command | Should -Be 'Get-CpmRecovery'
        $recoveries = @(Find-CpmCommand -Command '*-Cpm*Recovery')
        $recoveries.Command | Should -Contain 'Invoke-CpmInstanceRecovery'
        $recoveries.Command | Should -Contain 'Stop-CpmS3Recovery'
    }

    It 'combines criteria' {
        @(Find-CpmCommand -Path 'policies/*' -Method PUT -Command 'Set-*' | ForEach-Object Command) |
            Should -Be @('Set-CpmPolicy', 'Set-CpmPolicyS3CopyOption', 'Set-CpmPolicyDrOption', 'Set-CpmPolicyOption', 'Set-CpmPolicyEfs', 'Set-CpmPolicyInstance', 'Set-CpmPolicyS3Sync')
    }

    It 'needs no connection' {
        Disconnect-CpmTestAll
        try { @(Find-CpmCommand -Path /api/backups/).Count | Should -Be 1 }
        finally { Connect-CpmTestSimulator -Simulator $sim }
    }
}

Describe 'Find-CpmCommand finding nothing' {
    It 'writes CpmCommandNotFound, non-terminating, naming <Case>' -ForEach @(
        @{ Case = 'the path as it was read'; Arguments = @{ Path = 'https://cpm.example.com/api/nothing?x=1' }; Expected = '*/api/nothing/*' }
        @{ Case = 'all the criteria'; Arguments = @{ Path = '/api/policies/'; Method = 'DELETE' }; Expected = '*-Method DELETE*' }
        @{ Case = 'a cmdlet that calls no endpoint'; Arguments = @{ Command = 'Get-CpmConnection' }; Expected = 'Get-CpmConnection calls no endpoint*' }
        @{ Case = 'a command that does not exist'; Arguments = @{ Command = 'Get-CpmNothing' }; Expected = "*-Command 'Get-CpmNothing'*" }
    ) {
        $output = Find-CpmCommand @Arguments -ErrorAction SilentlyContinue -ErrorVariable errors
        $output | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'CpmCommandNotFound,CpmPowerShell.Commands.FindCpmCommandCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].Exception.Message | Should -BeLike $Expected
        $errors[0].ErrorDetails.RecommendedAction | Should -BeLike '*Find-CpmCommand*'
    }

    It 'goes on with the next piped command after one that calls nothing' {
        $rows = @(Get-Command Get-CpmConnection, Remove-CpmSchedule | Find-CpmCommand -ErrorAction SilentlyContinue -ErrorVariable errors)
        @($rows | ForEach-Object { "$_" }) | Should -Be 'DELETE /api/schedules/{id}/'
        $errors.Count | Should -Be 1
    }
}

Describe 'The CpmEndpoint view' {
    It 'shows Section, Method, Path and Command at 80 columns, long paths wrapped, nothing cut off' {
        $rows = @(Find-CpmCommand -Path '*/snapshots/*recover*')
        $lines = @(($rows | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() })
        $lines[0].Trim() -split '\s+' | Should -Be 'Section', 'Method', 'Path', 'Command'
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 -Because $_ }
        # Wrapped pieces of the Path column, put together, give every path back whole.
        $start = $lines[0].IndexOf('Path')
        $width = $lines[0].IndexOf('Command') - $start
        $text = ($lines | Select-Object -Skip 2 | ForEach-Object { $_.PadRight($start + $width).Substring($start, $width).Trim() }) -join ''
        $rows | ForEach-Object { $text | Should -BeLike "*$($_.Path)*" }
    }
}

Describe 'The help of Find-CpmCommand' {
    It 'has examples that run without errors' {
        $markdown = Get-Content (Join-Path $repoRoot 'en-US/Find-CpmCommand.md') -Raw
        $commands = @([regex]::Matches($markdown, '(?m)^PS C:\\> (.+)$') | ForEach-Object { $_.Groups[1].Value })
        $commands.Count | Should -BeGreaterThan 3
        foreach ($command in $commands) {
            $output = @(& ([scriptblock]::Create($command)) -ErrorAction Stop)
            $output.Count | Should -BeGreaterThan 0 -Because "'$command' should show something"
        }
    }
}
