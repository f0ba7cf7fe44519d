using System;

namespace CpmPowerShell.Client
{
    /// <summary>
    /// One token and when this machine should consider it spent. When the token carries iat as well as exp,
    /// its lifetime (exp - iat, both server clock) is added to the local time it arrived: a server clock
    /// that is minutes off then does not make the client renew too early or too late.
    /// </summary>
    internal sealed class CpmToken
    {
        static readonly TimeSpan MaxMargin = TimeSpan.FromSeconds(60);

        CpmToken(string value, DateTimeOffset? expires, TimeSpan? lifetime, int? userId)
        {
            Value = value;
            Expires = expires;
            Lifetime = lifetime;
            UserId = userId;
        }

        /// <summary>The token itself; for the Authorization header and the refresh body only.</summary>
        public string Value { get; }

        /// <summary>Local-clock estimate of the expiry; null when the token does not say.</summary>
        public DateTimeOffset? Expires { get; }

        public TimeSpan? Lifetime { get; }

        public int? UserId { get; }

        public static CpmToken Read(string value, DateTimeOffset receivedAt)
        {
            var payload = CpmJwt.ReadPayload(value);
            var exp = CpmJwt.ReadTime(payload, "exp");
            var iat = CpmJwt.ReadTime(payload, "iat");
            var userId = CpmJwt.ReadUserId(payload);
            if (exp == null) return new CpmToken(value, null, null, userId);
            if (iat != null && iat <= exp)
            {
                var lifetime = exp.Value - iat.Value;
                return new CpmToken(value, receivedAt + lifetime - RoundingAllowance(iat.Value, lifetime), lifetime, userId);
            }
            // No iat: trust exp as it stands and estimate the lifetime from now.
            var estimated = exp.Value - receivedAt;
            return new CpmToken(value, exp, estimated > TimeSpan.Zero ? estimated : TimeSpan.Zero, userId);
        }

        /// <summary>
        /// simplejwt writes whole seconds: iat is the issue time rounded down, so the token may die up to a
        /// second before iat + lifetime measured from its arrival. Allow for it (at most half the lifetime).
        /// </summary>
        static TimeSpan RoundingAllowance(DateTimeOffset iat, TimeSpan lifetime)
        {
            if (iat.ToUnixTimeMilliseconds() % 1000 != 0) return TimeSpan.Zero; // fractional: no rounding
            var second = TimeSpan.FromSeconds(1);
            var half = TimeSpan.FromTicks(lifetime.Ticks / 2);
            return second < half ? second : half;
        }

        /// <summary>
        /// How long before expiry to renew: a minute for the usual hour-long token, a quarter of the lifetime
        /// for short ones (a 2 s token renews in its last 0.5 s), so that renewal happens before the server
        /// would refuse the token, yet a token is used for most of its life.
        /// </summary>
        public TimeSpan RenewalMargin
        {
            get
            {
                if (Lifetime == null) return MaxMargin;
                var quarter = TimeSpan.FromTicks(Lifetime.Value.Ticks / 4);
                return quarter < MaxMargin ? quarter : MaxMargin;
            }
        }

        /// <summary>True when the token expires within its renewal margin. Unknown expiry: never (a 401 will tell).</summary>
        public bool IsDue(DateTimeOffset now) => Expires != null && Expires.Value - now <= RenewalMargin;

        public override string ToString() => CpmRedactor.Mask;
    }
}
