using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace DiscoveryGen.Generator.Parsing;

/// <summary>
/// Makes each distinct short string of one document once: recurring values and keys (types, formats, property names)
/// cost a hash instead of an allocation. Direct-mapped: a collision only costs a new string.
/// </summary>
internal sealed class StringCache
{
    private const int MaxLength = 32;
    private readonly string?[] _slots = new string?[1024];

    /// <summary>The string of <paramref name="length"/> chars of <paramref name="source"/> at <paramref name="start"/>.</summary>
    public string Get(string source, int start, int length)
    {
        if (length > MaxLength)
        {
            return source.Substring(start, length);
        }

        var bytes = MemoryMarshal.AsBytes(source.AsSpan(start, length));
        var slot = Slot(bytes, length);
        var cached = _slots[slot];
        if (cached is not null && cached.Length == length && string.CompareOrdinal(source, start, cached, 0, length) == 0)
        {
            return cached;
        }

        return _slots[slot] = source.Substring(start, length);
    }

    /// <summary>The string these <paramref name="length"/> UTF-8 bytes at <paramref name="start"/> spell.</summary>
    public string Get(byte[] utf8, int start, int length)
    {
        if (length > MaxLength)
        {
            return Encoding.UTF8.GetString(utf8, start, length);
        }

        // Hashed as bytes, so an ASCII value has another slot than from chars; one document uses only one of the two.
        var slot = Slot(new ReadOnlySpan<byte>(utf8, start, length), length);
        var cached = _slots[slot];
        if (cached is not null && AsciiEquals(utf8, start, length, cached))
        {
            return cached;
        }

        return _slots[slot] = Encoding.UTF8.GetString(utf8, start, length);
    }

    /// <summary>Whether the bytes are the UTF-8 of <paramref name="value"/>, judged for ASCII only (a non-ASCII value never equals).</summary>
    public static bool AsciiEquals(byte[] utf8, int start, int length, string value)
    {
        if (length != value.Length)
        {
            return false;
        }

        for (var i = 0; i < length; i++)
        {
            var c = value[i];
            if (c >= 0x80 || utf8[start + i] != c)
            {
                return false;
            }
        }

        return true;
    }

    // Length, the first and the last eight bytes (overlapping when shorter): cheap, and enough to spread property
    // names and enum values.
    private int Slot(ReadOnlySpan<byte> bytes, int length)
    {
        ulong mixed;
        if (bytes.Length >= 8)
        {
            mixed = BinaryPrimitives.ReadUInt64LittleEndian(bytes)
                ^ (BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(bytes.Length - 8)) * 0x9E3779B97F4A7C15UL);
        }
        else
        {
            mixed = 0;
            foreach (var b in bytes)
            {
                mixed = (mixed << 8) | b;
            }
        }

        mixed = (mixed ^ (ulong)length) * 0xC2B2AE3D27D4EB4FUL;
        return (int)(((uint)(mixed >> 32) ^ (uint)mixed) & (uint)(_slots.Length - 1));
    }
}
