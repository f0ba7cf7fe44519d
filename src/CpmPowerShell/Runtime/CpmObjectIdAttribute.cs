using System;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Marks a parameter that identifies an object on one server (an id, a parent id, InputObject). When a
    /// piped object binds such a parameter, the command acts on the server that object came from; when a
    /// piped object binds only other parameters (field values for something new), -Server decides.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = true)]
    public sealed class CpmObjectIdAttribute : Attribute
    {
    }
}
