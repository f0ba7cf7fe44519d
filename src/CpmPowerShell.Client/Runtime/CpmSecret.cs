using System;
using System.Runtime.InteropServices;
using System.Security;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// A secret (API key, token) that never shows itself: ToString() gives asterisks, so it cannot leak
    /// into logs, error messages or PowerShell output by accident.
    /// </summary>
    public sealed class CpmSecret
    {
        readonly string value;

        CpmSecret(string value) { this.value = value ?? throw new ArgumentNullException(nameof(value)); }

        public static CpmSecret FromString(string value) => new CpmSecret(value);

        public static CpmSecret FromSecureString(SecureString secure)
        {
            if (secure == null) throw new ArgumentNullException(nameof(secure));
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                return new CpmSecret(Marshal.PtrToStringUni(pointer) ?? string.Empty);
            }
            finally
            {
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }

        public bool IsEmpty => value.Length == 0;

        /// <summary>The secret itself, for the wire only.</summary>
        internal string Reveal() => value;

        public override string ToString() => "********";
    }
}
