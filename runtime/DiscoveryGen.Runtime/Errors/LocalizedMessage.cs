using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary><c>google.rpc.LocalizedMessage</c>: a user-facing message in a locale.</summary>
public sealed class LocalizedMessage : ErrorDetail
{
    internal LocalizedMessage(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        Locale = Str(json, "locale");
        Message = Str(json, "message");
    }

    /// <summary>The BCP-47 locale.</summary>
    public string? Locale { get; }

    /// <summary>The message.</summary>
    public string? Message { get; }
}
