using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using DiscoveryGen.Parity.Tests.Infrastructure;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.Parity.Tests;

/// <summary>
/// Always compiled. The comparison itself: it must catch a wrong verb, path, escaping, query or body, and its named
/// rules (D1, D2) must apply only to fields declared with their format, so they can never hide a bug.
/// </summary>
public sealed class WireComparerTests : IDisposable
{
    private const string Document = """
        {
          "kind": "discovery#restDescription", "name": "t", "version": "v1", "rootUrl": "https://t/", "servicePath": "",
          "resources": { "things": { "methods": { "patch": { "id": "t.things.patch", "httpMethod": "PATCH", "path": "things/{name}", "request": { "$ref": "Thing" } } } } },
          "schemas": {
            "Thing": { "id": "Thing", "type": "object", "properties": {
              "big": { "type": "string", "format": "int64" },
              "small": { "type": "integer", "format": "int32" },
              "when": { "type": "string", "format": "date-time" },
              "label": { "type": "string" },
              "parts": { "type": "array", "items": { "$ref": "Part" } },
              "tags": { "type": "object", "additionalProperties": { "type": "string", "format": "int64" } }
            } },
            "Part": { "id": "Part", "type": "object", "properties": { "generation": { "type": "string", "format": "int64" } } }
          }
        }
        """;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"parity-comparer-{Guid.NewGuid():N}.json");

    public WireComparerTests() => File.WriteAllText(_path, Document);

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void IdenticalRequests_HaveNoDifference()
    {
        var result = Compare(Request("PATCH", "/things/a%2Fb?x=1&y=2", """{"label":"é"}"""), Request("PATCH", "/things/a%2Fb?y=2&x=1", """{"label":"\u00E9"}"""));
        Assert.Empty(result.Differences);
        Assert.Empty(result.Normalized);
    }

    [Fact]
    public void GzippedGoogleBody_IsComparedAfterGunzip()
    {
        var result = Compare(Request("PATCH", "/things/a", """{"label":"x"}""", gzip: true), Request("PATCH", "/things/a", """{"label":"x"}"""));
        Assert.Empty(result.Differences);
    }

    [Theory]
    [InlineData("PUT", "/things/a", "HTTP method")]
    [InlineData("PATCH", "/things/a/b", "Raw path")]
    [InlineData("PATCH", "/things/a?x=1", "Query parameter (decoded) 'x=1': DiscoveryGen sends it")]
    public void VerbPathOrQuery_Differences_AreReported(string method, string target, string expected)
    {
        var result = Compare(Request("PATCH", "/things/a", null), Request(method, target, null));
        Assert.Contains(result.Differences, d => d.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void DifferentEscapingOfTheSameValue_IsReported()
    {
        var result = Compare(Request("GET", "/things/a?p=a%2Fb", null), Request("GET", "/things/a?p=a/b", null));
        Assert.Contains(result.Differences, d => d.Contains("as escaped on the wire", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Differences, d => d.Contains("(decoded)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"label":"x"}""", """{"label":"y"}""", "$.label")]
    [InlineData("""{"label":"x"}""", """{}""", "DiscoveryGen does not send the field")]
    [InlineData("""{}""", """{"label":"x"}""", "Google does not send the field")]
    [InlineData("""{"small":5}""", """{"small":"5"}""", "$.small")] // int32 as a string is wrong: D1 is int64-only
    [InlineData("""{"big":5}""", """{"big":"6"}""", "$.big")] // D1 needs the same integer
    [InlineData("""{"when":"2024-05-01T10:00:00+02"}""", """{"when":"2024-05-01T10:00:00Z"}""", "$.when")] // D2 needs the same instant
    [InlineData("""{"label":"2024-05-01T08:00:00Z"}""", """{"label":"2024-05-01T10:00:00+02:00"}""", "$.label")] // D2 is date-time-only
    [InlineData("""{"parts":[{"generation":1},{"generation":2}]}""", """{"parts":[{"generation":"1"}]}""", "$.parts")]
    [InlineData("""{"parts":[1]}""", """{"parts":{"0":1}}""", "$.parts")]
    public void BodyDifferences_AreReported(string google, string ours, string expected)
    {
        var result = Compare(Request("PATCH", "/things/a", google), Request("PATCH", "/things/a", ours));
        Assert.Contains(result.Differences, d => d.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void NamedRules_ApplyToDeclaredFormats_AndAreRecorded()
    {
        var result = Compare(
            Request("PATCH", "/things/a", """{"big":9007199254740993,"when":"2024-05-01T10:00:00.500+02","parts":[{"generation":7}],"tags":{"k":8}}"""),
            Request("PATCH", "/things/a", """{"big":"9007199254740993","when":"2024-05-01T10:00:00.5+02:00","parts":[{"generation":"7"}],"tags":{"k":"8"}}"""));

        Assert.Empty(result.Differences);
        Assert.Equal(3, result.Normalized.Count(n => n.StartsWith(WireComparer.Int64AsJsonString, StringComparison.Ordinal)));
        Assert.Single(result.Normalized, n => n.StartsWith(WireComparer.DateTimeSameInstant, StringComparison.Ordinal));
    }

    [Fact]
    public void BodyOnOneSideOnly_IsReported()
    {
        var result = Compare(Request("PATCH", "/things/a", """{}"""), Request("PATCH", "/things/a", null));
        Assert.Contains(result.Differences, d => d.StartsWith("Body: Google sends a body", StringComparison.Ordinal));
        Assert.Contains(result.Differences, d => d.StartsWith("Content-Type", StringComparison.Ordinal));
    }

    private ParityResult Compare(RecordedRequest google, RecordedRequest ours) =>
        WireComparer.Compare(WireRequest.From(google), WireRequest.From(ours), DiscoverySchemas.Load(_path), "t.things.patch");

    private static RecordedRequest Request(string method, string target, string? json, bool gzip = false)
    {
        var path = target.Split('?')[0];
        var query = target.Contains('?', StringComparison.Ordinal)
            ? target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&')
                .Select(p => p.Split('=', 2))
                .Select(kv => new KeyValuePair<string, string>(Uri.UnescapeDataString(kv[0]), kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : string.Empty))
                .ToList()
            : new List<KeyValuePair<string, string>>();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var body = json is null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(json);
        if (gzip && json is not null)
        {
            using var compressed = new MemoryStream();
            using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write(body);
            }

            body = compressed.ToArray();
            headers["Content-Encoding"] = "gzip";
        }

        return new RecordedRequest(method, target, path, query, headers, json is null ? null : "application/json; charset=utf-8", body);
    }
}
