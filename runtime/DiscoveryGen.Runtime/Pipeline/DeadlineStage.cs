using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>
/// Bounds the whole call (every attempt, every backoff wait, reading the answer) by <see cref="ClientOptions.Timeout"/>
/// and reports how it was cut short: past the deadline as <see cref="ApiTimeoutException"/>, by the caller as an
/// <see cref="OperationCanceledException"/> on the caller's token that names the method.
/// </summary>
internal sealed class DeadlineStage : CallStage
{
    private readonly ClientOptions _options;

    public DeadlineStage(ClientOptions options) => _options = options;

    public override ValueTask ProcessAsync(CallContext call, ReadOnlyMemory<CallStage> next) =>
        call.Timeout is null && !call.CallerToken.CanBeCanceled ? ProcessNextAsync(call, next) : BoundAsync(call, next);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask BoundAsync(CallContext call, ReadOnlyMemory<CallStage> next)
    {
        using var timeoutCts = call.Timeout is { } timeout ? new CancellationTokenSource(timeout, _options.TimeProvider) : null;
        using var linkedCts = timeoutCts is null ? null : CancellationTokenSource.CreateLinkedTokenSource(call.CallerToken, timeoutCts.Token);
        if (timeoutCts is not null)
        {
            call.DeadlineToken = timeoutCts.Token;
            call.CallToken = linkedCts!.Token;
            call.AttemptToken = linkedCts.Token;
        }

        try
        {
            await ProcessNextAsync(call, next).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (call.CallerToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"{call.MethodId} was canceled by the caller.", ex, call.CallerToken);
        }
        catch (OperationCanceledException ex) when (timeoutCts?.IsCancellationRequested == true)
        {
            throw new ApiTimeoutException(
                call.MethodId,
                call.Timeout!.Value,
                call.Attempt,
                $"{call.MethodId} did not complete within its timeout of {Durations.Format(call.Timeout.Value)} ({call.Attempt} attempt(s)).",
                ex);
        }
    }
}
