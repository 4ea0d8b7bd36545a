using System;

namespace DiscoveryGen.Runtime;

/// <summary>Settings of one media upload. Null (the generated methods' default) means the defaults below.</summary>
public sealed class MediaUploadOptions
{
    /// <summary>Resumable chunks (all but the last) are multiples of this: 256 KiB, as Google's upload servers require.</summary>
    public const int ChunkGranularity = 256 * 1024;

    /// <summary>The default <see cref="ChunkSize"/>: 8 MiB.</summary>
    public const int DefaultChunkSize = 8 * 1024 * 1024;

    /// <summary>The default <see cref="ResumableThreshold"/>: 5 MiB, where Google's guides switch to resumable uploads.</summary>
    public const long DefaultResumableThreshold = 5 * 1024 * 1024;

    /// <summary>The protocol; <see cref="MediaUploadProtocol.Auto"/> by default.</summary>
    public MediaUploadProtocol Protocol { get; set; } = MediaUploadProtocol.Auto;

    /// <summary>
    /// Bytes per resumable chunk; a positive multiple of <see cref="ChunkGranularity"/>. A stream that cannot seek is
    /// read one chunk at a time into a pooled buffer of this size (so a failed chunk can be sent again); a seekable
    /// stream is read straight from its position, never buffered.
    /// </summary>
    public int ChunkSize { get; set; } = DefaultChunkSize;

    /// <summary>With <see cref="MediaUploadProtocol.Auto"/>: content longer than this (bytes) is uploaded resumably.</summary>
    public long ResumableThreshold { get; set; } = DefaultResumableThreshold;

    /// <summary>Receives progress: for resumable uploads after each chunk the server confirms, otherwise about every MiB sent; always once at the end.</summary>
    public IProgress<MediaUploadProgress>? Progress { get; set; }

    /// <summary>
    /// A session URI saved from an earlier resumable upload (see <see cref="SessionStarted"/>): the upload asks the
    /// server how much it has (<c>Content-Range: bytes */N</c>) and continues from there instead of starting a new
    /// session. The stream must present the same content from its beginning; it is skipped forward to the server's
    /// offset (by seeking, or by reading when it cannot seek). The metadata is not sent again.
    /// </summary>
    public Uri? ResumeSessionUri { get; set; }

    /// <summary>
    /// Called with the session URI as soon as a resumable upload has one (before any media is sent), so it can be
    /// saved and passed back as <see cref="ResumeSessionUri"/> after a crash. The URI is a credential: whoever holds
    /// it can write to the upload. Keep it where you keep tokens.
    /// </summary>
    public Action<Uri>? SessionStarted { get; set; }

    internal void Validate()
    {
        if (ChunkSize <= 0 || ChunkSize % ChunkGranularity != 0 || ChunkSize > 1024 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(ChunkSize), ChunkSize,
                "MediaUploadOptions.ChunkSize must be a positive multiple of 262144 bytes (256 KiB), at most 1 GiB.");
        }

        if (ResumableThreshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ResumableThreshold), ResumableThreshold, "MediaUploadOptions.ResumableThreshold must not be negative.");
        }

        if (!Enum.IsDefined(Protocol))
        {
            throw new ArgumentOutOfRangeException(nameof(Protocol), Protocol, "Unknown MediaUploadProtocol.");
        }
    }
}
