namespace DiscoveryGen.Runtime;

/// <summary>
/// The runtime's logging hook. The core runtime is BCL-only, so it logs through this small interface;
/// <c>DiscoveryGen.Extensions.DependencyInjection</c> adapts it to <c>ILogger</c> (and does so automatically in
/// <c>AddDiscoveryClient</c>). Entries never contain tokens, API keys, Authorization headers or query strings
/// other than redacted ones.
/// </summary>
public interface IApiLogger
{
    /// <summary>Whether entries of <paramref name="level"/> are wanted (nothing is built when not).</summary>
    bool IsEnabled(ApiLogLevel level);

    /// <summary>Writes one entry.</summary>
    void Log(ApiLogEntry entry);
}
