namespace DiscoveryGen.Generator.Model;

/// <summary>
/// How a client is formatted: the visibility of its top-level types, whether XML docs are written, and whether deprecated
/// elements get <c>[Obsolete]</c> (else a remark).
/// </summary>
internal sealed record EmitOptions(bool Internal, bool XmlDocs, bool ObsoleteAttributes = true)
{
    public static readonly EmitOptions Default = new(false, true);

    /// <summary>The accessibility keyword of the generated top-level types.</summary>
    public string Accessibility => Internal ? "internal" : "public";
}
