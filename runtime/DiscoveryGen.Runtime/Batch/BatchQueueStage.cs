using System;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;

namespace DiscoveryGen.Runtime.Batch;

/// <summary>
/// Takes the place of the retry stage for a batch's calls: queues the call the moment it is made (so calls keep their
/// order even when a per-call token provider answers late), runs its one attempt, and turns the attempt's failure into
/// the call's exception. A queued call is never repeated on its own: only the batch's request is retried, and only
/// when every call in it is idempotent. Media transfers and gzip-compressed bodies cannot travel in a batch.
/// </summary>
internal sealed class BatchQueueStage : CallStage
{
    private readonly BatchQueue _queue;

    public BatchQueueStage(BatchQueue queue) => _queue = queue;

    public override ValueTask ProcessAsync(CallContext call, ReadOnlyMemory<CallStage> next)
    {
        ThrowIfNotBatchable(call);
        return RunAsync(call, _queue.Reserve(call), next);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RunAsync(CallContext call, BatchSlot slot, ReadOnlyMemory<CallStage> next)
    {
        try
        {
            call.Attempt = 1;
            call.Failure = null;
            await ProcessNextAsync(call, next).ConfigureAwait(false);
            if (call.Failure is { } failure)
            {
                var exception = failure.ToException(call, call.Attempt);
                if (exception == failure.Original)
                {
                    ExceptionDispatchInfo.Capture(exception).Throw();
                }

                throw exception;
            }
        }
        finally
        {
            _queue.Finish(slot);
        }
    }

    private static void ThrowIfNotBatchable(CallContext call)
    {
        if (call.UploadPath is not null || call.SessionUri is not null || call.Content is not null || call.Alt is not null || call.AlsoAccept is not null)
        {
            throw new NotSupportedException(
                $"{call.MethodId}: media uploads and downloads cannot be batched (a batch carries JSON calls only); call the method on the service itself.");
        }

        if (call.BodyGzipped)
        {
            throw new NotSupportedException(
                $"{call.MethodId}: a batched call's body cannot be gzip-compressed (RequestOptions.GzipRequestBody); a batch carries its calls uncompressed.");
        }
    }
}
