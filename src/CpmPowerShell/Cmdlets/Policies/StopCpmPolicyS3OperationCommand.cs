using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Commands
{
    /// <summary>
    /// Stop-CpmPolicyS3Operation beside its generated half: the server answers with an object the guide does
    /// not describe (what it aborted). It goes to Verbose, so this Stop-* is silent on success like the others.
    /// </summary>
    public sealed partial class StopCpmPolicyS3OperationCommand
    {
        partial void OnResult(object target, ref JToken result)
        {
            WriteVerbose($"The server aborted the S3 work of {target}: {result?.ToString(Formatting.None)}");
            result = null;
        }
    }
}
