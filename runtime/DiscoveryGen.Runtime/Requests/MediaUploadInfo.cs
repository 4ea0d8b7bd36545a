using System.Collections.Generic;

namespace DiscoveryGen.Runtime;

/// <summary>A method's <c>mediaUpload</c> facts: accepted media types, the size limit and the protocol paths.</summary>
public sealed class MediaUploadInfo
{
    /// <summary>Creates the info. Called by generated code.</summary>
    public MediaUploadInfo(string[] accept, long? maxSize, string? simplePath, string? resumablePath)
    {
        Accept = accept;
        MaxSize = maxSize;
        SimplePath = simplePath;
        ResumablePath = resumablePath;
    }

    /// <summary>Accepted media ranges, e.g. <c>*/*</c> or <c>image/*</c>.</summary>
    public IReadOnlyList<string> Accept { get; }

    /// <summary>The largest accepted upload in bytes, or null for no limit.</summary>
    public long? MaxSize { get; }

    /// <summary><c>protocols.simple.path</c> (relative to the root URL), or null.</summary>
    public string? SimplePath { get; }

    /// <summary><c>protocols.resumable.path</c> (relative to the root URL), or null.</summary>
    public string? ResumablePath { get; }
}
