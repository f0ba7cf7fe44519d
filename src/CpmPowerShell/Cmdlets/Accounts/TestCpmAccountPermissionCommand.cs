using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Test-CpmAccountPermission: asks the server to check the AWS permissions of backup accounts (4.7) or DR
    /// accounts (4.17) and writes one object per checked permission, so that
    /// <c>New-CpmBackupAccount ... | Test-CpmAccountPermission</c> onboards an account in one command. When
    /// permissions are missing, the objects still come out and one CpmAwsPermissionMissing error per account
    /// names them. With -Path it saves the server's CSV report instead (4.8, 4.18), byte for byte.
    /// </summary>
    [CpmEndpoint("GET", "/api/accounts/backup/{id}/check_aws_permissions/")]
    [CpmEndpoint("GET", "/api/accounts/backup/{id}/check_aws_permissions/download/")]
    [CpmEndpoint("GET", "/api/accounts/dr/{id}/check_aws_permissions/")]
    [CpmEndpoint("GET", "/api/accounts/dr/{id}/check_aws_permissions/download/")]
    [Cmdlet(VerbsDiagnostic.Test, "CpmAccountPermission", DefaultParameterSetName = BackupSet)]
    [OutputType(typeof(AccountPermissionCheck))]
    public sealed class TestCpmAccountPermissionCommand : CpmCmdlet
    {
        const string BackupSet = "BackupAccountId";
        const string DrSet = "DrAccountId";
        const string AccountSet = "InputObject";

        /// <summary>Ids of the backup accounts to check; binds the BackupAccountId of piped backup accounts.</summary>
        [Parameter(ParameterSetName = BackupSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [CpmObjectId]
        [ValidateRange(1, long.MaxValue)]
        [ValidateNotNullOrEmpty]
        public long[] BackupAccountId { get; set; }

        /// <summary>Ids of the DR accounts to check; binds the DrAccountId of piped DR accounts.</summary>
        [Parameter(ParameterSetName = DrSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [CpmObjectId]
        [ValidateRange(1, long.MaxValue)]
        [ValidateNotNullOrEmpty]
        public long[] DrAccountId { get; set; }

        /// <summary>Accounts of either kind from Get-CpmAccount: each is checked through the endpoint of its kind.</summary>
        [Parameter(ParameterSetName = AccountSet, Mandatory = true, ValueFromPipeline = true)]
        [CpmObjectId]
        [ValidateNotNullOrEmpty]
        public Account[] InputObject { get; set; }

        /// <summary>Saves the server's CSV report to this file or folder instead of writing objects.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        /// <summary>Lets -Path replace an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessCpmRecord()
        {
            if (ParameterSetName == AccountSet)
            {
                foreach (var account in InputObject)
                {
                    if (account == null || !ActOnServerOf(account)) continue;
                    if (account.Id == null) { WriteMissingId(account); continue; }
                    Check(account.Id.Value, account.IsDrAccount == true);
                }
                return;
            }
            var dr = ParameterSetName == DrSet;
            foreach (var id in dr ? DrAccountId : BackupAccountId) Check(id, dr);
        }

        void Check(long id, bool dr)
        {
            var kind = dr ? "DR" : "Backup";
            var text = CpmIds.ToText(id);
            var target = $"{(dr ? "DR" : "backup")} account {text}";
            var root = dr ? "/api/accounts/dr/{id}/check_aws_permissions/" : "/api/accounts/backup/{id}/check_aws_permissions/";
            if (Path != null)
            {
                var request = new CpmRequest(HttpMethod.Get, root + "download/").WithPath("id", text);
                request.Accept = "text/csv";
                Try(target, () => SaveResponse(request, Path, Force));
                return;
            }
            Try(target, () =>
            {
                var rows = Await(ct => dr ? Client.GetAccountDrCheckAwsPermissionAsync(text, ct) : Client.GetAccountBackupCheckAwsPermissionAsync(text, ct));
                var checks = rows.Where(r => r != null).SelectMany(r => r.Split(id, kind)).ToList();
                foreach (var check in checks) WriteObject(check);
                var lacking = checks.Where(c => c.IsMissing).Select(c => c.Permission).Distinct().ToList();
                if (lacking.Count == 0) return;
                var name = checks.Select(c => c.AccountName).FirstOrDefault(n => !string.IsNullOrEmpty(n));
                var about = name == null ? target : $"{target} ('{name}')";
                WriteCpmError(CpmErrorIds.AwsPermissionMissing, ErrorCategory.PermissionDenied,
                    $"The {about} lacks {lacking.Count} AWS permission{(lacking.Count == 1 ? "" : "s")}: {string.Join(", ", lacking)}. CPM cannot do the work that needs them.",
                    "Grant these permissions to the IAM user or role of the account in AWS, then run Test-CpmAccountPermission again. The objects written list every check; filter them with Where-Object IsMissing.",
                    id);
            });
        }
    }
}
