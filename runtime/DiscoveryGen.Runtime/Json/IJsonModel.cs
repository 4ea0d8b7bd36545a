using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary>
/// A type whose JSON reading and writing the generator emitted (no reflection, trimming- and NativeAOT-safe).
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IJsonModel<TSelf>
    where TSelf : IJsonModel<TSelf>
{
    /// <summary>Reads a value; the reader is positioned on the value's first token and is left on its last.</summary>
    static abstract TSelf ReadJson(ref Utf8JsonReader reader);

    /// <summary>Writes this value.</summary>
    void WriteJson(Utf8JsonWriter writer);
}
