using System;
using System.Collections;
using System.Collections.Generic;
using DiscoveryGen.Runtime;
using Microsoft.Extensions.Logging;

namespace DiscoveryGen.Extensions.DependencyInjection;

/// <summary>
/// Sends the runtime's log events to an <see cref="ILogger"/> as structured events (the event's values and
/// <c>{OriginalFormat}</c>), keeping the runtime itself free of Microsoft.Extensions.Logging.
/// </summary>
public sealed class ApiLoggerAdapter : IApiLogger
{
    private readonly ILogger _logger;

    /// <summary>Wraps <paramref name="logger"/>.</summary>
    public ApiLoggerAdapter(ILogger logger) => _logger = logger ?? throw new ArgumentNullException(nameof(logger));

    /// <inheritdoc />
    public bool IsEnabled(ApiLogLevel level) => _logger.IsEnabled((LogLevel)level);

    /// <inheritdoc />
    public void Log(ApiLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _logger.Log((LogLevel)entry.Level, new EventId(entry.EventId, entry.EventName), new State(entry), entry.Exception, static (s, _) => s.Entry.Message);
    }

    private sealed class State(ApiLogEntry entry) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public ApiLogEntry Entry { get; } = entry;

        public int Count => Entry.Properties.Count + 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == Entry.Properties.Count
                ? new KeyValuePair<string, object?>("{OriginalFormat}", Entry.MessageTemplate)
                : Entry.Properties[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Entry.Message;
    }
}

/// <summary>Wires <c>ILogger</c> into <see cref="ClientOptions"/> outside dependency injection.</summary>
public static class LoggingClientOptionsExtensions
{
    /// <summary>Logs the runtime's events to <paramref name="logger"/>.</summary>
    public static ClientOptions UseLogger(this ClientOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Logger = new ApiLoggerAdapter(logger);
        return options;
    }
}
