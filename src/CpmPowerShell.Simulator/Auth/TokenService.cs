using System.Collections.Concurrent;
using System.Security.Cryptography;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Auth;

/// <summary>Why a token was refused; the text mirrors djangorestframework-simplejwt's.</summary>
enum TokenProblem { None, Invalid, WrongType, Expired, Revoked }

/// <summary>
/// Issues and checks access/refresh tokens shaped like djangorestframework-simplejwt's (claims
/// token_type, exp, iat, jti, user_id). The signing secret is made at start, so tokens from another
/// run are refused. Every issued jti is remembered so "expire all tokens issued so far" is exact,
/// even within the same second.
/// </summary>
sealed class TokenService
{
    readonly Jwt jwt = new(RandomNumberGenerator.GetBytes(32));
    readonly ConcurrentDictionary<string, long> issued = new(StringComparer.Ordinal);
    readonly TimeProvider clock;
    long sequence;
    long accessCutoff;
    long refreshCutoff;

    public TokenService(TimeProvider clock, TimeSpan accessLifetime, TimeSpan refreshLifetime)
    {
        this.clock = clock;
        AccessLifetime = accessLifetime;
        RefreshLifetime = refreshLifetime;
    }

    public TimeSpan AccessLifetime { get; set; }
    public TimeSpan RefreshLifetime { get; set; }

    public (string Access, string Refresh) IssuePair(long userId) =>
        (Issue("access", userId, AccessLifetime), Issue("refresh", userId, RefreshLifetime));

    public string IssueAccess(long userId) => Issue("access", userId, AccessLifetime);

    string Issue(string type, long userId, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow();
        var jti = Guid.NewGuid().ToString("N");
        issued[jti] = Interlocked.Increment(ref sequence);
        return jwt.Sign(new JObject
        {
            ["token_type"] = type,
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = jti,
            ["user_id"] = userId,
        });
    }

    /// <summary>Checks a token of the expected type; gives the user id it was issued for.</summary>
    public TokenProblem Validate(string token, string expectedType, out long userId)
    {
        userId = 0;
        var claims = jwt.Verify(token);
        if (claims == null || (string?)claims["jti"] is not { } jti || !issued.TryGetValue(jti, out var issuedAs)) return TokenProblem.Invalid;
        if ((string?)claims["token_type"] != expectedType) return TokenProblem.WrongType;
        if ((long?)claims["exp"] is not { } exp || clock.GetUtcNow().ToUnixTimeSeconds() >= exp) return TokenProblem.Expired;
        var cutoff = expectedType == "access" ? Interlocked.Read(ref accessCutoff) : Interlocked.Read(ref refreshCutoff);
        if (issuedAs <= cutoff) return TokenProblem.Revoked;
        userId = (long?)claims["user_id"] ?? 0;
        return TokenProblem.None;
    }

    /// <summary>Refuses every access token issued so far (and every refresh token too when asked).</summary>
    public void ExpireIssued(bool refreshToo)
    {
        var last = Interlocked.Read(ref sequence);
        Interlocked.Exchange(ref accessCutoff, last);
        if (refreshToo) Interlocked.Exchange(ref refreshCutoff, last);
    }
}
