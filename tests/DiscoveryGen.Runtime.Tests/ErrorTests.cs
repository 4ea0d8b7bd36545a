using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.Runtime.Tests;

/// <summary>ApiException carries everything a production user needs to act on an error, for every kind of body.</summary>
public sealed class ErrorTests : LoopbackTest
{
    private const string RichError = """
        {"error":{"code":429,"message":"Quota exceeded for quota metric 'Requests'.","status":"RESOURCE_EXHAUSTED",
          "errors":[{"message":"Quota exceeded.","domain":"usageLimits","reason":"rateLimitExceeded","location":"q","locationType":"parameter"}],
          "details":[
            {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMIT_EXCEEDED","domain":"googleapis.com",
             "metadata":{"quota_limit":"RequestsPerMinute","consumer":"projects/123"}},
            {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.500s"},
            {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"subject":"project:123","description":"Requests per minute",
             "apiService":"cloudaicompanion.googleapis.com","quotaMetric":"cloudaicompanion.googleapis.com/requests","quotaId":"RequestsPerMinute",
             "quotaDimensions":{"region":"us-central1"},"quotaValue":"60"}]},
            {"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"Request a higher quota","url":"https://cloud.google.com/docs/quotas"}]},
            {"@type":"type.googleapis.com/google.rpc.RequestInfo","requestId":"req-7f3a","servingData":"x"},
            {"@type":"type.googleapis.com/google.example.FutureDetail","answer":42}
          ]}}
        """;

    [Fact]
    public async Task RichErrorBody_IsFullyTyped()
    {
        Server.Responder = _ => new CannedResponse(429, RichError) { Headers = new Dictionary<string, string> { ["x-debug-tracking"] = "abc" } };
        var service = Service(o => o.Retry = RetryPolicy.None);

        var ex = await Assert.ThrowsAsync<ApiException>(() => service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal("cloudaicompanion.projects.locations.operations.get", ex.MethodId);
        Assert.Equal("GET", ex.HttpMethod);
        Assert.Equal(429, ex.Error!.Code);
        Assert.Equal("RESOURCE_EXHAUSTED", ex.Error.Status);
        Assert.Equal("Quota exceeded for quota metric 'Requests'.", ex.Error.Message);

        Assert.Equal("RATE_LIMIT_EXCEEDED", ex.Reason);
        Assert.Equal("googleapis.com", ex.Domain);
        Assert.Equal("RequestsPerMinute", ex.Error.ErrorInfo!.Metadata["quota_limit"]);
        Assert.Equal(TimeSpan.FromSeconds(1.5), ex.Error.RetryInfo!.RetryDelay);
        Assert.Equal(TimeSpan.FromSeconds(1.5), ex.RetryAfter);

        var quota = Assert.Single(ex.Error.QuotaFailure!.Violations);
        Assert.Equal("project:123", quota.Subject);
        Assert.Equal("RequestsPerMinute", quota.QuotaId);
        Assert.Equal("us-central1", quota.QuotaDimensions["region"]);
        Assert.Equal(60, quota.QuotaValue);
        Assert.Equal("https://cloud.google.com/docs/quotas", Assert.Single(ex.Error.Help!.Links).Url);
        Assert.Equal("req-7f3a", ex.RequestId);

        var unknown = Assert.IsType<UnknownErrorDetail>(ex.Error.TypedDetails[^1]);
        Assert.Equal("type.googleapis.com/google.example.FutureDetail", unknown.TypeUrl);
        Assert.Equal(42, unknown.Json.GetProperty("answer").GetInt32());
        Assert.Equal(6, ex.Error.Details.Count);

        var legacy = Assert.Single(ex.Error.Errors);
        Assert.Equal(("usageLimits", "rateLimitExceeded", "q", "parameter"), (legacy.Domain, legacy.Reason, legacy.Location, legacy.LocationType));

        Assert.Equal("abc", Assert.Single(ex.Headers["X-Debug-Tracking"]));
        Assert.Contains("application/json", ex.Headers["Content-Type"][0], StringComparison.Ordinal);
        Assert.Contains("RATE_LIMIT_EXCEEDED", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Quota exceeded", ex.RawBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadRequest_FieldViolationsAreTyped_AndTheClientRequestIdIsKept()
    {
        Server.Responder = _ => CannedResponse.Json(
            """
            {"error":{"code":400,"message":"Invalid argument.","status":"INVALID_ARGUMENT","details":[
              {"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[
                {"field":"codeRepositoryIndex.kmsKey","description":"Must be a CryptoKey name.","reason":"INVALID_KMS_KEY",
                 "localizedMessage":{"locale":"en-US","message":"Bad key"}},
                {"field":"codeRepositoryIndexId","description":"Too long."}]},
              {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"BAD_FIELDS","domain":"cloudaicompanion.googleapis.com"}]}}
            """,
            400);

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.CodeRepositoryIndexes.CreateAsync(
            "projects/p1/locations/l", "index-1", new global::Runtime.Gemini.CodeRepositoryIndex(), requestId: "7d0c7c1e-6d7c-4a52-9a3a-3b0d3b9c1f00", cancellationToken: TestTimeout));

        Assert.Single(Server.Requests); // 400 is never retried
        var violations = ex.Error!.BadRequest!.FieldViolations;
        Assert.Equal(2, violations.Count);
        Assert.Equal(new FieldViolation("codeRepositoryIndex.kmsKey", "Must be a CryptoKey name.", "INVALID_KMS_KEY", "Bad key"), violations[0]);
        Assert.Equal("codeRepositoryIndexId", violations[1].Field);
        Assert.Equal("BAD_FIELDS", ex.Reason);
        Assert.Equal("7d0c7c1e-6d7c-4a52-9a3a-3b0d3b9c1f00", ex.ClientRequestId);
        Assert.Equal("POST", ex.HttpMethod);
    }

    [Fact]
    public async Task LegacyErrorsOnly_GiveReasonAndDomain()
    {
        Server.Responder = _ => CannedResponse.Json(
            """{"error":{"code":403,"message":"Forbidden","errors":[{"domain":"global","reason":"forbidden","message":"Forbidden"}]}}""", 403);

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal("forbidden", ex.Reason);
        Assert.Equal("global", ex.Domain);
        Assert.Null(ex.Error!.Status);
        Assert.Empty(ex.Error.TypedDetails);
        Assert.Contains("[reason forbidden]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestIdFromResponseHeader_WhenNoRequestInfo()
    {
        Server.Responder = _ => new CannedResponse(404, """{"error":{"code":404,"message":"nope","status":"NOT_FOUND"}}""")
        {
            Headers = new Dictionary<string, string> { ["x-request-id"] = "hdr-1", ["Set-Cookie"] = "session=s3cr3t" },
        };

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal("hdr-1", ex.RequestId);
        Assert.Equal(Redaction.Placeholder, Assert.Single(ex.Headers["set-cookie"]));
    }

    [Fact]
    public async Task NotModified_GivesAClearException()
    {
        Server.Responder = _ => new CannedResponse(304);

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal(HttpStatusCode.NotModified, ex.StatusCode);
        Assert.Null(ex.RawBody);
        Assert.Contains("HTTP 304", ex.Message, StringComparison.Ordinal);
        Assert.Contains("empty body", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HtmlErrorPage_GivesStatusContentTypeAndSnippet()
    {
        Server.Responder = _ => new CannedResponse(404, "<!DOCTYPE html><html><body><h1>404.</h1> That's an error.</body></html>", "text/html; charset=UTF-8");

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Null(ex.Error);
        Assert.Contains("HTTP 404", ex.Message, StringComparison.Ordinal);
        Assert.Contains("text/html", ex.Message, StringComparison.Ordinal);
        Assert.Contains("That's an error.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncatedJsonErrorBody_IsKeptRawWithAClearMessage()
    {
        Server.Responder = _ => CannedResponse.Json("""{"error":{"code":400,"message":"Inval""", 400);

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Null(ex.Error);
        Assert.Equal("""{"error":{"code":400,"message":"Inval""", ex.RawBody);
        Assert.Contains("non-JSON or truncated body", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorBodyCutByTheConnection_StillGivesTheStatus()
    {
        Server.Responder = _ => new CannedResponse(400, """{"error":{"code":400,"message":"a long message that never arrives"}}""") { TruncateAfter = 10 };

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("HTTP 400", ex.Message, StringComparison.Ordinal);
        Assert.Contains("could not be read", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncatedSuccessBody_IsAnApiExceptionAfterRetries()
    {
        Server.Responder = _ => new CannedResponse(200, """{"name":"projects/p1/locations/global/operations/op-1","done":true}""") { TruncateAfter = 12 };

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal(FastRetry.MaxAttempts, ex.Attempts);
        Assert.Equal(FastRetry.MaxAttempts, Server.Requests.Count); // a GET: the broken body is a transport failure, retried
        Assert.IsAssignableFrom<IOException>(ex.InnerException);
        Assert.Contains("could not be read", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HugeErrorBody_IsBoundedInRawBody()
    {
        var huge = "{\"error\":{\"code\":500,\"message\":\"" + new string('x', 200_000) + "\"}}";
        Server.Responder = _ => CannedResponse.Json(huge, 500);

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service(o => o.Retry = RetryPolicy.None).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.Equal(4096, ex.RawBody!.Length);
        Assert.True(ex.Message.Length < 1000, "the message carries a snippet, not the body");
    }

    [Fact]
    public async Task ErrorBody_IsReadUpTo64KiB_AndNoFurther()
    {
        var counter = new BodyCountingHandler();
        using var http = new HttpClient(counter);
        var service = new global::Runtime.Gemini.CloudAICompanionService(http, Options(o => o.Retry = RetryPolicy.None));

        // Under the cap: read whole and parsed.
        var within = "{\"error\":{\"code\":500,\"message\":\"" + new string('m', 60 * 1024) + "\",\"status\":\"INTERNAL\"}}";
        Server.Responder = _ => CannedResponse.Json(within, 500);
        var parsed = await Assert.ThrowsAsync<ApiException>(() => service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));
        Assert.Equal("INTERNAL", parsed.Error!.Status);
        Assert.Equal(within.Length, counter.BytesRead);

        // Over the cap (1 MiB declared and sent): reading stops at 64 KiB, so the cut JSON is kept raw, unparsed.
        var beyond = "{\"error\":{\"code\":500,\"message\":\"" + new string('x', 1024 * 1024) + "\"}}";
        Server.Responder = _ => CannedResponse.Json(beyond, 500);
        var before = counter.BytesRead;
        var cut = await Assert.ThrowsAsync<ApiException>(() => service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));
        Assert.Equal(HttpStatusCode.InternalServerError, cut.StatusCode);
        Assert.Null(cut.Error);
        Assert.InRange(counter.BytesRead - before, 64 * 1024, (64 * 1024) + (16 * 1024));
        Assert.Equal(4096, cut.RawBody!.Length);
    }

    [Fact]
    public void ErrorDetail_MalformedKnownTypeIsKeptAsUnknown()
    {
        using var doc = JsonDocument.Parse("""{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"soon"}""");

        var detail = ErrorDetail.Parse(doc.RootElement);

        Assert.IsType<UnknownErrorDetail>(detail);
        Assert.Equal("soon", detail.Json.GetProperty("retryDelay").GetString());
    }
}
