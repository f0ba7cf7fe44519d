using Xunit;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using CpmPowerShell.Client.Tests.Runtime.Fakes;

namespace CpmPowerShell.Client.Tests.Runtime;

public class CertificatePolicyTests
{
    static readonly string Sha256 = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

    [Fact]
    public void Thumbprints_are_normalised()
    {
        Assert.Equal(Sha256.Replace(":", ""), CpmCertificatePolicy.NormalizeThumbprint(Sha256.ToLowerInvariant()));
        Assert.Equal(Sha256.Replace(":", ""), CpmCertificatePolicy.NormalizeThumbprint(Sha256.Replace(":", " ")));
        // The Windows certificate dialog puts an invisible left-to-right mark in front of a copied thumbprint.
        Assert.Equal(new string('A', 40), CpmCertificatePolicy.NormalizeThumbprint("\u200E" + new string('a', 40)));
    }

    [Theory]
    [InlineData("ABCD")]
    [InlineData("ZZ:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF01AB")]
    public void Bad_thumbprints_are_refused(string thumbprint) =>
        Assert.Throws<ArgumentException>(() => CpmCertificatePolicy.NormalizeThumbprint(thumbprint));

    [Fact]
    public void Pins_compare_by_the_hash_of_their_length()
    {
        using var certificate = TinyTlsServer.CreateCertificate();
        var sha256 = Convert.ToHexString(SHA256.HashData(certificate.RawData));
        var sha1 = Convert.ToHexString(SHA1.HashData(certificate.RawData));
        Assert.True(CpmCertificatePolicy.MatchesPin(sha256, certificate));
        Assert.True(CpmCertificatePolicy.MatchesPin(sha1, certificate));
        Assert.False(CpmCertificatePolicy.MatchesPin(new string('0', 64), certificate));
        Assert.Equal(sha256, CpmCertificatePolicy.Sha256Of(certificate));
    }

    [Fact]
    public void A_pin_accepts_its_self_signed_certificate_and_nothing_else()
    {
        using var certificate = TinyTlsServer.CreateCertificate();
        using var other = TinyTlsServer.CreateCertificate();
        var pinned = CpmCertificatePolicy.From(CpmCertificatePolicy.Sha256Of(certificate).ToLowerInvariant(), skipCheck: false);
        Assert.True(pinned.Validate(certificate, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(pinned.Validate(other, SslPolicyErrors.None)); // even a trusted certificate, if it is not the pinned one
        Assert.Equal(CpmCertificatePolicy.Sha256Of(other), pinned.LastRejection.Sha256);
        Assert.True(pinned.LastRejection.Pinned);
    }

    [Fact]
    public void Default_validation_and_skip()
    {
        using var certificate = TinyTlsServer.CreateCertificate();
        var normal = CpmCertificatePolicy.From(null, skipCheck: false);
        Assert.True(normal.Validate(certificate, SslPolicyErrors.None));
        Assert.False(normal.Validate(certificate, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(normal.LastRejection.Pinned);
        Assert.True(CpmCertificatePolicy.From(null, skipCheck: true).Validate(certificate, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
    }

    static CpmClient ClientFor(TinyTlsServer server, Action<CpmClientOptions> configure)
    {
        var options = new CpmClientOptions { BaseUri = server.BaseUri, ApiKey = CpmSecret.FromString("tls-test-key"), MaxRetries = 0, Timeout = TimeSpan.FromSeconds(10) };
        configure(options);
        return new CpmClient(options);
    }

    [Fact]
    public async Task Over_tls_a_pinned_self_signed_server_is_accepted()
    {
        using var server = new TinyTlsServer();
        using (var client = ClientFor(server, o => o.CertificateThumbprint = server.Sha256))
        {
            await client.ConnectAsync();
            Assert.Empty(await client.SendAsync<List<object>>(new CpmRequest(HttpMethod.Get, "policies/")));
        }
        using (var client = ClientFor(server, o => o.CertificateThumbprint = server.Sha1))
            await client.ConnectAsync();
        using (var client = ClientFor(server, o => o.SkipCertificateCheck = true))
            await client.ConnectAsync();
    }

    [Fact]
    public async Task Over_tls_a_wrong_pin_fails_and_shows_the_servers_sha256()
    {
        using var server = new TinyTlsServer();
        using var client = ClientFor(server, o => o.CertificateThumbprint = new string('0', 64));
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.ConnectAsync());
        Assert.Equal(CpmErrorKind.Certificate, error.Kind);
        Assert.Contains(server.Sha256, error.Message);
        Assert.Contains("-CertificateThumbprint", error.Message);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task Over_tls_an_untrusted_certificate_fails_with_normal_validation()
    {
        using var server = new TinyTlsServer();
        using var client = ClientFor(server, _ => { });
        var error = await Assert.ThrowsAsync<CpmApiException>(() => client.ConnectAsync());
        Assert.Equal(CpmErrorKind.Certificate, error.Kind);
        Assert.Contains(server.Sha256, error.Message);
        Assert.Contains("not trusted", error.Message);
    }
}
