using System;
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
        if (length == 0)
        {
            return string.Empty;
        }

        if (length > MaxLength)
        {
            return source.Substring(start, length);
        }

        var slot = Slot(source[start], source[start + length - 1], source[start + (length >> 1)], length);
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

        if (length == 0)
        {
            return string.Empty;
        }

        var slot = Slot(utf8[start], utf8[start + length - 1], utf8[start + (length >> 1)], length);
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

    // From the length and the first, last and middle unit (char or byte): cheap, and enough to spread property names
    // and enum values.
    private int Slot(uint first, uint last, uint middle, int length)
    {
        var hash = ((uint)length * 0x9E3779B1u) ^ first;
        hash = (hash * 0x85EBCA6Bu) ^ (last << 7);
        hash = (hash * 0xC2B2AE35u) ^ (middle << 14);
        return (int)((hash ^ (hash >> 15)) & (uint)(_slots.Length - 1));
    }
}
