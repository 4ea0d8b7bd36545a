using System;
using System.Globalization;

namespace DiscoveryGen.Runtime;

/// <summary>
/// How an operation is polled: exponential backoff between <c>operations.get</c> calls, an overall timeout and a bound
/// on the number of polls. Checked when waiting starts: nonsense (a negative or too short delay, a multiplier below 1)
/// throws <see cref="ArgumentOutOfRangeException"/> before any poll.
/// </summary>
public sealed class OperationPolling
{
    /// <summary>The shortest delay allowed between two polls: 100 ms (ten polls a second at most).</summary>
    public static readonly TimeSpan MinimumDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>The default <see cref="MaxPolls"/>: 10,000 (about 83 hours at the default 30 s <see cref="MaxDelay"/>).</summary>
    public const int DefaultMaxPolls = 10_000;

    /// <summary>The delay before the first poll; at least <see cref="MinimumDelay"/>. Default 1 s.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Each delay is the previous one times this; at least 1 (finite). Default 1.5.</summary>
    public double Multiplier { get; set; } = 1.5;

    /// <summary>The longest delay between polls; at least <see cref="InitialDelay"/>. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Give up after this long (a <see cref="TimeoutException"/>): the waits and the poll in flight alike, on the
    /// client's <see cref="ClientOptions.TimeProvider"/>. Null (or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>)
    /// waits until done, cancelled or out of <see cref="MaxPolls"/>.
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Give up after this many polls (a <see cref="TimeoutException"/>); at least 1. Default <see cref="DefaultMaxPolls"/>.</summary>
    public int MaxPolls { get; set; } = DefaultMaxPolls;

    /// <summary>The timeout that applies: null for none.</summary>
    internal TimeSpan? EffectiveTimeout => Timeout == System.Threading.Timeout.InfiniteTimeSpan ? null : Timeout;

    /// <summary>Throws when a setting makes no sense (it would poll in a tight loop, hang, or never start).</summary>
    internal void Validate()
    {
        if (InitialDelay < MinimumDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialDelay), InitialDelay,
                $"OperationPolling.InitialDelay must be at least {Milliseconds(MinimumDelay)} ms (OperationPolling.MinimumDelay).");
        }

        if (MaxDelay < InitialDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "OperationPolling.MaxDelay must not be shorter than InitialDelay.");
        }

        if (MaxDelay.TotalMilliseconds > uint.MaxValue - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "OperationPolling.MaxDelay is longer than a timer can wait (about 49.7 days).");
        }

        if (!double.IsFinite(Multiplier) || Multiplier < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Multiplier), Multiplier, "OperationPolling.Multiplier must be a finite number of at least 1.");
        }

        if (EffectiveTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "OperationPolling.Timeout must be positive, null or Timeout.InfiniteTimeSpan.");
        }

        if (EffectiveTimeout is { } longest && longest.TotalMilliseconds > uint.MaxValue - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "OperationPolling.Timeout is longer than a timer can wait (about 49.7 days): use null for none.");
        }

        if (MaxPolls < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPolls), MaxPolls, "OperationPolling.MaxPolls must be at least 1.");
        }
    }

    /// <summary>The delay after <paramref name="delay"/>: times <see cref="Multiplier"/>, at most <see cref="MaxDelay"/>.</summary>
    internal TimeSpan Next(TimeSpan delay) => TimeSpan.FromTicks((long)Math.Min(delay.Ticks * Multiplier, MaxDelay.Ticks));

    private static string Milliseconds(TimeSpan value) => value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
}
