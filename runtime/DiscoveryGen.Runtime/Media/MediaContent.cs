using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime;

/// <summary>Media as an HTTP body: streamed from the source (never buffered whole), counted, never disposing the source.</summary>
internal sealed class MediaContent : HttpContent
{
    private readonly MediaSource _source;
    private readonly long _offset;
    private readonly long? _count;
    private readonly UploadCounter? _counter;

    public MediaContent(MediaSource source, long offset, long? count, UploadCounter? counter)
    {
        _source = source;
        _offset = offset;
        _count = count;
        _counter = counter;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _source.CopyAsync(stream, _offset, _count, _counter, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = _count ?? 0;
        return _count is not null;
    }
}
