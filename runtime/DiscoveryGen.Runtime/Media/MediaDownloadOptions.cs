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
}
