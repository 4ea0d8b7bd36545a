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
/// Always compiled. The comparison itself: it must catch a wrong verb, path, escaping, query, header or body, and its
/// named rules (D1, D2 only for fields declared with their format, D3 only for the versions in x-goog-api-client)
/// can never hide a bug.
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

    [Theory]
    [InlineData("Authorization", "Bearer a", null)]
    [InlineData("Authorization", null, "Bearer a")]
    [InlineData("Authorization", "Bearer a", "Bearer b")]
    [InlineData("x-goog-user-project", "quota", null)]
    [InlineData("x-goog-user-project", "quota", "other")]
    [InlineData("If-Match", "\"e1\"", null)]
    [InlineData("If-None-Match", null, "\"e1\"")]
    public void HeaderDifferences_AreReported(string name, string? google, string? ours)
    {
        var result = Compare(Request("GET", "/things/a", null, headers: Header(name, google)), Request("GET", "/things/a", null, headers: Header(name, ours)));
        Assert.Contains(result.Differences, d => d.StartsWith("Header " + name, StringComparison.Ordinal));
    }

    [Fact]
    public void SameHeaders_AreNotDifferences()
    {
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer t", ["x-goog-user-project"] = "q", ["If-Match"] = "\"e\"", ["x-goog-api-client"] = "gl-dotnet/10.0.1 gdcl/1.0.0" };
        var result = Compare(Request("GET", "/things/a", null, headers: headers), Request("GET", "/things/a", null, headers: headers));
        Assert.Empty(result.Differences);
        Assert.Empty(result.Normalized);
    }

    [Theory]
    [InlineData("gl-dotnet/8.0.0 gdcl/1.78.0.4299", "gl-dotnet/10.0.1 gdcl/0.1.0", true)]
    [InlineData("gl-dotnet/8.0.0 gdcl/1.78.0", "gdcl/0.1.0 gl-dotnet/10.0.1", false)]
    [InlineData("gl-dotnet/8.0.0 gdcl/1.78.0", "gl-dotnet/10.0.1", false)]
    [InlineData("gl-dotnet/8.0.0 gdcl/1.78.0", "gl-dotnet/10.0.1 gdcl/0.1.0 extra/1", false)]
    [InlineData("gl-dotnet/8.0.0 gdcl/1.78.0", null, false)]
    public void ApiClientHeader_VersionsMayDifferUnderD3_TokensMayNot(string google, string? ours, bool same)
    {
        var result = Compare(
            Request("GET", "/things/a", null, headers: Header("x-goog-api-client", google)),
            Request("GET", "/things/a", null, headers: Header("x-goog-api-client", ours)));

        if (same)
        {
            Assert.Empty(result.Differences);
            Assert.Single(result.Normalized, n => n.StartsWith(WireComparer.ApiClientOwnVersions, StringComparison.Ordinal));
        }
        else
        {
            Assert.Contains(result.Differences, d => d.StartsWith("Header x-goog-api-client", StringComparison.Ordinal));
        }
    }

    private static Dictionary<string, string> Header(string name, string? value) =>
        value is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [name] = value };

    private ParityResult Compare(RecordedRequest google, RecordedRequest ours) =>
        WireComparer.Compare(WireRequest.From(google), WireRequest.From(ours), DiscoverySchemas.Load(_path), "t.things.patch");

    private static RecordedRequest Request(string method, string target, string? json, bool gzip = false, IReadOnlyDictionary<string, string>? headers = null)
    {
        var path = target.Split('?')[0];
        var query = target.Contains('?', StringComparison.Ordinal)
            ? target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&')
                .Select(p => p.Split('=', 2))
                .Select(kv => new KeyValuePair<string, string>(Uri.UnescapeDataString(kv[0]), kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : string.Empty))
                .ToList()
            : new List<KeyValuePair<string, string>>();
        var sent = new Dictionary<string, string>(headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        var body = json is null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(json);
        if (gzip && json is not null)
        {
            using var compressed = new MemoryStream();
            using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write(body);
            }

            body = compressed.ToArray();
            sent["Content-Encoding"] = "gzip";
        }

        return new RecordedRequest(method, target, path, query, sent, json is null ? null : "application/json; charset=utf-8", body);
    }
}
