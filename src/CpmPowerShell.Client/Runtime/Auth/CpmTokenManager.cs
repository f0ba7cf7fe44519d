using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// Holds the token pair and keeps it usable for as long as the client lives: renews the access token
    /// shortly before it runs out, renews it after the server refuses it, and signs in again with the API
    /// key when the refresh token is spent. One renewal at a time: callers that queued behind it re-check
    /// and use the new token instead of renewing again.
    /// </summary>
    internal sealed class CpmTokenManager : ICpmAccessTokens, IDisposable
    {
        const string ObtainPath = "/api/token/obtain/api_key/";
        const string RefreshPath = "/api/token/refresh/";

        readonly CpmSettings settings;
        readonly CpmTransport transport;
        readonly CpmClientStatistics statistics;
        readonly CpmRedactor redactor;
        readonly CpmLogger log;
        readonly TimeProvider clock;
        readonly SemaphoreSlim renewal = new SemaphoreSlim(1, 1);
        volatile TokenPair current;

        public CpmTokenManager(CpmSettings settings, CpmTransport transport, CpmClientStatistics statistics,
            CpmRedactor redactor, CpmLogger log, TimeProvider clock)
        {
            this.settings = settings;
            this.transport = transport;
            this.statistics = statistics;
            this.redactor = redactor;
            this.log = log;
            this.clock = clock;
            redactor.AddSecret(settings.ApiKey.Reveal());
        }

        public CpmToken Access => current?.Access;
        public CpmToken Refresh => current?.Refresh;

        /// <summary>Signs in with the API key, replacing any tokens held.</summary>
        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            await renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
            try { await ObtainAsync(cancellationToken).ConfigureAwait(false); }
            finally { renewal.Release(); }
        }

        /// <summary>A token good for the next call: signs in on first use, renews one that is about to expire.</summary>
        public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
        {
            var pair = current;
            if (pair != null && !pair.Access.IsDue(clock.GetUtcNow())) return pair.Access.Value;
            await renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                pair = current; // another caller may have renewed while this one waited
                if (pair != null && !pair.Access.IsDue(clock.GetUtcNow())) return pair.Access.Value;
                return (await RenewAsync(pair, cancellationToken).ConfigureAwait(false)).Access.Value;
            }
            finally { renewal.Release(); }
        }

        /// <summary>
        /// The server answered 401 to <paramref name="rejected"/>: renew, unless another caller already
        /// replaced that token, and return the token to replay with.
        /// </summary>
        public async Task<string> RenewRejectedAsync(string rejected, CancellationToken cancellationToken)
        {
            await renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var pair = current;
                if (pair != null && !string.Equals(pair.Access.Value, rejected, StringComparison.Ordinal))
                    return pair.Access.Value;
                log.Verbose("The server refused the access token; renewing it.");
                return (await RenewAsync(pair, cancellationToken).ConfigureAwait(false)).Access.Value;
            }
            finally { renewal.Release(); }
        }

        /// <summary>Refresh when the refresh token is alive, otherwise (or when the server refuses it) sign in again.</summary>
        async Task<TokenPair> RenewAsync(TokenPair pair, CancellationToken cancellationToken)
        {
            if (pair?.Refresh == null || pair.Refresh.IsDue(clock.GetUtcNow()))
                return await ObtainAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await RefreshAsync(pair, cancellationToken).ConfigureAwait(false);
            }
            catch (CpmApiException refused) when (refused.StatusCode == 400 || refused.StatusCode == 401)
            {
                log.Verbose("The server refused the refresh token; signing in again with the API key.");
                return await ObtainAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        async Task<TokenPair> ObtainAsync(CancellationToken cancellationToken)
        {
            var json = await PostAsync(ObtainPath, "api_key", settings.ApiKey.Reveal(), keyCall: true, cancellationToken).ConfigureAwait(false);
            var receivedAt = clock.GetUtcNow();
            var access = ReadToken(json, "access", receivedAt, ObtainPath);
            var refresh = ReadToken(json, "refresh", receivedAt, ObtainPath);
            Interlocked.Increment(ref statistics.tokensObtained);
            var pair = Store(new TokenPair(access, refresh));
            log.Verbose($"Signed in to {settings.BaseUri} with the API key" +
                        (access.UserId != null ? $" as user {access.UserId}" : string.Empty) + ExpiryText(access) + ".");
            return pair;
        }

        async Task<TokenPair> RefreshAsync(TokenPair pair, CancellationToken cancellationToken)
        {
            var json = await PostAsync(RefreshPath, "refresh", pair.Refresh.Value, keyCall: false, cancellationToken).ConfigureAwait(false);
            var receivedAt = clock.GetUtcNow();
            var access = ReadToken(json, "access", receivedAt, RefreshPath);
            // simplejwt returns a new refresh token only when it rotates them; keep the old one otherwise.
            var refresh = json["refresh"]?.Type == JTokenType.String ? ReadToken(json, "refresh", receivedAt, RefreshPath) : pair.Refresh;
            Interlocked.Increment(ref statistics.tokensRefreshed);
            var renewed = Store(new TokenPair(access, refresh));
            log.Verbose("Renewed the access token with the refresh token" + ExpiryText(access) + ".");
            return renewed;
        }

        /// <summary>
        /// A token call: form-encoded as the guide shows, no Authorization header. Safe to retry (it changes
        /// nothing on the server), so a network blip during a renewal in a long runbook does not end it.
        /// </summary>
        async Task<JObject> PostAsync(string path, string field, string secret, bool keyCall, CancellationToken cancellationToken)
        {
            var request = new CpmRequest(HttpMethod.Post, path)
            {
                FormEncoded = true,
                Idempotent = true,
                Body = new Dictionary<string, string> { [field] = secret },
            };
            var call = new CpmCall(request, settings, tokens: null, stream: false);
            using (var response = await transport.SendAsync(call, cancellationToken).ConfigureAwait(false))
            {
                var body = await CpmTransport.ReadTextAsync(response).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (keyCall && (status == 400 || status == 401)) throw transport.Errors.KeyRefused(call, response, body);
                if (!response.IsSuccessStatusCode) throw transport.Errors.FromResponse(call, response, body);
                const string expected = "a JSON object with the access and refresh tokens";
                try
                {
                    if (CpmJson.Parse(body) is JObject json) return json;
                }
                catch (JsonException invalid)
                {
                    throw transport.Errors.InvalidResponse(call, response, expected, CpmJsonShape.DescribeText(body), invalid);
                }
                throw transport.Errors.InvalidResponse(call, response, expected, CpmJsonShape.DescribeText(body), null);
            }
        }

        CpmToken ReadToken(JObject json, string name, DateTimeOffset receivedAt, string path)
        {
            var value = json[name]?.Type == JTokenType.String ? json[name].Value<string>() : null;
            if (string.IsNullOrEmpty(value))
                throw new CpmApiException($"POST {path} answered without the '{name}' token the API documents.",
                    CpmErrorKind.InvalidResponse, 200, "POST", path);
            redactor.AddSecret(value);
            return CpmToken.Read(value, receivedAt);
        }

        TokenPair Store(TokenPair pair)
        {
            current = pair;
            return pair;
        }

        static string ExpiryText(CpmToken access) =>
            access.Expires != null ? $"; the access token is valid until {access.Expires.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC" : string.Empty;

        public void Dispose() => renewal.Dispose();

        sealed class TokenPair
        {
            public TokenPair(CpmToken access, CpmToken refresh)
            {
                Access = access;
                Refresh = refresh;
            }

            public CpmToken Access { get; }
            public CpmToken Refresh { get; }
        }
    }

    /// <summary>The bearer tokens of a connection, as the transport needs them for each attempt.</summary>
    internal interface ICpmAccessTokens
    {
        /// <summary>A token valid now: signs in on first use, renews one that is due.</summary>
        Task<string> GetAccessTokenAsync(CancellationToken cancellationToken);

        /// <summary>The server refused <paramref name="rejected"/>: a renewed token (or the one another caller already got).</summary>
        Task<string> RenewRejectedAsync(string rejected, CancellationToken cancellationToken);
    }
}
