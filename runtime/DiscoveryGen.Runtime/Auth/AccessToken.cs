using System;

namespace DiscoveryGen.Runtime.Auth;

/// <summary>A token and when it stops working (<see cref="DateTimeOffset.MaxValue"/> when the issuer did not say).</summary>
internal readonly record struct AccessToken(string Value, DateTimeOffset ObtainedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>Google's libraries refresh 3 min 45 s before expiry, so a token is never sent in its last minutes.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(225);

    /// <summary>
    /// Fresh until <see cref="RefreshMargin"/> before expiry, or half way through its lifetime when that is shorter (a
    /// token issued for two minutes would otherwise never be used).
    /// </summary>
    public bool IsFreshAt(DateTimeOffset now)
    {
        if (ExpiresAt == DateTimeOffset.MaxValue)
        {
            return true;
        }

        var half = TimeSpan.FromTicks((ExpiresAt - ObtainedAt).Ticks / 2);
        var margin = half < RefreshMargin ? half : RefreshMargin;
        return now < ExpiresAt - margin;
    }

    public override string ToString() => $"AccessToken(expires {ExpiresAt:O})";
}
