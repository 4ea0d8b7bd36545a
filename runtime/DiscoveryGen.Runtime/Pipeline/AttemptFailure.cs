using System;
using System.Globalization;
using System.Net;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>Why one attempt failed, and whether that kind of failure may be retried.</summary>
internal sealed class AttemptFailure
{
    private AttemptFailure(Exception original, bool retryable, bool nothingSent, string description, string errorType)
    {
        Original = original;
        Retryable = retryable;
        NothingSent = nothingSent;
        Description = description;
        ErrorType = errorType;
    }

    /// <summary>The exception the attempt ended with (an error status is an <see cref="ApiException"/>).</summary>
    public Exception Original { get; }

    /// <summary>Whether this kind of failure may be retried at all (the retry stage still weighs idempotency and limits).</summary>
    public bool Retryable { get; }

    /// <summary>True when the request certainly did not reach the server (so even a POST may be repeated).</summary>
    public bool NothingSent { get; }

    /// <summary>A short description for logs (no secrets).</summary>
    public string Description { get; }

    /// <summary>The <c>error.type</c> of the retry event: a status code or an exception type.</summary>
    public string ErrorType { get; }

    /// <summary>The server's requested delay (<c>Retry-After</c> or <c>RetryInfo</c>), when it sent one.</summary>
    public TimeSpan? RetryAfter => (Original as ApiException)?.RetryAfter;

    /// <summary>The response status, when a response arrived.</summary>
    public HttpStatusCode? StatusCode { get; private init; }

    /// <summary>The per-attempt limit that elapsed, for an attempt timeout.</summary>
    public TimeSpan? Limit { get; private init; }

    /// <summary>An error status; retryable when <paramref name="policy"/> lists it.</summary>
    public static AttemptFailure Status(ApiException exception, RetryPolicy policy)
    {
        var code = (int)exception.StatusCode;
        return new AttemptFailure(exception, policy.RetryableStatusCodes.Contains(code), nothingSent: false,
            $"HTTP {code.ToString(CultureInfo.InvariantCulture)}" + (exception.Error?.Status is { } s ? " " + s : string.Empty),
            code.ToString(CultureInfo.InvariantCulture))
        {
            StatusCode = exception.StatusCode,
        };
    }

    /// <summary>The connection failed, the token endpoint failed, or the body broke off (then with its status).</summary>
    public static AttemptFailure Transport(Exception exception, bool nothingSent, string what, HttpStatusCode? status = null) =>
        new(exception, retryable: true, nothingSent, $"{what}: {exception.GetType().Name}", exception.GetType().FullName!)
        {
            StatusCode = status,
        };

    /// <summary>The attempt ran past <see cref="ClientOptions.AttemptTimeout"/> or <c>HttpClient.Timeout</c>.</summary>
    public static AttemptFailure AttemptTimedOut(Exception exception, TimeSpan limit) =>
        new(exception, retryable: true, nothingSent: false, $"the attempt timed out after {Durations.Format(limit)}", typeof(ApiTimeoutException).FullName!)
        {
            Limit = limit,
        };

    /// <summary>The exception the call ends with when this failure is not retried.</summary>
    public Exception ToException(CallContext call, int attempts)
    {
        var request = call.Request;
        if (Original is ApiException api)
        {
            return api;
        }

        if (Limit is { } limit)
        {
            return new ApiTimeoutException(
                request.Method.Id,
                limit,
                attempts,
                $"{request.Method.Id}: attempt {attempts.ToString(CultureInfo.InvariantCulture)} did not complete within the per-attempt timeout of {Durations.Format(limit)}.",
                Original);
        }

        if (StatusCode is { } status)
        {
            return new ApiException(
                request.Method.Id,
                status,
                error: null,
                rawBody: null,
                call.Sanitize($"{request.Method.Id}: the {(int)status} response body could not be read ({Original.Message}) after {attempts.ToString(CultureInfo.InvariantCulture)} attempt(s)."),
                Original)
            {
                HttpMethod = call.VerbName,
                ClientRequestId = request.RequestId,
                Attempts = attempts,
            };
        }

        return Original;
    }
}
