using System;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime;

/// <summary>
/// A handle on a google.longrunning operation: poll it until done (<see cref="WaitAsync(OperationPolling?, RequestOptions?, CancellationToken)"/>),
/// read its metadata or typed result, or cancel it. Create one from a method's <c>Start…Async</c> or, to resume after a
/// restart, from the operation's name with the service's <c>TrackOperation</c>. A Compute-style operation (Cloud SQL,
/// GKE, Deployment Manager) is known by its <c>selfLink</c> and done at <c>status</c> <c>DONE</c>; it has no response
/// or metadata (<see cref="OperationLink"/>).
/// </summary>
/// <remarks>
/// The handle keeps the <see cref="RequestOptions"/> it was created with (those given to <c>Start…Async</c>): every
/// poll and the cancel go with them (per-call credentials, quota project, headers), unless a call passes its own.
/// </remarks>
/// <typeparam name="TOperation">The document's generated <c>Operation</c> type.</typeparam>
public sealed class OperationHandle<TOperation>
    where TOperation : class, ILongRunningOperation
{
    private static readonly OperationPolling DefaultPolling = new();
    private readonly Func<string, RequestOptions?, CancellationToken, Task<TOperation>> _get;
    private readonly Func<string, RequestOptions?, CancellationToken, Task>? _cancel;
    private readonly Func<JsonElement, object>? _unpack;
    private readonly TimeProvider _time;

    /// <summary>Creates a handle. Called by generated code (<c>Start…Async</c>, <c>TrackOperation</c>); a test may call it with no client.</summary>
    /// <param name="client">The service's client: its <see cref="ClientOptions.TimeProvider"/> times the polls. Null for a
    /// test double's handle (a mocked <c>Start…Async</c>'s, or one a test makes): the system clock times them.</param>
    /// <param name="latest">The operation as last read (a method's answer, or one holding only the name).</param>
    /// <param name="get">Reads the operation (<c>operations.get</c>) with the given per-call options.</param>
    /// <param name="cancel">Cancels it (<c>operations.cancel</c>); null when the document has no such method.</param>
    /// <param name="unpack">Reads a packed message as the schema its <c>@type</c> names (or keeps the JSON).</param>
    /// <param name="options">The per-call options polls and the cancel use (those the operation was started with).</param>
    public OperationHandle(
        ApiClient? client,
        TOperation latest,
        Func<string, RequestOptions?, CancellationToken, Task<TOperation>> get,
        Func<string, RequestOptions?, CancellationToken, Task>? cancel,
        Func<JsonElement, object>? unpack,
        RequestOptions? options)
    {
        ArgumentNullException.ThrowIfNull(latest);
        Name = latest.OperationName is { Length: > 0 } name
            ? name
            : throw new ArgumentException("The operation has no name (a Compute-style one: no selfLink), so it cannot be polled.", nameof(latest));
        Latest = latest;
        _get = get ?? throw new ArgumentNullException(nameof(get));
        _cancel = cancel;
        _unpack = unpack;
        _time = client?.Options.TimeProvider ?? TimeProvider.System;
        Options = options;
    }

    /// <summary>The operation's name (what <c>TrackOperation</c> takes to resume); a Compute-style operation's <c>selfLink</c>.</summary>
    public string Name { get; }

    /// <summary>The per-call options every poll and the cancel use unless given others; null for none.</summary>
    public RequestOptions? Options { get; }

    /// <summary>The last state read from the server.</summary>
    public TOperation Latest { get; private set; }

    /// <summary>True once the last state read says the operation finished.</summary>
    public bool IsDone => Latest.IsDone;

    /// <summary>Reads the current state once (<c>operations.get</c>).</summary>
    /// <param name="options">This call's options; null uses <see cref="Options"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<TOperation> RefreshAsync(RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        Latest = await _get(Name, options ?? Options, cancellationToken).ConfigureAwait(false);
        return Latest;
    }

    /// <summary>
    /// The operation's <c>metadata</c> as last read: the document's schema its <c>@type</c> names, or the raw
    /// <see cref="JsonElement"/> when the document has no such schema; null when the operation has none.
    /// </summary>
    public object? Metadata() =>
        Latest.MetadataJson is { } metadata ? _unpack?.Invoke(metadata) ?? metadata : null;

    /// <summary>
    /// The operation's <c>metadata</c> as last read, as <typeparamref name="TMetadata"/> (its <c>@type</c> is not kept);
    /// null when the operation has none. Call <see cref="RefreshAsync"/> (or wait) for newer progress.
    /// </summary>
    public TMetadata? Metadata<TMetadata>()
        where TMetadata : class, IJsonModel<TMetadata> =>
        Latest.MetadataJson is { ValueKind: JsonValueKind.Object } metadata ? JsonWire.ReadFrom<TMetadata>(metadata) : null;

    /// <summary>
    /// Polls with backoff until the operation is done, and returns its final state (it may hold an error).
    /// <see cref="OperationPolling.Timeout"/> bounds the waits and the poll in flight alike; <see cref="OperationPolling.MaxPolls"/>
    /// bounds the number of polls.
    /// </summary>
    /// <param name="polling">Delays, timeout and poll limit; null for the defaults.</param>
    /// <param name="options">The options of each poll; null uses <see cref="Options"/>.</param>
    /// <param name="cancellationToken">Stops waiting at once.</param>
    /// <exception cref="ArgumentOutOfRangeException">A <paramref name="polling"/> setting makes no sense (nothing was sent).</exception>
    /// <exception cref="TimeoutException">The timeout passed, or <see cref="OperationPolling.MaxPolls"/> polls found it not done.</exception>
    public async Task<TOperation> PollUntilDoneAsync(OperationPolling? polling = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        polling ??= DefaultPolling;
        polling.Validate();
        options ??= Options;
        var timeout = polling.EffectiveTimeout;
        using var deadline = timeout is { } t ? new CancellationTokenSource(t, _time) : null;
        using var linked = deadline is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var token = linked?.Token ?? cancellationToken;
        var delay = polling.InitialDelay;
        var polls = 0;
        try
        {
            while (!Latest.IsDone)
            {
                if (polls == polling.MaxPolls)
                {
                    throw new TimeoutException(
                        $"Operation {Name} was not done after {polls.ToString(CultureInfo.InvariantCulture)} polls (OperationPolling.MaxPolls).");
                }

                await Task.Delay(delay, _time, token).ConfigureAwait(false);
                polls++;
                Latest = await _get(Name, options, token).ConfigureAwait(false);
                delay = polling.Next(delay);
            }
        }
        catch (OperationCanceledException ex) when (deadline?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Operation {Name} was not done after {timeout!.Value.ToString("c", CultureInfo.InvariantCulture)} (OperationPolling.Timeout; {polls.ToString(CultureInfo.InvariantCulture)} poll(s)).",
                ex);
        }

        return Latest;
    }

    /// <summary>
    /// Waits until done and returns the result: the <c>response</c> read as the document's schema named by its
    /// <c>@type</c> (which is not kept in the model, as protobuf's <c>Any</c> drops it), or the raw
    /// <see cref="JsonElement"/> when the document has no such schema; null without a response.
    /// </summary>
    /// <param name="polling">Delays, timeout and poll limit; null for the defaults.</param>
    /// <param name="options">The options of each poll; null uses <see cref="Options"/>.</param>
    /// <param name="cancellationToken">Stops waiting at once.</param>
    /// <exception cref="OperationCancelledException">The operation ended CANCELLED (code 1).</exception>
    /// <exception cref="OperationFailedException">The operation ended with another error.</exception>
    /// <exception cref="TimeoutException">The timeout passed, or <see cref="OperationPolling.MaxPolls"/> polls found it not done.</exception>
    public async Task<object?> WaitAsync(OperationPolling? polling = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        var done = await PollUntilDoneAsync(polling, options, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(done);
        return done.ResponseJson is { } response ? _unpack?.Invoke(response) ?? response : null;
    }

    /// <summary>
    /// Waits until done and reads the <c>response</c> as <typeparamref name="TResult"/>; its <c>@type</c> is not kept
    /// (a read-modify-write of the result sends no <c>"@type"</c> back).
    /// </summary>
    /// <param name="polling">Delays, timeout and poll limit; null for the defaults.</param>
    /// <param name="options">The options of each poll; null uses <see cref="Options"/>.</param>
    /// <param name="cancellationToken">Stops waiting at once.</param>
    /// <exception cref="OperationCancelledException">The operation ended CANCELLED (code 1).</exception>
    /// <exception cref="OperationFailedException">The operation ended with another error.</exception>
    /// <exception cref="InvalidOperationException">The operation finished without a response.</exception>
    /// <exception cref="TimeoutException">The timeout passed, or <see cref="OperationPolling.MaxPolls"/> polls found it not done.</exception>
    public async Task<TResult> WaitAsync<TResult>(OperationPolling? polling = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
        where TResult : IJsonModel<TResult>
    {
        var done = await PollUntilDoneAsync(polling, options, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(done);
        return done.ResponseJson is { } response
            ? JsonWire.ReadFrom<TResult>(response)
            : throw new InvalidOperationException($"Operation {Name} finished without a response.");
    }

    /// <summary>
    /// Asks the server to cancel (<c>operations.cancel</c>; best effort: the operation may still complete). Waiting
    /// afterwards throws <see cref="OperationCancelledException"/> if it ended cancelled, or returns the result if not.
    /// </summary>
    /// <param name="options">This call's options; null uses <see cref="Options"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="NotSupportedException">The document declares no <c>operations.cancel</c> method.</exception>
    public Task CancelAsync(RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        _cancel is null
            ? throw new NotSupportedException("This API declares no operations.cancel method.")
            : _cancel(Name, options ?? Options, cancellationToken);

    private void ThrowIfFailed(TOperation done)
    {
        if (done.OperationError is { } error)
        {
            throw error.Code == 1 ? new OperationCancelledException(Name, error) : new OperationFailedException(Name, error);
        }
    }
}
