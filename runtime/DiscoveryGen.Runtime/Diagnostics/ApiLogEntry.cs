using System;
using System.Collections.Generic;

namespace DiscoveryGen.Runtime;

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
