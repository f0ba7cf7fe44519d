using System;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// What a 412 answer to this cmdlet's call means, in its own words (overlay "whenRefused"): the server
    /// only says "precondition failed", but the cmdlet knows the state it needed ("no archive is running").
    /// "{target}" in the texts is replaced by what the call was about ("policy 5 on cpm-a").
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class CpmWhenRefusedAttribute : Attribute
    {
        public CpmWhenRefusedAttribute(string message, string recommendedAction)
        {
            Message = message;
            RecommendedAction = recommendedAction;
        }

        public string Message { get; }
        public string RecommendedAction { get; }
    }
}
