namespace DiscoveryGen.Runtime;

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
