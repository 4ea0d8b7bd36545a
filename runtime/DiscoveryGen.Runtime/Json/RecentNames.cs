using System;
using System.Text;
using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary>
/// The map keys and unknown property names a thread read lately, so a list whose items repeat them (labels such as
/// <c>env</c>, metadata keys, a field newer than the client's document in every item) makes each string once. A small
/// direct-mapped table per thread: a slot holds the last name whose hash falls there, and equal bytes decide a reuse.
/// </summary>
internal static class RecentNames
{
    // Longer names are made anew every time; a slot keeps its string alive as long as its thread lives.
    private const int LongestReused = 64;
    private const int Slots = 64;

    [ThreadStatic]
    private static string?[]? t_names;

    /// <summary>The property name or map key the reader is on.</summary>
    public static string Read(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > LongestReused)
        {
            return JsonWire.Text(ref reader);
        }

        var utf8 = reader.ValueSpan;
        var names = t_names ??= new string?[Slots];
        ref var slot = ref names[(int)JsonNameTable.Hash(utf8) & (Slots - 1)];
        var known = slot;
        if (known is not null && known.Length == utf8.Length && Ascii.Equals(utf8, known))
        {
            return known;
        }

        // A non-ASCII name is kept too but never matches (Ascii.Equals is false for it): it costs its slot, nothing else.
        return slot = JsonWire.Text(ref reader);
    }
}
