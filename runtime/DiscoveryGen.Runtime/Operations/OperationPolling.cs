using System;

namespace DiscoveryGen.Runtime;

/// <summary>How an operation is polled: exponential backoff between <c>operations.get</c> calls, and an overall timeout.</summary>
public sealed class OperationPolling
{
    /// <summary>The delay before the first poll. Default 1 s.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Each delay is the previous one times this. Default 1.5.</summary>
    public double Multiplier { get; set; } = 1.5;

    /// <summary>The longest delay between polls. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Give up after this long (a <see cref="TimeoutException"/>); null waits until done or cancelled.</summary>
    public TimeSpan? Timeout { get; set; }
}
