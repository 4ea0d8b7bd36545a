using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Runtime.Gemini;
using Xunit;

namespace DiscoveryGen.Runtime.Tests;

/// <summary>Per-call and per-attempt deadlines are reported as timeouts; the caller's cancellation as cancellation.</summary>
public sealed class TimeoutTests : LoopbackTest
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task CallTimeout_IsReportedAsATimeout()
    {
        Server.Responder = _ => OperationJson() with { Delay = Slow };
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<ApiTimeoutException>(() =>
            Service(o => o.Timeout = TimeSpan.FromMilliseconds(300)).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        Assert.IsAssignableFrom<TimeoutException>(ex);
        Assert.Equal(TimeSpan.FromMilliseconds(300), ex.Timeout);
        Assert.Equal("cloudaicompanion.projects.locations.operations.get", ex.MethodId);
        Assert.Contains("did not complete within its timeout of 00:00:00.3000000", ex.Message, StringComparison.Ordinal);
        Assert.Single(Logs.Events(ApiLogEvents.CallTimedOut));
    }

    [Fact]
    public async Task PerCallTimeout_OverridesTheServiceTimeout()
    {
        Server.Responder = _ => OperationJson() with { Delay = Slow };
        var options = new RequestOptions { Timeout = TimeSpan.FromMilliseconds(200) };

        var ex = await Assert.ThrowsAsync<ApiTimeoutException>(() => Service().Projects.Locations.Operations.GetAsync(OperationName, options, TestTimeout));

        Assert.Equal(TimeSpan.FromMilliseconds(200), ex.Timeout);
    }

    [Fact]
    public async Task CallTimeout_CoversBackoffWaits()
    {
        Server.Responder = _ => Unavailable(new System.Collections.Generic.Dictionary<string, string> { ["Retry-After"] = "8" });
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<ApiException>(() =>
            Service(o => o.Timeout = TimeSpan.FromSeconds(4)).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout));

        // A wait that would outlast the deadline is not begun: the last real error is reported at once.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        Assert.Contains("timeout", Assert.Single(Logs.Events(ApiLogEvents.RetryNotAttempted)).Message, StringComparison.Ordinal);
        Assert.Single(Server.Requests);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ex.StatusCode);
    }

    [Fact]
    public async Task CallerCancellation_IsReportedAsCancellation()
    {
        Server.Responder = _ => OperationJson() with { Delay = Slow };
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Service(o => o.Timeout = TimeSpan.FromSeconds(5)).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: cts.Token));

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
        Server.Responder = Sequence(OperationJson() with { Delay = Slow }, OperationJson());

        var operation = await Service(o => o.AttemptTimeout = TimeSpan.FromSeconds(1)).Projects.Locations.Operations.GetAsync(OperationName, cancellationToken: TestTimeout);

        Assert.True(operation.Done);
        Assert.Equal(2, Server.Requests.Count);
        Assert.Contains("timed out", Assert.Single(Logs.Events(ApiLogEvents.RetryScheduled)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttemptTimeout_OfAPost_IsATimeoutNotARetry()
    {
        Server.Responder = _ => OperationJson() with { Delay = Slow };

        var ex = await Assert.ThrowsAsync<ApiTimeoutException>(() =>
            Service(o => o.AttemptTimeout = TimeSpan.FromSeconds(1)).Projects.Locations.Operations.CancelAsync(OperationName, cancellationToken: TestTimeout));

        Assert.Single(Server.Requests);
        Assert.Equal(1, ex.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(1), ex.Timeout);
    }

    [Fact]
    public async Task HttpClientTimeout_IsAlsoReportedAsATimeout()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        Server.Responder = _ => OperationJson() with { Delay = Slow };
        var service = new CloudAICompanionService(http, Options());

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
