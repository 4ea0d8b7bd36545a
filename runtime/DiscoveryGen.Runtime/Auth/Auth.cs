using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime;

/// <summary>
/// Supplies OAuth 2.0 access tokens. The client calls it before every attempt of every call, with the method's scopes;
/// implementations cache and refresh (the Google.Apis.Auth adapter, <c>DiscoveryGen.Runtime.GoogleAuth</c>, does).
/// Tokens are sent as <c>Authorization: Bearer …</c> and never logged, traced or put in exception messages.
/// </summary>
public interface IAccessTokenProvider
{
    /// <summary>Returns a current access token for <paramref name="request"/>.</summary>
    ValueTask<string> GetAccessTokenAsync(AccessTokenRequest request, CancellationToken cancellationToken);
}

/// <summary>What a token is needed for.</summary>
public sealed class AccessTokenRequest
{
    /// <summary>Creates the request.</summary>
    public AccessTokenRequest(MethodDescriptor method, Uri baseUri)
    {
        Method = method ?? throw new ArgumentNullException(nameof(method));
        BaseUri = baseUri ?? throw new ArgumentNullException(nameof(baseUri));
    }

    /// <summary>The method being called.</summary>
    public MethodDescriptor Method { get; }

    /// <summary>The method's OAuth scopes (any one suffices).</summary>
    public IReadOnlyList<string> Scopes => Method.Scopes;

    /// <summary>The service's base URI (the audience self-signed JWTs use).</summary>
    public Uri BaseUri { get; }

    /// <summary>
    /// True when the server rejected the previous token of this call (HTTP 401): return a freshly obtained token, not a
    /// cached one. The client asks this at most once per call.
    /// </summary>
    public bool ForceRefresh { get; init; }
}

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
