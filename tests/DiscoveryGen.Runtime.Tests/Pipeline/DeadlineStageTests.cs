using System;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Pipeline;

/// <summary><see cref="DeadlineStage"/> on a fake clock: the call's timeout, and caller cancellation told apart from it.</summary>
public sealed class DeadlineStageTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = Kit.Clock();

    private ApiClient Client(Action<ClientOptions>? configure = null) => Kit.Client(time: _time, configure: o =>
    {
        o.Timeout = Deadline;
        configure?.Invoke(o);
    });

    [Fact]
    public async Task CallPastItsTimeout_IsAnApiTimeoutException_NamingTheTimeoutAndTheAttempts()
    {
        var client = Client();
        var call = Kit.Call(client);
        var transport = new ScriptedStage(ScriptedStage.Hang);

        var run = Kit.Run(call, transport, new DeadlineStage(client.Options), new RetryStage(client.Options, new FixedRandom(0))).AsTask();
        _time.Advance(Deadline - TimeSpan.FromMilliseconds(1));
        Assert.False(run.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var ex = await Assert.ThrowsAsync<ApiTimeoutException>(() => run.Bounded());
        Assert.Equal(Deadline, ex.Timeout);
        Assert.Equal(1, ex.Attempts);
        Assert.Equal("test.items.get", ex.MethodId);
        Assert.Equal("test.items.get did not complete within its timeout of 00:00:05 (1 attempt(s)).", ex.Message);
        Assert.IsAssignableFrom<OperationCanceledException>(ex.InnerException);
    }

    [Fact]
    public async Task CallerCancellation_IsACancellationOnTheCallersToken_NamingTheMethod()
    {
        using var caller = new CancellationTokenSource();
        var client = Client();
        var call = Kit.Call(client, cancellationToken: caller.Token);
        var transport = new ScriptedStage(ScriptedStage.Hang);

        var run = Kit.Run(call, transport, new DeadlineStage(client.Options)).AsTask();
        caller.Cancel();

        var ex = await Assert.ThrowsAsync<OperationCanceledException>(() => run.Bounded());
        Assert.Equal(caller.Token, ex.CancellationToken);
        Assert.Equal("test.items.get was canceled by the caller.", ex.Message);
        Assert.IsNotType<ApiTimeoutException>(ex.InnerException);
    }

    [Fact]
    public async Task StagesInside_SeeTheDeadlineInTheirTokens()
    {
        var client = Client();
        var call = Kit.Call(client);
        var transport = new ScriptedStage(ScriptedStage.Succeed);

        await Kit.Run(call, transport, new DeadlineStage(client.Options)).AsTask();

        Assert.True(call.DeadlineToken.CanBeCanceled);
        Assert.Equal(call.CallToken, Assert.Single(transport.Tokens));
        Assert.NotEqual(call.CallerToken, call.CallToken);
    }

    [Fact]
    public void WithoutATimeoutOrACancelableToken_TheStageAddsNothing()
    {
        var client = Client(o => o.Timeout = Timeout.InfiniteTimeSpan);
        var call = Kit.Call(client);
        var transport = new ScriptedStage(ScriptedStage.Succeed);

        var run = Kit.Run(call, transport, new DeadlineStage(client.Options));

        Assert.True(run.IsCompletedSuccessfully);
        Assert.False(call.DeadlineToken.CanBeCanceled);
        Assert.False(Assert.Single(transport.Tokens).CanBeCanceled);
    }

    [Fact]
    public async Task OtherExceptions_PassThroughUnchanged()
    {
        var client = Client();
        var call = Kit.Call(client);
        var failure = new InvalidOperationException("not a cancellation");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Kit.Run(call, new ScriptedStage(ScriptedStage.Throw(failure)), new DeadlineStage(client.Options)).AsTask());

        Assert.Same(failure, ex);
    }
}
