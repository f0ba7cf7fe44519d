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
            TimeSpan timeout;
            switch (value)
            {
                case TimeSpan span: timeout = span; break;
                case int seconds: timeout = TimeSpan.FromSeconds(seconds); break;
                case long seconds: timeout = TimeSpan.FromSeconds(seconds); break;
                case double seconds: timeout = TimeSpan.FromSeconds(seconds); break;
                case decimal seconds: timeout = TimeSpan.FromSeconds((double)seconds); break;
                case string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds):
                    timeout = TimeSpan.FromSeconds(seconds);
                    break;
                case string text when TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span):
                    timeout = span;
                    break;
                default:
                    throw new ArgumentTransformationMetadataException($"'{value}' is not a time span. Give seconds (1800), a TimeSpan, or text such as 00:30:00.");
            }
            // Checked here rather than with ValidateRange, which compares TimeSpan bounds as text in some PowerShell versions.
            if (timeout <= TimeSpan.Zero)
                throw new ArgumentTransformationMetadataException($"The timeout must be longer than zero; '{value}' is not.");
            return timeout;
        }
    }
}
