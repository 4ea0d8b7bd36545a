using System;
using System.Collections.Generic;

namespace DiscoveryGen.Runtime;

/// <summary>Severity of an <see cref="ApiLogEntry"/>; the numbers match <c>Microsoft.Extensions.Logging.LogLevel</c>.</summary>
public enum ApiLogLevel
{
    /// <summary>Most detailed.</summary>
    Trace = 0,

    /// <summary>Per-call diagnostics (a call succeeded).</summary>
    Debug = 1,

    /// <summary>Noteworthy events (a retry is scheduled).</summary>
    Information = 2,

    /// <summary>A call failed.</summary>
    Warning = 3,

    /// <summary>Unexpected failures.</summary>
    Error = 4,
}

/// <summary>
/// The runtime's logging hook. The core runtime is BCL-only, so it logs through this small interface;
/// <c>DiscoveryGen.Extensions.DependencyInjection</c> adapts it to <c>ILogger</c> (and does so automatically in
/// <c>AddDiscoveryClient</c>). Entries never contain tokens, API keys, Authorization headers or query strings
/// other than redacted ones.
/// </summary>
public interface IApiLogger
{
    /// <summary>Whether entries of <paramref name="level"/> are wanted (nothing is built when not).</summary>
    bool IsEnabled(ApiLogLevel level);

    /// <summary>Writes one entry.</summary>
    void Log(ApiLogEntry entry);
}

/// <summary>One structured log event.</summary>
public sealed class ApiLogEntry
{
    /// <summary>Creates the entry.</summary>
    public ApiLogEntry(ApiLogLevel level, int eventId, string eventName, string messageTemplate, string message, IReadOnlyList<KeyValuePair<string, object?>> properties, Exception? exception)
    {
        Level = level;
        EventId = eventId;
        EventName = eventName;
        MessageTemplate = messageTemplate;
        Message = message;
        Properties = properties;
        Exception = exception;
    }

    /// <summary>The severity.</summary>
    public ApiLogLevel Level { get; }

    /// <summary>A stable event id (see <see cref="ApiLogEvents"/>).</summary>
    public int EventId { get; }

    /// <summary>A stable event name.</summary>
    public string EventName { get; }

    /// <summary>The message template with <c>{Name}</c> holes (for structured logging).</summary>
    public string MessageTemplate { get; }

    /// <summary>The formatted message (invariant culture).</summary>
    public string Message { get; }

    /// <summary>The template's values by name.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Properties { get; }

    /// <summary>The exception, when the event is a failure.</summary>
    public Exception? Exception { get; }
}

/// <summary>The event ids the runtime logs.</summary>
public static class ApiLogEvents
{
    /// <summary>A call succeeded (Debug).</summary>
    public const int CallSucceeded = 1;

    /// <summary>An attempt failed and a retry is scheduled (Information).</summary>
    public const int RetryScheduled = 2;

    /// <summary>An attempt failed with a retryable error that is not retried, and why (Debug).</summary>
    public const int RetryNotAttempted = 3;

    /// <summary>A call failed (Warning).</summary>
    public const int CallFailed = 4;

    /// <summary>A call timed out (Warning).</summary>
    public const int CallTimedOut = 5;

    /// <summary>A call was canceled by the caller (Debug).</summary>
    public const int CallCanceled = 6;
}
