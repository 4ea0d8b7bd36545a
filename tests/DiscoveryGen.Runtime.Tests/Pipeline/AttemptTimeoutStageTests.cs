using System;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Pipeline;

/// <summary><see cref="AttemptTimeoutStage"/> on a fake clock: an attempt past its limit is a retryable failure, nothing else is.</summary>
public sealed class AttemptTimeoutStageTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = Kit.Clock();

    private ApiClient Client(Action<ClientOptions>? configure = null) => Kit.Client(time: _time, configure: o =>
    {
        o.AttemptTimeout = Limit;
        configure?.Invoke(o);
    });

    [Fact]
    public async Task AttemptRunningPastItsLimit_EndsAsARetryableFailure_NotAnException()
    {
        var client = Client();
        var call = Kit.Call(client);
        var transport = new ScriptedStage(ScriptedStage.Hang);

        var run = Kit.Run(call, transport, new AttemptTimeoutStage(client.Options)).AsTask();
        _time.Advance(Limit - TimeSpan.FromMilliseconds(1));
        Assert.False(run.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await run.Bounded();

        var failure = Assert.IsType<AttemptFailure>(call.Failure);
        Assert.Equal(Limit, failure.Limit);
        Assert.True(failure.Retryable);
        Assert.IsAssignableFrom<OperationCanceledException>(failure.Original);
        Assert.Equal(call.CallToken, call.AttemptToken);
    }

    [Fact]
    public async Task CallerCancellation_IsNotAnAttemptTimeout()
    {
        using var caller = new CancellationTokenSource();
        var client = Client();
        var call = Kit.Call(client, cancellationToken: caller.Token);
        var transport = new ScriptedStage(ScriptedStage.Hang);

        var run = Kit.Run(call, transport, new AttemptTimeoutStage(client.Options)).AsTask();
        caller.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.Bounded());
        Assert.Null(call.Failure);
    }

    [Fact]
    public void WithoutALimit_TheAttemptRunsOnTheCallsToken()
    {
        using var caller = new CancellationTokenSource();
        var client = Client(o => o.AttemptTimeout = null);
        var call = Kit.Call(client, cancellationToken: caller.Token);
        var transport = new ScriptedStage(ScriptedStage.Succeed);

        var run = Kit.Run(call, transport, new AttemptTimeoutStage(client.Options));

        Assert.True(run.IsCompletedSuccessfully);
        Assert.Equal(caller.Token, Assert.Single(transport.Tokens));
    }

    [Fact]
    public async Task EachAttempt_HasItsOwnLimit_AndTheLastTimeoutEndsTheCall()
    {
        var client = Client(o => o.Retry = new RetryPolicy { MaxAttempts = 2, InitialDelay = TimeSpan.Zero });
        var call = Kit.Call(client);
        var transport = new ScriptedStage(ScriptedStage.Hang);

        var run = Kit.Run(call, transport, new RetryStage(client.Options, new FixedRandom(0)), new AttemptTimeoutStage(client.Options)).AsTask();
        _time.Advance(Limit);
        await Kit.Until(() => transport.Calls == 2);
        Assert.False(run.IsCompleted);
        _time.Advance(Limit);

        var ex = await Assert.ThrowsAsync<ApiTimeoutException>(() => run.Bounded());
        Assert.Equal(Limit, ex.Timeout);
        Assert.Equal(2, ex.Attempts);
        Assert.NotEqual(transport.Tokens[0], transport.Tokens[1]);
    }

    [Fact]
    public async Task TokenProviderRunningPastTheLimit_IsAnAttemptTimeoutToo()
    {
        var hanging = AccessTokenProvider.FromCallback(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return "never";
        });
        var client = Client(o => o.AccessTokenProvider = hanging);
        var call = Kit.Call(client);
        var transport = new ScriptedStage(ScriptedStage.Succeed);

        var run = Kit.Run(call, transport, new AttemptTimeoutStage(client.Options), new AuthorizationStage(Kit.BaseUri)).AsTask();
        _time.Advance(Limit);
        await run.Bounded();

        Assert.Equal(Limit, call.Failure?.Limit);
        Assert.Equal(0, transport.Calls);
    }
}
