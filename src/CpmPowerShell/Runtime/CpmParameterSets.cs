namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Parameter-set names, as constants: code compares them (ParameterSetName == ...), and a typo in a
    /// string would silently make a set unreachable. Generated and hand-written cmdlets use the same names.
    /// </summary>
    public static class CpmParameterSets
    {
        /// <summary>Get-*: the whole list, narrowed by filters.</summary>
        public const string List = "List";
        /// <summary>One item (or several) by id.</summary>
        public const string Id = "Id";
        /// <summary>Objects passed whole, by -InputObject or the pipeline.</summary>
        public const string InputObject = "InputObject";
        /// <summary>Items named by -Name (wildcards).</summary>
        public const string Name = "Name";
        /// <summary>A policy id given as an argument (or piped as a number).</summary>
        public const string PolicyId = "PolicyId";
        /// <summary>A policy id bound by property name from a piped object.</summary>
        public const string PipedPolicyId = "PipedPolicyId";
        /// <summary>Get-CpmConnection: every open connection.</summary>
        public const string All = "All";
        /// <summary>Get-CpmConnection: the current connection only.</summary>
        public const string Current = "Current";
    }
}
