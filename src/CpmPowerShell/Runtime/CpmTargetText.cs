namespace CpmPowerShell.Runtime
{
    /// <summary>Pieces of the -WhatIf/-Confirm target text that depend on what the server sent.</summary>
    public static class CpmTargetText
    {
        /// <summary>"'name' (id)", or just the id when the record has no name (a backup without one shows as "backup 5", not "backup '' (5)").</summary>
        public static string NameAndId(string name, object id) =>
            string.IsNullOrWhiteSpace(name) ? id?.ToString() : "'" + name + "' (" + id + ")";
    }
}
