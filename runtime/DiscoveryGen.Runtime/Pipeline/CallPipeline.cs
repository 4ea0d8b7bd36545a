using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Batch;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>
/// The stages every call goes through, in the one order <see cref="Create"/> fixes (outermost first):
/// <list type="number">
/// <item><see cref="DiagnosticsStage"/>: the call's span, and its outcome logged exactly once;</item>
/// <item><see cref="DeadlineStage"/>: the call's timeout, and caller cancellation reported as such;</item>
/// <item><see cref="RetryStage"/>: attempts, backoff and the decision to retry (or refresh the token once after a 401);</item>
/// <item><see cref="AttemptTimeoutStage"/>: the timeout of one attempt;</item>
/// <item><see cref="AuthorizationStage"/>: the attempt's access token;</item>
/// <item><see cref="TransportStage"/>: the HTTP exchange, the answer read, a failure classified.</item>
/// </list>
/// Generated calls, media transfers and operation polls all enter through <see cref="ProcessAsync"/>.
/// </summary>
internal sealed class CallPipeline
{
    private readonly ClientOptions _options;
    private readonly CallStage[] _stages;

    /// <summary>A pipeline of <paramref name="stages"/> in the order given (tests compose partial ones).</summary>
    internal CallPipeline(ClientOptions options, params CallStage[] stages)
    {
        _options = options;
        _stages = stages;
    }

    /// <summary>
    /// The pipeline of one <see cref="ApiClient"/>: the only place the order of the stages is decided. The service of a
    /// batch (<see cref="ClientOptions.Batch"/>) gets the batched one: a queued call is sent once, inside the batch, so
    /// it has no retry or attempt-timeout stage (the batch's own request has them), and its transport hands the
    /// finished request to the batch instead of the HttpClient (<c>Batch/</c>).
    /// </summary>
    public static CallPipeline Create(HttpClient httpClient, ClientOptions options, Uri baseUri, RequestFactory requests)
    {
        if (options.Batch is { } batch)
        {
            return new(
                options,
                new DiagnosticsStage(options, baseUri, requests.BasePath),
                new DeadlineStage(options),
                new BatchQueueStage(batch),
                new AuthorizationStage(baseUri),
                new BatchTransportStage(batch, requests));
        }

        return new(
            options,
            new DiagnosticsStage(options, baseUri, requests.BasePath),
            new DeadlineStage(options),
            new RetryStage(options, Random.Shared),
            new AttemptTimeoutStage(options),
            new AuthorizationStage(baseUri),
            new TransportStage(httpClient, requests));
    }

    /// <summary>The stages, outermost first.</summary>
    internal ReadOnlySpan<CallStage> Stages => _stages;

    /// <summary>
    /// Sends <paramref name="call"/>: resolves its settings (throwing on bad ones before anything is sent) and runs the
    /// stages. Completes when the answer was read (<see cref="CallContext{T}.Result"/>); throws the call's exception.
    /// </summary>
    public ValueTask ProcessAsync(CallContext call, CancellationToken cancellationToken)
    {
        call.Resolve();
        cancellationToken.ThrowIfCancellationRequested();
        call.CallerToken = cancellationToken;
        call.CallToken = cancellationToken;
        call.AttemptToken = cancellationToken;
        call.Started = _options.TimeProvider.GetTimestamp();
        return _stages[0].ProcessAsync(call, _stages.AsMemory(1));
    }

    /// <summary>Sends <paramref name="call"/> and returns what its answer reader produced.</summary>
    public async Task<T> SendAsync<T>(CallContext<T> call, CancellationToken cancellationToken)
    {
        await ProcessAsync(call, cancellationToken).ConfigureAwait(false);
        return call.Result;
    }
}
