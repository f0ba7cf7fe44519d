using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CpmPowerShell.Simulator.Hosting;

/// <summary>A throw-away server certificate for 127.0.0.1 and localhost, made at start.</summary>
static class SelfSignedCertificate
{
    public static X509Certificate2 Create(DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=CPM Simulator", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        // A certificate fresh from CreateSelfSigned holds an ephemeral key that SslStream cannot use on
        // every platform; a round trip through PKCS#12 gives it a proper private key.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The SHA-256 of the certificate as 64 upper-case hex digits (what clients pin).</summary>
    public static string Sha256(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256).ToUpperInvariant();
}
