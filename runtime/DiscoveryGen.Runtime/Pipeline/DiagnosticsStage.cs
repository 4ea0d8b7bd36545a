using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>
/// The outermost stage: starts the call's span (<see cref="CallTrace"/>) and records how the call ended exactly once,
/// on the span and in the log (<see cref="CallLog"/>): succeeded, failed, timed out, or canceled by the caller.
/// </summary>
internal sealed class DiagnosticsStage : CallStage
{
    private readonly ClientOptions _options;
    private readonly Uri _baseUri;
    private readonly string _basePath;

    public DiagnosticsStage(ClientOptions options, Uri baseUri, string basePath)
    {
        _options = options;
        _baseUri = baseUri;
        _basePath = basePath;
    }

    public override ValueTask ProcessAsync(CallContext call, ReadOnlyMemory<CallStage> next) =>

        // Nothing to record when nobody logs or listens: no state machine either.
        _options.Logger is null && !ApiTelemetry.Source.HasListeners() ? ProcessNextAsync(call, next) : RecordAsync(call, next);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RecordAsync(CallContext call, ReadOnlyMemory<CallStage> next)
    {
        using var activity = CallTrace.Start(call, _baseUri, _basePath);
        call.Activity = activity;
        try
        {
            await ProcessNextAsync(call, next).ConfigureAwait(false);
            CallTrace.SetOutcome(activity, call, call.Attempt, error: null);
            CallLog.Succeeded(call, call.Attempt, _options.TimeProvider.GetElapsedTime(call.Started));
        }
        catch (OperationCanceledException ex) when (call.CallerToken.IsCancellationRequested)
        {
            CallTrace.SetOutcome(activity, call, call.Attempt, ex);
            CallLog.Canceled(call, call.Attempt);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The final error of the retry stage, a timeout of the deadline stage, or a failure that is not retryable
            // by nature (an unreadable or oversized 2xx body, a token provider that failed or returned a malformed token).
            CallTrace.SetOutcome(activity, call, call.Attempt, ex);
            CallLog.Failed(call, call.Attempt, ex, timedOut: ex is ApiTimeoutException);
            throw;
        }
    }
}
