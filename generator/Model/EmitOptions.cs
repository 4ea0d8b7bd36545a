namespace DiscoveryGen.Generator.Model;

/// <summary>How a client is formatted: the visibility of its top-level types and whether XML docs are written.</summary>
internal sealed record EmitOptions(bool Internal, bool XmlDocs)
{
    public static readonly EmitOptions Default = new(false, true);

    /// <summary>The accessibility keyword of the generated top-level types.</summary>
    public string Accessibility => Internal ? "internal" : "public";
}

/// <summary>The options part of <see cref="ClientModel"/> (kept apart so the model's positional list stays the builder's).</summary>
internal sealed partial record ClientModel
{
    /// <summary>Emit options from the MSBuild knobs; part of the model's equality.</summary>
    public EmitOptions Emit { get; init; } = EmitOptions.Default;
}
