using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;

namespace DiscoveryGen.Runtime.Batch;

/// <summary>
/// One queued call's place in a <see cref="BatchQueue"/>: reserved when the call enters the pipeline (so calls keep the
/// order they were made in, whatever their token providers do), ready once its transport serialized the request, then
/// sent in the batch and completed with its part of the batch's answer (or the batch's failure).
/// </summary>
internal sealed class BatchSlot
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<HttpResponseMessage> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BatchSlot(CallContext call) => Call = call;

    /// <summary>Where a slot is in its life; changed only under the queue's lock.</summary>
    public enum Stage
    {
        /// <summary>The call entered the pipeline; its request is not built yet (a token may be on its way).</summary>
        Reserved,

        /// <summary>The request is serialized (<see cref="Part"/>) and waits for the batch.</summary>
        Ready,

        /// <summary>The request went out in a batch; the slot completes with its answer.</summary>
        Sent,

        /// <summary>The call ended before it was sent (canceled, timed out, a bad argument, a failed token): never sent.</summary>
        Dropped,
    }

    /// <summary>The queued call.</summary>
    public CallContext Call { get; }

    /// <summary>Where the slot is.</summary>
    public Stage State { get; set; }

    /// <summary>The call's request as an <c>application/http</c> part body; set when <see cref="State"/> becomes Ready.</summary>
    public byte[]? Part { get; set; }

    /// <summary>Completes when the slot is Ready or Dropped: the batch waits for it before it is written.</summary>
    public Task Settled => _ready.Task;

    /// <summary>The call's answer: its part of the batch response, or the failure of the batch request itself.</summary>
    public Task<HttpResponseMessage> Response => _response.Task;

    /// <summary>Completes when the call's pipeline has handled the answer (or ended without one).</summary>
    public Task Done => _done.Task;

    public void SignalSettled() => _ready.TrySetResult();

    public void SignalDone() => _done.TrySetResult();

    /// <summary>Completes the call with its part of the batch response.</summary>
    public void Complete(HttpResponseMessage response)
    {
        if (!_response.TrySetResult(response))
        {
            response.Dispose();
        }
    }

    /// <summary>Completes the call with the failure of the batch request (or of its answer).</summary>
    public void Fail(Exception exception)
    {
        if (exception is OperationCanceledException canceled)
        {
            _response.TrySetCanceled(canceled.CancellationToken);
        }
        else if (_response.TrySetException(exception))
        {
            // A call that ended before its answer no longer waits for it: mark the failure observed.
            _ = _response.Task.Exception;
        }
    }
}
