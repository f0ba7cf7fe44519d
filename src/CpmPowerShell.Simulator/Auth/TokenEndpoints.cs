using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CpmPowerShell.Simulator.Engine;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Auth;

/// <summary>
/// POST /api/token/obtain/api_key/ and POST /api/token/refresh/ (chapters 1.2 and 25). Both take JSON or
/// form bodies; they need no bearer token. The API key belongs to the root user (id 1).
/// </summary>
sealed class TokenEndpoints
{
    public const string ObtainPath = "/api/token/obtain/api_key/";
    public const string RefreshPath = "/api/token/refresh/";
    public const long RootUserId = 1;

    readonly TokenService tokens;
    readonly Func<string> apiKey;
    /// <summary>API keys of other users and delegates (made through /_sim/api-keys) -> their user id.</summary>
    readonly ConcurrentDictionary<string, long> userKeys = new(StringComparer.Ordinal);

    public TokenEndpoints(TokenService tokens, Func<string> apiKey)
    {
        this.tokens = tokens;
        this.apiKey = apiKey;
    }

    public static bool IsTokenPath(string path) => path is ObtainPath or RefreshPath;

    public ApiResponse Obtain(JObject body)
    {
        var text = (string?)body["api_key"] ?? "";
        var given = Encoding.UTF8.GetBytes(text);
        var expected = Encoding.UTF8.GetBytes(apiKey());
        var userId = RootUserId;
        if (!CryptographicOperations.FixedTimeEquals(given, expected) && !userKeys.TryGetValue(text, out userId))
            return Unauthorized(ApiResponse.Detail(401, "No active account found with the given API key.", "authentication_failed"));
        var (access, refresh) = tokens.IssuePair(userId);
        return ApiResponse.Json(200, new JObject { ["access"] = access, ["refresh"] = refresh });
    }

    /// <summary>A new API key for another user or delegate (the CPM console makes one per user).</summary>
    public string AddUserKey(long userId)
    {
        var key = "user-" + userId + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        userKeys[key] = userId;
        return key;
    }

    /// <summary>Forgets the keys of other users (a reset), or those of one deleted user.</summary>
    public void RemoveUserKeys(long? userId = null)
    {
        foreach (var (key, owner) in userKeys)
            if (userId == null || owner == userId) userKeys.TryRemove(key, out _);
    }

    public ApiResponse Refresh(JObject body)
    {
        var problem = tokens.Validate((string?)body["refresh"] ?? "", "refresh", out var userId);
        if (problem != TokenProblem.None)
            return Unauthorized(ApiResponse.Detail(401, problem == TokenProblem.WrongType ? "Token has wrong type" : "Token is invalid or expired", "token_not_valid"));
        return ApiResponse.Json(200, new JObject { ["access"] = tokens.IssueAccess(userId) });
    }

    /// <summary>
    /// Checks "Authorization: Bearer &lt;access&gt;"; null when it is good, else the 401 simplejwt would send.
    /// </summary>
    public ApiResponse? Authenticate(string? header, out long userId)
    {
        userId = 0;
        if (string.IsNullOrWhiteSpace(header)) return Unauthorized(ApiResponse.Detail(401, "Authentication credentials were not provided."));
        var parts = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!parts[0].Equals("Bearer", StringComparison.Ordinal))
            return Unauthorized(ApiResponse.Detail(401, "Authentication credentials were not provided."));
        if (parts.Length != 2)
            return Unauthorized(ApiResponse.Detail(401, "Authorization header must contain two space-delimited values", "bad_authorization_header"));
        var problem = tokens.Validate(parts[1], "access", out userId);
        if (problem == TokenProblem.None) return null;
        var body = new JObject
        {
            ["detail"] = "Given token not valid for any token type",
            ["code"] = "token_not_valid",
            ["messages"] = new JArray(new JObject
            {
                ["token_class"] = "AccessToken",
                ["token_type"] = "access",
                ["message"] = problem == TokenProblem.WrongType ? "Token has wrong type" : "Token is invalid or expired",
            }),
        };
        return Unauthorized(ApiResponse.Json(401, body));
    }

    /// <summary>DRF adds the scheme challenge to every 401.</summary>
    public static ApiResponse Unauthorized(ApiResponse response) => response.WithHeader("WWW-Authenticate", "Bearer realm=\"api\"");
}
