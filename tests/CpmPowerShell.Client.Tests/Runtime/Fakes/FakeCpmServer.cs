using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Text;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client.Tests.Runtime.Fakes;

/// <summary>What the fake server saw of one request.</summary>
public sealed record SeenRequest(
    HttpRequestMessage Message, string Method, string Host, string Path, string Query,
    string Accept, string Authorization, string UserAgent, string ContentType, string Body)
{
    public string QueryValue(string name) =>
        Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => Uri.UnescapeDataString(p[0]) == name)
            .Select(p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "")
            .FirstOrDefault();
}

/// <summary>
/// An in-memory CPM server behind an HttpMessageHandler: issues simplejwt-like tokens (whole-second
/// exp/iat, user_id) on its own clock, checks bearer tokens, serves routes that tests register, and plays
/// scripted faults (statuses, exceptions, delays) once each.
/// </summary>
public sealed class FakeCpmServer : HttpMessageHandler
{
    public const string ApiKey = "K3y-9f8e7d6c5b4a-SECRET";
    readonly ConcurrentDictionary<string, DateTimeOffset> accessTokens = new();
    readonly ConcurrentDictionary<string, DateTimeOffset> refreshTokens = new();
    readonly ConcurrentDictionary<string, Func<SeenRequest, HttpResponseMessage>> routes = new();
    readonly List<(Func<SeenRequest, bool> Match, Func<SeenRequest, CancellationToken, Task<HttpResponseMessage>> Respond)> faults = new();
    readonly ConcurrentQueue<SeenRequest> seen = new();
    int obtains, refreshes, rejected401;

    public TimeProvider Clock { get; set; } = TimeProvider.System;
    public TimeSpan AccessLifetime { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan RefreshLifetime { get; set; } = TimeSpan.FromHours(24);
    public bool RotateRefreshTokens { get; set; }
    public int UserId { get; set; } = 7;
    /// <summary>Extra time the token refresh takes (to make concurrent renewals overlap).</summary>
    public TimeSpan RefreshLatency { get; set; }

    public int Obtains => obtains;
    public int Refreshes => refreshes;
    public int Rejected401 => rejected401;
    public IReadOnlyList<SeenRequest> Seen => seen.ToList();
    public IEnumerable<SeenRequest> SeenAt(string path) => seen.Where(r => r.Path == path);
    public IEnumerable<string> IssuedTokens => accessTokens.Keys.Concat(refreshTokens.Keys);

    /// <summary>Answers METHOD path (exact path, query ignored) with the function's response.</summary>
    public void Route(string method, string path, Func<SeenRequest, HttpResponseMessage> respond) => routes[method + " " + path] = respond;

    public void RouteJson(string method, string path, object body, HttpStatusCode status = HttpStatusCode.OK) =>
        Route(method, path, _ => Json(status, body));

    /// <summary>The next request matching answers with this (or throws), once.</summary>
    public void Fault(Func<SeenRequest, bool> match, Func<SeenRequest, HttpResponseMessage> respond) =>
        FaultAsync(match, (r, _) => Task.FromResult(respond(r)));

    public void FaultAsync(Func<SeenRequest, bool> match, Func<SeenRequest, CancellationToken, Task<HttpResponseMessage>> respond)
    {
        lock (faults) faults.Add((match, respond));
    }

    /// <summary>The next matching request hangs until the client gives up on it.</summary>
    public void Hang(Func<SeenRequest, bool> match) =>
        FaultAsync(match, async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return Status(200, "[]"); });

    public void FaultTimes(int times, Func<SeenRequest, bool> match, Func<SeenRequest, HttpResponseMessage> respond)
    {
        for (var i = 0; i < times; i++) Fault(match, respond);
    }

    /// <summary>Forgets every access token (a server restart, a revoked session).</summary>
    public void RevokeAccessTokens() => accessTokens.Clear();

    public void RevokeRefreshTokens() => refreshTokens.Clear();

    public static HttpResponseMessage Json(HttpStatusCode status, object body) => new(status)
    {
        Content = new StringContent(body is string s ? s : JToken.FromObject(body).ToString(), Encoding.UTF8, "application/json"),
    };

    public static HttpResponseMessage Status(int status, string body = null, string mediaType = "application/json")
    {
        var response = new HttpResponseMessage((HttpStatusCode)status);
        if (body != null) response.Content = new StringContent(body, Encoding.UTF8, mediaType);
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content == null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var seenRequest = new SeenRequest(request, request.Method.Method, request.RequestUri!.Host, request.RequestUri.AbsolutePath,
            request.RequestUri.Query, request.Headers.TryGetValues("Accept", out var accept) ? string.Join(",", accept) : null,
            request.Headers.Authorization?.ToString(), request.Headers.TryGetValues("User-Agent", out var ua) ? string.Join(" ", ua) : null,
            request.Content?.Headers.ContentType?.MediaType, body);
        seen.Enqueue(seenRequest);

        Func<SeenRequest, CancellationToken, Task<HttpResponseMessage>> fault = null;
        lock (faults)
        {
            var index = faults.FindIndex(f => f.Match(seenRequest));
            if (index >= 0)
            {
                fault = faults[index].Respond;
                faults.RemoveAt(index);
            }
        }
        if (fault != null)
        {
            var faulted = await fault(seenRequest, cancellationToken);
            faulted.RequestMessage = request;
            return faulted;
        }

        var response = await RouteAsync(seenRequest, request, cancellationToken);
        response.RequestMessage = request;
        return response;
    }

    async Task<HttpResponseMessage> RouteAsync(SeenRequest seenRequest, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var form = ParseForm(seenRequest.Body);
        if (seenRequest.Method == "POST" && seenRequest.Path == "/api/token/obtain/api_key/")
        {
            if (!form.TryGetValue("api_key", out var key) || key != ApiKey)
                return Json(HttpStatusCode.Unauthorized, new { detail = "No active account found with the given credentials" });
            Interlocked.Increment(ref obtains);
            return Json(HttpStatusCode.OK, new { access = Issue("access", AccessLifetime, accessTokens), refresh = Issue("refresh", RefreshLifetime, refreshTokens) });
        }
        if (seenRequest.Method == "POST" && seenRequest.Path == "/api/token/refresh/")
        {
            if (RefreshLatency > TimeSpan.Zero) await Task.Delay(RefreshLatency, cancellationToken);
            if (!form.TryGetValue("refresh", out var token) || !IsValid(token, refreshTokens))
                return Json(HttpStatusCode.Unauthorized, new { detail = "Token is invalid or expired", code = "token_not_valid" });
            Interlocked.Increment(ref refreshes);
            var answer = new JObject { ["access"] = Issue("access", AccessLifetime, accessTokens) };
            if (RotateRefreshTokens)
            {
                refreshTokens.TryRemove(token, out _);
                answer["refresh"] = Issue("refresh", RefreshLifetime, refreshTokens);
            }
            return Json(HttpStatusCode.OK, answer);
        }

        var authorization = request.Headers.Authorization;
        if (authorization?.Scheme != "Bearer" || !IsValid(authorization.Parameter, accessTokens))
        {
            Interlocked.Increment(ref rejected401);
            return Json(HttpStatusCode.Unauthorized, new { detail = "Given token not valid for any token type", code = "token_not_valid" });
        }
        if (routes.TryGetValue(seenRequest.Method + " " + seenRequest.Path, out var route)) return route(seenRequest);
        return Json(HttpStatusCode.NotFound, new { detail = "Not found." });
    }

    bool IsValid(string token, ConcurrentDictionary<string, DateTimeOffset> store) =>
        token != null && store.TryGetValue(token, out var expires) && Clock.GetUtcNow() < expires;

    string Issue(string type, TimeSpan lifetime, ConcurrentDictionary<string, DateTimeOffset> store)
    {
        // Whole seconds, like simplejwt: iat rounded down, exp = iat + lifetime.
        var iat = Clock.GetUtcNow().ToUnixTimeSeconds();
        var exp = iat + (long)lifetime.TotalSeconds;
        var payload = new JObject { ["token_type"] = type, ["exp"] = exp, ["iat"] = iat, ["jti"] = Guid.NewGuid().ToString("N"), ["user_id"] = UserId };
        var token = Jwt.Make(payload);
        store[token] = DateTimeOffset.FromUnixTimeSeconds(exp);
        return token;
    }

    static Dictionary<string, string> ParseForm(string body) =>
        (body ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "");
}

public static class Jwt
{
    public static string Make(JObject payload) =>
        Encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + Encode(payload.ToString(Newtonsoft.Json.Formatting.None)) + "." +
        Base64Url(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray());

    static string Encode(string json) => Base64Url(Encoding.UTF8.GetBytes(json));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A clock tests move by hand.</summary>
public sealed class ManualClock : TimeProvider
{
    DateTimeOffset now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    public override DateTimeOffset GetUtcNow() { lock (this) return now; }
    public void Advance(TimeSpan by) { lock (this) now += by; }
}

/// <summary>Collects log lines of a scope.</summary>
public sealed class LogCapture
{
    readonly ConcurrentQueue<(CpmLogLevel Level, string Line)> lines = new();
    public void Sink(CpmLogLevel level, string line) => lines.Enqueue((level, line));
    public IReadOnlyList<(CpmLogLevel Level, string Line)> Lines => lines.ToList();
    public IEnumerable<string> Of(CpmLogLevel level) => lines.Where(l => l.Level == level).Select(l => l.Line);
}

/// <summary>Builds clients wired to a fake server with quick retry delays.</summary>
public static class TestClients
{
    public static CpmClientOptions Options(FakeCpmServer server, Action<CpmClientOptions> configure = null)
    {
        var options = new CpmClientOptions
        {
            BaseUri = new Uri("https://cpm.test/"),
            ApiKey = CpmSecret.FromString(FakeCpmServer.ApiKey),
            HttpMessageHandler = server,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromSeconds(5),
            Timeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return options;
    }

    public static CpmClient Create(FakeCpmServer server, Action<CpmClientOptions> configure = null, TimeProvider clock = null) =>
        new(Options(server, configure), clock ?? server.Clock);
}
