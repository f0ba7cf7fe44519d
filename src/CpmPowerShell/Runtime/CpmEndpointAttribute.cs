using System;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Declares an endpoint a hand-written cmdlet calls, so Find-CpmCommand can name the cmdlet for it.
    /// Generated cmdlets need none: the generator puts them in the endpoint table. The path is the
    /// guide's template, placeholders and trailing slash included.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class CpmEndpointAttribute : Attribute
    {
        public CpmEndpointAttribute(string method, string path)
        {
            Method = method;
            Path = path;
        }

        public string Method { get; }

        public string Path { get; }
    }
}
