using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;

namespace DiscoveryGen.Runtime.Batch;

/// <summary>
/// Writes Google's batch format: each call's request as an <c>application/http</c> part (request line with the absolute
/// URI, headers, <c>Content-Length</c> in bytes, body), the parts in one <c>multipart/mixed</c> body, each with a
/// <c>Content-ID</c> the server echoes as <c>response-…</c> on the matching answer.
/// </summary>
internal static class BatchWriter
{
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();

    /// <summary>The batch body and what identifies its parts.</summary>
    public sealed record Body(byte[] Bytes, string Boundary, string IdPrefix)
    {
        /// <summary>A fresh content for one attempt of the batch request.</summary>
        public HttpContent CreateContent()
        {
            var content = new ByteArrayContent(Bytes);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/mixed; boundary=" + Boundary);
            return content;
        }
    }

    /// <summary>
    /// The request as it travels inside the batch. <c>User-Agent</c>, <c>x-goog-api-client</c> and <c>Accept-Encoding</c>
    /// are left to the batch request, whose headers Google applies to every call in it (as Google.Apis does), unless the
    /// caller set them for this call.
    /// </summary>
    public static async ValueTask<byte[]> SerializeAsync(HttpRequestMessage message, CallContext call, CancellationToken cancellationToken)
    {
        var head = new StringBuilder(256);
        head.Append(message.Method.Method).Append(' ').Append(message.RequestUri!.AbsoluteUri).Append("\r\n");
        foreach (var header in message.Headers.NonValidated)
        {
            if (IsBatchWide(header.Key) && !CallerSet(call, header.Key))
            {
                continue;
            }

            AppendHeader(head, header.Key, header.Value);
        }

        byte[]? body = null;
        if (message.Content is { } content)
        {
            body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            foreach (var header in content.Headers.NonValidated)
            {
                if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    AppendHeader(head, header.Key, header.Value);
                }
            }

            head.Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        head.Append("\r\n");
        var headBytes = Encoding.UTF8.GetBytes(head.ToString());
        if (body is null || body.Length == 0)
        {
            return headBytes;
        }

        var part = new byte[headBytes.Length + body.Length];
        headBytes.CopyTo(part, 0);
        body.CopyTo(part, headBytes.Length);
        return part;
    }

    /// <summary>The <c>multipart/mixed</c> body of <paramref name="parts"/>, with a boundary none of them contains.</summary>
    public static Body Compose(IReadOnlyList<byte[]> parts)
    {
        // A random boundary cannot plausibly occur in a part; checking costs one scan, so a collision is never guessed at.
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var id = Guid.NewGuid().ToString("N");
            var boundary = "batch_" + id;
            var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
            if (!AnyContains(parts, delimiter))
            {
                return new Body(Write(parts, delimiter, id), boundary, id);
            }
        }

        throw new InvalidOperationException("No multipart boundary could be found that the batched requests do not contain.");
    }

    /// <summary>The <c>Content-ID</c> of the part at <paramref name="index"/> (0-based): <c>&lt;{id}+{index + 1}&gt;</c>.</summary>
    public static string ContentId(string idPrefix, int index) => "<" + idPrefix + "+" + (index + 1).ToString(CultureInfo.InvariantCulture) + ">";

    /// <summary>
    /// The 0-based index of the call an answer's <c>Content-ID</c> names: Google echoes <c>&lt;{id}+{n}&gt;</c> as
    /// <c>&lt;response-{id}+{n}&gt;</c>. -1 when the answer has none or it names no call of this batch.
    /// </summary>
    public static int IndexOf(string? contentId, string idPrefix)
    {
        if (contentId is null)
        {
            return -1;
        }

        var id = contentId.AsSpan().Trim();
        if (id.StartsWith('<') && id.EndsWith('>'))
        {
            id = id[1..^1];
        }

        if (id.StartsWith("response-", StringComparison.OrdinalIgnoreCase))
        {
            id = id["response-".Length..];
        }

        if (!id.StartsWith(idPrefix, StringComparison.Ordinal) || id.Length <= idPrefix.Length + 1 || id[idPrefix.Length] != '+')
        {
            return -1;
        }

        return int.TryParse(id[(idPrefix.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1
            ? number - 1
            : -1;
    }

    private static byte[] Write(IReadOnlyList<byte[]> parts, byte[] delimiter, string idPrefix)
    {
        using var body = new MemoryStream();
        for (var i = 0; i < parts.Count; i++)
        {
            body.Write(delimiter);
            body.Write(CrLf);
            body.Write(Encoding.ASCII.GetBytes("Content-Type: application/http\r\nContent-ID: " + ContentId(idPrefix, i) + "\r\n\r\n"));
            body.Write(parts[i]);
            body.Write(CrLf);
        }

        body.Write(delimiter);
        body.Write("--\r\n"u8);
        return body.ToArray();
    }

    private static bool AnyContains(IReadOnlyList<byte[]> parts, byte[] delimiter)
    {
        foreach (var part in parts)
        {
            if (part.AsSpan().IndexOf(delimiter) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsBatchWide(string name) =>
        name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("x-goog-api-client", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Accept-Encoding", StringComparison.OrdinalIgnoreCase);

    private static bool CallerSet(CallContext call, string name)
    {
        if (call.Headers is { } headers)
        {
            foreach (var header in headers)
            {
                if (header.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void AppendHeader(StringBuilder text, string name, HeaderStringValues values)
    {
        text.Append(name).Append(": ");
        var first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                text.Append(", ");
            }

            text.Append(value);
            first = false;
        }

        text.Append("\r\n");
    }
}
