using System.Runtime.CompilerServices;
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

    /// <summary>
    /// Reads a string property, reusing the string this property read last (for any object of this type) when the
    /// bytes are the same: a list repeats many values item after item (<c>kind</c>, a bucket, a storage class).
    /// </summary>
    /// <param name="reader">The reader, on the property name.</param>
    /// <param name="name">The property's number in <see cref="JsonModel.JsonNames"/>.</param>
    /// <remarks>Only unescaped ASCII values of up to 64 bytes are reused; any other value is read as a new string.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected string? ReadString(ref Utf8JsonReader reader, int name) =>
        // The read loop has built the table before any property arm runs: the static saves a virtual call per string.
        Next(ref reader) ? (s_names ?? Names).ReadString(ref reader, name) : null;

    /// <summary>Reads a JSON object as a new <typeparamref name="TSelf"/>; the reader is on its start and is left on its end.</summary>
    /// <param name="reader">The reader.</param>
    public static TSelf ReadJson(ref Utf8JsonReader reader) => ReadObject(ref reader, new TSelf());
}
