using System.Collections.Generic;
using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary><c>google.rpc.ErrorInfo</c>: the machine-readable cause of an error.</summary>
public sealed class ErrorInfo : ErrorDetail
{
    internal ErrorInfo(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        Reason = Str(json, "reason");
        Domain = Str(json, "domain");
        Metadata = Map(json, "metadata");
    }

    /// <summary>The reason, UPPER_SNAKE_CASE, unique within <see cref="Domain"/> (e.g. <c>RATE_LIMIT_EXCEEDED</c>).</summary>
    public string? Reason { get; }

    /// <summary>The logical grouping of the reason, usually the service name (e.g. <c>googleapis.com</c>).</summary>
    public string? Domain { get; }

    /// <summary>Additional structured details.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
