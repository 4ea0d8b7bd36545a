namespace DiscoveryGen.Runtime;

/// <summary>Severity of an <see cref="ApiLogEntry"/>; the numbers match <c>Microsoft.Extensions.Logging.LogLevel</c>.</summary>
public enum ApiLogLevel
{
    /// <summary>Most detailed.</summary>
    Trace = 0,

    /// <summary>Per-call diagnostics (a call succeeded).</summary>
    Debug = 1,

    /// <summary>Noteworthy events (a retry is scheduled).</summary>
    Information = 2,

    /// <summary>A call failed.</summary>
    Warning = 3,

    /// <summary>Unexpected failures.</summary>
    Error = 4,
}
