using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace DiscoveryGen.Tests.Shared;

/// <summary>
/// A clock that moves only when the test says so (<see cref="FakeTimeProvider.Advance"/>), for timeouts, backoff waits
/// and deadlines without wall-clock margins: a loaded machine can make a request slow, but never makes this clock move.
/// It records the due time of every timer created on it, so a test can wait for "the runtime has begun a 1 s wait" as
/// an event and assert what was scheduled.
/// </summary>
public sealed class TestClock : FakeTimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _dueTimes = new();
    private TaskCompletionSource _created = NewSignal();

    /// <summary>The due time of every timer created so far (Task.Delay, CancellationTokenSource with a delay, CreateTimer).</summary>
    public IReadOnlyList<TimeSpan> DueTimes => _dueTimes.ToArray();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _dueTimes.Enqueue(dueTime);
        Interlocked.Exchange(ref _created, NewSignal()).TrySetResult();
        return timer;
    }

    /// <summary>Completes once a timer due after exactly <paramref name="dueTime"/> has been created on this clock.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _created);
            if (_dueTimes.Contains(dueTime))
            {
                return;
            }

            await signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Completes once <paramref name="count"/> timers due after exactly <paramref name="dueTime"/> have been created on this clock.</summary>
    public async Task WaitForTimersAsync(TimeSpan dueTime, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _created);
            if (_dueTimes.Count(d => d == dueTime) >= count)
            {
                return;
            }

            await signal.Task.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
