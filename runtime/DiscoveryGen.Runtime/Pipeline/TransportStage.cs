using System;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>
/// The last stage: builds the attempt's message (<see cref="RequestFactory"/>), sends it on the caller's
/// <see cref="HttpClient"/> up to the response headers, then reads a success answer (<see cref="CallContext.ReadAnswerAsync"/>)
/// or the error (<see cref="ErrorReader"/>). The answer is read here, inside the retries, so a body that breaks off is
/// retried like a failed exchange. Failures are classified into <see cref="CallContext.Failure"/>, not thrown.
/// </summary>
internal sealed class TransportStage : CallStage
{
    private readonly HttpClient _http;
    private readonly RequestFactory _requests;

    public TransportStage(HttpClient http, RequestFactory requests)
    {
        _http = http;
        _requests = requests;
    }

    public override ValueTask ProcessAsync(CallContext call, ReadOnlyMemory<CallStage> next) => SendAsync(call);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendAsync(CallContext call)
    {
        HttpResponseMessage response;
        try
        {
            using var message = _requests.Create(call);
            if (call.Attempt == 1 && call.Activity is { } activity)
            {
                activity.SetTag("url.full", Redaction.RedactUri(message.RequestUri!));
            }

            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, call.AttemptToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (HttpClientTimedOut(call, ex))
        {
            call.Failure = AttemptFailure.AttemptTimedOut(ex, call.AttemptTimeout ?? _http.Timeout);
            return;
        }
        catch (HttpRequestException ex)
        {
            var nothingSent = ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError;
            call.Failure = AttemptFailure.Transport(ex, nothingSent, "the connection failed");
            return;
        }

        call.Response = response;
        try
        {
            call.Activity?.SetTag("http.response.status_code", (int)response.StatusCode);
            if (response.IsSuccessStatusCode || (int)response.StatusCode == call.AlsoAccept)
            {
                await call.ReadAnswerAsync(call.AttemptToken).ConfigureAwait(false);
            }
            else
            {
                var exception = await ErrorReader.CreateExceptionAsync(call, response, call.AttemptToken).ConfigureAwait(false);
                call.Failure = AttemptFailure.Status(exception, call.Policy);
            }
        }
        catch (OperationCanceledException ex) when (HttpClientTimedOut(call, ex))
        {
            call.Failure = AttemptFailure.AttemptTimedOut(ex, call.AttemptTimeout ?? _http.Timeout);
        }
        catch (IOException ex)
        {
            // The body ended early (connection reset, Content-Length not reached): a transport failure with a status.
            call.Failure = AttemptFailure.Transport(ex, nothingSent: false, "the response body could not be read", response.StatusCode);
        }
        finally
        {
            // Unless the answer reader took it (a streamed download).
            call.Response?.Dispose();
            call.Response = null;
        }
    }

    /// <summary>HttpClient.Timeout cut the attempt short (not the caller, the deadline or the attempt timeout).</summary>
    private static bool HttpClientTimedOut(CallContext call, OperationCanceledException ex) =>
        ex.InnerException is TimeoutException && !call.AttemptToken.IsCancellationRequested && !call.CanceledFromOutside;
}
