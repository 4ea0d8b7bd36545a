using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>
/// Bounds one attempt (its token, its exchange, reading its answer) by <see cref="ClientOptions.AttemptTimeout"/>, on
/// the client's <see cref="TimeProvider"/>. An attempt past it is a retryable failure, not the end of the call.
/// </summary>
internal sealed class AttemptTimeoutStage : CallStage
{
    private readonly ClientOptions _options;

    public AttemptTimeoutStage(ClientOptions options) => _options = options;

    public override ValueTask ProcessAsync(CallContext call, ReadOnlyMemory<CallStage> next) =>
        call.AttemptTimeout is { } limit ? BoundAsync(call, limit, next) : ProcessNextAsync(call, next);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask BoundAsync(CallContext call, TimeSpan limit, ReadOnlyMemory<CallStage> next)
    {
        using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(call.CallToken);

        // A linked source has no CancelAfter(TimeProvider); a timer of the same clock cancels it (disposed first, below).
        using var attemptTimer = _options.TimeProvider.CreateTimer(
            static s =>
            {
                try
                {
                    ((CancellationTokenSource)s!).Cancel();
                }
                catch (ObjectDisposedException)
                {
                }
            },
            attemptCts,
            limit,
            Timeout.InfiniteTimeSpan);
        call.AttemptToken = attemptCts.Token;
        try
        {
            await ProcessNextAsync(call, next).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (attemptCts.IsCancellationRequested && !call.CanceledFromOutside)
        {
            call.Failure = AttemptFailure.AttemptTimedOut(ex, limit);
        }
        finally
        {
            call.AttemptToken = call.CallToken;
        }
    }
}
