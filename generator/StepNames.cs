namespace DiscoveryGen.Generator;

/// <summary>Tracking names of the pipeline steps (tests assert their caching).</summary>
public static class StepNames
{
    public const string Input = nameof(Input);
    public const string Parse = nameof(Parse);
    public const string Document = nameof(Document);
    public const string Sidecars = nameof(Sidecars);
    public const string Build = nameof(Build);
}
