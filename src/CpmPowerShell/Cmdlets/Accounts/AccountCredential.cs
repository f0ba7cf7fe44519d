using System.Management.Automation;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// -Credential for the account cmdlets: a PSCredential whose user name is the AWS access key id and whose
    /// password is the secret access key (Get-Credential, Get-Secret), as an alternative to -AwsAccessKey and
    /// -AwsSecretKey. The secret is revealed only into the request body.
    /// </summary>
    static class AccountCredential
    {
        /// <summary>Copies the credential into the body's key fields; false (after an error) when the keys are given twice.</summary>
        public static bool Apply(PSCredential credential, bool keysBound, object target,
            System.Action<string, string> setKeys, System.Action<ErrorRecord> writeError)
        {
            if (credential == null) return true;
            if (keysBound)
            {
                writeError(CpmErrorMap.Create(CpmErrorIds.InvalidArgument, ErrorCategory.InvalidArgument,
                    "-Credential gives the access key and the secret key already; -AwsAccessKey and -AwsSecretKey cannot be used with it. Nothing was sent.",
                    "Use either -Credential, or -AwsAccessKey with -AwsSecretKey.", target));
                return false;
            }
            setKeys(credential.UserName, CpmSecret.FromSecureString(credential.Password).Reveal());
            return true;
        }
    }

    public sealed partial class NewCpmBackupAccountCommand
    {
        /// <summary>The AWS access key id (user name) and secret access key (password) of the IAM user, instead of -AwsAccessKey and -AwsSecretKey.</summary>
        [Parameter]
        [Credential]
        public PSCredential Credential { get; set; }

        partial void OnBeforeSend(string path, object target, BackupAccountCreateRequest body, ref bool proceed)
        {
            proceed = AccountCredential.Apply(Credential, IsBound(nameof(AwsAccessKey)) || IsBound(nameof(AwsSecretKey)), target,
                (key, secret) => { body.AwsAccessKey = key; body.AwsSecretKey = secret; }, WriteError);
        }
    }

    public sealed partial class SetCpmBackupAccountCommand
    {
        /// <summary>The AWS access key id (user name) and secret access key (password) of the IAM user, instead of -AwsAccessKey and -AwsSecretKey.</summary>
        [Parameter]
        [Credential]
        public PSCredential Credential { get; set; }

        partial void OnBeforeSend(string path, object target, BackupAccountUpdateRequest body, ref bool proceed)
        {
            proceed = AccountCredential.Apply(Credential, IsBound(nameof(AwsAccessKey)) || IsBound(nameof(AwsSecretKey)), target,
                (key, secret) => { body.AwsAccessKey = key; body.AwsSecretKey = secret; }, WriteError);
        }
    }

    public sealed partial class NewCpmDrAccountCommand
    {
        /// <summary>The AWS access key id (user name) and secret access key (password) of the IAM user, instead of -AwsAccessKey and -AwsSecretKey.</summary>
        [Parameter]
        [Credential]
        public PSCredential Credential { get; set; }

        partial void OnBeforeSend(string path, object target, DrAccountCreateRequest body, ref bool proceed)
        {
            proceed = AccountCredential.Apply(Credential, IsBound(nameof(AwsAccessKey)) || IsBound(nameof(AwsSecretKey)), target,
                (key, secret) => { body.AwsAccessKey = key; body.AwsSecretKey = secret; }, WriteError);
        }
    }

    public sealed partial class SetCpmDrAccountCommand
    {
        /// <summary>The AWS access key id (user name) and secret access key (password) of the IAM user, instead of -AwsAccessKey and -AwsSecretKey.</summary>
        [Parameter]
        [Credential]
        public PSCredential Credential { get; set; }

        partial void OnBeforeSend(string path, object target, DrAccountUpdateRequest body, ref bool proceed)
        {
            proceed = AccountCredential.Apply(Credential, IsBound(nameof(AwsAccessKey)) || IsBound(nameof(AwsSecretKey)), target,
                (key, secret) => { body.AwsAccessKey = key; body.AwsSecretKey = secret; }, WriteError);
        }
    }
}
