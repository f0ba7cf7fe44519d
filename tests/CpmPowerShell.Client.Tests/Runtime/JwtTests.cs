using Xunit;
using CpmPowerShell.Client.Tests.Runtime.Fakes;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client.Tests.Runtime;

public class JwtTests
{
    static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reads_exp_iat_and_user_id()
    {
        var token = Jwt.Make(new JObject { ["exp"] = Now.ToUnixTimeSeconds() + 3600, ["iat"] = Now.ToUnixTimeSeconds(), ["user_id"] = 42 });
        var payload = CpmJwt.ReadPayload(token);
        Assert.Equal(Now.AddHours(1), CpmJwt.ReadTime(payload, "exp"));
        Assert.Equal(42, CpmJwt.ReadUserId(payload));
    }

    [Fact]
    public void A_user_id_written_as_text_is_read()
    {
        var token = Jwt.Make(new JObject { ["user_id"] = "5" });
        Assert.Equal(5, CpmToken.Read(token, Now).UserId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("a.b.c")]
    [InlineData("a.!!!.c")]
    public void Unreadable_tokens_have_no_claims(string token)
    {
        Assert.Null(CpmJwt.ReadPayload(token));
        var read = CpmToken.Read(token, Now);
        Assert.Null(read.Expires);
        Assert.False(read.IsDue(Now.AddYears(1))); // unknown expiry: the server's 401 decides
    }

    [Fact]
    public void Expiry_is_the_lifetime_measured_from_arrival_whatever_the_server_clock()
    {
        // The server's clock is ten minutes ahead; the token still lasts an hour from when it arrived.
        var serverNow = Now.AddMinutes(10).ToUnixTimeSeconds();
        var token = Jwt.Make(new JObject { ["exp"] = serverNow + 3600, ["iat"] = serverNow });
        var read = CpmToken.Read(token, Now);
        Assert.Equal(TimeSpan.FromHours(1), read.Lifetime);
        Assert.Equal(Now.AddHours(1).AddSeconds(-1), read.Expires); // a second allowed for whole-second rounding
    }

    [Fact]
    public void Without_iat_exp_is_taken_as_it_stands()
    {
        var token = Jwt.Make(new JObject { ["exp"] = Now.ToUnixTimeSeconds() + 600 });
        var read = CpmToken.Read(token, Now);
        Assert.Equal(Now.AddMinutes(10), read.Expires);
    }

    [Theory]
    [InlineData(3600, 60)]     // an hour-long token renews in its last minute
    [InlineData(120, 30)]      // shorter ones in their last quarter
    [InlineData(2, 0.5)]
    public void Renewal_margin_is_the_smaller_of_a_minute_and_a_quarter_of_the_lifetime(int lifetimeSeconds, double marginSeconds)
    {
        var token = Jwt.Make(new JObject { ["exp"] = Now.ToUnixTimeSeconds() + lifetimeSeconds, ["iat"] = Now.ToUnixTimeSeconds() });
        var read = CpmToken.Read(token, Now);
        Assert.Equal(TimeSpan.FromSeconds(marginSeconds), read.RenewalMargin);
        Assert.False(read.IsDue(read.Expires!.Value - read.RenewalMargin - TimeSpan.FromMilliseconds(1)));
        Assert.True(read.IsDue(read.Expires!.Value - read.RenewalMargin));
    }

    [Fact]
    public void A_token_never_shows_itself() =>
        Assert.Equal("********", CpmToken.Read(Jwt.Make(new JObject()), Now).ToString());
}
