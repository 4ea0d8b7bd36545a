using System;
using System.Buffers;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
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

    /// <summary>
    /// Reads <paramref name="body"/> with the model's reader. Every way the body can fail to be the promised JSON value
    /// (malformed, trailing data after the value, a value out of range or in the wrong format, more values than
    /// <see cref="ClientOptions.MaxResponseJsonValues"/>) becomes an <see cref="ApiException"/> naming the method and
    /// the JSON path where reading stopped.
    /// </summary>
    private static T Deserialize<T>(CallContext call, HttpResponseMessage response, ReadOnlySpan<byte> body, JsonReadFunc<T> read)
    {
        ThrowIfTooManyValues(call, response, body);
        var result = Read(call, response, body, read);
        if (call.HasSecrets && result is ILongRunningOperation { OperationError: not null })
        {
            // A failed operation's error becomes exception text (OperationFailedException): when the server echoed a
            // credential of this call in it, read the operation again from the redacted body.
            var text = Encoding.UTF8.GetString(body);
            var redacted = call.RedactBody(text);
            if (!ReferenceEquals(text, redacted))
            {
                result = Read(call, response, Encoding.UTF8.GetBytes(redacted), read);
            }
        }

        return result;
    }

    private static T Read<T>(CallContext call, HttpResponseMessage response, ReadOnlySpan<byte> body, JsonReadFunc<T> read)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read())
            {
                throw new JsonException("The response body is empty.");
            }

            var result = read(ref reader);

            // The reader is on the value's last token: anything but white space after it is an error (the reader throws).
            if (reader.Read())
            {
                throw new JsonException($"The reader of {typeof(T).Name} stopped inside the JSON value.");
            }

            return result;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or OverflowException or ArgumentException)
        {
            // Only now, on failure: where the reader stopped, found by reading the body again up to that token.
            throw ErrorReader.Unreadable(call, response, body, typeof(T), ex, JsonLocation.PathAt(body, reader.TokenStartIndex));
        }
    }

    /// <summary>
    /// Fails before reading when the body holds more JSON values than <see cref="ClientOptions.MaxResponseJsonValues"/>:
    /// each value read becomes an object, a string or an element in memory, so their number (not the body's bytes)
    /// bounds what a response can make the client allocate. Nothing is counted for a body too short to exceed the limit
    /// (a value takes at least two bytes); otherwise the body's commas and opening brackets give an upper bound at
    /// memory speed, and only a body whose bound exceeds the limit is counted exactly.
    /// </summary>
    private static void ThrowIfTooManyValues(CallContext call, HttpResponseMessage response, ReadOnlySpan<byte> body)
    {
        var limit = call.Client.Options.MaxResponseJsonValues;
        if (body.Length / 2 + 1 <= limit)
        {
            return;
        }

        // Every value but the first follows a comma or opens a container's first item.
        var bound = 1L + CountCommasAndOpeners(body);
        if (bound <= limit || CountValues(body, limit) <= limit)
        {
            return;
        }

        throw ErrorReader.TooManyValues(call, response, limit);
    }

    /// <summary>How many bytes of <paramref name="body"/> are <c>,</c>, <c>{</c> or <c>[</c> (each count is vectorized by the BCL).</summary>
    internal static long CountCommasAndOpeners(ReadOnlySpan<byte> body) =>
        (long)body.Count((byte)',') + body.Count((byte)'{') + body.Count((byte)'[');

    /// <summary>The number of JSON values in <paramref name="body"/>, counted up to one past <paramref name="limit"/>.</summary>
    private static long CountValues(ReadOnlySpan<byte> body, long limit)
    {
        var reader = new Utf8JsonReader(body);
        var count = 0L;
        try
        {
            while (count <= limit && reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.Comment))
                {
                    count++;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed: the model's reader reports it, with its path.
        }

        return count;
    }
}
