using System;

namespace DiscoveryGen.Runtime;

/// <summary>The OAuth 2.0 scopes the discovery document lists for a method; any one of them suffices.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RequiredScopesAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public RequiredScopesAttribute(params string[] scopes) => Scopes = scopes;

    /// <summary>The scopes, in document order.</summary>
    public string[] Scopes { get; }
}
