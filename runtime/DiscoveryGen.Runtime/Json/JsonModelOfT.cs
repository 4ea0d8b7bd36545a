using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary>
/// The base of a generated model class that reads itself: <see cref="ReadJson"/> for <see cref="IJsonModel{TSelf}"/>,
/// so the generated class declares its properties and nothing of the frame.
/// </summary>
/// <typeparam name="TSelf">The generated class.</typeparam>
public abstract class JsonModel<TSelf> : JsonModel, IJsonModel<TSelf>
    where TSelf : JsonModel<TSelf>, new()
{
    // One table per generated type, built on first use (a race builds two equal tables; either is kept).
    private static JsonNameTable? s_names;

    /// <inheritdoc />
    internal sealed override JsonNameTable Names => s_names ??= new JsonNameTable(JsonNames());

    /// <summary>Reads a JSON object as a new <typeparamref name="TSelf"/>; the reader is on its start and is left on its end.</summary>
    /// <param name="reader">The reader.</param>
    public static TSelf ReadJson(ref Utf8JsonReader reader) => ReadObject(ref reader, new TSelf());
}
