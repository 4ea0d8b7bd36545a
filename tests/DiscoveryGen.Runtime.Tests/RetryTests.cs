using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Runtime.Gemini;
using Xunit;

namespace DiscoveryGen.Runtime.Tests;

/// <summary>AIP-194 retries against injected faults: which calls, which failures, how long, and never a silent double.</summary>
public sealed class RetryTests : LoopbackTest
{
    [Theory]
    [InlineData(503)]
    [InlineData(502)]
    [InlineData(500)]
    [InlineData(504)]
    [InlineData(429)]
    [InlineData(408)]
    public async Task IdempotentGet_IsRetriedOnTransientStatus(int status)
    {
        Server.Responder = Sequence(new CannedResponse(status, """{"error":{"code":1,"message":"transient"}}"""), new CannedResponse(status), OperationJson());

        var operation = await Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        Assert.True(operation.Done);
        Assert.Equal(3, Server.Requests.Count);
        Assert.Equal(2, Logs.Events(ApiLogEvents.RetryScheduled).Count());
        Assert.All(Server.Requests, r => Assert.Equal("GET", r.Method));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(501)]
    public async Task NonRetryableStatus_IsNotRetried(int status)
    {
        Server.Responder = _ => new CannedResponse(status, """{"error":{"code":1,"message":"no"}}""");

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal(status, (int)ex.StatusCode);
        Assert.Single(Server.Requests);
        Assert.Equal(1, ex.Attempts);
    }

    [Fact]
    public async Task DeleteAndPut_AreIdempotent()
    {
        Server.Responder = Sequence(Unavailable(), OperationJson());

        await Service().Projects.Locations.CodeRepositoryIndexes.DeleteAsync(IndexName, cancellationToken: TestTimeout);

        Assert.Equal(new[] { "DELETE", "DELETE" }, Server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task AttemptsAreBoundedByMaxAttempts()
    {
        Server.Responder = _ => Unavailable();

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(FastRetry.MaxAttempts, ex.Attempts);
        Assert.Equal(FastRetry.MaxAttempts, Server.Requests.Count);
        Assert.Contains("after 4 attempts", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxAttempts (4) was reached", Assert.Single(Logs.Events(ApiLogEvents.RetryNotAttempted)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerCallPolicy_OverridesTheServicePolicy()
    {
        Server.Responder = _ => Unavailable();
        var options = new RequestOptions { Retry = new RetryPolicy { MaxAttempts = 2, InitialDelay = TimeSpan.FromMilliseconds(1) } };

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, options, TestTimeout));

        Assert.Equal(2, ex.Attempts);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task RetryPolicyNone_DisablesRetries()
    {
        Server.Responder = _ => Unavailable();

        await Assert.ThrowsAsync<ApiException>(() => Service(o => o.Retry = RetryPolicy.None).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task PostWithoutRequestId_IsNeverRetried()
    {
        Server.Responder = _ => Unavailable();

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.CancelAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Single(Server.Requests);
        Assert.Equal(1, ex.Attempts);
        var why = Assert.Single(Logs.Events(ApiLogEvents.RetryNotAttempted));
        Assert.Contains("not idempotent", why.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchWithoutRequestId_IsNeverRetried()
    {
        Server.Responder = _ => Unavailable();

        await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.CodeRepositoryIndexes.PatchAsync(IndexName, new CodeRepositoryIndex(), cancellationToken: TestTimeout));

        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task PostWithRequestId_IsRetriedWithTheSameRequestId()
    {
        Server.Responder = Sequence(Unavailable(), new CannedResponse(500), OperationJson());
        const string RequestId = "0e9c1f4a-3b8e-4c9f-a2d1-5e6f7a8b9c0d";

        await Service().Projects.Locations.CodeRepositoryIndexes.CreateAsync("projects/p1/locations/l", "index-1", new CodeRepositoryIndex { KmsKey = "k" }, requestId: RequestId, cancellationToken: TestTimeout);

        Assert.Equal(3, Server.Requests.Count);
        Assert.All(Server.Requests, r => Assert.Equal(new[] { RequestId }, r.QueryValues("requestId")));
        Assert.All(Server.Requests, r => Assert.Equal(Server.Requests[0].BodyText, r.BodyText));
    }

    [Fact]
    public async Task PostWithEtagPrecondition_IsRetried()
    {
        Server.Responder = Sequence(Unavailable(), CannedResponse.Json("""{"version":1,"etag":"BwXh"}"""));

        await Service().Projects.Locations.CodeRepositoryIndexes.RepositoryGroups.SetIamPolicyAsync(
            GroupName, new SetIamPolicyRequest { Policy = new Policy { Etag = new byte[] { 7, 5, 225 } } }, cancellationToken: TestTimeout);

        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task PostWithoutEtag_IsNotRetried()
    {
        Server.Responder = _ => Unavailable();

        await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.CodeRepositoryIndexes.RepositoryGroups.SetIamPolicyAsync(
            GroupName, new SetIamPolicyRequest { Policy = new Policy { Version = 3 } }, cancellationToken: TestTimeout));

        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task IfMatchHeader_MakesAPatchRetryable()
    {
        Server.Responder = Sequence(Unavailable(), OperationJson());
        var options = new RequestOptions { Headers = new Dictionary<string, string> { ["If-Match"] = "\"etag-1\"" } };

        await Service().Projects.Locations.CodeRepositoryIndexes.PatchAsync(IndexName, new CodeRepositoryIndex(), options: options, cancellationToken: TestTimeout);

        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal("\"etag-1\"", Server.Requests[1].Headers["If-Match"]);
    }

    [Fact]
    public async Task CallerOptIn_RetriesAPost_AndOptOutStopsAGet()
    {
        Server.Responder = Sequence(Unavailable(), OperationJson());
        await Service().Projects.Locations.Operations.CancelAsync(OperationName, new RequestOptions { Idempotent = true }, TestTimeout);
        Assert.Equal(2, Server.Requests.Count);

        Server.Responder = _ => Unavailable();
        await Assert.ThrowsAsync<ApiException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, new RequestOptions { Idempotent = false }, TestTimeout));
        Assert.Equal(3, Server.Requests.Count);
    }

    [Fact]
    public async Task GlobalOptIn_RetryNonIdempotent()
    {
        Server.Responder = Sequence(Unavailable(), OperationJson());
        var policy = new RetryPolicy { MaxAttempts = 3, InitialDelay = TimeSpan.FromMilliseconds(1), RetryNonIdempotent = true };

        await Service(o => o.Retry = policy).Projects.Locations.Operations.CancelAsync(OperationName, cancellationToken: TestTimeout);

        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task CustomRetryableStatusCodes()
    {
        Server.Responder = Sequence(new CannedResponse(409), OperationJson());
        var policy = new RetryPolicy { InitialDelay = TimeSpan.FromMilliseconds(1), RetryableStatusCodes = new HashSet<int> { 409 } };

        await Service(o => o.Retry = policy).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task RetryAfterHeader_IsHonoured()
    {
        Server.Responder = Sequence(Unavailable(new Dictionary<string, string> { ["Retry-After"] = "1" }), OperationJson());
        var call = Service(o => o.TimeProvider = Clock).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        // The runtime begins a wait of exactly the server's second on its clock; only moving the clock ends it.
        await Clock.WaitForTimerAsync(TimeSpan.FromSeconds(1), TestTimeout);
        Assert.False(call.IsCompleted);
        Assert.Single(Server.Requests);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await call;

        Assert.Equal(2, Server.Requests.Count);
        Assert.Contains("retrying in 1000 ms", Assert.Single(Logs.Events(ApiLogEvents.RetryScheduled)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryInfoDetail_IsHonoured()
    {
        Server.Responder = Sequence(
            CannedResponse.Json("""{"error":{"code":429,"message":"slow down","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"0.600s"}]}}""", 429),
            OperationJson());
        var call = Service(o => o.TimeProvider = Clock).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        await Clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(600), TestTimeout);
        Assert.False(call.IsCompleted);
        Assert.Single(Server.Requests);
        Clock.Advance(TimeSpan.FromMilliseconds(600));
        await call;

        Assert.Equal(2, Server.Requests.Count);
        Assert.Contains("retrying in 600 ms", Assert.Single(Logs.Events(ApiLogEvents.RetryScheduled)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerDelayBeyondTheBudget_FailsAtOnceWithTheDelay()
    {
        Server.Responder = _ => Unavailable(new Dictionary<string, string> { ["Retry-After"] = "30" });
        var policy = new RetryPolicy { InitialDelay = TimeSpan.FromMilliseconds(1), TotalBudget = TimeSpan.FromSeconds(2) };

        // The clock never moves: a wait begun here would never end, and the call would hang until the test's own bound.
        var ex = await Assert.ThrowsAsync<ApiException>(() =>
            Service(o => { o.Retry = policy; o.TimeProvider = Clock; }).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.DoesNotContain(TimeSpan.FromSeconds(30), Clock.DueTimes);
        Assert.Single(Server.Requests);
        Assert.Equal(TimeSpan.FromSeconds(30), ex.RetryAfter);
        Assert.Contains("retry budget", Assert.Single(Logs.Events(ApiLogEvents.RetryNotAttempted)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Retry-After", "4294968")]
    [InlineData("Retry-After", "2147483647")]
    [InlineData("RetryInfo", "4320000s")]
    [InlineData("RetryInfo", "922337203685s")]
    public async Task ServerDelayLongerThanAnyTimer_WithNoBudgetAndNoDeadline_FailsAtOnce(string form, string value)
    {
        // 4,294,968 s is just past the longest wait a timer can run (2^32 − 2 ms, ~49.7 days); 922,337,203,685 s is
        // near TimeSpan.MaxValue. Nothing bounds the call: no retry budget, no timeout.
        Server.Responder = _ => form == "Retry-After"
            ? Unavailable(new Dictionary<string, string> { ["Retry-After"] = value })
            : CannedResponse.Json($$$"""{"error":{"code":429,"message":"slow down","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"{{{value}}}"}]}}""", 429);
        var policy = new RetryPolicy { InitialDelay = TimeSpan.FromMilliseconds(1), TotalBudget = null };

        var ex = await Assert.ThrowsAsync<ApiException>(() =>
            Service(o => { o.Retry = policy; o.Timeout = null; o.TimeProvider = Clock; }).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Single(Server.Requests);
        Assert.Empty(Clock.DueTimes);
        Assert.True(ex.RetryAfter > TimeSpan.FromDays(49.7), $"RetryAfter {ex.RetryAfter}");
        Assert.Contains("longer than any wait the client begins", Assert.Single(Logs.Events(ApiLogEvents.RetryNotAttempted)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TotalBudget_StopsRetryingOnceSpent()
    {
        // Each attempt costs 150 ms of the runtime's clock (the server moves it before answering); backoff is zero.
        Server.Responder = _ =>
        {
            Clock.Advance(TimeSpan.FromMilliseconds(150));
            return Unavailable();
        };
        var policy = new RetryPolicy { MaxAttempts = 50, InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero, TotalBudget = TimeSpan.FromMilliseconds(500) };

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service(o => { o.Retry = policy; o.TimeProvider = Clock; }).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        // Retried at 150, 300 and 450 ms; after the fourth attempt (600 ms) the 500 ms budget is spent, far below MaxAttempts (50).
        Assert.Equal(4, ex.Attempts);
        Assert.Equal(ex.Attempts, Server.Requests.Count);
        Assert.Contains("retry budget", Assert.Single(Logs.Events(ApiLogEvents.RetryNotAttempted)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellationDuringBackoff_StopsWaitingAtOnce()
    {
        Server.Responder = _ => Unavailable(new Dictionary<string, string> { ["Retry-After"] = "30" });
        var policy = new RetryPolicy { TotalBudget = TimeSpan.FromMinutes(5) };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestTimeout);
        var service = Service(o => { o.Retry = policy; o.Timeout = TimeSpan.FromMinutes(2); o.TimeProvider = Clock; });
        var call = service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: cts.Token);
        await Logs.WaitForEventAsync(ApiLogEvents.RetryScheduled, TestTimeout);
        await Clock.WaitForTimerAsync(TimeSpan.FromSeconds(30), TestTimeout);

        // The clock never moves: the 30 s wait can only end because the caller cancelled.
        cts.Cancel();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task ConnectionReset_IsRetriedForAGet()
    {
        Server.Responder = Sequence(CannedResponse.Reset(), CannedResponse.Reset(), OperationJson());

        var operation = await Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        Assert.True(operation.Done);
        Assert.Equal(3, Server.Requests.Count);
    }

    [Fact]
    public async Task ConnectionReset_IsNotRetriedForAPost_AndSurfacesTheTransportError()
    {
        Server.Responder = Sequence(CannedResponse.Reset(), OperationJson());

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => Service().Projects.Locations.Operations.CancelAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Single(Server.Requests);
        Assert.Equal(1, ex.Data["DiscoveryGen.Attempts"]);
    }

    [Fact]
    public async Task ConnectionRefused_IsRetriedEvenForAPost_BecauseNothingWasSent()
    {
        var closed = await LoopbackServer.StartAsync();
        var deadUri = closed.BaseUri;
        await closed.DisposeAsync();
        var service = new CloudAICompanionService(Http, Options(o => o.BaseUri = deadUri));

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => service.Projects.Locations.Operations.CancelAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
        Assert.Equal(FastRetry.MaxAttempts, ex.Data["DiscoveryGen.Attempts"]);
        Assert.Equal(FastRetry.MaxAttempts - 1, Logs.Events(ApiLogEvents.RetryScheduled).Count());
    }

    [Fact]
    public void Backoff_IsFullJitterUnderAnExponentialCeiling()
    {
        var policy = new RetryPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), Multiplier = 2, MaxDelay = TimeSpan.FromMilliseconds(1000) };
        var random = new Random(1234);

        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.Ceiling(1));
        Assert.Equal(TimeSpan.FromMilliseconds(200), policy.Ceiling(2));
        Assert.Equal(TimeSpan.FromMilliseconds(800), policy.Ceiling(4));
        Assert.Equal(TimeSpan.FromMilliseconds(1000), policy.Ceiling(5));
        Assert.Equal(TimeSpan.FromMilliseconds(1000), policy.Ceiling(60));
        for (var retry = 1; retry <= 8; retry++)
        {
            var samples = Enumerable.Range(0, 200).Select(_ => policy.ComputeBackoff(retry, random)).ToArray();
            Assert.All(samples, d => Assert.InRange(d, TimeSpan.Zero, policy.Ceiling(retry)));
            Assert.True(samples.Min() < policy.Ceiling(retry) * 0.2, "full jitter reaches near zero");
            Assert.True(samples.Max() > policy.Ceiling(retry) * 0.8, "full jitter reaches near the ceiling");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void InvalidPolicy_IsRejected(int attempts)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ApiClient(Http, new ClientOptions { Retry = new RetryPolicy { MaxAttempts = attempts } }, new Uri("https://example.googleapis.com/")));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy { Multiplier = 0.5 }.Validate());
    }
}
