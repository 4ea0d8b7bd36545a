using System;
using System.Collections.Generic;
using System.Collections.Frozen;

namespace DiscoveryGen.Runtime;

/// <summary>
/// When and how a failed call is retried, following Google's guidance (AIP-194): truncated exponential backoff with
/// full jitter, the server's <c>Retry-After</c> / <c>RetryInfo</c> delay honoured as a minimum. Only idempotent calls
/// are retried (GET, HEAD, PUT, DELETE, and calls carrying a <c>requestId</c> or an etag precondition) unless
/// <see cref="RetryNonIdempotent"/> or <see cref="RequestOptions.Idempotent"/> says otherwise.
/// </summary>
public sealed class RetryPolicy
{
    private static readonly FrozenSet<int> DefaultCodes = new[] { 408, 429, 500, 502, 503, 504 }.ToFrozenSet();
    private IReadOnlySet<int> _statusCodes = DefaultCodes;

    /// <summary>The defaults: 5 attempts, 1 s initial delay doubling up to 32 s, 60 s retry budget.</summary>
    public static RetryPolicy Default { get; } = new();

    /// <summary>No retries at all (one attempt).</summary>
    public static RetryPolicy None { get; } = new() { MaxAttempts = 1 };

    /// <summary>Attempts in total, the first included (1 disables retries). Default 5.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The backoff ceiling before the first retry. Default 1 s.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest backoff ceiling. Default 32 s. A longer server-requested delay is still honoured.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>The factor the ceiling grows by per retry. Default 2.</summary>
    public double Multiplier { get; init; } = 2.0;

    /// <summary>
    /// The retry budget: no retry is started, and no backoff wait is begun, that would end later than this after the
    /// call started. Default 60 s; null for no budget (the call's <see cref="ClientOptions.Timeout"/> still applies).
    /// </summary>
    public TimeSpan? TotalBudget { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>HTTP statuses that are retried. Default 408, 429, 500, 502, 503, 504.</summary>
    public IReadOnlySet<int> RetryableStatusCodes
    {
        get => _statusCodes;
        init => _statusCodes = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Retry POST/PATCH calls that carry no request id or etag as well. Default false: they could be applied twice.</summary>
    public bool RetryNonIdempotent { get; init; }

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "MaxAttempts must be at least 1.");
        }

        if (InitialDelay < TimeSpan.Zero || MaxDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialDelay), "Retry delays must not be negative.");
        }

        if (!(Multiplier >= 1.0) || double.IsInfinity(Multiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(Multiplier), Multiplier, "Multiplier must be a finite number ≥ 1.");
        }

        if (TotalBudget is { } budget && budget < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TotalBudget), "TotalBudget must not be negative.");
        }
    }

    /// <summary>
    /// The backoff before retry number <paramref name="retry"/> (1 for the first retry): a uniformly random delay in
    /// [0, min(<see cref="MaxDelay"/>, <see cref="InitialDelay"/> × <see cref="Multiplier"/>^(retry−1))] ("full jitter").
    /// </summary>
    public TimeSpan ComputeBackoff(int retry, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var ceiling = Ceiling(retry);
        return TimeSpan.FromTicks((long)(ceiling.Ticks * random.NextDouble()));
    }

    /// <summary>The upper bound of <see cref="ComputeBackoff"/> for retry number <paramref name="retry"/>.</summary>
    public TimeSpan Ceiling(int retry)
    {
        var exponent = Math.Max(0, retry - 1);
        var ticks = InitialDelay.Ticks * Math.Pow(Multiplier, exponent);
        return ticks >= MaxDelay.Ticks || double.IsNaN(ticks) ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
