using System.Security.Cryptography;
using System.Text;
using CpmPowerShell.Simulator.Engine;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Auth;

/// <summary>
/// Compact JWS with HS256: base64url(header).base64url(payload).base64url(HMAC-SHA256). Small enough to
/// write here, and it keeps the simulator free of a JWT package.
/// </summary>
sealed class Jwt
{
    static readonly string Header = Base64Url(Encoding.UTF8.GetBytes("{\"typ\":\"JWT\",\"alg\":\"HS256\"}"));

    readonly byte[] secret;

    public Jwt(byte[] secret) => this.secret = secret;

    public string Sign(JObject claims)
    {
        var signingInput = Header + "." + Base64Url(Json.ToBytes(claims));
        return signingInput + "." + Base64Url(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>The claims of a token signed with our secret; null when it is malformed or forged.</summary>
    public JObject? Verify(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        var expected = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        if (FromBase64Url(parts[2]) is not { } signature || !CryptographicOperations.FixedTimeEquals(expected, signature)) return null;
        try
        {
            var header = Json.Parse(Encoding.UTF8.GetString(FromBase64Url(parts[0]) ?? Array.Empty<byte>())) as JObject;
            if ((string?)header?["alg"] != "HS256") return null;
            return Json.Parse(Encoding.UTF8.GetString(FromBase64Url(parts[1]) ?? Array.Empty<byte>())) as JObject;
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }

    public static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[]? FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += (base64.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        try { return Convert.FromBase64String(base64); }
        catch (FormatException) { return null; }
    }
}
