#Requires -Version 5.1
<#
    Module-wide help check: every exported cmdlet of the BUILT module has its help text in the repo
    (en-US/<Name>.md, only what people write) and Get-Help shows the compiled MAML, complete with the
    syntax and parameter details taken from the cmdlet. One Describe per cmdlet, so a report names the
    cmdlet that is missing help.

    Environment:
      CPM_MODULE_PATH  the built module manifest (default: <repo>/out/CpmPowerShell/CpmPowerShell.psd1)
      CPM_HELP_SOURCE  the markdown help folder (default: <repo>/en-US)
#>

BeforeDiscovery {
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $modulePath = if ($env:CPM_MODULE_PATH) { $env:CPM_MODULE_PATH } else { Join-Path $repoRoot 'out/CpmPowerShell/CpmPowerShell.psd1' }
    $helpSource = if ($env:CPM_HELP_SOURCE) { $env:CPM_HELP_SOURCE } else { Join-Path $repoRoot 'en-US' }

    $module = Import-Module $modulePath -Force -PassThru -DisableNameChecking | Select-Object -First 1
    $cmdlets = @($module.ExportedCmdlets.Values | Sort-Object Name | ForEach-Object {
            @{ Name = $_.Name; MarkdownPath = Join-Path $helpSource "$($_.Name).md" }
        })
}

BeforeAll {
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $modulePath = if ($env:CPM_MODULE_PATH) { $env:CPM_MODULE_PATH } else { Join-Path $repoRoot 'out/CpmPowerShell/CpmPowerShell.psd1' }
    $module = Import-Module $modulePath -Force -PassThru -DisableNameChecking | Select-Object -First 1
    $helpSource = if ($env:CPM_HELP_SOURCE) { $env:CPM_HELP_SOURCE } else { Join-Path $repoRoot 'en-US' }

    # Parameters the engine adds to every cmdlet; PlatyPS documents -WhatIf and -Confirm, not these.
    $script:commonParameters = @([System.Management.Automation.Cmdlet]::CommonParameters) + 'UseTransaction'

    # Just enough of the PlatyPS schema to check completeness: sections, "###" entries, fenced code.
    function Read-HelpMarkdown {
        param([string] $Path)

        $help = [ordered]@{ Text = [IO.File]::ReadAllText($Path); Sections = @{}; Examples = @(); Parameters = [ordered]@{} }
        $section = $null; $entry = $null; $fence = $null; $seenYaml = $false
        $lines = $help.Text -split '\r?\n'
        $start = 0
        if ($lines[0] -eq '---') { $start = [Array]::IndexOf($lines, '---', 1) + 1 }

        foreach ($line in $lines[$start..($lines.Count - 1)]) {
            if ($fence) {
                if ($line.Trim() -eq $fence) { $fence = $null }
                elseif ($section -eq 'EXAMPLES' -and $entry -and $line.Trim()) { $entry.Code += $line }
                continue
            }
            if ($line -match '^\s{0,3}(```|~~~)(\S*)') {
                $fence = $Matches[1]
                if ($section -eq 'PARAMETERS' -and $Matches[2] -eq 'yaml') { $seenYaml = $true }
                continue
            }
            if ($line -match '^## (.+?)\s*$') { $section = $Matches[1].ToUpperInvariant(); $help.Sections[$section] = ''; $entry = $null; continue }
            if ($line -match '^### (.+?)\s*$') {
                $title = $Matches[1]
                if ($section -eq 'EXAMPLES') { $entry = @{ Title = $title; Code = @() }; $help.Examples += $entry }
                elseif ($section -eq 'PARAMETERS' -and $title -like '-*') { $entry = $title.Substring(1); $help.Parameters[$entry] = ''; $seenYaml = $false }
                else { $entry = $null }
                continue
            }
            if (-not $line.Trim() -or -not $section) { continue }
            if ($section -eq 'PARAMETERS' -and $entry -and -not $seenYaml) { $help.Parameters[$entry] += $line.Trim() + ' ' }
            elseif (-not $entry -and $section -ne 'PARAMETERS') { $help.Sections[$section] += $line.Trim() + ' ' }
        }
        [pscustomobject]$help
    }

    # Letters and digits only: markdown markup and Get-Help's rendering differ in punctuation, not words.
    function ConvertTo-Comparable([string] $Text) { ($Text -replace '[^\p{L}\p{Nd}]', '').ToLowerInvariant() }
}

Describe 'Module help' {
    It 'ships the compiled MAML beside the module' {
        $helpFile = (Get-Command -Module $module.Name -CommandType Cmdlet | Select-Object -First 1).HelpFile
        Join-Path $module.ModuleBase "en-US/$helpFile" | Should -Exist
    }

    It 'has the about_<Module> topic' {
        $about = Get-Help "about_$($module.Name)" -ErrorAction SilentlyContinue
        $about | Should -Not -BeNullOrEmpty -Because "about_$($module.Name).help.txt is compiled from en-US/about_$($module.Name).md"
        ($about | Out-String) | Should -Match 'SHORT DESCRIPTION'
    }

    It 'shows the shared text of a standard parameter in full where the cmdlet has none of its own' {
        # The -Server paragraph is written once in en-US/_shared/parameters.md and not in the cmdlet files.
        $standard = [IO.File]::ReadAllText((Join-Path $helpSource '_shared/parameters.md'))
        $server = [regex]::Match($standard, '(?ms)^## -Server\r?\n(.+?)\r?\n\r?\n').Groups[1].Value
        $server | Should -Match 'CpmConnectionNotFound'
        foreach ($cmdlet in 'Get-CpmPolicy', 'Set-CpmSchedule', 'Remove-CpmBackup') {
            (Read-HelpMarkdown (Join-Path $helpSource "$cmdlet.md")).Parameters.Keys | Should -Not -Contain 'Server' -Because "$cmdlet.md should not copy the -Server text"
            $shown = (Get-Help $cmdlet -Parameter Server).description.Text -join ' '
            ConvertTo-Comparable $shown | Should -BeExactly (ConvertTo-Comparable $server)
        }
        # A field described once in the overlay, shared by New- and Set-, with the cmdlet's noun filled in.
        ConvertTo-Comparable ((Get-Help New-CpmSchedule -Parameter EveryUnit).description.Text -join ' ') |
            Should -BeExactly (ConvertTo-Comparable ((Get-Help Set-CpmSchedule -Parameter EveryUnit).description.Text -join ' '))
        (Get-Help Remove-CpmPolicy -Parameter Id).description.Text -join ' ' | Should -BeExactly 'The ids of the policies to delete. Accepts ids from the pipeline.'
        # A cmdlet's own text still wins.
        (Get-Help Connect-CpmServer -Parameter Server).description.Text -join ' ' | Should -Match '^The CPM server'
    }

    It 'keeps the about topic''s code blocks line for line, indented' {
        # Every indented code line of the markdown must come out as its own line, one level deeper than the
        # text (eight spaces), so copied examples run and code stands apart from prose.
        $source = Join-Path $helpSource "about_$($module.Name).md"
        $codeLines = @(Get-Content $source | Where-Object { $_ -match '^    \S' } | ForEach-Object { $_.Substring(4) })
        $codeLines.Count | Should -BeGreaterThan 3
        $shown = (Get-Help "about_$($module.Name)" | Out-String -Width 200) -split '\r?\n' | ForEach-Object { $_.TrimEnd() }
        foreach ($line in $codeLines) { $shown | Should -Contain "        $line" }
        $shown | Should -Contain '            Get-CpmBackupInstance | Invoke-CpmRecovery -WhatIf'
    }
}

Describe '<Name>' -ForEach $cmdlets {
    BeforeAll {
        $markdown = if (Test-Path -LiteralPath $MarkdownPath) { Read-HelpMarkdown $MarkdownPath }
        $expectedParameters = @((Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $commonParameters } | Sort-Object)
    }

    It 'has a markdown help file' {
        $MarkdownPath | Should -Exist
    }

    It 'has a synopsis, a description and an example with code' {
        $markdown | Should -Not -BeNullOrEmpty -Because "$MarkdownPath should exist"
        $markdown.Sections['SYNOPSIS'] | Should -Not -BeNullOrEmpty -Because "$MarkdownPath needs a SYNOPSIS"
        $markdown.Sections['DESCRIPTION'] | Should -Not -BeNullOrEmpty -Because "$MarkdownPath needs a DESCRIPTION"
        @($markdown.Examples | Where-Object { $_.Code.Count -gt 0 }).Count | Should -BeGreaterThan 0 -Because "$MarkdownPath needs an example with code"
    }

    It 'has no placeholder text left' {
        $markdown | Should -Not -BeNullOrEmpty -Because "$MarkdownPath should exist"
        $placeholders = @([regex]::Matches($markdown.Text, '\{\{[^{}]*\}\}') | ForEach-Object Value)
        $placeholders | Should -BeNullOrEmpty -Because "$MarkdownPath still has placeholders"
    }

    It 'holds only what people write' {
        # SYNTAX and each parameter's type, sets, position, pipeline input and aliases come from the cmdlet
        # itself when help is compiled (build.ps1 exports its metadata); a copy here would only drift.
        $markdown | Should -Not -BeNullOrEmpty -Because "$MarkdownPath should exist"
        $markdown.Sections.Keys | Should -Not -Contain 'SYNTAX' -Because "$MarkdownPath should not copy the syntax (run ./build.ps1 -Task Generate to strip it)"
        $markdown.Text | Should -Not -Match '(?m)^```yaml' -Because "$MarkdownPath should not copy parameter yaml (run ./build.ps1 -Task Generate to strip it)"
        $markdown.Text | Should -Not -Match '(?m)^### CommonParameters' -Because 'every cmdlet takes the common parameters'
    }

    It 'shows the syntax and each parameter''s binding as the cmdlet declares them' {
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
        $items = @($help.syntax.syntaxItem)
        $items.Count | Should -Be $command.ParameterSets.Count -Because 'Get-Help shows one syntax per parameter set'
        for ($i = 0; $i -lt $items.Count; $i++) {
            $set = $command.ParameterSets[$i]
            $declared = @($set.Parameters | Where-Object { $_.Name -notin $commonParameters })
            @($items[$i].parameter.name | Sort-Object) | Should -Be @($declared.Name | Sort-Object) -Because "syntax $($i + 1) of $Name is parameter set $($set.Name)"
            foreach ($parameter in $declared) {
                $shown = @($items[$i].parameter) | Where-Object name -EQ $parameter.Name
                $shown.required | Should -Be ([string]$parameter.IsMandatory) -Because "-$($parameter.Name) in set $($set.Name)"
                $shown.position | Should -Be $(if ($parameter.Position -ge 0) { [string]$parameter.Position } else { 'named' }) -Because "-$($parameter.Name) in set $($set.Name)"
                $byValue = $shown.pipelineInput -match 'ByValue'; $byName = $shown.pipelineInput -match 'ByPropertyName'
                $byValue | Should -Be $parameter.ValueFromPipeline -Because "-$($parameter.Name) in set $($set.Name) binds ByValue"
                $byName | Should -Be $parameter.ValueFromPipelineByPropertyName -Because "-$($parameter.Name) in set $($set.Name) binds ByPropertyName"
            }
        }
        foreach ($parameter in $expectedParameters) {
            $shown = @($help.parameters.parameter) | Where-Object name -EQ $parameter
            $shown.type.name | Should -Not -BeNullOrEmpty -Because "Get-Help should show the type of -$parameter"
            foreach ($alias in $command.Parameters[$parameter].Aliases) { $shown.aliases -split ',\s*' | Should -Contain $alias }
        }
    }

    It 'documents every parameter with a description' {
        $markdown | Should -Not -BeNullOrEmpty -Because "$MarkdownPath should exist"
        # A parameter's text is the file's own or the shared one (en-US/_shared/parameters.md, overlay
        # "fields"), filled in by the compiler: so check what Get-Help shows.
        $empty = @($expectedParameters | Where-Object { -not ((Get-Help $Name -Parameter $_).description.Text -join '').Trim() })
        $empty | Should -BeNullOrEmpty -Because "these parameters of $Name have no description in $MarkdownPath nor a shared one"
    }

    It 'documents no parameter the cmdlet does not have' {
        $markdown | Should -Not -BeNullOrEmpty -Because "$MarkdownPath should exist"
        $extra = @($markdown.Parameters.Keys | Where-Object { $_ -notin $expectedParameters })
        $extra | Should -BeNullOrEmpty -Because "$MarkdownPath documents parameters $Name does not have"
    }

    It 'shows the synopsis and examples in Get-Help -Full' {
        $markdown | Should -Not -BeNullOrEmpty -Because "$MarkdownPath should exist"
        $help = Get-Help $Name -Full
        $expectedSynopsis = ConvertTo-Comparable $markdown.Sections['SYNOPSIS']
        ConvertTo-Comparable $help.Synopsis | Should -BeExactly $expectedSynopsis -Because 'Get-Help should read the compiled MAML, not generate help from the cmdlet'

        $examples = @($help.examples.example)
        $examples.Count | Should -Be $markdown.Examples.Count
        ConvertTo-Comparable $examples[0].code | Should -BeLike ('*' + (ConvertTo-Comparable $markdown.Examples[0].Code[0]) + '*')

        $rendered = Get-Help $Name -Full | Out-String -Width 250
        $rendered.Contains($markdown.Examples[0].Title) | Should -BeTrue -Because "Get-Help -Full should show the example '$($markdown.Examples[0].Title)'"
    }
}
