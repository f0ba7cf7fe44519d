using Xunit;
namespace CpmPowerShell.Client.Tests.Runtime;

public class CpmServerAddressTests
{
    [Theory]
    [InlineData("cpm.example.com", "https://cpm.example.com/")]
    [InlineData(" cpm.example.com ", "https://cpm.example.com/")]
    [InlineData("cpm.example.com:8443", "https://cpm.example.com:8443/")]
    [InlineData("https://cpm.example.com", "https://cpm.example.com/")]
    [InlineData("https://cpm.example.com/", "https://cpm.example.com/")]
    [InlineData("https://cpm.example.com:443/", "https://cpm.example.com/")]
    [InlineData("HTTPS://CPM.example.com:8443", "https://cpm.example.com:8443/")]
    [InlineData("https://cpm.example.com/api/", "https://cpm.example.com/")]
    [InlineData("https://cpm.example.com/#/dashboard?x=1", "https://cpm.example.com/")]
    [InlineData("10.0.0.5:8443", "https://10.0.0.5:8443/")]
    [InlineData("[::1]:8443", "https://[::1]:8443/")]
    public void Accepts_what_users_type(string typed, string expected) =>
        Assert.Equal(expected, CpmServerAddress.Normalize(typed).AbsoluteUri);

    [Fact]
    public void A_uri_that_is_really_host_and_port_is_read_as_such() =>
        Assert.Equal("https://cpm:8443/", CpmServerAddress.Normalize(new Uri("cpm:8443")).AbsoluteUri);

    [Theory]
    [InlineData("http://cpm.example.com")]
    [InlineData("http://cpm.example.com:80/")]
    public void Refuses_http_with_a_clear_reason(string typed)
    {
        var error = Assert.Throws<ArgumentException>(() => CpmServerAddress.Normalize(typed));
        Assert.Contains("HTTPS", error.Message);
        Assert.Contains("https://cpm.example.com", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ftp://cpm.example.com")]
    [InlineData("https://")]
    public void Refuses_non_addresses(string typed) =>
        Assert.Throws<ArgumentException>(() => CpmServerAddress.Normalize(typed));

    [Fact]
    public void The_client_normalises_its_base_uri()
    {
        using var client = new CpmClient(new CpmClientOptions { BaseUri = new Uri("https://cpm.example.com:8443/api"), ApiKey = CpmSecret.FromString("key123456") });
        Assert.Equal("https://cpm.example.com:8443/", client.BaseUri.AbsoluteUri);
        Assert.Throws<ArgumentException>(() => new CpmClient(new CpmClientOptions { BaseUri = new Uri("http://cpm.example.com/"), ApiKey = CpmSecret.FromString("key123456") }));
    }

    [Fact]
    public void Options_are_checked()
    {
        Assert.Throws<ArgumentException>(() => new CpmClient(new CpmClientOptions { BaseUri = new Uri("https://cpm/") }));
        Assert.Throws<ArgumentException>(() => new CpmClient(new CpmClientOptions { BaseUri = new Uri("https://cpm/"), ApiKey = CpmSecret.FromString("") }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CpmClient(new CpmClientOptions { BaseUri = new Uri("https://cpm/"), ApiKey = CpmSecret.FromString("key123456"), MaxRetries = -1 }));
        Assert.Throws<ArgumentException>(() => new CpmClient(new CpmClientOptions
        {
            BaseUri = new Uri("https://cpm/"), ApiKey = CpmSecret.FromString("key123456"),
            SkipCertificateCheck = true, CertificateThumbprint = new string('A', 64),
        }));
    }
}
