using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary>A detail whose <c>@type</c> this runtime does not type; its JSON is in <see cref="ErrorDetail.Json"/>.</summary>
public sealed class UnknownErrorDetail : ErrorDetail
{
    internal UnknownErrorDetail(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
    }
}
