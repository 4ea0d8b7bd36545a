using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Runtime.Gemini;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Batch;

/// <summary>
/// Batches of the generated Gemini client against Kestrel: calls queued on <c>batch.Service</c>, one multipart/mixed
/// POST to <c>batchPath</c>, each call completed with its own typed result or ApiException.
/// </summary>
public sealed class BatchRequestTests : LoopbackTest
{
    private const string LocationName = "projects/p1/locations/l";

    private const string SettingName = "projects/p1/locations/l/codeToolsSettings/s";

    private static BatchRequest<CloudAICompanionService> Batch(CloudAICompanionService service) => service.CreateBatch();

    private static string NotFound(string what) => $$$"""{"error":{"code":404,"message":"{{{what}}} not found.","status":"NOT_FOUND"}}""";

    private const string Exhausted = """{"error":{"code":429,"message":"Quota exceeded.","status":"RESOURCE_EXHAUSTED"}}""";

    [Fact]
    public async Task MixedAnswers_EachCallGetsItsOwnOutcome_MatchedByContentIdWhateverTheOrder()
    {
        Server.Responder = request =>
        {
            var parts = BatchWire.Parse(request);
            return BatchWire.Response(
                new BatchWire.Answer(200, "{}", BatchWire.ResponseId(parts[3])),
                new BatchWire.Answer(429, Exhausted, BatchWire.ResponseId(parts[2])) { Headers = new Dictionary<string, string> { ["Retry-After"] = "7" } },
                new BatchWire.Answer(200, $$"""{"name":"{{OperationName}}","done":true}""", BatchWire.ResponseId(parts[0])),
                new BatchWire.Answer(404, NotFound("Index"), BatchWire.ResponseId(parts[1])));
        };
        var service = Service();
        var batch = Batch(service);
        var locations = batch.Service.Projects.Locations;

        var operation = locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);
        var index = locations.CodeRepositoryIndexes.GetAsync(IndexName, cancellationToken: TestTimeout);
        var group = locations.CodeRepositoryIndexes.RepositoryGroups.GetAsync(GroupName, cancellationToken: TestTimeout);
        var deleted = locations.CodeToolsSettings.DeleteAsync(SettingName, cancellationToken: TestTimeout);
        Assert.False(operation.IsCompleted);
        Assert.Equal(4, batch.Count);

        await batch.ExecuteAsync(cancellationToken: TestTimeout);

        Assert.True((await operation).Done);
        Assert.Equal(OperationName, (await operation).Name);
        var missing = await Assert.ThrowsAsync<ApiException>(() => index);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("cloudaicompanion.projects.locations.codeRepositoryIndexes.get", missing.MethodId);
        Assert.Equal("NOT_FOUND", missing.Error!.Status);
        var limited = await Assert.ThrowsAsync<ApiException>(() => group);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("RESOURCE_EXHAUSTED", limited.Error!.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.RetryAfter);
        Assert.Equal(1, limited.Attempts);
        await deleted;

        // One request: neither the 429 nor the 404 was retried, alone or in another batch.
        var sent = Assert.Single(Server.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/batch", sent.Path);
        Assert.Equal(
            new[] { "GET /v1/" + OperationName, "GET /v1/" + IndexName, "GET /v1/" + GroupName, "DELETE /v1/" + SettingName },
            BatchWire.Parse(sent).Select(p => p.Method + " " + p.PathAndQuery));
    }

    [Fact]
    public async Task Wire_AuthQuotaProjectAndClientHeadersGoOnTheBatch_KeyAndPerCallSettingsOnEachCall()
    {
        Server.Responder = request => BatchWire.Response(BatchWire.Parse(request).Select(p => new BatchWire.Answer(200, "{}", BatchWire.ResponseId(p))).ToArray());
        var service = Service(o =>
        {
            o.AccessTokenProvider = AccessTokenProvider.FromToken("ya29.batch");
            o.QuotaProject = "billing-project";
            o.ApiKey = "key-123";
            o.ApplicationName = "batch-test";
        });
        var batch = Batch(service);
        var groups = batch.Service.Projects.Locations.CodeRepositoryIndexes.RepositoryGroups;

        var get = groups.GetAsync(GroupName, new RequestOptions { Fields = "name", Headers = new Dictionary<string, string> { ["If-None-Match"] = "\"e1\"" } }, TestTimeout);
        var create = groups.CreateAsync(IndexName, "g-é", new RepositoryGroup { Name = "grüße" }, requestId: "r-1", options: new RequestOptions
        {
            QuotaProject = "other-project",
            AccessTokenProvider = AccessTokenProvider.FromToken("ya29.per-call"),
        }, cancellationToken: TestTimeout);
        await batch.ExecuteAsync(cancellationToken: TestTimeout);
        await get;
        await create;

        var outer = Assert.Single(Server.Requests);
        Assert.Equal("/batch", outer.RawTarget);
        Assert.Equal("Bearer ya29.batch", outer.Headers["Authorization"]);
        Assert.Equal("billing-project", outer.Headers["x-goog-user-project"]);
        Assert.StartsWith("batch-test DiscoveryGen/", outer.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.StartsWith("gl-dotnet/", outer.Headers["x-goog-api-client"], StringComparison.Ordinal);
        Assert.StartsWith("multipart/mixed; boundary=", outer.ContentType, StringComparison.Ordinal);

        var parts = BatchWire.Parse(outer);
        Assert.Equal(2, parts.Count);
        Assert.All(parts, p => Assert.Equal("application/http", p.PartHeader("Content-Type")));
        Assert.Equal(2, parts.Select(p => p.ContentId).Distinct().Count());

        // The request line carries the absolute URI (as Google.Apis writes it); the key and standard parameters are the call's.
        var first = parts[0];
        Assert.Equal("GET", first.Method);
        Assert.Equal(new Uri(Server.BaseUri, "v1/" + GroupName + "?fields=name&key=key-123").AbsoluteUri, first.Target);
        Assert.Equal(new[] { "If-None-Match" }, first.Headers.Select(h => h.Key));
        Assert.Empty(first.Body);

        // The per-call token and quota project travel with their call; nothing else of the batch's is repeated per call.
        var second = parts[1];
        Assert.Equal("POST", second.Method);
        Assert.Equal($"/v1/{IndexName}/repositoryGroups?repositoryGroupId=g-%C3%A9&requestId=r-1&key=key-123", second.PathAndQuery);
        Assert.Equal("Bearer ya29.per-call", second.Header("Authorization"));
        Assert.Equal("other-project", second.Header("x-goog-user-project"));
        Assert.Null(second.Header("User-Agent"));
        Assert.Null(second.Header("x-goog-api-client"));
        Assert.Null(second.Header("Accept-Encoding"));
        Assert.Equal("application/json; charset=utf-8", second.Header("Content-Type"));
        Assert.Equal("""{"name":"grüße"}""", second.BodyText);
        Assert.Equal(Encoding.UTF8.GetByteCount("""{"name":"grüße"}"""), int.Parse(second.Header("Content-Length")!));
        Assert.DoesNotContain("key-123", outer.RawTarget, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchRequestFailing_IsRetriedWhenEveryCallIsIdempotent()
    {
        var answered = 0;
        Server.Responder = request => Interlocked.Increment(ref answered) == 1
            ? Unavailable()
            : BatchWire.Response(BatchWire.Parse(request).Select(p => new BatchWire.Answer(200, $$"""{"name":"{{p.PathAndQuery}}"}""", BatchWire.ResponseId(p))).ToArray());
        var batch = Batch(Service());
        var operations = batch.Service.Projects.Locations.Operations;
        var a = operations.GetAsync(OperationName, cancellationToken: TestTimeout);
        var b = operations.DeleteAsync(OperationName + "b", cancellationToken: TestTimeout);
        var c = batch.Service.Projects.Locations.CodeRepositoryIndexes.CreateAsync(LocationName, "i2", new CodeRepositoryIndex(), requestId: "req-1", cancellationToken: TestTimeout);

        await batch.ExecuteAsync(cancellationToken: TestTimeout);

        Assert.Equal("/v1/" + OperationName, (await a).Name);
        await b;
        Assert.StartsWith("/v1/" + LocationName + "/codeRepositoryIndexes?", (await c).Name, StringComparison.Ordinal);
        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal(Server.Requests[0].Body, Server.Requests[1].Body);
    }

    [Fact]
    public async Task BatchRequestFailing_WithOneNonIdempotentCall_IsNotRetried_AndEveryCallEndsWithItsError()
    {
        Server.Responder = _ => Unavailable();
        var batch = Batch(Service());
        var get = batch.Service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);
        var create = batch.Service.Projects.Locations.CodeRepositoryIndexes.CreateAsync(LocationName, "i2", new CodeRepositoryIndex(), cancellationToken: TestTimeout);

        var thrown = await Assert.ThrowsAsync<ApiException>(() => batch.ExecuteAsync(cancellationToken: TestTimeout));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, thrown.StatusCode);
        Assert.Equal("batch", thrown.MethodId);
        Assert.Same(thrown, await Assert.ThrowsAsync<ApiException>(() => get));
        Assert.Same(thrown, await Assert.ThrowsAsync<ApiException>(() => create));
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task ExplicitIdempotentOption_OnTheBatch_AllowsItsRetry()
    {
        var answered = 0;
        Server.Responder = request => Interlocked.Increment(ref answered) == 1
            ? Unavailable()
            : BatchWire.Response(BatchWire.Parse(request).Select(p => new BatchWire.Answer(200, """{"name":"x"}""", BatchWire.ResponseId(p))).ToArray());
        var batch = Batch(Service());
        var create = batch.Service.Projects.Locations.CodeRepositoryIndexes.CreateAsync(LocationName, "i2", new CodeRepositoryIndex(), cancellationToken: TestTimeout);

        await batch.ExecuteAsync(new RequestOptions { Idempotent = true }, TestTimeout);

        Assert.Equal("x", (await create).Name);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task PolicyRetryingNonIdempotentCalls_AllowsTheBatchsRetry()
    {
        var answered = 0;
        Server.Responder = request => Interlocked.Increment(ref answered) == 1
            ? Unavailable()
            : BatchWire.Response(BatchWire.Parse(request).Select(p => new BatchWire.Answer(200, """{"name":"x"}""", BatchWire.ResponseId(p))).ToArray());
        var batch = Batch(Service(o => o.Retry = new RetryPolicy { MaxAttempts = 3, InitialDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20), RetryNonIdempotent = true }));
        var create = batch.Service.Projects.Locations.CodeRepositoryIndexes.CreateAsync(LocationName, "i2", new CodeRepositoryIndex(), cancellationToken: TestTimeout);

        await batch.ExecuteAsync(cancellationToken: TestTimeout);

        Assert.Equal("x", (await create).Name);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task Unauthorized_RefreshesTheBatchTokenAndRepeatsOnce_EvenWithANonIdempotentCall()
    {
        var tokens = new CountingTokenProvider();
        var answered = 0;
        Server.Responder = request => Interlocked.Increment(ref answered) == 1
            ? new CannedResponse(401, """{"error":{"code":401,"message":"Invalid Credentials","status":"UNAUTHENTICATED"}}""")
            : BatchWire.Response(BatchWire.Parse(request).Select(p => new BatchWire.Answer(200, """{"name":"x"}""", BatchWire.ResponseId(p))).ToArray());
        var batch = Batch(Service(o => o.AccessTokenProvider = tokens));
        var create = batch.Service.Projects.Locations.CodeRepositoryIndexes.CreateAsync(LocationName, "i2", new CodeRepositoryIndex(), cancellationToken: TestTimeout);

        await batch.ExecuteAsync(cancellationToken: TestTimeout);

        Assert.Equal("x", (await create).Name);
        Assert.Equal(new[] { "Bearer token-1", "Bearer token-2" }, Server.Requests.Select(r => r.Headers["Authorization"]));
        Assert.Equal(new[] { false, true }, tokens.Refreshes);
        Assert.All(tokens.Scopes, s => Assert.Contains("https://www.googleapis.com/auth/cloud-platform", s));
    }

    [Fact]
    public async Task MoreCallsThanOneRequestCarries_AreSplit_InOrder_EachAnsweredByItsOwnRequest()
    {
        Server.Responder = request => BatchWire.Response(BatchWire.Parse(request)
            .Select(p => new BatchWire.Answer(200, $$"""{"name":"{{p.PathAndQuery}}"}""", BatchWire.ResponseId(p)))
            .Reverse()
            .ToArray());
        var batch = Batch(Service());
        var operations = batch.Service.Projects.Locations.Operations;
        var calls = Enumerable.Range(0, 150).Select(i => operations.GetAsync($"{OperationName}-{i}", cancellationToken: TestTimeout)).ToArray();

        await batch.ExecuteAsync(cancellationToken: TestTimeout);

        for (var i = 0; i < calls.Length; i++)
        {
            Assert.Equal($"/v1/{OperationName}-{i}", (await calls[i]).Name);
        }

        Assert.Equal(new[] { 100, 50 }, Server.Requests.Select(r => BatchWire.Parse(r).Count));
        Assert.Equal($"/v1/{OperationName}-100", BatchWire.Parse(Server.Requests[1])[0].PathAndQuery);
    }

    [Fact]
    public async Task MaxCallsPerRequest_SplitsAtTheGivenSize_AndIsBounded()
    {
        Server.Responder = request => BatchWire.Response(BatchWire.Parse(request).Select(p => new BatchWire.Answer(200, "{}", BatchWire.ResponseId(p))).ToArray());
        var batch = Batch(Service());
        Assert.Equal(100, batch.MaxCallsPerRequest);
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.MaxCallsPerRequest = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.MaxCallsPerRequest = 1001);
        batch.MaxCallsPerRequest = 2;
        var calls = Enumerable.Range(0, 5).Select(i => batch.Service.Projects.Locations.Operations.GetAsync($"{OperationName}-{i}", cancellationToken: TestTimeout)).ToArray();

        await batch.ExecuteAsync(cancellationToken: TestTimeout);

        await Task.WhenAll(calls);
        Assert.Equal(new[] { 2, 2, 1 }, Server.Requests.Select(r => BatchWire.Parse(r).Count));
    }

    [Fact]
    public async Task CallsAfterExecute_AndASecondExecute_FailClearly()
    {
        Server.Responder = request => BatchWire.Response(BatchWire.Parse(request).Select(p => new BatchWire.Answer(200, "{}", BatchWire.ResponseId(p))).ToArray());
        var batch = Batch(Service());
        var first = batch.Service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);
        await batch.ExecuteAsync(cancellationToken: TestTimeout);
        await first;

        var late = await Assert.ThrowsAsync<InvalidOperationException>(() => batch.Service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));
        Assert.Contains("already executed", late.Message, StringComparison.Ordinal);
        Assert.Contains("cloudaicompanion.projects.locations.operations.get", late.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => batch.ExecuteAsync(cancellationToken: TestTimeout));
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task EmptyBatch_SendsNothing()
    {
        var batch = Batch(Service());

        await batch.ExecuteAsync(cancellationToken: TestTimeout);

        Assert.Empty(Server.Requests);
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public async Task CallCanceledBeforeExecute_IsLeftOut()
    {
        Server.Responder = request => BatchWire.Response(BatchWire.Parse(request).Select(p => new BatchWire.Answer(200, """{"name":"kept"}""", BatchWire.ResponseId(p))).ToArray());
        var batch = Batch(Service());
        using var cancel = new CancellationTokenSource();
        var canceled = batch.Service.Projects.Locations.Operations.GetAsync(OperationName + "-canceled", cancellationToken: cancel.Token);
        var kept = batch.Service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        cancel.Cancel();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled);
        Assert.Equal(cancel.Token, ex.CancellationToken);
        await batch.ExecuteAsync(cancellationToken: TestTimeout);

        Assert.Equal("kept", (await kept).Name);
        Assert.Equal(new[] { "/v1/" + OperationName }, BatchWire.Parse(Assert.Single(Server.Requests)).Select(p => p.PathAndQuery));
    }

    [Fact]
    public async Task CallPastItsTimeoutWhileQueued_EndsWithApiTimeoutException_AndIsLeftOut()
    {
        Server.Responder = request => BatchWire.Response(BatchWire.Parse(request).Select(p => new BatchWire.Answer(200, "{}", BatchWire.ResponseId(p))).ToArray());
        var batch = Batch(Service(o => o.TimeProvider = Clock));
        var late = batch.Service.Projects.Locations.Operations.GetAsync(OperationName + "-late", new RequestOptions { Timeout = TimeSpan.FromSeconds(5) }, TestTimeout);
        var other = batch.Service.Projects.Locations.Operations.GetAsync(OperationName, new RequestOptions { Timeout = TimeSpan.FromMinutes(5) }, TestTimeout);

        Clock.Advance(TimeSpan.FromSeconds(6));
        var timeout = await Assert.ThrowsAsync<ApiTimeoutException>(() => late);
        Assert.Equal(TimeSpan.FromSeconds(5), timeout.Timeout);
        await batch.ExecuteAsync(cancellationToken: TestTimeout);

        await other;
        Assert.Equal(new[] { "/v1/" + OperationName }, BatchWire.Parse(Assert.Single(Server.Requests)).Select(p => p.PathAndQuery));
    }

    [Fact]
    public async Task ExecuteCanceled_WhileTheBatchIsInFlight_CancelsEveryCall()
    {
        var release = new TaskCompletionSource();
        Server.Responder = _ => new CannedResponse(200, "{}") { Release = release.Task };
        var batch = Batch(Service());
        var call = batch.Service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);
        using var cancel = new CancellationTokenSource();

        var execute = batch.ExecuteAsync(cancellationToken: cancel.Token);
        await Server.WaitForRequestsAsync(1, TestTimeout);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => execute);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        release.SetResult();
    }

    [Fact]
    public async Task PerCallTokenProviderAnsweringLate_KeepsTheCallInTheBatch_InTheOrderItWasMade()
    {
        Server.Responder = request => BatchWire.Response(BatchWire.Parse(request).Select(p => new BatchWire.Answer(200, $$"""{"name":"{{p.PathAndQuery}}"}""", BatchWire.ResponseId(p))).ToArray());
        var slowToken = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var batch = Batch(Service());
        var operations = batch.Service.Projects.Locations.Operations;
        var first = operations.GetAsync(OperationName + "-1", new RequestOptions { AccessTokenProvider = new DelegateTokenProvider(() => slowToken.Task) }, TestTimeout);
        var second = operations.GetAsync(OperationName + "-2", cancellationToken: TestTimeout);

        var execute = batch.ExecuteAsync(cancellationToken: TestTimeout);
        Assert.False(execute.IsCompleted);
        Assert.Empty(Server.Requests);
        slowToken.SetResult("ya29.late");
        await execute;

        Assert.Equal("/v1/" + OperationName + "-1", (await first).Name);
        await second;
        var parts = BatchWire.Parse(Assert.Single(Server.Requests));
        Assert.Equal(new[] { "/v1/" + OperationName + "-1", "/v1/" + OperationName + "-2" }, parts.Select(p => p.PathAndQuery));
        Assert.Equal("Bearer ya29.late", parts[0].Header("Authorization"));
    }

    [Fact]
    public async Task AnswerMissingOrUnreadable_FailsThatCallOnly()
    {
        Server.Responder = request =>
        {
            var parts = BatchWire.Parse(request);
            var response = BatchWire.Response(new BatchWire.Answer(200, """{"name":"ok"}""", BatchWire.ResponseId(parts[0])));

            // A second part that is no HTTP response, and no answer at all for the third call.
            var body = response.Body!.Replace("--batch_test_boundary--", "--batch_test_boundary\r\nContent-Type: application/http\r\nContent-ID: " + BatchWire.ResponseId(parts[1]) + "\r\n\r\nnot a status line\r\n--batch_test_boundary--", StringComparison.Ordinal);
            return response with { Body = body };
        };
        var batch = Batch(Service());
        var operations = batch.Service.Projects.Locations.Operations;
        var ok = operations.GetAsync(OperationName + "-1", cancellationToken: TestTimeout);
        var garbled = operations.GetAsync(OperationName + "-2", cancellationToken: TestTimeout);
        var missing = operations.GetAsync(OperationName + "-3", cancellationToken: TestTimeout);

        await batch.ExecuteAsync(cancellationToken: TestTimeout);

        Assert.Equal("ok", (await ok).Name);
        var unreadable = await Assert.ThrowsAsync<HttpRequestException>(() => garbled);
        Assert.Equal(HttpRequestError.InvalidResponse, unreadable.HttpRequestError);
        Assert.Contains("'not a status line' is not an HTTP status line", unreadable.Message, StringComparison.Ordinal);
        var none = await Assert.ThrowsAsync<HttpRequestException>(() => missing);
        Assert.Contains("no answer for cloudaicompanion.projects.locations.operations.get (call 3 of 3", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswersWithoutContentId_AreMatchedByPosition()
    {
        Server.Responder = request => BatchWire.Response(BatchWire.Parse(request).Select(p => new BatchWire.Answer(200, $$"""{"name":"{{p.PathAndQuery}}"}"""))
            .ToArray());
        var batch = Batch(Service());
        var a = batch.Service.Projects.Locations.Operations.GetAsync(OperationName + "-a", cancellationToken: TestTimeout);
        var b = batch.Service.Projects.Locations.Operations.GetAsync(OperationName + "-b", cancellationToken: TestTimeout);

        await batch.ExecuteAsync(cancellationToken: TestTimeout);

        Assert.Equal("/v1/" + OperationName + "-a", (await a).Name);
        Assert.Equal("/v1/" + OperationName + "-b", (await b).Name);
    }

    [Fact]
    public async Task SuccessThatIsNotMultipart_FailsTheBatchAndEveryCall()
    {
        Server.Responder = _ => CannedResponse.Json("""{"name":"not a batch"}""");
        var batch = Batch(Service());
        var call = batch.Service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        var ex = await Assert.ThrowsAsync<ApiException>(() => batch.ExecuteAsync(cancellationToken: TestTimeout));

        Assert.Contains("multipart/mixed", ex.Message, StringComparison.Ordinal);
        Assert.Same(ex, await Assert.ThrowsAsync<ApiException>(() => call));
    }

    [Fact]
    public async Task BatchErrorEchoingACallsKey_NeverShowsIt()
    {
        Server.Responder = _ => new CannedResponse(400, """{"error":{"code":400,"message":"API key not valid: key-secret-42","status":"INVALID_ARGUMENT"}}""");
        var batch = Batch(Service(o => o.ApiKey = "key-secret-42"));
        var call = batch.Service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        var ex = await Assert.ThrowsAsync<ApiException>(() => batch.ExecuteAsync(cancellationToken: TestTimeout));

        Assert.DoesNotContain("key-secret-42", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("key-secret-42", ex.RawBody ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("key-secret-42", ex.Error!.Message ?? string.Empty, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ApiException>(() => call);
    }

    [Fact]
    public async Task QueuedCalls_AreLoggedAsCalls_AndTheBatchAsOne()
    {
        Server.Responder = request => BatchWire.Response(BatchWire.Parse(request).Select(p => new BatchWire.Answer(404, NotFound("Operation"), BatchWire.ResponseId(p))).ToArray());
        var batch = Batch(Service());
        var call = batch.Service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        await batch.ExecuteAsync(cancellationToken: TestTimeout);
        await Assert.ThrowsAsync<ApiException>(() => call);

        // The call's failure and the batch's success, each logged once as any call is.
        Assert.Single(Logs.Events(ApiLogEvents.CallFailed), e => Property(e, "MethodId") == "cloudaicompanion.projects.locations.operations.get" && e.Exception is ApiException { StatusCode: HttpStatusCode.NotFound });
        Assert.Single(Logs.Events(ApiLogEvents.CallSucceeded), e => Property(e, "MethodId") == "batch");
    }

    [Fact]
    public void BatchUri_IsTheRootUrlPlusBatchPath()
    {
        Assert.Equal(new Uri(Server.BaseUri, "batch"), Batch(Service()).BatchUri);
        var http = new HttpClient();
        BatchRequest<ApiClient> For(string baseUri, string batchPath, string servicePath) =>
            new(new ApiClient(http, null, new Uri(baseUri)), batchPath, servicePath, (h, o) => new ApiClient(h, o, new Uri(baseUri)));

        Assert.Equal("https://storage.googleapis.com/batch/storage/v1", For("https://storage.googleapis.com/storage/v1/", "batch/storage/v1", "storage/v1/").BatchUri.AbsoluteUri);
        Assert.Equal("https://proxy.example.com/google/batch/storage/v1", For("https://proxy.example.com/google/storage/v1/", "batch/storage/v1", "storage/v1/").BatchUri.AbsoluteUri);
        Assert.Equal("https://other.example.com/batch/storage/v1", For("https://other.example.com/elsewhere/", "batch/storage/v1", "storage/v1/").BatchUri.AbsoluteUri);
        Assert.Equal("https://www.googleapis.com/batch/oauth2/v2", For("https://www.googleapis.com/", "/batch/oauth2/v2", string.Empty).BatchUri.AbsoluteUri);
        Assert.Throws<ArgumentException>(() => For("https://www.googleapis.com/", " ", string.Empty));
    }

    [Fact]
    public async Task MediaCalls_CannotBeBatched()
    {
        var batch = new BatchRequest<ApiClient>(new ApiClient(Http, Options(), Server.BaseUri), "batch", string.Empty, (h, o) => new ApiClient(h, o, Server.BaseUri));
        var method = new MethodDescriptor("test.items.get", "GET", "v1/items/{name}", null, [], [], supportsMediaDownload: true);

        var ex = await Assert.ThrowsAsync<NotSupportedException>(() => batch.Service.DownloadMediaAsync(new ApiRequest(method, "v1/items/a"), new System.IO.MemoryStream(), null, null, TestTimeout));

        Assert.Contains("media uploads and downloads cannot be batched", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, batch.Count);
    }

    private static string? Property(ApiLogEntry entry, string name) => entry.Properties.FirstOrDefault(p => p.Key == name).Value as string;

    private sealed class CountingTokenProvider : IAccessTokenProvider
    {
        private int _count;

        public List<bool> Refreshes { get; } = new();

        public List<IReadOnlyList<string>> Scopes { get; } = new();

        public ValueTask<string> GetAccessTokenAsync(AccessTokenRequest request, CancellationToken cancellationToken)
        {
            lock (Refreshes)
            {
                Refreshes.Add(request.ForceRefresh);
                Scopes.Add(request.Scopes);
            }

            return ValueTask.FromResult("token-" + Interlocked.Increment(ref _count));
        }
    }

    private sealed class DelegateTokenProvider(Func<Task<string>> token) : IAccessTokenProvider
    {
        public ValueTask<string> GetAccessTokenAsync(AccessTokenRequest request, CancellationToken cancellationToken) => new(token());
    }
}
