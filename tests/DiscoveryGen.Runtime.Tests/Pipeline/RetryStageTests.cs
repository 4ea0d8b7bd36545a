using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Pipeline;

/// <summary><see cref="RetryStage"/> over a scripted transport on a fake clock: which failures are retried, when, and what ends the call.</summary>
public sealed class RetryStageTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = Kit.Clock();
    private readonly CapturingLogger _logs = new();

    private ApiClient Client(Action<ClientOptions>? configure = null) => Kit.Client(time: _time, configure: o =>
    {
        o.Logger = _logs;
        configure?.Invoke(o);
    });

    private RetryStage Retry(ApiClient client, double jitter = 0.5) => new(client.Options, new FixedRandom(jitter));

    [Fact]
    public async Task RetryableFailure_IsRetriedAfterItsBackoff_OnTheClientsClock()
    {
        var client = Client();
        var call = Kit.Call(client);
        var transport = new ScriptedStage(ScriptedStage.Fail(c => Kit.Unavailable(c)), ScriptedStage.Succeed);

        var run = Kit.Run(call, transport, Retry(client)).AsTask();

        // Full jitter at 0.5 under a 100 ms ceiling: 50 ms.
        Assert.Equal(1, transport.Calls);
        _time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Equal(1, transport.Calls);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await run.Bounded();
        Assert.Equal(2, transport.Calls);
        Assert.Equal(2, call.Attempt);
        var scheduled = Assert.Single(_logs.Events(ApiLogEvents.RetryScheduled));
        Assert.Contains(scheduled.Properties, p => p.Key == "DelayMs" && Equals(p.Value, 50L));
    }

    [Fact]
    public async Task ServerRequestedDelay_LongerThanTheBackoff_IsWaitedInFull()
    {
        var client = Client();
        var call = Kit.Call(client);
        var transport = new ScriptedStage(ScriptedStage.Fail(c => Kit.Unavailable(c, retryAfter: TimeSpan.FromSeconds(2))), ScriptedStage.Succeed);

        var run = Kit.Run(call, transport, Retry(client)).AsTask();

        _time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal(1, transport.Calls);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await run.Bounded();
        Assert.Equal(2, transport.Calls);
    }

    [Fact]
    public async Task NonIdempotentCall_IsNotRetried_AndTheLogSaysWhy()
    {
        var client = Client();
        var call = Kit.Call(client, Kit.Request(Kit.Post, "v1/items"));
        var transport = new ScriptedStage(ScriptedStage.Fail(c => Kit.Unavailable(c)));

        var ex = await Assert.ThrowsAsync<ApiException>(() => Kit.Run(call, transport, Retry(client)).AsTask());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(1, transport.Calls);
        Assert.Contains("not idempotent", Assert.Single(_logs.Events(ApiLogEvents.RetryNotAttempted)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailureBeforeAnythingWasSent_IsRetriedEvenForAPost()
    {
        var client = Client();
        var call = Kit.Call(client, Kit.Request(Kit.Post, "v1/items"));
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused");
        var transport = new ScriptedStage(ScriptedStage.Fail(_ => AttemptFailure.Transport(refused, nothingSent: true, "the connection failed")), ScriptedStage.Succeed);

        await Kit.Run(call, transport, Retry(client, jitter: 0)).AsTask().Bounded();

        Assert.Equal(2, transport.Calls);
    }

    [Fact]
    public async Task MaxAttempts_EndsTheCall_WithTheLastFailure_AndCountsTheAttempts()
    {
        var client = Client();
        var call = Kit.Call(client);
        var reset = new HttpRequestException(HttpRequestError.ResponseEnded, "reset");
        var transport = new ScriptedStage(ScriptedStage.Fail(_ => AttemptFailure.Transport(reset, nothingSent: false, "the connection failed")));

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => Kit.Run(call, transport, Retry(client, jitter: 0)).AsTask().Bounded());

        Assert.Same(reset, ex);
        Assert.Equal(4, transport.Calls);
        Assert.Equal(4, ex.Data["DiscoveryGen.Attempts"]);
        Assert.Equal(3, _logs.Events(ApiLogEvents.RetryScheduled).Count());
        Assert.Contains("MaxAttempts (4) was reached", Assert.Single(_logs.Events(ApiLogEvents.RetryNotAttempted)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitBeyondTheRetryBudget_EndsTheCallAtOnce()
    {
        var client = Client();
        var call = Kit.Call(client);
        var transport = new ScriptedStage(ScriptedStage.Fail(c => Kit.Unavailable(c, retryAfter: TimeSpan.FromSeconds(20))));

        var ex = await Assert.ThrowsAsync<ApiException>(() => Kit.Run(call, transport, Retry(client)).AsTask());

        Assert.Equal(TimeSpan.FromSeconds(20), ex.RetryAfter);
        Assert.Equal(1, transport.Calls);
        Assert.Contains("retry budget (00:00:10) would be exceeded", Assert.Single(_logs.Events(ApiLogEvents.RetryNotAttempted)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(49.72)]
    [InlineData(10_000_000.0)]
    public async Task WaitLongerThanAnyTimer_WithNoBudgetAndNoDeadline_EndsTheCallAtOnce(double days)
    {
        var client = Client(o => o.Retry = new RetryPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), TotalBudget = null });
        var call = Kit.Call(client, options: new RequestOptions { Timeout = Timeout.InfiniteTimeSpan });
        var transport = new ScriptedStage(ScriptedStage.Fail(c => Kit.Unavailable(c, retryAfter: TimeSpan.FromDays(days))));

        var ex = await Assert.ThrowsAsync<ApiException>(() => Kit.Run(call, transport, Retry(client)).AsTask().Bounded());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(1, transport.Calls);
        Assert.Contains("longer than any wait the client begins", Assert.Single(_logs.Events(ApiLogEvents.RetryNotAttempted)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitOfTheLongestTimer_IsBegun()
    {
        var client = Client(o => o.Retry = new RetryPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), TotalBudget = null });
        var call = Kit.Call(client, options: new RequestOptions { Timeout = Timeout.InfiniteTimeSpan });
        var transport = new ScriptedStage(ScriptedStage.Fail(c => Kit.Unavailable(c, retryAfter: RetryStage.LongestWait)), ScriptedStage.Succeed);

        var run = Kit.Run(call, transport, Retry(client)).AsTask();

        _time.Advance(RetryStage.LongestWait);
        await run.Bounded();
        Assert.Equal(2, transport.Calls);
    }

    [Fact]
    public async Task WaitPastTheCallsTimeout_EndsTheCallAtOnce()
    {
        var client = Client(o => o.Timeout = TimeSpan.FromSeconds(1));
        var call = Kit.Call(client);
        var transport = new ScriptedStage(ScriptedStage.Fail(c => Kit.Unavailable(c, retryAfter: TimeSpan.FromSeconds(2))));

        await Assert.ThrowsAsync<ApiException>(() => Kit.Run(call, transport, Retry(client)).AsTask());

        Assert.Equal(1, transport.Calls);
        Assert.Contains("call's timeout (00:00:01) would elapse", Assert.Single(_logs.Events(ApiLogEvents.RetryNotAttempted)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unauthorized_WithATokenProvider_IsRepeatedOnceWithAFreshToken_EvenForAPost()
    {
        var client = Client(o => o.AccessTokenProvider = AccessTokenProvider.FromToken("t"));
        var call = Kit.Call(client, Kit.Request(Kit.Post, "v1/items"));
        var unauthorized = ScriptedStage.Fail(c => AttemptFailure.Status(new ApiException(c.MethodId, HttpStatusCode.Unauthorized, null, null, "401"), c.Policy));
        var transport = new ScriptedStage(unauthorized);

        var ex = await Assert.ThrowsAsync<ApiException>(() => Kit.Run(call, transport, Retry(client)).AsTask().Bounded());

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal(2, transport.Calls);
        Assert.True(call.RefreshedAfterUnauthorized);
        Assert.True(call.ForceTokenRefresh);
    }

    [Fact]
    public async Task Unauthorized_OfABodyThatCannotBeSentTwice_IsNotRepeated()
    {
        var client = Client(o => o.AccessTokenProvider = AccessTokenProvider.FromToken("t"));
        var call = Kit.Start(new CallContext<string?>(client, Kit.Request(Kit.Post, "v1/items"), null, Kit.ReadName) { Replayable = false });
        var transport = new ScriptedStage(ScriptedStage.Fail(c => AttemptFailure.Status(new ApiException(c.MethodId, HttpStatusCode.Unauthorized, null, null, "401"), c.Policy)));

        await Assert.ThrowsAsync<ApiException>(() => Kit.Run(call, transport, Retry(client)).AsTask());

        Assert.Equal(1, transport.Calls);
    }

    [Fact]
    public async Task AttemptTimeout_AsTheLastFailure_BecomesAnApiTimeoutException()
    {
        var client = Client(o => o.Retry = RetryPolicy.None);
        var call = Kit.Call(client);
        var canceled = new OperationCanceledException();
        var transport = new ScriptedStage(ScriptedStage.Fail(_ => AttemptFailure.AttemptTimedOut(canceled, TimeSpan.FromSeconds(2))));

        var ex = await Assert.ThrowsAsync<ApiTimeoutException>(() => Kit.Run(call, transport, Retry(client)).AsTask());

        Assert.Equal(TimeSpan.FromSeconds(2), ex.Timeout);
        Assert.Equal(1, ex.Attempts);
        Assert.Same(canceled, ex.InnerException);
        Assert.Contains("per-attempt timeout of 00:00:02", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodyThatBrokeOff_AsTheLastFailure_BecomesAnApiExceptionWithItsStatus()
    {
        var client = Client(o => o.Retry = RetryPolicy.None);
        var call = Kit.Call(client);
        var broken = new System.IO.IOException("reset");
        var transport = new ScriptedStage(ScriptedStage.Fail(_ => AttemptFailure.Transport(broken, nothingSent: false, "the response body could not be read", HttpStatusCode.OK)));

        var ex = await Assert.ThrowsAsync<ApiException>(() => Kit.Run(call, transport, Retry(client)).AsTask());

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Same(broken, ex.InnerException);
        Assert.Contains("the 200 response body could not be read (reset) after 1 attempt(s)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Success_EndsAtOnce_WithoutWaiting()
    {
        var client = Client();
        var call = Kit.Call(client);
        var transport = new ScriptedStage(ScriptedStage.Succeed);

        var run = Kit.Run(call, transport, Retry(client));

        Assert.True(run.IsCompletedSuccessfully);
        Assert.Equal(1, call.Attempt);
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public async Task BackoffWait_EndsWhenTheCallIsCanceled()
    {
        using var caller = new CancellationTokenSource();
        var client = Client();
        var call = Kit.Call(client, cancellationToken: caller.Token);
        var transport = new ScriptedStage(ScriptedStage.Fail(c => Kit.Unavailable(c)));

        var run = Kit.Run(call, transport, Retry(client)).AsTask();
        caller.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.Bounded());
        Assert.Equal(1, transport.Calls);
    }
}
