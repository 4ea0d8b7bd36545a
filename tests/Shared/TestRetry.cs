using System;
using DiscoveryGen.Runtime;

namespace DiscoveryGen.Tests.Shared;

/// <summary>The retry policies tests use, in one place.</summary>
public static class TestRetry
{
    /// <summary>
    /// Full-jitter backoff capped at 20 ms on the real clock: the retry logic runs as in production, without the
    /// seconds of waiting. The budget (60 s, the default) bounds a retried call without racing a slow machine.
    /// </summary>
    public static RetryPolicy Fast(int maxAttempts = 4) => new()
    {
        MaxAttempts = maxAttempts,
        InitialDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(20),
        TotalBudget = TimeSpan.FromSeconds(60),
    };

    /// <summary>
    /// No backoff at all: for tests on a <see cref="TestClock"/>, where any non-zero wait lasts until the test
    /// advances the clock. Server-requested delays (Retry-After, RetryInfo) are still honoured.
    /// </summary>
    public static RetryPolicy Immediate(int maxAttempts = 4) => new()
    {
        MaxAttempts = maxAttempts,
        InitialDelay = TimeSpan.Zero,
        MaxDelay = TimeSpan.Zero,
        TotalBudget = TimeSpan.FromSeconds(10),
    };
}
