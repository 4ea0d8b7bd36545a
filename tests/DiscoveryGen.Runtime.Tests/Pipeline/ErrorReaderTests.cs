using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Pipeline;

/// <summary><see cref="ErrorReader"/>: the exception of an error response, bounded, parsed and redacted.</summary>
public sealed class ErrorReaderTests
{
    private const string Key = "AIzaSy-echoed-key-42";
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = Kit.Clock();

    private CallContext<string?> Call(int attempt = 1)
    {
        var call = Kit.Call(Kit.Client(time: _time, configure: o => o.ApiKey = Key));
        call.Attempt = attempt;
        return call;
    }

    private static HttpResponseMessage Error(HttpStatusCode status, string body, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, mediaType) };

    [Fact]
    public async Task RpcStatus_MakesTheMessage_WithStatusReasonDomainAndAttempts()
    {
        using var response = Error(HttpStatusCode.Forbidden, """
            {"error":{"code":403,"message":"denied","status":"PERMISSION_DENIED","details":[
              {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"IAM_PERMISSION_DENIED","domain":"iam.googleapis.com"}]}}
            """);

        var ex = await ErrorReader.CreateExceptionAsync(Call(attempt: 3), response, default);

        Assert.Equal("test.items.get failed with HTTP 403 (Forbidden): PERMISSION_DENIED: denied [reason IAM_PERMISSION_DENIED, domain iam.googleapis.com] (after 3 attempts)", ex.Message);
        Assert.Equal(3, ex.Attempts);
        Assert.Equal("GET", ex.HttpMethod);
        Assert.Equal("IAM_PERMISSION_DENIED", ex.Reason);
    }

    [Fact]
    public async Task EchoedSecret_IsRedactedFromEveryPartOfTheException()
    {
        using var response = Error(HttpStatusCode.BadRequest, $$$"""{"error":{"code":400,"message":"API key {{{Key}}} not valid","status":"INVALID_ARGUMENT"}}""");

        var ex = await ErrorReader.CreateExceptionAsync(Call(), response, default);

        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.RawBody, StringComparison.Ordinal);
        Assert.Equal("API key [REDACTED] not valid", ex.Error?.Message);
    }

    [Fact]
    public async Task JsonEscapedEcho_IsRedactedFromTheParsedStatusItsDetailsAndTheRawBody()
    {
        // Every character of the key written as \uXXXX: not the key's text, but the same JSON string.
        var escaped = string.Concat(Key.Select(c => $"\\u{(int)c:X4}"));
        using var response = Error(HttpStatusCode.BadRequest, $$$"""
            {"error":{"code":400,"message":"API key {{{escaped}}} not valid","status":"INVALID_ARGUMENT","details":[
              {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com",
               "metadata":{"key":"{{{escaped}}}","half":"{{{Key[..6]}}}{{{escaped[(6 * 6)..]}}}","slash":"a\/b"}}]}}
            """);

        var ex = await ErrorReader.CreateExceptionAsync(Call(), response, default);

        Assert.Equal("API key [REDACTED] not valid", ex.Error?.Message);
        Assert.Equal("[REDACTED]", ex.Error?.ErrorInfo?.Metadata["key"]);
        Assert.Equal("[REDACTED]", ex.Error?.ErrorInfo?.Metadata["half"]);
        Assert.Equal("a/b", ex.Error?.ErrorInfo?.Metadata["slash"]);
        Assert.Equal("API_KEY_INVALID", ex.Reason);
        foreach (var text in new[] { ex.Message, ex.RawBody!, ex.ToString(), ex.Error!.Details[0].GetRawText() })
        {
            Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
            Assert.DoesNotContain(escaped, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BodyWithoutSecrets_IsKeptAsItCame_EscapesAndAll()
    {
        const string Body = """{"error":{"code":400,"message":"a \u0026 b \/ c \"d\"","status":"INVALID_ARGUMENT"}}""";
        using var response = Error(HttpStatusCode.BadRequest, Body);

        var ex = await ErrorReader.CreateExceptionAsync(Call(), response, default);

        Assert.Equal(Body, ex.RawBody);
        Assert.Equal("a & b / c \"d\"", ex.Error?.Message);
    }

    [Fact]
    public async Task HeaderEchoingASecret_IsRedacted()
    {
        using var response = Error(HttpStatusCode.Forbidden, "");
        response.Headers.TryAddWithoutValidation("x-debug-key", "key=" + Key);
        response.Headers.TryAddWithoutValidation("x-request-id", "req-1");

        var ex = await ErrorReader.CreateExceptionAsync(Call(), response, default);

        Assert.Equal(["key=[REDACTED]"], ex.Headers["x-debug-key"]);
        Assert.Equal(["req-1"], ex.Headers["x-request-id"]);
    }

    [Fact]
    public async Task ServerLineBreaks_AreEscapedInTheMessage()
    {
        using var response = Error(HttpStatusCode.BadRequest, """
            {"error":{"code":400,"message":"bad\r\n2025-01-01 INFO forged line\u2028\u0085x","status":"INVALID\nARGUMENT","details":[
              {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"R\rR","domain":"d\u2029d"}]}}
            """);

        var ex = await ErrorReader.CreateExceptionAsync(Call(), response, default);

        Assert.Equal(
            "test.items.get failed with HTTP 400 (Bad Request): INVALID\\nARGUMENT: bad\\r\\n2025-01-01 INFO forged line\\u2028\\u0085x [reason R\\rR, domain d\\u2029d]",
            ex.Message);
        Assert.Equal("bad\r\n2025-01-01 INFO forged line\u2028\u0085x", ex.Error?.Message);
    }

    [Fact]
    public async Task RetryAfterDate_IsMeasuredOnTheClientsClock()
    {
        using var response = Error(HttpStatusCode.ServiceUnavailable, "{}");
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(_time.GetUtcNow().AddSeconds(30));

        var ex = await ErrorReader.CreateExceptionAsync(Call(), response, default);

        Assert.Equal(TimeSpan.FromSeconds(30), ex.RetryAfter);
    }

    [Fact]
    public async Task RetryInfo_WinsOverTheHeader()
    {
        using var response = Error(HttpStatusCode.TooManyRequests, """
            {"error":{"code":429,"message":"slow down","status":"RESOURCE_EXHAUSTED","details":[
              {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"7s"}]}}
            """);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(2));

        var ex = await ErrorReader.CreateExceptionAsync(Call(), response, default);

        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
    }

    [Fact]
    public async Task NonJsonBody_GivesItsContentTypeAndASingleLineSnippet()
    {
        using var response = Error(HttpStatusCode.BadGateway, "<html>\n<b>Bad gateway</b>\n</html>", "text/html");

        var ex = await ErrorReader.CreateExceptionAsync(Call(), response, default);

        Assert.Equal("test.items.get failed with HTTP 502 (Bad Gateway) and a non-JSON or truncated body (text/html): <html> <b>Bad gateway</b> </html>", ex.Message);
        Assert.Null(ex.Error);
    }

    [Fact]
    public async Task BodyThatBreaksOff_StillGivesTheStatus()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new BrokenContent(Utf8.Bytes("{\"err")) };

        var ex = await ErrorReader.CreateExceptionAsync(Call(), response, default);

        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.EndsWith("the error body could not be read (the connection closed early).", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headers_AreKept_WithCookiesMasked_AndTheServersRequestId()
    {
        using var response = Error(HttpStatusCode.NotFound, "");
        response.Headers.TryAddWithoutValidation("Set-Cookie", "session=secret");
        response.Headers.TryAddWithoutValidation("x-request-id", "req-123");

        var ex = await ErrorReader.CreateExceptionAsync(Call(), response, default);

        Assert.Equal(new[] { Redaction.Placeholder }, ex.Headers["set-cookie"]);
        Assert.Equal("req-123", ex.RequestId);
        Assert.EndsWith("and an empty body.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HugeBody_IsBounded()
    {
        using var response = Error(HttpStatusCode.InternalServerError, new string('x', 200_000), "text/plain");

        var ex = await ErrorReader.CreateExceptionAsync(Call(), response, default);

        Assert.Equal(4096, ex.RawBody?.Length);
    }
}
