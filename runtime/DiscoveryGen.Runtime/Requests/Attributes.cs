using System;

namespace DiscoveryGen.Runtime;

/// <summary>Identifies the discovery method a generated client method calls.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DiscoveryMethodAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="id">The discovery method id, e.g. <c>cloudaicompanion.projects.locations.operations.cancel</c>.</param>
    /// <param name="httpMethod">The HTTP verb.</param>
    /// <param name="path">The discovery path template, relative to the service's base URI.</param>
    public DiscoveryMethodAttribute(string id, string httpMethod, string path)
    {
        Id = id;
        HttpMethod = httpMethod;
        Path = path;
    }

    /// <summary>The discovery method id.</summary>
    public string Id { get; }

    /// <summary>The HTTP verb.</summary>
    public string HttpMethod { get; }

    /// <summary>The discovery path template (RFC 6570 level 2, as discovery uses it).</summary>
    public string Path { get; }
}

/// <summary>The OAuth 2.0 scopes the discovery document lists for a method; any one of them suffices.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RequiredScopesAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public RequiredScopesAttribute(params string[] scopes) => Scopes = scopes;

    /// <summary>The scopes, in document order.</summary>
    public string[] Scopes { get; }
}

/// <summary>The IAM permissions a method requires, from the document's IAM sidecar (<c>&lt;doc&gt;.iam.json</c>).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RequiredPermissionsAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public RequiredPermissionsAttribute(params string[] permissions) => Permissions = permissions;

    /// <summary>The permissions.</summary>
    public string[] Permissions { get; }

    /// <summary>When true any one of <see cref="Permissions"/> suffices; otherwise all are required.</summary>
    public bool AnyOf { get; set; }
}
