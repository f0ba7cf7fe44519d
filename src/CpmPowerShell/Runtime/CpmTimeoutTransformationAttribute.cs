using System;
using System.Globalization;
using System.Management.Automation;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Lets -Timeout take a number of seconds (1800) as well as a TimeSpan or "00:30:00". PowerShell's own
    /// conversion would read a bare number as ticks, so "-Timeout 1800" would mean 0.18 ms.
    /// </summary>
    public sealed class CpmTimeoutTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            switch (value)
            {
                case int seconds: return TimeSpan.FromSeconds(seconds);
                case long seconds: return TimeSpan.FromSeconds(seconds);
                case double seconds: return TimeSpan.FromSeconds(seconds);
                case decimal seconds: return TimeSpan.FromSeconds((double)seconds);
                case string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds):
                    return TimeSpan.FromSeconds(seconds);
                default: return inputData;
            }
        }
    }
}
