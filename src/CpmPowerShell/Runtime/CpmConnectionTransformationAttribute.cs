using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Lets -Server take a connection object or the Name of an open connection (host, host:port or URL).
    /// A name that matches nothing becomes a placeholder the cmdlet reports as CpmConnectionNotFound,
    /// so the error carries the module's ErrorId rather than a parameter-binding one.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class CpmConnectionTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            switch (value)
            {
                case null:
                case CpmConnection _:
                    return value;
                case string text:
                    return Resolve(engineIntrinsics, text);
                case IEnumerable sequence:
                    // For parameters typed CpmConnection[] (Disconnect-CpmServer).
                    return sequence.Cast<object>().Select(item => Transform(engineIntrinsics, item)).ToArray();
                default:
                    return inputData; // let the binder report the wrong type
            }
        }

        static CpmConnection Resolve(EngineIntrinsics engineIntrinsics, string text) =>
            CpmSessionState.Find(engineIntrinsics?.SessionState)?.Resolve(text) ?? CpmConnection.Unresolved(text);
    }
}
