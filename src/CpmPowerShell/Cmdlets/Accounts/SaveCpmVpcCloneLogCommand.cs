using System.Management.Automation;
using System.Net.Http;
using CpmPowerShell.Client;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Save-CpmVpcCloneLog: saves the log of the last VPC clone of a backup account (4.10) as the server's
    /// CSV file, streamed with progress, to a file or a folder. The filters narrow it to a clone's target.
    /// </summary>
    [CpmEndpoint("GET", "/api/accounts/backup/{id}/clone_vpc_log/")]
    [Cmdlet(VerbsData.Save, "CpmVpcCloneLog", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(System.IO.FileInfo))]
    public sealed class SaveCpmVpcCloneLogCommand : CpmCmdlet
    {
        /// <summary>The backup account whose clone log to save; binds the BackupAccountId of piped backup accounts.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [CpmObjectId]
        [ValidateRange(1, long.MaxValue)]
        public long BackupAccountId { get; set; }

        /// <summary>The file, or the folder (existing, or ending in a slash), to save the CSV to.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        /// <summary>Only the log of a clone from this AWS region.</summary>
        [Parameter]
        public string FromRegion { get; set; }

        /// <summary>Only the log of a clone to this CPM account id.</summary>
        [Parameter]
        public long ToAccount { get; set; }

        /// <summary>Only the log of a clone to this AWS region.</summary>
        [Parameter]
        public string ToRegion { get; set; }

        /// <summary>Only the log of a clone that created a VPC of this name.</summary>
        [Parameter]
        public string ToVpc { get; set; }

        /// <summary>Only log lines with this text.</summary>
        [Parameter]
        public string Search { get; set; }

        /// <summary>Lets -Path replace an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessCpmRecord()
        {
            var request = new CpmRequest(HttpMethod.Get, "/api/accounts/backup/{id}/clone_vpc_log/").WithPath("id", CpmIds.ToText(BackupAccountId));
            request.Accept = "text/csv";
            if (IsBound(nameof(FromRegion))) request.WithQuery("from_region", FromRegion);
            if (IsBound(nameof(ToAccount))) request.WithQuery("to_account", ToAccount);
            if (IsBound(nameof(ToRegion))) request.WithQuery("to_region", ToRegion);
            if (IsBound(nameof(ToVpc))) request.WithQuery("to_vpc", ToVpc);
            if (IsBound(nameof(Search))) request.WithQuery("search", Search);
            // Writing a file is a change on this computer: -WhatIf says where and sends nothing.
            var target = $"backup account {BackupAccountId}";
            if (!ShouldProcess(Path, $"Save the log of the last VPC clone of {target}")) return;
            Try(target, () => SaveResponse(request, Path, Force));
        }
    }
}
