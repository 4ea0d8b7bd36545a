using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Pipeline;

/// <summary><see cref="DiagnosticsStage"/>: one span per call, and the call's outcome logged exactly once.</summary>
public sealed class DiagnosticsStageTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = Kit.Clock();
    private readonly CapturingLogger _logs = new();

    private static readonly int[] OutcomeEvents =
        [ApiLogEvents.CallSucceeded, ApiLogEvents.CallFailed, ApiLogEvents.CallTimedOut, ApiLogEvents.CallCanceled];

    private ApiClient Client(Action<ClientOptions>? configure = null) => Kit.Client(time: _time, configure: o =>
    {
        o.Logger = _logs;
        configure?.Invoke(o);
    });

    private static DiagnosticsStage Stage(ApiClient client) => new(client.Options, client.BaseUri, "/v1/");

    private ApiLogEntry SingleOutcome() => Assert.Single(_logs.Entries, e => OutcomeEvents.Contains(e.EventId));

    [Fact]
    public async Task Success_IsLoggedOnce_WithItsAttemptsAndTheTimeOnTheClientsClock()
    {
        var client = Client();
        var call = Kit.Call(client);
        var transport = new ScriptedStage(ScriptedStage.Fail(c => Kit.Unavailable(c)), ScriptedStage.Succeed);

        var run = Kit.Run(call, transport, Stage(client), new RetryStage(client.Options, new FixedRandom(0.5))).AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(50));
        await run.Bounded();

        var outcome = SingleOutcome();
        Assert.Equal(ApiLogEvents.CallSucceeded, outcome.EventId);
        Assert.Equal(ApiLogLevel.Debug, outcome.Level);
        Assert.Equal("test.items.get GET succeeded in 50 ms after 2 attempt(s)", outcome.Message);
    }

    [Fact]
    public async Task Failure_IsLoggedOnce_AsAWarningCarryingTheException()
    {
        var client = Client();
        var call = Kit.Call(client);
        var notFound = new ApiException(call.MethodId, HttpStatusCode.NotFound, null, null, "test.items.get failed with HTTP 404");

        var ex = await Assert.ThrowsAsync<ApiException>(() => Kit.Run(call, new ScriptedStage(ScriptedStage.Throw(notFound)), Stage(client)).AsTask());

        Assert.Same(notFound, ex);
        var outcome = SingleOutcome();
        Assert.Equal(ApiLogEvents.CallFailed, outcome.EventId);
        Assert.Equal(ApiLogLevel.Warning, outcome.Level);
        Assert.Same(notFound, outcome.Exception);
    }

    [Fact]
    public async Task Timeout_IsLoggedAsCallTimedOut()
    {
        var client = Client();
        var call = Kit.Call(client);
        var timedOut = new ApiTimeoutException(call.MethodId, TimeSpan.FromSeconds(1), 1, "timed out");

        await Assert.ThrowsAsync<ApiTimeoutException>(() => Kit.Run(call, new ScriptedStage(ScriptedStage.Throw(timedOut)), Stage(client)).AsTask());

        Assert.Equal(ApiLogEvents.CallTimedOut, SingleOutcome().EventId);
    }

    [Fact]
    public async Task CallerCancellation_IsLoggedAsCanceled_NotAsAFailure()
    {
        using var caller = new CancellationTokenSource();
        var client = Client();
        var call = Kit.Call(client, cancellationToken: caller.Token);
        caller.Cancel();

        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            Kit.Run(call, new ScriptedStage(ScriptedStage.Throw(new OperationCanceledException(caller.Token))), Stage(client)).AsTask());

        var outcome = SingleOutcome();
        Assert.Equal(ApiLogEvents.CallCanceled, outcome.EventId);
        Assert.Equal(ApiLogLevel.Debug, outcome.Level);
    }

    [Fact]
    public async Task SecretsOfTheCall_NeverReachTheLog()
    {
        const string Key = "AIzaSy-test-key-0123456789";
        var client = Client(o => o.ApiKey = Key);
        var call = Kit.Call(client);
        var echoed = new InvalidOperationException($"the server said: bad key {Key}");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Kit.Run(call, new ScriptedStage(ScriptedStage.Throw(echoed)), Stage(client)).AsTask());

        var outcome = SingleOutcome();
        Assert.DoesNotContain(Key, outcome.Message, StringComparison.Ordinal);
        Assert.Contains("bad key [REDACTED]", outcome.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, string.Join(",", outcome.Properties.Select(p => p.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSpan_NamesTheCallAndRecordsItsOutcome()
    {
        using var spans = new ActivityCollector();
        var method = new MethodDescriptor("test.diagnostics.span", "GET", "things/{name}", null, [Kit.Scope], []);
        var client = Client();
        var call = Kit.Call(client, Kit.Request(method, "things/a"));
        var transport = new ScriptedStage(ScriptedStage.Fail(c => Kit.Unavailable(c)), ScriptedStage.Succeed);

        await Kit.Run(call, transport, Stage(client), new RetryStage(client.Options, new FixedRandom(0))).AsTask().Bounded();

        var span = Assert.Single(spans.Stopped, a => Equals(a.GetTagItem("discoverygen.method.id"), method.Id));
        Assert.Equal("GET /v1/things/{name}", span.DisplayName);
        Assert.Equal(2, span.GetTagItem("discoverygen.attempt_count"));
        Assert.Equal(1, span.GetTagItem("http.request.resend_count"));
        Assert.Equal("503", Assert.Single(span.Events).Tags.Single(t => t.Key == "error.type").Value);
        Assert.Null(call.Failure);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LogEvents_AllocateNothing_WhenNoLoggerWantsThem(bool loggerAtWarningOnly)
    {
        // CallLog.Succeeded runs on every call: its values (boxed numbers in an array) must not be built for nobody.
        var client = Kit.Client(time: _time, configure: o => o.Logger = loggerAtWarningOnly ? new WarningsOnly() : null);
        var call = Kit.Call(client);
        var failure = Kit.Unavailable(call);
        CallLog.Succeeded(call, 1, TimeSpan.FromMilliseconds(5));
        CallLog.RetryScheduled(call, failure, 1, TimeSpan.FromMilliseconds(5));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            CallLog.Succeeded(call, 1, TimeSpan.FromMilliseconds(5));
            CallLog.RetryNotAttempted(call, failure, 1, "why");
            CallLog.Canceled(call, 1);
            CallLog.RetryScheduled(call, failure, 1, TimeSpan.FromMilliseconds(5));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private sealed class WarningsOnly : IApiLogger
    {
        public bool IsEnabled(ApiLogLevel level) => level >= ApiLogLevel.Warning;

        public void Log(ApiLogEntry entry) => throw new InvalidOperationException("nothing below Warning is logged here");
    }
}
