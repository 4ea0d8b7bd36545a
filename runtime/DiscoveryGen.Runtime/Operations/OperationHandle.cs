using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime;

/// <summary>
/// A handle on a google.longrunning operation: poll it until done (<see cref="WaitAsync"/>), read the typed result, or
/// cancel it. Create one from a method's <c>Start…Async</c> or, to resume after a restart, from the operation's name
/// with the service's <c>TrackOperation</c>.
/// </summary>
/// <typeparam name="TOperation">The document's generated <c>Operation</c> type.</typeparam>
public sealed class OperationHandle<TOperation>
    where TOperation : class, ILongRunningOperation
{
    private readonly Func<string, CancellationToken, Task<TOperation>> _get;
    private readonly Func<string, CancellationToken, Task>? _cancel;
    private readonly Func<JsonElement, object>? _unpack;

    /// <summary>Creates a handle. Called by generated code.</summary>
    public OperationHandle(
        TOperation latest,
        Func<string, CancellationToken, Task<TOperation>> get,
        Func<string, CancellationToken, Task>? cancel,
        Func<JsonElement, object>? unpack)
    {
        ArgumentNullException.ThrowIfNull(latest);
        Name = latest.OperationName is { Length: > 0 } name
            ? name
            : throw new ArgumentException("The operation has no name, so it cannot be polled.", nameof(latest));
        Latest = latest;
        _get = get ?? throw new ArgumentNullException(nameof(get));
        _cancel = cancel;
        _unpack = unpack;
    }

    /// <summary>The operation's name (what <c>TrackOperation</c> takes to resume).</summary>
    public string Name { get; }

    /// <summary>The last state read from the server.</summary>
    public TOperation Latest { get; private set; }

    /// <summary>True once the last state read says the operation finished.</summary>
    public bool IsDone => Latest.IsDone;

    /// <summary>Reads the current state once (<c>operations.get</c>).</summary>
    public async Task<TOperation> RefreshAsync(CancellationToken cancellationToken = default)
    {
        Latest = await _get(Name, cancellationToken).ConfigureAwait(false);
        return Latest;
    }

    /// <summary>Polls with backoff until the operation is done, and returns its final state (it may hold an error).</summary>
    /// <exception cref="TimeoutException">The polling timeout passed first.</exception>
    public async Task<TOperation> PollUntilDoneAsync(OperationPolling? polling = null, CancellationToken cancellationToken = default)
    {
        polling ??= new OperationPolling();
        var started = Environment.TickCount64;
        var delay = polling.InitialDelay;
        while (!Latest.IsDone)
        {
            if (polling.Timeout is { } timeout)
            {
                var left = timeout - TimeSpan.FromMilliseconds(Environment.TickCount64 - started);
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"Operation {Name} was not done after {timeout}.");
                }

                delay = delay < left ? delay : left;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            var next = TimeSpan.FromTicks((long)Math.Min(delay.Ticks * polling.Multiplier, polling.MaxDelay.Ticks));
            delay = next > TimeSpan.Zero ? next : polling.InitialDelay;
        }

        return Latest;
    }

    /// <summary>
    /// Waits until done and returns the result: the <c>response</c> read as the document's schema named by its
    /// <c>@type</c>, or the raw <see cref="JsonElement"/> when the document has no such schema; null without a response.
    /// </summary>
    /// <exception cref="OperationCancelledException">The operation ended CANCELLED (code 1).</exception>
    /// <exception cref="OperationFailedException">The operation ended with another error.</exception>
    public async Task<object?> WaitAsync(OperationPolling? polling = null, CancellationToken cancellationToken = default)
    {
        var done = await PollUntilDoneAsync(polling, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(done);
        return done.ResponseJson is { } response ? _unpack?.Invoke(response) ?? response : null;
    }

    /// <summary>Waits until done and reads the <c>response</c> as <typeparamref name="TResult"/>.</summary>
    /// <exception cref="OperationCancelledException">The operation ended CANCELLED (code 1).</exception>
    /// <exception cref="OperationFailedException">The operation ended with another error.</exception>
    /// <exception cref="InvalidOperationException">The operation finished without a response.</exception>
    public async Task<TResult> WaitAsync<TResult>(OperationPolling? polling = null, CancellationToken cancellationToken = default)
        where TResult : IJsonModel<TResult>
    {
        var done = await PollUntilDoneAsync(polling, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(done);
        return done.ResponseJson is { } response
            ? JsonWire.ReadFrom<TResult>(response)
            : throw new InvalidOperationException($"Operation {Name} finished without a response.");
    }

    /// <summary>
    /// Asks the server to cancel (<c>operations.cancel</c>; best effort: the operation may still complete). Waiting
    /// afterwards throws <see cref="OperationCancelledException"/> if it ended cancelled, or returns the result if not.
    /// </summary>
    /// <exception cref="NotSupportedException">The document declares no <c>operations.cancel</c> method.</exception>
    public Task CancelAsync(CancellationToken cancellationToken = default) =>
        _cancel is null
            ? throw new NotSupportedException("This API declares no operations.cancel method.")
            : _cancel(Name, cancellationToken);

    private void ThrowIfFailed(TOperation done)
    {
        if (done.OperationError is { } error)
        {
            throw error.Code == 1 ? new OperationCancelledException(Name, error) : new OperationFailedException(Name, error);
        }
    }
}
