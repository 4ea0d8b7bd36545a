using System;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime;

/// <summary>Simple <see cref="IAccessTokenProvider"/>s.</summary>
public static class AccessTokenProvider
{
    /// <summary>A fixed token (it is never refreshed: for short-lived tools and tests).</summary>
    public static IAccessTokenProvider FromToken(string accessToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        return new Delegating((_, _) => new ValueTask<string>(accessToken));
    }

    /// <summary>A provider backed by a callback.</summary>
    public static IAccessTokenProvider FromCallback(Func<AccessTokenRequest, CancellationToken, ValueTask<string>> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return new Delegating(callback);
    }

    private sealed class Delegating(Func<AccessTokenRequest, CancellationToken, ValueTask<string>> callback) : IAccessTokenProvider
    {
        public ValueTask<string> GetAccessTokenAsync(AccessTokenRequest request, CancellationToken cancellationToken) =>
            callback(request, cancellationToken);
    }
}
