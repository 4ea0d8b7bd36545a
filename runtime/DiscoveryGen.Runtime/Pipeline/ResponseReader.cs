using System;
using System.Buffers;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>
/// Reads response bodies: decompression the handler left undone, the <see cref="ClientOptions.MaxResponseBodySize"/>
/// limit, pooled buffers, and the model's generated JSON reader. A body that breaks off throws <see cref="IOException"/>,
/// which the transport reports as a retryable failure of the attempt.
/// </summary>
internal static class ResponseReader
{
    /// <summary>Reads a success body as JSON, never holding more than <see cref="ClientOptions.MaxResponseBodySize"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<T> ReadJsonAsync<T>(CallContext call, HttpResponseMessage response, JsonReadFunc<T> read, CancellationToken cancellationToken)
    {
        var (buffer, length) = await ReadBodyAsync(call, response, call.Client.Options.MaxResponseBodySize, throwWhenLarger: true, cancellationToken).ConfigureAwait(false);
        try
        {
            return Deserialize(call, response, buffer.AsSpan(0, length), read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads the body, decompressing gzip/deflate the handler left encoded, never holding more than
    /// <paramref name="limit"/> bytes: past it either throws (success bodies) or stops (error bodies, which are bounded).
    /// The caller returns the buffer to <see cref="ArrayPool{T}.Shared"/>.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<(byte[] Buffer, int Length)> ReadBodyAsync(CallContext call, HttpResponseMessage response, long limit, bool throwWhenLarger, CancellationToken cancellationToken)
    {
        var content = response.Content;
        var declared = content.Headers.ContentLength;
        var encoding = DecodedEncoding(content, call.Client.Options);
        var decompress = encoding is not null;
        if (throwWhenLarger && declared > limit)
        {
            throw ErrorReader.TooLarge(call, response, limit, declared);
        }

        // Never hold more than limit + 1 bytes (one more than allowed tells "larger" from "exactly the limit").
        var cap = (int)Math.Min(int.MaxValue - 64, limit + 1);
        var initial = declared is > 0 and < 1024 * 1024 && !decompress ? (int)declared.Value + 1 : 16 * 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(initial, cap));
        var total = 0;
        try
        {
            using var raw = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var stream = Decode(raw, encoding);
            while (true)
            {
                var room = Math.Min(buffer.Length, cap) - total;
                if (room == 0)
                {
                    if (total >= cap)
                    {
                        break;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    continue;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(total, room), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            if (total > limit)
            {
                if (throwWhenLarger)
                {
                    throw ErrorReader.TooLarge(call, response, limit, declared: null);
                }

                total = (int)limit;
            }

            return (buffer, total);
        }
        catch (InvalidDataException ex)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new IOException($"The {encoding}-encoded response body is corrupt.", ex);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>The body's Content-Encoding when the runtime decodes it (gzip, deflate, br with <see cref="ClientOptions.DecompressResponses"/>), else null.</summary>
    public static string? DecodedEncoding(HttpContent content, ClientOptions options)
    {
        var encoding = content.Headers.ContentEncoding.Count == 1 ? content.Headers.ContentEncoding.First() : null;
        return options.DecompressResponses && encoding is not null &&
            (encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || encoding.Equals("deflate", StringComparison.OrdinalIgnoreCase) ||
             encoding.Equals("br", StringComparison.OrdinalIgnoreCase))
            ? encoding
            : null;
    }

    /// <summary>The body stream, decoded when <paramref name="encoding"/> (from <see cref="DecodedEncoding"/>) is set.</summary>
    public static Stream Decode(Stream raw, string? encoding) => encoding is null ? raw : encoding.ToUpperInvariant() switch
    {
        "GZIP" => new GZipStream(raw, CompressionMode.Decompress),
        "DEFLATE" => new ZLibStream(raw, CompressionMode.Decompress),
        _ => new BrotliStream(raw, CompressionMode.Decompress),
    };

    private static T Deserialize<T>(CallContext call, HttpResponseMessage response, ReadOnlySpan<byte> body, JsonReadFunc<T> read)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read())
            {
                throw new JsonException("The response body is empty.");
            }

            return read(ref reader);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw ErrorReader.Unreadable(call, response, body, typeof(T), ex);
        }
    }
}
