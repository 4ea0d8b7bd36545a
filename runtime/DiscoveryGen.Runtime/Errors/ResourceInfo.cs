using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary><c>google.rpc.ResourceInfo</c>: the resource the error is about.</summary>
public sealed class ResourceInfo : ErrorDetail
{
    internal ResourceInfo(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        ResourceType = Str(json, "resourceType");
        ResourceName = Str(json, "resourceName");
        Owner = Str(json, "owner");
        Description = Str(json, "description");
    }

    /// <summary>The resource type.</summary>
    public string? ResourceType { get; }

    /// <summary>The resource name.</summary>
    public string? ResourceName { get; }

    /// <summary>The resource owner.</summary>
    public string? Owner { get; }

    /// <summary>What went wrong with the resource.</summary>
    public string? Description { get; }
}
