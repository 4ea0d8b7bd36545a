using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;

namespace DiscoveryGen.Runtime.Batch;

/// <summary>
/// The transport of a batch's calls: builds the call's request exactly as an ordinary call's (<see cref="RequestFactory"/>),
/// hands it to the batch serialized (<see cref="BatchWriter.SerializeAsync"/>) instead of sending it, waits for its part
/// of the batch's answer, and reads that like any response: the model's reader for a 2xx, <see cref="ErrorReader"/>
/// (an <see cref="ApiException"/>) otherwise. The wait ends early when the call is canceled or its deadline passes.
/// </summary>
internal sealed class BatchTransportStage : CallStage
{
    private readonly BatchQueue _queue;
    private readonly RequestFactory _requests;

    public BatchTransportStage(BatchQueue queue, RequestFactory requests)
    {
        _queue = queue;
        _requests = requests;
    }

    public override ValueTask ProcessAsync(CallContext call, ReadOnlyMemory<CallStage> next) => SendAsync(call);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendAsync(CallContext call)
    {
        var slot = _queue.SlotOf(call);
        using (var message = _requests.Create(call))
        {
            if (call.Activity is { } activity)
            {
                activity.SetTag("url.full", Redaction.RedactUri(message.RequestUri!));
            }

            _queue.MarkReady(slot, await BatchWriter.SerializeAsync(message, call, call.AttemptToken).ConfigureAwait(false));
        }

        var response = await slot.Response.WaitAsync(call.AttemptToken).ConfigureAwait(false);
        call.Response = response;
        try
        {
            call.Activity?.SetTag("http.response.status_code", (int)response.StatusCode);
            if (response.IsSuccessStatusCode)
            {
                await call.ReadAnswerAsync(call.AttemptToken).ConfigureAwait(false);
            }
            else
            {
                var exception = await ErrorReader.CreateExceptionAsync(call, response, call.AttemptToken).ConfigureAwait(false);
                call.Failure = AttemptFailure.Status(exception, call.Policy);
            }
        }
        catch (IOException ex)
        {
            // A part whose body is declared compressed but is corrupt.
            call.Failure = AttemptFailure.Transport(ex, nothingSent: false, "the response body could not be read", response.StatusCode);
        }
        finally
        {
            call.Response?.Dispose();
            call.Response = null;
        }
    }
}
