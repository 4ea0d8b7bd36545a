using System.Collections.Generic;
using System.Net.Http;

namespace DiscoveryGen.Runtime;

/// <summary>The static facts of one discovery method, as generated into each service's <c>Methods</c> table.</summary>
public sealed class MethodDescriptor
{
    /// <summary>Creates a descriptor. Called by generated code.</summary>
    public MethodDescriptor(
        string id,
        string httpMethod,
        string path,
        string? flatPath,
        string[] scopes,
        string[] permissions,
        bool permissionsAnyOf = false,
        bool etagRequired = false,
        bool supportsMediaDownload = false,
        bool useMediaDownloadService = false,
        MediaUploadInfo? mediaUpload = null)
    {
        EtagRequired = etagRequired;
        SupportsMediaDownload = supportsMediaDownload;
        UseMediaDownloadService = useMediaDownloadService;
        MediaUpload = mediaUpload;
        Id = id;
        HttpMethodName = httpMethod;
        HttpMethod = HttpMethod.Parse(httpMethod);
        Path = path;
        FlatPath = flatPath;
        Scopes = scopes;
        Permissions = permissions;
        PermissionsAnyOf = permissionsAnyOf;
    }

    /// <summary>The discovery method id.</summary>
    public string Id { get; }

    /// <summary>The HTTP verb as written in the document.</summary>
    public string HttpMethodName { get; }

    /// <summary>The HTTP verb.</summary>
    public HttpMethod HttpMethod { get; }

    /// <summary>The discovery path template.</summary>
    public string Path { get; }

    /// <summary>The document's <c>flatPath</c>, when it has one.</summary>
    public string? FlatPath { get; }

    /// <summary>OAuth 2.0 scopes (any one suffices).</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>IAM permissions from the sidecar; empty when the sidecar lists none.</summary>
    public IReadOnlyList<string> Permissions { get; }

    /// <summary>True when any one of <see cref="Permissions"/> suffices.</summary>
    public bool PermissionsAnyOf { get; }

    /// <summary>The document's <c>etagRequired</c>: the request must carry an ETag precondition.</summary>
    public bool EtagRequired { get; }

    /// <summary>The method can return media (<c>alt=media</c>) instead of JSON.</summary>
    public bool SupportsMediaDownload { get; }

    /// <summary>Media downloads go to the <c>download/</c> service path.</summary>
    public bool UseMediaDownloadService { get; }

    /// <summary>The method accepts media uploads; null when it does not.</summary>
    public MediaUploadInfo? MediaUpload { get; }

    /// <inheritdoc />
    public override string ToString() => $"{HttpMethodName} {Path} ({Id})";
}
