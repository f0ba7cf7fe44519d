using System;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// How one connection judges the server's certificate: normal validation, a pinned thumbprint, or
    /// (labs only) anything. Set on that connection's handler, never process-wide. Remembers what the
    /// server presented when it refused it, so the error can show the SHA-256 for the user to decide.
    /// </summary>
    internal sealed class CpmCertificatePolicy
    {
        volatile Rejection lastRejection;

        CpmCertificatePolicy(string pin, bool skip)
        {
            Pin = pin;
            SkipCheck = skip;
        }

        /// <summary>Normalised pin (upper-case hex, 40 or 64 digits), or null.</summary>
        public string Pin { get; }

        public bool SkipCheck { get; }

        /// <summary>What the server presented the last time a certificate was refused.</summary>
        public Rejection LastRejection => lastRejection;

        public static CpmCertificatePolicy From(string thumbprint, bool skipCheck)
        {
            if (!string.IsNullOrWhiteSpace(thumbprint) && skipCheck)
                throw new ArgumentException("Use either a certificate thumbprint or skipping the certificate check, not both.");
            return new CpmCertificatePolicy(string.IsNullOrWhiteSpace(thumbprint) ? null : NormalizeThumbprint(thumbprint), skipCheck);
        }

        /// <summary>
        /// "AB:CD ..." or "ab cd..." -> "ABCD...". Accepts SHA-256 (64 hex digits) or SHA-1 (40). Invisible
        /// marks that the Windows certificate dialog adds when its thumbprint is copied are dropped too.
        /// </summary>
        public static string NormalizeThumbprint(string thumbprint)
        {
            if (thumbprint == null) throw new ArgumentNullException(nameof(thumbprint));
            var hex = new StringBuilder(64);
            foreach (var c in thumbprint)
            {
                if (char.IsWhiteSpace(c) || c == ':' || c == '-' || c == '\u200E' || c == '\u200F' || c == '\uFEFF') continue;
                if (!Uri.IsHexDigit(c))
                    throw new ArgumentException($"The certificate thumbprint contains '{c}', which is not a hexadecimal digit.", nameof(thumbprint));
                hex.Append(char.ToUpperInvariant(c));
            }
            if (hex.Length != 64 && hex.Length != 40)
                throw new ArgumentException(
                    $"A certificate thumbprint is a SHA-256 (64 hexadecimal digits) or SHA-1 (40) hash; this one has {hex.Length} digits.",
                    nameof(thumbprint));
            return hex.ToString();
        }

        public static string Sha256Of(X509Certificate2 certificate) => Hex(Hash(SHA256.Create(), certificate));

        public static string Sha1Of(X509Certificate2 certificate) => Hex(Hash(SHA1.Create(), certificate));

        /// <summary>True when the certificate's hash of the pin's kind (by length) equals the pin.</summary>
        public static bool MatchesPin(string normalizedPin, X509Certificate2 certificate)
        {
            if (normalizedPin == null || certificate == null) return false;
            var actual = normalizedPin.Length == 64 ? Sha256Of(certificate) : Sha1Of(certificate);
            return string.Equals(actual, normalizedPin, StringComparison.Ordinal);
        }

        /// <summary>The handler's validation callback.</summary>
        public bool Validate(X509Certificate2 certificate, SslPolicyErrors errors)
        {
            if (SkipCheck) return true;
            bool accepted = Pin != null ? MatchesPin(Pin, certificate) : errors == SslPolicyErrors.None;
            if (!accepted)
                lastRejection = new Rejection(certificate == null ? null : Sha256Of(certificate), errors, Pin != null);
            return accepted;
        }

        /// <summary>A refused certificate, as the error message reports it.</summary>
        public sealed class Rejection
        {
            public Rejection(string sha256, SslPolicyErrors errors, bool pinned)
            {
                Sha256 = sha256;
                Errors = errors;
                Pinned = pinned;
            }

            public string Sha256 { get; }
            public SslPolicyErrors Errors { get; }
            public bool Pinned { get; }
        }

        static byte[] Hash(HashAlgorithm algorithm, X509Certificate2 certificate)
        {
            using (algorithm) return algorithm.ComputeHash(certificate.RawData);
        }

        static string Hex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("X2")));
    }
}
