using System.IO;
using System.Management.Automation;
using System.Net.Http;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Save-CpmSupportLog: downloads the CPM server's support logs (GET /api/system/support_logs/, a bzip2
    /// archive) to -Path, streamed to disk with progress, and writes the file it saved.
    /// </summary>
    [CpmEndpoint("GET", "/api/system/support_logs/")]
    // It writes a file: -WhatIf says where the download would go and sends nothing.
    [Cmdlet(VerbsData.Save, "CpmSupportLog", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveCpmSupportLogCommand : CpmCmdlet
    {
        /// <summary>A file, or a folder (existing, or ending in a slash) that gets the server's file name.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [Alias("OutFile")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        /// <summary>How far back the backup logs go: Day, Week (the server's default) or Month.</summary>
        [Parameter]
        [ValidateSet("Day", "Week", "Month", IgnoreCase = true)]
        [Alias("collect_backup_logs_period")]
        public string BackupLogPeriod { get; set; }

        /// <summary>Adds the system logs (web server and the like).</summary>
        [Parameter]
        [Alias("collect_system_logs")]
        public SwitchParameter IncludeSystemLogs { get; set; }

        /// <summary>Adds the logs of the S3 workers.</summary>
        [Parameter]
        [Alias("collect_worker_logs")]
        public SwitchParameter IncludeWorkerLogs { get; set; }

        /// <summary>Checks the AWS permissions of the accounts and adds the result.</summary>
        [Parameter]
        [Alias("check_aws_permissions")]
        public SwitchParameter CheckAwsPermissions { get; set; }

        /// <summary>Replaces a file of the same name.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessCpmRecord()
        {
            var query = new ListSystemSupportLogsQuery();
            if (BackupLogPeriod != null) query.CollectBackupLogsPeriod = BackupLogPeriod.ToLowerInvariant();
            // The API's yes/no filters are text; only the ones asked for are sent.
            if (IncludeSystemLogs) query.CollectSystemLogs = "true";
            if (IncludeWorkerLogs) query.CollectWorkerLogs = "true";
            if (CheckAwsPermissions) query.CheckAwsPermissions = "true";
            var request = new CpmRequest(HttpMethod.Get, "/api/system/support_logs/") { Accept = "application/x-bzip2" };
            query.ApplyTo(request);
            if (!ShouldProcessCall(Path, "GET", "/api/system/support_logs/")) return;
            SaveResponse(request, Path, Force);
        }
    }
}
