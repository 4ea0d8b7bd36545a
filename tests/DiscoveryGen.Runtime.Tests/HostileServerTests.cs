using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using DiscoveryGen.Tests.Shared;
using Runtime.Gemini;
using Xunit;

namespace DiscoveryGen.Runtime.Tests;

/// <summary>
/// A hostile server on loopback against the generated Gemini client (issue 10): where credentials may go, what echoed
/// credentials and line breaks can reach, and bodies that are not the JSON value they promise.
/// </summary>
public sealed class HostileServerTests : LoopbackTest
{
    private const string Token = "ya29.hostile-test-token";
    private const string Key = "AIzaSy-hostile-test-key";

    private static readonly MethodDescriptor Upload = new(
        "test.items.upload", "POST", "v1/items", null, ["https://www.googleapis.com/auth/cloud-platform"], [],
        mediaUpload: new MediaUploadInfo(["*/*"], null, "/upload/v1/items", "/resumable/upload/v1/items"));

    /// <summary>The generated service with a token provider and an API key: both are the calls' secrets.</summary>
    private CloudAICompanionService Credentialed(Action<ClientOptions>? configure = null) => Service(o =>
    {
        o.AccessTokenProvider = AccessTokenProvider.FromToken(Token);
        o.ApiKey = Key;
        configure?.Invoke(o);
    });

    // Item 7: credentials go only to the service's own hosts.

    [Fact]
    public async Task ResumableSessionOnAnotherHost_IsRefusedBeforeAnythingIsSentThere()
    {
        await using var other = await LoopbackServer.StartAsync();
        Server.Responder = _ => new CannedResponse(200, "") { Headers = new Dictionary<string, string> { ["Location"] = other.BaseUri + "upload?upload_id=stolen" } };
        var client = Credentialed().Client;

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.UploadMediaAsync(
            ResumableRequest(), new MemoryStream(new byte[1000]), "application/octet-stream",
            new MediaUploadOptions { Protocol = MediaUploadProtocol.Resumable }, null, TestTimeout));

        Assert.Empty(other.Requests);
        Assert.Contains($"refused to send a request to {other.BaseUri.GetLeftPart(UriPartial.Authority)}/", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ClientOptions.TrustedHosts", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("stolen", ex.Message, StringComparison.Ordinal);
        Assert.Equal("Bearer " + Token, Assert.Single(Server.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task SavedSessionOnAnotherHost_IsRefusedBeforeAnythingIsSent()
    {
        await using var other = await LoopbackServer.StartAsync();
        var client = Credentialed().Client;

        await Assert.ThrowsAsync<ArgumentException>(() => client.UploadMediaAsync(
            ResumableRequest(), new MemoryStream(new byte[1000]), "application/octet-stream",
            new MediaUploadOptions { ResumeSessionUri = new Uri(other.BaseUri, "upload?upload_id=saved") }, null, TestTimeout));

        Assert.Empty(other.Requests);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task SessionOnAHostTheCallerTrusts_IsUsed()
    {
        await using var other = await LoopbackServer.StartAsync(_ => CannedResponse.Json("{}"));
        Server.Responder = _ => new CannedResponse(200, "") { Headers = new Dictionary<string, string> { ["Location"] = other.BaseUri + "upload?upload_id=s1" } };
        var client = Credentialed(o => o.TrustedHosts.Add(other.BaseUri)).Client;

        await client.UploadMediaAsync(
            ResumableRequest(), new MemoryStream(new byte[1000]), "application/octet-stream",
            new MediaUploadOptions { Protocol = MediaUploadProtocol.Resumable }, null, TestTimeout);

        var put = Assert.Single(other.Requests);
        Assert.Equal("PUT", put.Method);
        Assert.Equal("Bearer " + Token, put.Headers["Authorization"]);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task RedirectToAnotherHost_CarriesNeitherTheTokenNorTheKey(int status)
    {
        // A GET and a POST (307/308 send the POST's body again): HttpClient follows the redirect inside its handler.
        await using var other = await LoopbackServer.StartAsync(_ => CannedResponse.Json("""{"name":"x"}"""));
        Server.Responder = _ => new CannedResponse(status) { Headers = new Dictionary<string, string> { ["Location"] = other.BaseUri + "elsewhere" } };
        var service = Credentialed();

        await service.Projects.Locations.CodeRepositoryIndexes.GetAsync(IndexName, cancellationToken: TestTimeout);
        await service.Projects.Locations.CodeRepositoryIndexes.CreateAsync("projects/p1/locations/l", "i", new CodeRepositoryIndex { Name = "x" }, cancellationToken: TestTimeout);

        Assert.All(Server.Requests, r => Assert.Equal([Key], r.QueryValues("key")));
        Assert.Equal(2, other.Requests.Count);
        foreach (var seen in other.Requests)
        {
            Assert.False(seen.Headers.ContainsKey("Authorization"));
            Assert.DoesNotContain(Key, seen.RawTarget, StringComparison.Ordinal);
            Assert.DoesNotContain(seen.Headers, h => h.Value.Contains(Key, StringComparison.Ordinal) || h.Value.Contains(Token, StringComparison.Ordinal));
            Assert.DoesNotContain(Key, seen.BodyText, StringComparison.Ordinal);
        }
    }

    // Item 8: echoed credentials and server line breaks.

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TokenEchoedInATypedFieldOfASuccessBody_IsInNoExceptionOrLogEntry(bool escaped)
    {
        var echo = escaped ? string.Concat(Token.Select(c => $"\\u{(int)c:x4}")) : Token;
        Server.Responder = _ => CannedResponse.Json($$$"""{"name":"{{{IndexName}}}","createTime":"{{{echo}}}","labels":{"k":"{{{Key}}}"}}""");
        var service = Credentialed();

        var ex = await Assert.ThrowsAsync<ApiException>(() => service.Projects.Locations.CodeRepositoryIndexes.GetAsync(IndexName, cancellationToken: TestTimeout));

        Assert.Contains("at $.createTime: '[REDACTED]' is not an RFC 3339 timestamp", ex.Message, StringComparison.Ordinal);
        var failed = Assert.Single(Logs.Events(ApiLogEvents.CallFailed));
        foreach (var text in new[] { ex.ToString(), ex.RawBody!, Logs.AllText(), failed.Exception!.ToString() })
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
            Assert.DoesNotContain(echo, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OperationErrorEchoingTheTokenOrKey_IsRedactedFromTheOperationFailure(bool escaped)
    {
        string Echo(string secret) => escaped ? string.Concat(secret.Select(c => $"\\u{(int)c:X4}")) : secret;
        Server.Responder = _ => CannedResponse.Json($$$"""
            {"name":"{{{OperationName}}}","done":true,"error":{"code":16,"message":"token {{{Echo(Token)}}} or key {{{Echo(Key)}}} rejected",
             "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"R","metadata":{"token":"{{{Echo(Token)}}}"}}]}}
            """);
        var service = Credentialed();
        var handle = service.TrackOperation(OperationName);

        await handle.RefreshAsync(cancellationToken: TestTimeout);
        var ex = await Assert.ThrowsAsync<OperationFailedException>(() => handle.WaitAsync(cancellationToken: TestTimeout));

        Assert.Equal("token [REDACTED] or key [REDACTED] rejected", ex.Error.Message);
        Assert.Equal("[REDACTED]", ex.Error.ErrorInfo?.Metadata["token"]);
        foreach (var text in new[] { ex.ToString(), ex.Error.Details[0].GetRawText() })
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ResponseHeadersEchoingTheToken_AreRedacted()
    {
        Server.Responder = r => new CannedResponse(403, """{"error":{"code":403,"message":"no","status":"PERMISSION_DENIED"}}""")
        {
            Headers = new Dictionary<string, string> { ["x-echo"] = r.Headers["Authorization"], ["x-echo-key"] = "key=" + Key },
        };
        var service = Credentialed();

        var ex = await Assert.ThrowsAsync<ApiException>(() => service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal(["Bearer [REDACTED]"], ex.Headers["x-echo"]);
        Assert.Equal(["key=[REDACTED]"], ex.Headers["x-echo-key"]);
    }

    [Fact]
    public async Task ServerLineBreaks_ReachNoMessageAndNoLogLine()
    {
        Server.Responder = _ => CannedResponse.Json(
            """{"error":{"code":503,"message":"busy\r\n2025-01-01T00:00:00Z CRIT forged\u2028entry\u0085","status":"UNAVAILABLE\nX"}}""", 503);
        var service = Service();

        var ex = await Assert.ThrowsAsync<ApiException>(() => service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal(-1, ex.Message.AsSpan().IndexOfAny("\r\n\u2028\u0085"));
        Assert.Contains(@"busy\r\n2025-01-01T00:00:00Z CRIT forged\u2028entry\u0085", ex.Message, StringComparison.Ordinal);
        Assert.NotEmpty(Logs.Entries);
        foreach (var entry in Logs.Entries)
        {
            var texts = new[] { entry.Message, entry.Exception?.Message ?? string.Empty }.Concat(entry.Properties.Select(p => p.Value?.ToString() ?? string.Empty));
            Assert.All(texts, t => Assert.Equal(-1, t.AsSpan().IndexOfAny("\r\n\u2028\u0085")));
        }
    }

    // Items 9, 10, 13: a success body that is not the JSON value it promises.

    [Fact]
    public async Task ValueOutOfRange_IsAnApiException_NamingTheMethodAndTheJsonPath()
    {
        Server.Responder = _ => CannedResponse.Json("""{"operations":[{"name":"a"},{"name":"b","done":true,"response":{},"metadata":{"createTime":"x"}},{"name":"c","done":"maybe"}]}""");

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.ListAsync("projects/p1/locations/global", cancellationToken: TestTimeout));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.StartsWith("cloudaicompanion.projects.locations.operations.list: the 200 response could not be read as ListOperationsResponse at $.operations[2].done: ", ex.Message, StringComparison.Ordinal);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task TrailingDataAfterTheBody_IsAnApiException()
    {
        Server.Responder = _ => CannedResponse.Json($$"""{"name":"{{OperationName}}","done":true} {"name":"injected"}""");

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Contains("could not be read as Operation at $: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("after a single JSON value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SixMegabytesOfEmptyObjects_AreRefusedBeforeAnyIsRead()
    {
        var body = "{\"operations\":[" + string.Join(",", Enumerable.Repeat("{}", 2_000_000)) + "]}";
        Server.Responder = _ => new CannedResponse(200) { BodyBytes = Encoding.UTF8.GetBytes(body) };

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.ListAsync("projects/p1/locations/global", cancellationToken: TestTimeout));

        Assert.Contains("holds more than 1,000,000 JSON values (ClientOptions.MaxResponseJsonValues)", ex.Message, StringComparison.Ordinal);
        var list = await Service(o => o.MaxResponseJsonValues = 3_000_000).Projects.Locations.Operations.ListAsync("projects/p1/locations/global", cancellationToken: TestTimeout);
        Assert.Equal(2_000_000, list.Operations!.Count);
    }

    private static ApiRequest ResumableRequest() => new(Upload, "v1/items") { ResumableUploadPath = "/resumable/upload/v1/items" };
}
