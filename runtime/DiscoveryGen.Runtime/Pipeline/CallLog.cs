using System;
using System.Collections.Generic;
using System.Globalization;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>
/// The runtime's log events (<see cref="ApiLogEvents"/>) as structured <see cref="ApiLogEntry"/>s: every value is
/// redacted with the call's secrets, and its line breaks escaped, before it is formatted or kept. Each event checks
/// the logger first: its values box and fill an array, which a call with no logger (or the level off) must not pay for.
/// </summary>
internal static class CallLog
{
    /// <summary>The call succeeded (Debug).</summary>
    public static void Succeeded(CallContext call, int attempts, TimeSpan elapsed)
    {
        if (IsEnabled(call, ApiLogLevel.Debug))
        {
            Log(call, ApiLogLevel.Debug, ApiLogEvents.CallSucceeded, "CallSucceeded",
                "{MethodId} {HttpMethod} succeeded in {ElapsedMs} ms after {Attempts} attempt(s)", null,
                ("MethodId", call.MethodId), ("HttpMethod", call.VerbName),
                ("ElapsedMs", (long)elapsed.TotalMilliseconds), ("Attempts", attempts));
        }
    }

    /// <summary>An attempt failed and the next one starts after <paramref name="delay"/> (Information).</summary>
    public static void RetryScheduled(CallContext call, AttemptFailure failure, int attempt, TimeSpan delay)
    {
        if (IsEnabled(call, ApiLogLevel.Information))
        {
            Log(call, ApiLogLevel.Information, ApiLogEvents.RetryScheduled, "RetryScheduled",
                "{MethodId} attempt {Attempt} failed ({Failure}); retrying in {DelayMs} ms", null,
                ("MethodId", call.MethodId), ("Attempt", attempt), ("Failure", failure.Description),
                ("DelayMs", (long)delay.TotalMilliseconds));
        }
    }

    /// <summary>A retryable failure that is not retried, and why (Debug).</summary>
    public static void RetryNotAttempted(CallContext call, AttemptFailure failure, int attempt, string why)
    {
        if (IsEnabled(call, ApiLogLevel.Debug))
        {
            Log(call, ApiLogLevel.Debug, ApiLogEvents.RetryNotAttempted, "RetryNotAttempted",
                "{MethodId} attempt {Attempt} failed ({Failure}) and is not retried: {Why}", null,
                ("MethodId", call.MethodId), ("Attempt", attempt), ("Failure", failure.Description), ("Why", why));
        }
    }

    /// <summary>The call failed or timed out (Warning).</summary>
    public static void Failed(CallContext call, int attempts, Exception exception, bool timedOut)
    {
        if (IsEnabled(call, ApiLogLevel.Warning))
        {
            Log(call, ApiLogLevel.Warning, timedOut ? ApiLogEvents.CallTimedOut : ApiLogEvents.CallFailed, timedOut ? "CallTimedOut" : "CallFailed",
                "{MethodId} {HttpMethod} failed after {Attempts} attempt(s): {Error}", exception,
                ("MethodId", call.MethodId), ("HttpMethod", call.VerbName), ("Attempts", attempts),
                ("Error", exception.Message));
        }
    }

    /// <summary>The caller canceled the call (Debug).</summary>
    public static void Canceled(CallContext call, int attempts)
    {
        if (IsEnabled(call, ApiLogLevel.Debug))
        {
            Log(call, ApiLogLevel.Debug, ApiLogEvents.CallCanceled, "CallCanceled", "{MethodId} was canceled by the caller after {Attempts} attempt(s)", null,
                ("MethodId", call.MethodId), ("Attempts", attempts));
        }
    }

    private static bool IsEnabled(CallContext call, ApiLogLevel level) =>
        call.Client.Options.Logger is { } logger && logger.IsEnabled(level);

    private static void Log(CallContext call, ApiLogLevel level, int eventId, string eventName, string template, Exception? exception, params (string Name, object? Value)[] values)
    {
        var logger = call.Client.Options.Logger!;
        var properties = new List<KeyValuePair<string, object?>>(values.Length);
        var message = template;
        foreach (var (name, value) in values)
        {
            // Server text (a status, an error message) can carry line breaks: escaped, so it cannot split or forge a line.
            var raw = value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString();
            var text = raw is null ? string.Empty : call.Sanitize(raw);
            properties.Add(new KeyValuePair<string, object?>(name, value is string ? text : value));
            message = message.Replace("{" + name + "}", text, StringComparison.Ordinal);
        }

        logger.Log(new ApiLogEntry(level, eventId, eventName, template, message, properties, exception));
    }
}
