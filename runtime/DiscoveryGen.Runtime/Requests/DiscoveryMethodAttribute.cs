using System;

namespace DiscoveryGen.Runtime;

/// <summary>Identifies the discovery method a generated client method calls.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DiscoveryMethodAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="id">The discovery method id, e.g. <c>cloudaicompanion.projects.locations.operations.cancel</c>.</param>
    /// <param name="httpMethod">The HTTP verb.</param>
    /// <param name="path">The discovery path template, relative to the service's base URI.</param>
    public DiscoveryMethodAttribute(string id, string httpMethod, string path)
    {
        Id = id;
        HttpMethod = httpMethod;
        Path = path;
    }

    /// <summary>The discovery method id.</summary>
    public string Id { get; }

    /// <summary>The HTTP verb.</summary>
    public string HttpMethod { get; }

    /// <summary>The discovery path template (RFC 6570 level 2, as discovery uses it).</summary>
    public string Path { get; }
}
