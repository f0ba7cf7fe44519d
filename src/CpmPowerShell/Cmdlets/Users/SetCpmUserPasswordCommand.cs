using System.Management.Automation;
using System.Security;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Set-CpmUserPassword: changes the connected user's own password (26.3). Hand-written because the generator
    /// makes every Set-* a read-merge-write of a record, and this call has no record: it takes the current
    /// password and the new one, both as SecureString (or the current one inside a PSCredential).
    /// </summary>
    [CpmEndpoint("POST", "/api/users/me/change_password/")]
    [OutputType(typeof(CpmConnection))]
    [Cmdlet(VerbsCommon.Set, "CpmUserPassword", DefaultParameterSetName = PasswordSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    public sealed class SetCpmUserPasswordCommand : CpmCmdlet
    {
        const string PasswordSet = "Password", CredentialSet = "Credential";

        /// <summary>The password the connected user has now.</summary>
        [Parameter(ParameterSetName = PasswordSet, Mandatory = true)]
        public SecureString CurrentPassword { get; set; }

        /// <summary>A credential whose password is the current one (Get-Credential, an Azure Automation asset); its user name is not sent.</summary>
        [Parameter(ParameterSetName = CredentialSet, Mandatory = true)]
        [Credential]
        public PSCredential Credential { get; set; }

        /// <summary>The password to set.</summary>
        [Parameter(Mandatory = true)]
        public SecureString NewPassword { get; set; }

        /// <summary>Return the connection (it stays valid: it rests on the API key, not on the password).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessCpmRecord()
        {
            var current = ParameterSetName == CredentialSet ? Credential.Password : CurrentPassword;
            // Reveal only into the body: the body's password fields are masked in -WhatIf text and logs.
            var body = new UserMeChangePasswordValueRequest
            {
                OldPassword = CpmSecret.FromSecureString(current).Reveal(),
                NewPassword = CpmSecret.FromSecureString(NewPassword).Reveal(),
            };
            const string path = "/api/users/me/change_password/";
            var target = $"the password of the connected user (id {ConnectedUserId})";
            if (!ShouldProcessCall(target, "POST", path, body)) return;
            Try(target, () =>
            {
                Await(ct => Client.UserMeChangePasswordAsync(body, ct));
                if (PassThru) WriteObject(Connection);
            });
        }
    }
}
