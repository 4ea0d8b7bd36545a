using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Runtime.Gemini;
using Xunit;

namespace DiscoveryGen.Runtime.Tests;

/// <summary>
/// Per-call and per-attempt deadlines are reported as timeouts; the caller's cancellation as cancellation. The
/// deadlines run on <see cref="LoopbackTest.Clock"/>: the server holds its answer until the client leaves, and the test
/// moves the clock once the server has the request, so no test depends on how fast a loaded machine is.
/// </summary>
public sealed class TimeoutTests : LoopbackTest
{
    /// <summary>An answer that never comes: the server holds the request until the client goes away.</summary>
    private static CannedResponse Hanging() => OperationJson() with { Delay = CannedResponse.Forever };

    [Fact]
    public async Task CallTimeout_IsReportedAsATimeout()
    {
        Server.Responder = _ => Hanging();
        var call = Service(o => { o.TimeProvider = Clock; o.Timeout = TimeSpan.FromMilliseconds(300); })
            .Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);
        await Server.WaitForRequestsAsync(1, TestTimeout);

        Clock.Advance(TimeSpan.FromMilliseconds(300));
        var ex = await Assert.ThrowsAsync<ApiTimeoutException>(() => call);

        Assert.IsAssignableFrom<TimeoutException>(ex);
        Assert.Equal(TimeSpan.FromMilliseconds(300), ex.Timeout);
        Assert.Equal("cloudaicompanion.projects.locations.operations.get", ex.MethodId);
        Assert.Contains("did not complete within its timeout of 00:00:00.3000000", ex.Message, StringComparison.Ordinal);
        Assert.Single(Logs.Events(ApiLogEvents.CallTimedOut));
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task PerCallTimeout_OverridesTheServiceTimeout()
    {
        Server.Responder = _ => Hanging();
        var options = new RequestOptions { Timeout = TimeSpan.FromMilliseconds(200) };
        var call = Service(o => o.TimeProvider = Clock).Projects.Locations.Operations.GetAsync(OperationName, options, TestTimeout);
        await Server.WaitForRequestsAsync(1, TestTimeout);

        // The service's own timeout (60 s on this clock) never comes near: only the per-call 200 ms can end the call.
        Clock.Advance(TimeSpan.FromMilliseconds(200));
        var ex = await Assert.ThrowsAsync<ApiTimeoutException>(() => call);

        Assert.Equal(TimeSpan.FromMilliseconds(200), ex.Timeout);
    }

    [Fact]
    public async Task CallTimeout_CoversBackoffWaits()
    {
        Server.Responder = _ => Unavailable(new System.Collections.Generic.Dictionary<string, string> { ["Retry-After"] = "8" });

        // The clock never moves: had the runtime begun the 8 s wait, the call would hang until the test's own bound.
        var ex = await Assert.ThrowsAsync<ApiException>(() =>
            Service(o => { o.TimeProvider = Clock; o.Timeout = TimeSpan.FromSeconds(4); }).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        // A wait that would outlast the deadline is not begun: the last real error is reported at once.
        Assert.DoesNotContain(TimeSpan.FromSeconds(8), Clock.DueTimes);
        Assert.Contains("timeout", Assert.Single(Logs.Events(ApiLogEvents.RetryNotAttempted)).Message, StringComparison.Ordinal);
        Assert.Single(Server.Requests);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ex.StatusCode);
    }

    [Fact]
    public async Task CallerCancellation_IsReportedAsCancellation()
    {
        Server.Responder = _ => Hanging();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestTimeout);
        var call = Service(o => { o.TimeProvider = Clock; o.Timeout = TimeSpan.FromSeconds(5); })
            .Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: cts.Token);
        await Server.WaitForRequestsAsync(1, TestTimeout);

        cts.Cancel();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Assert.IsNotType<ApiTimeoutException>(ex);
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Contains("canceled by the caller", ex.Message, StringComparison.Ordinal);
        Assert.Single(Logs.Events(ApiLogEvents.CallCanceled));
    }

    [Fact]
    public async Task AlreadyCanceledToken_SendsNothing()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: cts.Token));

        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task AttemptTimeout_RetriesAnIdempotentCall()
    {
        Server.Responder = Sequence(Hanging(), OperationJson());
        var call = Service(o => { o.TimeProvider = Clock; o.Retry = TestRetry.Immediate(); o.AttemptTimeout = TimeSpan.FromSeconds(1); })
            .Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);
        await Server.WaitForRequestsAsync(1, TestTimeout);

        Clock.Advance(TimeSpan.FromSeconds(1));
        var operation = await call;

        Assert.True(operation.Done);
        Assert.Equal(2, Server.Requests.Count);
        Assert.Contains("timed out", Assert.Single(Logs.Events(ApiLogEvents.RetryScheduled)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttemptTimeout_OfAPost_IsATimeoutNotARetry()
    {
        Server.Responder = _ => Hanging();
        var call = Service(o => { o.TimeProvider = Clock; o.Retry = TestRetry.Immediate(); o.AttemptTimeout = TimeSpan.FromSeconds(1); })
            .Projects.Locations.Operations.CancelAsync(OperationName, cancellationToken: TestTimeout);
        await Server.WaitForRequestsAsync(1, TestTimeout);

        Clock.Advance(TimeSpan.FromSeconds(1));
        var ex = await Assert.ThrowsAsync<ApiTimeoutException>(() => call);

        Assert.Single(Server.Requests);
        Assert.Equal(1, ex.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(1), ex.Timeout);
    }

    [Fact]
    public async Task HttpClientTimeout_IsAlsoReportedAsATimeout()
    {
        // HttpClient.Timeout runs on the real clock; the runtime's own deadlines are on the test's clock, so only
        // HttpClient's 1 s can end this call (the server never answers).
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        Server.Responder = _ => Hanging();
        var service = new CloudAICompanionService(http, Options(o => o.TimeProvider = Clock));

        var ex = await Assert.ThrowsAsync<ApiTimeoutException>(() => service.Projects.Locations.Operations.CancelAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Equal(TimeSpan.FromSeconds(1), ex.Timeout);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task NonPositiveTimeout_IsRejectedBeforeSending()
    {
        var service = Service(o => o.Timeout = TimeSpan.Zero);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => service.Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));
        Assert.Empty(Server.Requests);
    }
}
