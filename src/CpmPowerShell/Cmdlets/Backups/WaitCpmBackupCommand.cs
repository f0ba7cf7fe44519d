using System;
using System.Diagnostics;
using System.Management.Automation;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Wait-CpmBackup: follows backups that are already running (GET /api/backups/{id}/) until they end,
    /// and returns their final records; a backup that did not fully succeed is also a non-terminating error.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "CpmBackup", DefaultParameterSetName = "Id")]
    [OutputType(typeof(Backup))]
    public sealed class WaitCpmBackupCommand : CpmWaitCmdlet<Backup>
    {
        protected override long? IdOf(Backup record) => record.Id;

        protected override void Follow(long id, Stopwatch clock, TimeSpan? timeout)
        {
            WaitAndWrite(BackupWork(id), null, clock, timeout);
        }
    }
}
