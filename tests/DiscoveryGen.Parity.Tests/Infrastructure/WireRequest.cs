using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using DiscoveryGen.Tests.Shared;

namespace DiscoveryGen.Parity.Tests.Infrastructure;

/// <summary>One recorded request reduced to what parity compares, with the body decoded (gunzipped when needed).</summary>
public sealed record WireRequest(
    string Method,
    string RawTarget,
    string RawPath,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<string> RawQueryPairs,
    string? ContentType,
    string? ContentEncoding,
    IReadOnlyDictionary<string, string> Headers,
    byte[] WireBody,
    string BodyText)
{
    /// <summary>The body parsed as JSON, or null when the request had no body.</summary>
    public JsonNode? Json => BodyText.Length == 0 ? null : JsonNode.Parse(BodyText);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public static WireRequest From(RecordedRequest recorded)
    {
        recorded.Headers.TryGetValue("Content-Encoding", out var encoding);
        var body = recorded.Body;
        if (string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            using var gzip = new GZipStream(new MemoryStream(recorded.Body), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            body = plain.ToArray();
        }

        var queryText = recorded.RawTarget.Contains('?', StringComparison.Ordinal) ? recorded.RawTarget[(recorded.RawTarget.IndexOf('?', StringComparison.Ordinal) + 1)..] : string.Empty;
        var rawPairs = queryText.Length == 0 ? new List<string>() : queryText.Split('&').ToList();
        return new WireRequest(
            recorded.Method,
            recorded.RawTarget,
            recorded.Path,
            recorded.Query,
            rawPairs,
            recorded.ContentType,
            encoding,
            recorded.Headers,
            recorded.Body,
            Encoding.UTF8.GetString(body));
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Method).Append(' ').Append(RawTarget);
        if (ContentType is not null)
        {
            text.Append("\n  Content-Type: ").Append(ContentType);
        }

        if (ContentEncoding is not null)
        {
            text.Append("\n  Content-Encoding: ").Append(ContentEncoding);
        }

        if (BodyText.Length > 0)
        {
            text.Append("\n  ").Append(BodyText);
        }

        return text.ToString();
    }
}
