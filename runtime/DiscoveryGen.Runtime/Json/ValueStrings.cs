using System;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary>
/// Makes the strings of JSON string values and map keys, reusing the last string made for the same short ASCII text on
/// this thread: a list of 1,000 objects repeats its <c>kind</c>, bucket, storage class, content type and metadata keys
/// in every item, and one shared instance of each saves an allocation and the copy.
/// </summary>
/// <remarks>
/// A direct-mapped table per thread (no locks, nothing shared): <see cref="Slots"/> entries of at most
/// <see cref="MaxLength"/> characters, so a server can neither grow it nor make a lookup cost more than one hash and one
/// comparison. A slot is returned only when its string equals the value's bytes exactly (same length, every byte
/// equal, ASCII); escaped, multi-segment, non-ASCII or longer values are made the ordinary way and never kept.
/// </remarks>
internal static class ValueStrings
{
    /// <summary>Longest value (in UTF-8 bytes) looked up and kept: hashes, etags and enum-like values fit, names and links do not.</summary>
    internal const int MaxLength = 32;

    private const int SlotBits = 8;

    /// <summary>Entries in each thread's table.</summary>
    internal const int Slots = 1 << SlotBits;

    [ThreadStatic]
    private static string?[]? t_slots;

    [ThreadStatic]
    private static uint[]? t_seen;

    /// <summary>The string of the String or PropertyName token the reader is on (as <see cref="Utf8JsonReader.GetString"/>).</summary>
    public static string Get(scoped ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxLength)
        {
            return reader.GetString()!;
        }

        var utf8 = reader.ValueSpan;
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        var hash = Hash(utf8);
        var index = (int)(hash >> (64 - SlotBits));
        ref var slot = ref (t_slots ??= new string?[Slots])[index];
        var cached = slot;
        if (cached is not null && Ascii.Equals(utf8, cached))
        {
            return cached;
        }

        var made = reader.GetString()!;

        // Kept on the second sighting only (a fingerprint of the first is remembered): unique values such as hashes and
        // etags then never displace repeated ones. As many UTF-16 chars as UTF-8 bytes only when every byte is ASCII.
        ref var seen = ref (t_seen ??= new uint[Slots])[index];
        var fingerprint = (uint)hash | 1;
        if (seen == fingerprint && made.Length == utf8.Length)
        {
            slot = made;
        }
        else
        {
            seen = fingerprint;
        }

        return made;
    }

    /// <summary>A slot from the length and the first, middle and last (up to) eight bytes: cheap, and only a hint (a hit is compared in full).</summary>
    internal static int SlotOf(ReadOnlySpan<byte> utf8) => (int)(Hash(utf8) >> (64 - SlotBits));

    private static ulong Hash(ReadOnlySpan<byte> utf8)
    {
        var length = utf8.Length;
        ulong hash;
        if (length >= 8)
        {
            hash = BinaryPrimitives.ReadUInt64LittleEndian(utf8)
                ^ BitOperations.RotateLeft(BinaryPrimitives.ReadUInt64LittleEndian(utf8[(length - 8)..]), 21)
                ^ BitOperations.RotateLeft(BinaryPrimitives.ReadUInt64LittleEndian(utf8.Slice((length - 8) / 2, 8)), 42);
        }
        else if (length >= 4)
        {
            hash = BinaryPrimitives.ReadUInt32LittleEndian(utf8) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(utf8[(length - 4)..]) << 32);
        }
        else
        {
            hash = utf8[0] | ((ulong)utf8[length / 2] << 8) | ((ulong)utf8[length - 1] << 16);
        }

        return (hash + (ulong)length) * 0x9E3779B97F4A7C15UL;
    }
}
