using System;
using System.Collections.Generic;

namespace DiscoveryGen.Runtime;

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
