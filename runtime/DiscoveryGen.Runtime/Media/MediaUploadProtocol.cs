namespace DiscoveryGen.Runtime;

/// <summary>How media is sent to a method with <c>mediaUpload</c>.</summary>
public enum MediaUploadProtocol
{
    /// <summary>
    /// Content of known length up to <see cref="MediaUploadOptions.ResumableThreshold"/>: simple (no metadata) or
    /// multipart (with metadata). Larger content, or a stream that cannot seek: resumable, when the method offers it.
    /// </summary>
    Auto,

    /// <summary>One request carrying only the media (<c>uploadType=media</c>); no metadata.</summary>
    Simple,

    /// <summary>One <c>multipart/related</c> request: the JSON metadata, then the media (<c>uploadType=multipart</c>).</summary>
    Multipart,

    /// <summary>
    /// A session (<c>uploadType=resumable</c>) then the media in chunks, resuming after server errors and dropped
    /// connections from the byte the server confirms.
    /// </summary>
    Resumable,
}
