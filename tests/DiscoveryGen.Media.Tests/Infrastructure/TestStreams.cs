using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Media.Tests.Infrastructure;

/// <summary>
/// Deterministic pseudo-random content of a given length, generated as it is read (nothing is held): byte i depends only
/// on the seed and i, so the stream can seek when asked to and the expected hash is computed without a copy.
/// </summary>
public sealed class PseudoRandomStream : Stream
{
    private readonly long _length;
    private readonly ulong _seed;
    private readonly bool _seekable;
    private long _position;

    public PseudoRandomStream(long length, ulong seed, bool seekable)
    {
        _length = length;
        _seed = seed;
        _seekable = seekable;
    }

    public override bool CanRead => true;

    public override bool CanSeek => _seekable;

    public override bool CanWrite => false;

    public override long Length => _seekable ? _length : throw new NotSupportedException("This stream cannot seek.");

    public override long Position
    {
        get => _seekable ? _position : throw new NotSupportedException("This stream cannot seek.");
        set => _position = _seekable ? value : throw new NotSupportedException("This stream cannot seek.");
    }

    /// <summary>Bytes handed out by Read so far (both kinds of stream).</summary>
    public long BytesRead { get; private set; }

    public static byte[] Sha256(long length, ulong seed)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        for (long at = 0; at < length; at += buffer.Length)
        {
            var n = (int)Math.Min(buffer.Length, length - at);
            Fill(buffer.AsSpan(0, n), at, seed);
            hash.AppendData(buffer, 0, n);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>The content itself (small lengths only; tests that compare bytes).</summary>
    public static byte[] Bytes(long length, ulong seed)
    {
        var bytes = new byte[length];
        Fill(bytes, 0, seed);
        return bytes;
    }

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, Math.Max(0, _length - _position));
        Fill(buffer[..n], _position, _seed);
        _position += n;
        BytesRead += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin)
    {
        if (!_seekable)
        {
            throw new NotSupportedException("This stream cannot seek.");
        }

        _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static void Fill(Span<byte> span, long position, ulong seed)
    {
        var i = 0;
        Span<byte> block = stackalloc byte[8];
        while (i < span.Length)
        {
            var at = position + i;
            BinaryPrimitives.WriteUInt64LittleEndian(block, Mix(seed ^ (ulong)(at >> 3)));
            var from = (int)(at & 7);
            var take = Math.Min(8 - from, span.Length - i);
            block.Slice(from, take).CopyTo(span[i..]);
            i += take;
        }
    }

    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}

/// <summary>A write-only sink that hashes and counts what it receives, holding none of it.</summary>
public sealed class HashingStream : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private TaskCompletionSource _written = NewSignal();
    private long _bytesWritten;

    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>Completes once at least <paramref name="count"/> bytes have been written (an event, not a poll).</summary>
    public async Task WaitForBytesAsync(long count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _written);
            if (BytesWritten >= count)
            {
                return;
            }

            await signal.Task.WaitAsync(cancellationToken);
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public byte[] Hash() => _hash.GetHashAndReset();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        Interlocked.Add(ref _bytesWritten, buffer.Length);
        Interlocked.Exchange(ref _written, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
