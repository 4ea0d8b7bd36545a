using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary><c>google.rpc.RequestInfo</c>: the server's id for the request, for support tickets.</summary>
public sealed class RequestInfo : ErrorDetail
{
    internal RequestInfo(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        RequestId = Str(json, "requestId");
        ServingData = Str(json, "servingData");
    }

    /// <summary>The server's opaque request id.</summary>
    public string? RequestId { get; }

    /// <summary>Opaque debugging data.</summary>
    public string? ServingData { get; }
}
