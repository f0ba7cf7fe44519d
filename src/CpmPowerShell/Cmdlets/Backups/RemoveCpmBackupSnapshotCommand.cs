using System.Collections.Generic;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Remove-CpmBackupSnapshot beside its generated half: each backup's snapshots are deleted once per
    /// command, per server, however many times the backup comes down the pipeline (several records naming
    /// one backup, or an id given twice). A repeat asks nothing and sends nothing.
    /// </summary>
    public sealed partial class RemoveCpmBackupSnapshotCommand
    {
        /// <summary>Paths deleted by this command already, per server.</summary>
        readonly HashSet<(CpmConnection, string)> done = new HashSet<(CpmConnection, string)>();

        partial void OnBeforeSend(string path, object target, ref bool proceed)
        {
            if (!done.Add((Connection, path)))
            {
                WriteVerbose($"{path} was already handled by this command; not deleting twice.");
                proceed = false;
            }
        }
    }
}
