using System;

namespace DiscoveryGen.Runtime;

/// <summary>
/// A call did not complete within its deadline: <see cref="ClientOptions.Timeout"/> (the whole call, retries included),
/// or every attempt ran past <see cref="ClientOptions.AttemptTimeout"/> / <c>HttpClient.Timeout</c>.
/// Caller cancellation is reported as <see cref="OperationCanceledException"/>, never as this.
/// </summary>
public sealed class ApiTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public ApiTimeoutException(string methodId, TimeSpan timeout, int attempts, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        MethodId = methodId;
        Timeout = timeout;
        Attempts = attempts;
    }

    /// <summary>The discovery method id of the call.</summary>
    public string MethodId { get; }

    /// <summary>The timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>How many attempts were started.</summary>
    public int Attempts { get; }
}
