using System;

namespace DiscoveryGen.Runtime;

/// <summary>The OAuth 2.0 scopes the discovery document lists for a method; any one of them suffices.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RequiredScopesAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public RequiredScopesAttribute(params string[] scopes) => Scopes = scopes;

    /// <summary>
    /// Creates the attribute from one scope, or several separated by spaces as OAuth 2.0 writes a scope list (RFC 6749
    /// §3.3), so that a constant can name a set of scopes that many methods share.
    /// </summary>
    public RequiredScopesAttribute(string scopes) =>
        Scopes = (scopes ?? throw new ArgumentNullException(nameof(scopes))).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The scopes, in document order.</summary>
    public string[] Scopes { get; }
}
