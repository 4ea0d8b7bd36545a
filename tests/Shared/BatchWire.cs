using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace DiscoveryGen.Tests.Shared;

/// <summary>One call inside a recorded batch request: its part headers and the HTTP request it carries.</summary>
public sealed record BatchPart(
    IReadOnlyList<KeyValuePair<string, string>> PartHeaders,
    string Method,
    string Target,
    string? Version,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body)
{
    public string? PartHeader(string name) => PartHeaders.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public string? Header(string name) => Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The part's Content-ID without angle brackets (null when it has none).</summary>
    public string? ContentId => PartHeader("Content-ID")?.Trim().TrimStart('<').TrimEnd('>');

    /// <summary>The target's path and query (the request line may carry an absolute URI, as Google.Apis writes it).</summary>
    public string PathAndQuery => Uri.TryCreate(Target, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : Target;
}

/// <summary>
/// Test-side reading and writing of Google's batch format (multipart/mixed of application/http parts), written
/// independently of the runtime's reader and writer so the tests check the runtime against the format, not against itself.
/// </summary>
public static class BatchWire
{
    /// <summary>The calls inside a recorded batch request, in order. Line ends may be CR LF or LF (Google.Apis writes LF inside parts).</summary>
    public static IReadOnlyList<BatchPart> Parse(RecordedRequest request)
    {
        var boundary = BoundaryOf(request.ContentType ?? throw new InvalidOperationException("The batch request has no Content-Type."));
        var text = Encoding.Latin1.GetString(request.Body);
        var delimiter = "--" + boundary;
        var chunks = text.Split(delimiter);
        if (!chunks[^1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The batch request does not end with the close delimiter.");
        }

        var parts = new List<BatchPart>();
        foreach (var chunk in chunks.Skip(1).SkipLast(1))
        {
            // The chunk starts with the rest of the delimiter line and ends with the line break before the next delimiter.
            var content = chunk[(chunk.IndexOf('\n') + 1)..];
            content = content.EndsWith("\r\n", StringComparison.Ordinal) ? content[..^2] : content.EndsWith('\n') ? content[..^1] : content;
            var position = 0;
            var partHeaders = ReadHeaders(content, ref position);
            var requestLine = ReadLine(content, ref position) ?? throw new InvalidOperationException("A part holds no request line.");
            var fields = requestLine.Split(' ');
            var headers = ReadHeaders(content, ref position);
            var body = Encoding.Latin1.GetBytes(position < content.Length ? content[position..] : string.Empty);
            parts.Add(new BatchPart(partHeaders, fields[0], fields[1], fields.Length > 2 ? fields[2] : null, headers, body));
        }

        return parts;
    }

    /// <summary>One answer of a batch response.</summary>
    public sealed record Answer(int Status, string? Body = null, string? ContentId = null)
    {
        public IReadOnlyDictionary<string, string>? Headers { get; init; }

        public string ContentType { get; init; } = "application/json; charset=UTF-8";
    }

    /// <summary>A 200 multipart/mixed response holding <paramref name="answers"/> as Google writes them (CR LF, Content-Length in each).</summary>
    public static CannedResponse Response(params Answer[] answers)
    {
        const string boundary = "batch_test_boundary";
        var text = new StringBuilder();
        foreach (var answer in answers)
        {
            text.Append("--").Append(boundary).Append("\r\n");
            text.Append("Content-Type: application/http\r\n");
            if (answer.ContentId is not null)
            {
                text.Append("Content-ID: ").Append(answer.ContentId).Append("\r\n");
            }

            text.Append("\r\n");
            text.Append("HTTP/1.1 ").Append(answer.Status).Append(' ').Append(Reason(answer.Status)).Append("\r\n");
            if (answer.Body is not null)
            {
                text.Append("Content-Type: ").Append(answer.ContentType).Append("\r\n");
            }

            foreach (var header in answer.Headers ?? new Dictionary<string, string>())
            {
                text.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
            }

            var body = answer.Body ?? string.Empty;
            text.Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(body)).Append("\r\n\r\n");
            text.Append(body).Append("\r\n");
        }

        text.Append("--").Append(boundary).Append("--\r\n");
        return new CannedResponse(200, text.ToString(), $"multipart/mixed; boundary={boundary}");
    }

    /// <summary>The Content-ID Google answers a call with: <c>&lt;response-{id}&gt;</c>.</summary>
    public static string ResponseId(BatchPart part) => $"<response-{part.ContentId}>";

    private static string BoundaryOf(string contentType)
    {
        var parameter = contentType.Split(';').Select(p => p.Trim()).First(p => p.StartsWith("boundary=", StringComparison.OrdinalIgnoreCase));
        return parameter["boundary=".Length..].Trim('"');
    }

    private static List<KeyValuePair<string, string>> ReadHeaders(string text, ref int position)
    {
        var headers = new List<KeyValuePair<string, string>>();
        while (ReadLine(text, ref position) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':');
            headers.Add(new KeyValuePair<string, string>(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        return headers;
    }

    private static string? ReadLine(string text, ref int position)
    {
        if (position >= text.Length)
        {
            return null;
        }

        var end = text.IndexOf('\n', position);
        var line = end < 0 ? text[position..] : text[position..end];
        position = end < 0 ? text.Length : end + 1;
        return line.TrimEnd('\r');
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        404 => "Not Found",
        429 => "Too Many Requests",
        _ => "Status",
    };
}
