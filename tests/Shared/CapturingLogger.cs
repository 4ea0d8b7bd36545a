using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;

namespace DiscoveryGen.Tests.Shared;

/// <summary>Records every log entry at every level.</summary>
public sealed class CapturingLogger : IApiLogger
{
    private readonly ConcurrentQueue<ApiLogEntry> _entries = new();
    private TaskCompletionSource _logged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<ApiLogEntry> Entries => _entries.ToArray();

    public bool IsEnabled(ApiLogLevel level) => true;

    public void Log(ApiLogEntry entry)
    {
        _entries.Enqueue(entry);
        Interlocked.Exchange(ref _logged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public IEnumerable<ApiLogEntry> Events(int id) => Entries.Where(e => e.EventId == id);

    /// <summary>Completes once an event with <paramref name="id"/> has been logged (an event to wait on, not a poll).</summary>
    public async Task WaitForEventAsync(int id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _logged);
            if (Events(id).Any())
            {
                return;
            }

            await signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Everything a log sink could print: messages, values, templates and exceptions with their inner ones.</summary>
    public string AllText() => string.Join(
        "\n",
        Entries.Select(e => string.Join(" | ", e.Message, e.MessageTemplate, string.Join(",", e.Properties.Select(p => p.Key + "=" + p.Value)), e.Exception?.ToString())));
}
