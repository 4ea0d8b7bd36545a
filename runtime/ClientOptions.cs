using System;

namespace DiscoveryGen.Runtime;

/// <summary>Settings shared by every call of one generated service.</summary>
public sealed class ClientOptions
{
    /// <summary>
    /// The base URI method paths are resolved against. Defaults to the document's <c>rootUrl</c> + <c>servicePath</c>.
    /// </summary>
    public Uri? BaseUri { get; set; }

    /// <summary>
    /// A location whose endpoint (the document's <c>endpoints</c>, e.g. <c>us-central1</c>) becomes the base URI when
    /// <see cref="BaseUri"/> is not set. Services of documents without endpoints ignore it.
    /// </summary>
    public string? Location { get; set; }

    /// <summary>
    /// Product token prepended to the <c>User-Agent</c> header (for example <c>my-app/1.2</c>); null sends only DiscoveryGen's.
    /// </summary>
    public string? ApplicationName { get; set; }
}
