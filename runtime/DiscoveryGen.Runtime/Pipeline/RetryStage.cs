using System;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>
/// Runs attempts until one succeeds or a failure is not retried (AIP-194, see <see cref="RetryPolicy"/>): only
/// retryable failures, only idempotent calls (unless nothing was sent), at most <see cref="RetryPolicy.MaxAttempts"/>,
/// within the retry budget and the call's deadline; waits full-jitter backoff or the server's longer
/// <c>Retry-After</c>/<c>RetryInfo</c> (a wait past the budget, the deadline or <see cref="LongestWait"/> is never
/// begun: the call ends at once with its failure). A 401 refreshes the token and repeats the call once, whatever the policy.
/// The last failure becomes the call's exception.
/// </summary>
internal sealed class RetryStage : CallStage
{
    /// <summary>
    /// The longest wait a timer can run (<c>Task.Delay</c> takes at most 2^32 − 2 ms, about 49.7 days). A longer
    /// server-requested delay ends the call at once: such a wait is never begun.
    /// </summary>
    internal static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    private readonly ClientOptions _options;
    private readonly Random _random;

    public RetryStage(ClientOptions options, Random random)
    {
        _options = options;
        _random = random;
    }

    public override ValueTask ProcessAsync(CallContext call, ReadOnlyMemory<CallStage> next) => RunAsync(call, next);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RunAsync(CallContext call, ReadOnlyMemory<CallStage> next)
    {
        var time = _options.TimeProvider;
        while (true)
        {
            call.Attempt++;
            call.Failure = null;
            await ProcessNextAsync(call, next).ConfigureAwait(false);
            if (call.Failure is not { } failure)
            {
                return;
            }

            var delay = DecideRetry(call, failure, time.GetElapsedTime(call.Started));
            if (delay is null)
            {
                var exception = failure.ToException(call, call.Attempt);
                if (exception == failure.Original)
                {
                    exception.Data["DiscoveryGen.Attempts"] = call.Attempt;
                    ExceptionDispatchInfo.Capture(exception).Throw();
                }

                throw exception;
            }

            CallLog.RetryScheduled(call, failure, call.Attempt, delay.Value);
            CallTrace.RetryScheduled(call.Activity, call.Attempt, delay.Value, failure.ErrorType);
            await Task.Delay(delay.Value, time, call.CallToken).ConfigureAwait(false);
        }
    }

    /// <summary>The wait before the next attempt, or null when <paramref name="failure"/> ends the call (logged with why).</summary>
    private TimeSpan? DecideRetry(CallContext call, AttemptFailure failure, TimeSpan elapsed)
    {
        // A rejected token (401) means the request was refused before any processing: as Google's own clients do,
        // refresh the token and repeat once, whatever the verb and the retry policy.
        if (failure.StatusCode == HttpStatusCode.Unauthorized && call.TokenProvider is not null && !call.RefreshedAfterUnauthorized &&
            call.Replayable)
        {
            call.RefreshedAfterUnauthorized = true;
            call.ForceTokenRefresh = true;
            return TimeSpan.Zero;
        }

        if (!failure.Retryable)
        {
            return null;
        }

        var attempt = call.Attempt;
        var policy = call.Policy;
        string? why = null;
        TimeSpan delay = default;
        if (!call.Idempotent && !failure.NothingSent)
        {
            why = "the call is not idempotent (a POST/PATCH without requestId or a precondition: etag field, if…Match parameter, If-Match header; set RequestOptions.Idempotent to opt in)";
        }
        else if (attempt >= policy.MaxAttempts)
        {
            why = $"MaxAttempts ({policy.MaxAttempts}) was reached";
        }
        else
        {
            delay = policy.ComputeBackoff(attempt, _random);
            if (failure.RetryAfter is { } server && server > delay)
            {
                delay = server;
            }

            if (delay > LongestWait)
            {
                // Checked first: adding a delay near TimeSpan.MaxValue to the elapsed time would overflow.
                why = $"the server asked for a {Durations.Format(delay)} wait, longer than any wait the client begins ({Durations.Format(LongestWait)})";
            }
            else if (policy.TotalBudget is { } budget && elapsed + delay > budget)
            {
                why = $"the retry budget ({Durations.Format(budget)}) would be exceeded by a {Durations.Format(delay)} wait";
            }
            else if (call.Timeout is { } timeout && elapsed + delay >= timeout)
            {
                why = $"the call's timeout ({Durations.Format(timeout)}) would elapse during a {Durations.Format(delay)} wait";
            }
        }

        if (why is not null)
        {
            CallLog.RetryNotAttempted(call, failure, attempt, why);
            return null;
        }

        return delay;
    }
}
