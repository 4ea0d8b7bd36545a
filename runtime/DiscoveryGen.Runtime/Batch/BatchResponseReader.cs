using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;

namespace DiscoveryGen.Runtime.Batch;

/// <summary>
/// Reads a batch response: the <c>multipart/mixed</c> body (bounded by <see cref="ClientOptions.MaxResponseBodySize"/>,
/// decompressed like any body) split at its boundary, each <c>application/http</c> part parsed into its
/// <c>Content-ID</c> and an <see cref="HttpResponseMessage"/> (status, headers, body) that the waiting call reads as if
/// it had come on its own. Every loop advances through the bounded body, so a server cannot make it run longer.
/// </summary>
internal static class BatchResponseReader
{
    /// <summary>The answer reader of the batch request (it runs inside the batch request's retries).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<BatchResponse> ReadAsync(CallContext call, CancellationToken cancellationToken)
    {
        var response = call.Response ?? throw new InvalidOperationException("The batch request has no response to read.");
        var (buffer, length) = await ResponseReader.ReadBodyAsync(call, response, call.Client.Options.MaxResponseBodySize, throwWhenLarger: true, cancellationToken).ConfigureAwait(false);
        try
        {
            var body = buffer.AsSpan(0, length);
            var contentType = response.Content.Headers.ContentType;
            if (Boundary(contentType) is not { } boundary)
            {
                throw ErrorReader.Unreadable(call, response, body, typeof(BatchResponse), new FormatException(
                    $"a batch response must be multipart/mixed with a boundary, not '{contentType?.ToString() ?? "(no Content-Type)"}'"), path: "$");
            }

            return new BatchResponse(Parse(body, boundary));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The parts of a <c>multipart/mixed</c> body; a part cut off before its closing boundary is left out.</summary>
    public static List<BatchResponse.Part> Parse(ReadOnlySpan<byte> body, string boundary)
    {
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new List<BatchResponse.Part>();
        var position = FindDelimiter(body, delimiter, 0);
        while (position >= 0)
        {
            var after = position + delimiter.Length;
            if (body[after..].StartsWith("--"u8))
            {
                break;
            }

            // The rest of the delimiter line (transport padding), then the part.
            var lineEnd = body[after..].IndexOf((byte)'\n');
            if (lineEnd < 0)
            {
                break;
            }

            var start = after + lineEnd + 1;
            var next = FindDelimiter(body, delimiter, start);
            if (next < 0)
            {
                break;
            }

            // The line break before a delimiter belongs to the delimiter (RFC 2046).
            var end = next;
            if (end > start && body[end - 1] == '\n')
            {
                end--;
            }

            if (end > start && body[end - 1] == '\r')
            {
                end--;
            }

            parts.Add(ParsePart(body[start..end]));
            position = next;
        }

        return parts;
    }

    /// <summary>The <c>boundary</c> of a <c>multipart/mixed</c> content type, unquoted; null for any other type.</summary>
    public static string? Boundary(System.Net.Http.Headers.MediaTypeHeaderValue? contentType)
    {
        if (contentType?.MediaType is not { } mediaType || !mediaType.Equals("multipart/mixed", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (var parameter in contentType.Parameters)
        {
            if (parameter.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase) && parameter.Value is { } value)
            {
                var boundary = value.Trim('"');
                return boundary.Length is > 0 and <= 200 ? boundary : null;
            }
        }

        return null;
    }

    /// <summary>A delimiter at the start of the body or of a line, from <paramref name="from"/>; -1 when none.</summary>
    private static int FindDelimiter(ReadOnlySpan<byte> body, ReadOnlySpan<byte> delimiter, int from)
    {
        while (from < body.Length)
        {
            var found = body[from..].IndexOf(delimiter);
            if (found < 0)
            {
                return -1;
            }

            var at = from + found;
            if (at == 0 || body[at - 1] == '\n')
            {
                return at;
            }

            from = at + 1;
        }

        return -1;
    }

    private static BatchResponse.Part ParsePart(ReadOnlySpan<byte> part)
    {
        var position = 0;
        string? contentId = null;

        // The part's own headers (Content-Type: application/http, Content-ID), up to the empty line.
        while (true)
        {
            if (!NextLine(part, ref position, out var line))
            {
                return new BatchResponse.Part(contentId, null, "the part ends inside its headers");
            }

            if (line.IsEmpty)
            {
                break;
            }

            if (Header(line) is { } header && header.Name.Equals("Content-ID", StringComparison.OrdinalIgnoreCase))
            {
                contentId = header.Value;
            }
        }

        // The embedded response: its status line (after any empty lines), headers, empty line, body.
        ReadOnlySpan<byte> statusLine;
        do
        {
            if (!NextLine(part, ref position, out statusLine))
            {
                return new BatchResponse.Part(contentId, null, "the part holds no HTTP response");
            }
        }
        while (statusLine.IsEmpty);

        if (Status(statusLine) is not { } status)
        {
            return new BatchResponse.Part(contentId, null, $"'{Snippet(statusLine)}' is not an HTTP status line");
        }

        var headers = new List<(string Name, string Value)>();
        long? contentLength = null;
        while (NextLine(part, ref position, out var line) && !line.IsEmpty)
        {
            if (Header(line) is not { } header)
            {
                continue;
            }

            if (header.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = long.TryParse(header.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var declared) ? declared : null;
                continue;
            }

            headers.Add(header);
        }

        var body = part[Math.Min(position, part.Length)..];
        if (contentLength is { } declaredLength && declaredLength < body.Length)
        {
            body = body[..(int)declaredLength];
        }

        var response = new HttpResponseMessage((HttpStatusCode)status.Code) { ReasonPhrase = status.Reason, Content = new ByteArrayContent(body.ToArray()) };
        foreach (var (name, value) in headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return new BatchResponse.Part(contentId, response, null);
    }

    /// <summary>The next line (without its CR LF or LF); false at the end of the text.</summary>
    private static bool NextLine(ReadOnlySpan<byte> text, scoped ref int position, out ReadOnlySpan<byte> line)
    {
        if (position >= text.Length)
        {
            line = default;
            return false;
        }

        var rest = text[position..];
        var end = rest.IndexOf((byte)'\n');
        line = end < 0 ? rest : rest[..end];
        position = end < 0 ? text.Length : position + end + 1;
        if (!line.IsEmpty && line[^1] == '\r')
        {
            line = line[..^1];
        }

        return true;
    }

    private static (string Name, string Value)? Header(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return null;
        }

        return (Encoding.Latin1.GetString(line[..colon]).Trim(), Encoding.Latin1.GetString(line[(colon + 1)..]).Trim());
    }

    /// <summary>"HTTP/1.1 404 Not Found" → (404, "Not Found"); null when the line is not a status line.</summary>
    private static (int Code, string? Reason)? Status(ReadOnlySpan<byte> line)
    {
        if (!line.StartsWith("HTTP/"u8))
        {
            return null;
        }

        var space = line.IndexOf((byte)' ');
        if (space < 0)
        {
            return null;
        }

        var rest = line[(space + 1)..];
        var codeEnd = rest.IndexOf((byte)' ');
        var code = codeEnd < 0 ? rest : rest[..codeEnd];
        if (code.Length != 3 || !int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 100 or > 599)
        {
            return null;
        }

        var reason = codeEnd < 0 ? null : Encoding.Latin1.GetString(rest[(codeEnd + 1)..]).Trim();
        return (value, string.IsNullOrEmpty(reason) ? null : reason);
    }

    private static string Snippet(ReadOnlySpan<byte> line)
    {
        var text = Encoding.Latin1.GetString(line[..Math.Min(line.Length, 80)]);
        return line.Length > 80 ? text + "…" : text;
    }
}
