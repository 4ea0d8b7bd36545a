using System;
using System.Buffers;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Generator.Parsing;

/// <summary>
/// A file's text as UTF-8 in a pooled buffer, encoded chunk by chunk from the <see cref="SourceText"/> (a large file's
/// text is itself chunked, so this avoids one more whole-file string). Lone surrogates become U+FFFD, as
/// <see cref="Encoding.UTF8"/> does; offsets into it are the offsets of <c>Encoding.UTF8.GetBytes(text.ToString())</c>.
/// </summary>
internal readonly struct Utf8Buffer : IDisposable
{
    private const int ChunkChars = 16 * 1024;

    private Utf8Buffer(byte[] bytes, int length)
    {
        Bytes = bytes;
        Length = length;
    }

    /// <summary>The pooled buffer; only the first <see cref="Length"/> bytes are the text.</summary>
    public byte[] Bytes { get; }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => new(Bytes, 0, Length);

    public static Utf8Buffer Encode(SourceText text, CancellationToken cancellationToken)
    {
        var encoder = Encoding.UTF8.GetEncoder();
        var chunk = ArrayPool<char>.Shared.Rent(Math.Min(Math.Max(text.Length, 1), ChunkChars));
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(text.Length, 16)); // exact for ASCII, grown for the rest
        var length = 0;
        try
        {
            for (var position = 0; position < text.Length; position += chunk.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(chunk.Length, text.Length - position);
                text.CopyTo(position, chunk, 0, count);
                var last = position + count == text.Length;
                var needed = encoder.GetByteCount(chunk, 0, count, flush: last);
                if (length + needed > bytes.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length * 2, length + needed));
                    Buffer.BlockCopy(bytes, 0, larger, 0, length);
                    ArrayPool<byte>.Shared.Return(bytes);
                    bytes = larger;
                }

                length += encoder.GetBytes(chunk, 0, count, bytes, length, flush: last);
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(bytes);
            throw;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chunk);
        }

        return new Utf8Buffer(bytes, length);
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(Bytes);
}
