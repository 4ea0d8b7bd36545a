using System.Collections.Generic;

namespace DiscoveryGen.Build.Tasks.Analysis;

/// <summary>
/// A discovery method as a generated client method's attributes describe it: <c>[DiscoveryMethod]</c>,
/// <c>[RequiredScopes]</c> and, when the document's IAM sidecar lists the method, <c>[RequiredPermissions]</c>.
/// </summary>
internal sealed class ApiMethod
{
    public ApiMethod(string id, string httpMethod, string path, IReadOnlyList<string> scopes, IReadOnlyList<string>? permissions, bool permissionsAnyOf)
    {
        Id = id;
        HttpMethod = httpMethod;
        Path = path;
        Scopes = scopes;
        Permissions = permissions;
        PermissionsAnyOf = permissionsAnyOf;
    }

    /// <summary>The discovery method id, e.g. <c>cloudaicompanion.projects.locations.operations.get</c>.</summary>
    public string Id { get; }

    public string HttpMethod { get; }

    public string Path { get; }

    /// <summary>The OAuth scopes the document lists; any one of them suffices.</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>The IAM permissions from the sidecar; null when the sidecar does not list the method (unknown, never guessed).</summary>
    public IReadOnlyList<string>? Permissions { get; }

    /// <summary>True when any one of <see cref="Permissions"/> suffices; otherwise all are required.</summary>
    public bool PermissionsAnyOf { get; }
}
