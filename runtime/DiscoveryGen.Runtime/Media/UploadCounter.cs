using System;
using System.Globalization;

namespace DiscoveryGen.Runtime;

/// <summary>Counts bytes sent, enforces <c>maxSize</c> for content of unknown length, and reports progress.</summary>
internal sealed class UploadCounter
{
    private const long ReportEvery = 1024 * 1024;
    private readonly IProgress<MediaUploadProgress>? _progress;
    private readonly long? _maxSize;
    private readonly string _methodId;
    private long _position;
    private long _lastReported = -1;

    public UploadCounter(IProgress<MediaUploadProgress>? progress, long? total, long? maxSize, string methodId)
    {
        _progress = progress;
        Total = total;
        _maxSize = maxSize;
        _methodId = methodId;
    }

    /// <summary>The content's length once known.</summary>
    public long? Total { get; set; }

    /// <summary>Set when content of unknown length passed <c>maxSize</c>; the upload fails with it.</summary>
    public ArgumentException? TooLarge { get; private set; }

    /// <summary>Starts counting at <paramref name="offset"/> (a request sending from there began).</summary>
    public void Restart(long offset) => _position = offset;

    /// <summary>Counts bytes read from the source; throws once they pass <c>maxSize</c>.</summary>
    public void Add(int bytes)
    {
        _position += bytes;
        CheckLength(_position);
        if (_progress is not null && _position - _lastReported >= ReportEvery)
        {
            Report(_position);
        }
    }

    /// <summary>Throws when content of at least <paramref name="bytes"/> bytes is over <c>maxSize</c>.</summary>
    public void CheckLength(long bytes)
    {
        if (_maxSize is { } max && bytes > max)
        {
            TooLarge = new ArgumentException(
                $"{_methodId} accepts at most {max.ToString(CultureInfo.InvariantCulture)} bytes (maxSize); the media stream is longer. The upload was stopped.",
                "media");
            throw TooLarge;
        }
    }

    /// <summary>Reports a position the server confirmed (resumable uploads).</summary>
    public void Confirmed(long offset)
    {
        if (offset != _lastReported)
        {
            Report(offset);
        }
    }

    /// <summary>Reports the end: every byte sent.</summary>
    public void Complete() => Confirmed(Total ?? _position);

    private void Report(long position)
    {
        _lastReported = position;
        _progress?.Report(new MediaUploadProgress(position, Total));
    }
}
