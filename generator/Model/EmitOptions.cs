namespace DiscoveryGen.Generator.Model;

/// <summary>How a client is formatted: the visibility of its top-level types and whether XML docs are written.</summary>
internal sealed record EmitOptions(bool Internal, bool XmlDocs)
{
    public static readonly EmitOptions Default = new(false, true);

    /// <summary>The accessibility keyword of the generated top-level types.</summary>
    public string Accessibility => Internal ? "internal" : "public";
}
