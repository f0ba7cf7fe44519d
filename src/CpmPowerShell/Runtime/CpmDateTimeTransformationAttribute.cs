using System;
using System.Management.Automation;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// A DateTime parameter reads its value as PowerShell users expect: "2026-12-05 23:00" is local time,
    /// "2026-12-05T23:00:00Z" or "...+02:00" keeps its instant, a DateTimeOffset keeps its instant, a
    /// DateTime of Kind Utc is that instant. What the cmdlet gets is always local time (Kind Local).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class CpmDateTimeTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            switch (value)
            {
                case DateTime date: return CpmTime.ToLocal(date);
                case DateTimeOffset offset: return offset.UtcDateTime.ToLocalTime();
                case string text when CpmTime.TryParseInput(text, out var typed): return typed;
                // Anything else (or text that is no date) goes to PowerShell's own conversion and its error.
                default: return inputData;
            }
        }
    }
}
