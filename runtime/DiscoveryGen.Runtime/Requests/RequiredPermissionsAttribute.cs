using System;

namespace DiscoveryGen.Runtime;

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
