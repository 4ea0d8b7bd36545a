using System;
using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary><c>google.rpc.RetryInfo</c>: how long the client should wait before retrying.</summary>
public sealed class RetryInfo : ErrorDetail
{
    internal RetryInfo(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        var delay = Str(json, "retryDelay");
        RetryDelay = delay is null ? null : WireFormat.ParseDuration(delay);
    }

    /// <summary>The server's requested minimum delay; null when the detail carries none.</summary>
    public TimeSpan? RetryDelay { get; }
}
