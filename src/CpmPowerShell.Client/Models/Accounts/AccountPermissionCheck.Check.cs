using System;
using System.Collections.Generic;
using System.Runtime.Serialization;

namespace CpmPowerShell.Models
{
    /// <summary>
    /// One checked AWS permission of an account. The server answers a row per account whose Groups list
    /// every check as text ("Backup/ec2:CreateSnapshot: OK"); Test-CpmAccountPermission writes one object per
    /// check, with the account and the parts of that text as properties, so operators can filter on them.
    /// </summary>
    public sealed partial class AccountPermissionCheck
    {
        /// <summary>The CPM id of the checked account.</summary>
        [IgnoreDataMember]
        public long? AccountId { get; set; }

        /// <summary>Backup or DR: which kind of account was checked.</summary>
        [IgnoreDataMember]
        public string AccountKind { get; set; }

        /// <summary>What the permission is needed for (Backup, Recovery, DR...), when the server says.</summary>
        [IgnoreDataMember]
        public string Group { get; set; }

        /// <summary>The AWS permission checked, such as ec2:CreateSnapshot (the whole check text when it has no known form).</summary>
        [IgnoreDataMember]
        public string Permission { get; set; }

        /// <summary>OK or Missing, as the server says; null when the check text says no status.</summary>
        [IgnoreDataMember]
        public string Status { get; set; }

        /// <summary>True when the server reports the permission as missing.</summary>
        [IgnoreDataMember]
        public bool IsMissing => string.Equals(Status, "Missing", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// The checks of one server row, one object each (one object without a permission when the row lists
        /// none, so a failed connection still shows). Texts read "Group/permission: Status"; others are kept whole.
        /// </summary>
        public IEnumerable<AccountPermissionCheck> Split(long accountId, string accountKind)
        {
            var texts = Groups == null || Groups.Count == 0 ? new List<string> { null } : Groups;
            foreach (var text in texts)
            {
                var check = new AccountPermissionCheck
                {
                    AccountName = AccountName, AccountNumber = AccountNumber, Connection = Connection,
                    Groups = text == null ? new List<string>() : new List<string> { text },
                    AccountId = accountId, AccountKind = accountKind, Permission = text,
                };
                var colon = text?.LastIndexOf(": ", StringComparison.Ordinal) ?? -1;
                if (colon > 0)
                {
                    check.Status = text.Substring(colon + 2).Trim();
                    var what = text.Substring(0, colon);
                    var slash = what.IndexOf('/');
                    check.Group = slash > 0 ? what.Substring(0, slash) : null;
                    check.Permission = slash > 0 ? what.Substring(slash + 1) : what;
                }
                yield return check;
            }
        }
    }
}
