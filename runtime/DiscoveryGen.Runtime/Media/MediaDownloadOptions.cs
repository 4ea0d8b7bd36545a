using System;
using System.Net.Http.Headers;

namespace DiscoveryGen.Runtime;

/// <summary>Settings of one media download. Null (the generated methods' default) downloads the whole content.</summary>
public sealed class MediaDownloadOptions
{
    /// <summary>
    /// One byte range, sent as <c>Range: bytes=…</c>: <c>new(0, 1023)</c> the first KiB (inclusive), <c>new(1024, null)</c>
    /// from byte 1024 to the end, <c>new(null, 500)</c> the last 500 bytes. The server must answer 206: a 200 (whole
    /// content) fails before anything is written. Ranged bodies are written as sent, never decompressed.
    /// </summary>
    public RangeItemHeaderValue? Range { get; set; }

    /// <summary>Receives the number of bytes written to the destination, about every MiB and once at the end.</summary>
    public IProgress<long>? Progress { get; set; }

    /// <summary>
    /// The most bytes written to the destination, counted after decompression (a gzip-encoded body is decompressed as it
    /// is written, so a small body can expand a thousandfold). A body that would write more fails with
    /// <see cref="ApiException"/> before the bytes past the limit are written (at once, when <c>Content-Length</c> of an
    /// unencoded body says so). Null (the default) sets no limit; at least 0.
    /// </summary>
    public long? MaxSize { get; set; }

    /// <summary>
    /// The longest the body may deliver nothing: a read that waits longer fails with <see cref="ApiTimeoutException"/>.
    /// Useful with a long (or infinite) <see cref="RequestOptions.Timeout"/> to notice a stalled download early.
    /// Null (the default) or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: only the call's timeout applies.
    /// </summary>
    public TimeSpan? ReadTimeout { get; set; }

    /// <summary>The read timeout that applies; null for none.</summary>
    internal TimeSpan? EffectiveReadTimeout => ReadTimeout == System.Threading.Timeout.InfiniteTimeSpan ? null : ReadTimeout;

    internal void Validate()
    {
        if (MaxSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSize), MaxSize, "MediaDownloadOptions.MaxSize must not be negative.");
        }

        if (EffectiveReadTimeout is { } read && (read <= TimeSpan.Zero || read.TotalMilliseconds > uint.MaxValue - 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ReadTimeout), ReadTimeout,
                "MediaDownloadOptions.ReadTimeout must be positive (at most about 49.7 days), null or Timeout.InfiniteTimeSpan.");
        }
    }
}
