using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime;

/// <summary>The caller's stream as upload content: where it starts, how long it is, and reading it once or by offset.</summary>
internal sealed class MediaSource
{
    private readonly Stream _stream;
    private readonly long _start;
    private long _consumed;

    public MediaSource(Stream stream)
    {
        _stream = stream;
        CanSeek = stream.CanSeek;
        if (CanSeek)
        {
            _start = stream.Position;
            Length = Math.Max(0, stream.Length - _start);
        }
    }

    /// <summary>True when any offset can be read again (the stream seeks).</summary>
    public bool CanSeek { get; }

    /// <summary>Bytes from the stream's position to its end; null when the stream cannot seek.</summary>
    public long? Length { get; }

    /// <summary>
    /// Copies <paramref name="count"/> bytes (null: to the end) from <paramref name="offset"/> to <paramref name="target"/>
    /// through one pooled buffer. A stream that cannot seek must be read in order: only forward skips are allowed.
    /// </summary>
    public async Task CopyAsync(Stream target, long offset, long? count, UploadCounter? counter, CancellationToken cancellationToken)
    {
        await MoveToAsync(offset, cancellationToken).ConfigureAwait(false);
        counter?.Restart(offset);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            var remaining = count ?? long.MaxValue;
            while (remaining > 0)
            {
                var read = await _stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    if (count is not null)
                    {
                        throw new IOException(
                            $"The media stream ended {remaining.ToString(CultureInfo.InvariantCulture)} bytes before the length it declared.");
                    }

                    break;
                }

                _consumed += read;
                counter?.Add(read);
                remaining -= read;
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads up to <paramref name="into"/>.Length bytes at the current position (stops early only at the end).</summary>
    public async Task<int> FillAsync(Memory<byte> into, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < into.Length)
        {
            var read = await _stream.ReadAsync(into[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        _consumed += total;
        return total;
    }

    /// <summary>Positions the stream at <paramref name="offset"/> bytes into the content.</summary>
    public async Task MoveToAsync(long offset, CancellationToken cancellationToken)
    {
        if (CanSeek)
        {
            _stream.Position = _start + offset;
            _consumed = offset;
            return;
        }

        if (offset < _consumed)
        {
            throw new InvalidOperationException(
                $"The media stream cannot seek, and byte {offset.ToString(CultureInfo.InvariantCulture)} was already read; it cannot be sent again.");
        }

        if (offset > _consumed)
        {
            var skip = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                while (_consumed < offset)
                {
                    var read = await _stream.ReadAsync(skip.AsMemory(0, (int)Math.Min(skip.Length, offset - _consumed)), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw new IOException(
                            $"The media stream ended at byte {_consumed.ToString(CultureInfo.InvariantCulture)}, before the server's offset {offset.ToString(CultureInfo.InvariantCulture)}.");
                    }

                    _consumed += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(skip);
            }
        }
    }
}
