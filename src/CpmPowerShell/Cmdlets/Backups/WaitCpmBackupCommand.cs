using System.Management.Automation;
using CpmPowerShell.Client;
using CpmPowerShell.Models;
using CpmPowerShell.Runtime;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Wait-CpmBackup: follows backups that are already running (GET /api/backups/{id}/) until they end,
    /// all together, and returns each final record as soon as it ends; a backup that did not fully
    /// succeed is also a non-terminating error.
    /// </summary>
    [CpmEndpoint("GET", "/api/backups/{id}/")]
    [Cmdlet(VerbsLifecycle.Wait, "CpmBackup", DefaultParameterSetName = CpmParameterSets.Id)]
    [OutputType(typeof(Backup))]
    public sealed class WaitCpmBackupCommand : CpmWaitCmdlet<Backup>
    {
        // All it needs comes from the overlay's "work" section for Backup records (CpmWorkKinds.Backup).
    }
}
