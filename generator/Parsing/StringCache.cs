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
    private string?[]? _long;

    // Each long slot's full hash (never 0; 0 = empty): a probe compares ints in one small array and touches a cached
    // string only when the hashes agree (most probes of a fuller table are misses, each a cache miss on the string).
    private int[]? _longHashes;
    private int _longCount;
    private int _longSlots;

    // The length of the text strings are made from (the long-string table is sized by it).
    private readonly int _textLength;

    public StringCache(int textLength) => _textLength = textLength;

    /// <summary>The string of <paramref name="length"/> chars of <paramref name="source"/> at <paramref name="start"/>.</summary>
    public string Get(char[] source, int start, int length)
    {
        if (length == 0)
        {
            return string.Empty;
        }

        if (length > MaxLength)
        {
            return GetLong(source, start, length);
        }

        var slot = Slot(source[start], source[start + length - 1], source[start + (length >> 1)], length);
        var cached = _slots[slot];
        if (cached is not null && cached.Length == length && cached.AsSpan().SequenceEqual(new ReadOnlySpan<char>(source, start, length)))
        {
            return cached;
        }

        return _slots[slot] = new string(source, start, length);
    }

    /// <summary>
    /// A long string (a description, a <c>$ref</c>, a pattern, a path), made once per distinct text: long strings recur
    /// too (a third of aiplatform.v1's long-string chars are repeats: shared parameter and operation descriptions,
    /// schema references), and each repeat was an allocation and a copy that the collector then copied again. An
    /// open-addressed table keyed by a sample of the chars; a full comparison decides. It stops taking new strings when
    /// three quarters full (then they are only made).
    /// </summary>
    private string GetLong(char[] source, int start, int length)
    {
        if (_long is null)
        {
            // Pooled (returned by Release): for a large document the table is above the large-object threshold, and
            // each parse allocating it afresh cost page faults and, under the workstation collector, gen2 budget.
            _longSlots = LongSlots(_textLength);
            _long = System.Buffers.ArrayPool<string?>.Shared.Rent(_longSlots);
            _longHashes = System.Buffers.ArrayPool<int>.Shared.Rent(_longSlots);
            System.Array.Clear(_longHashes, 0, _longSlots);
        }

        var table = _long;
        var hashes = _longHashes!;
        var mask = _longSlots - 1;
        var raw = LongHash(source, start, length);
        var hash = raw | 1;
        var slot = raw & mask;
        while (hashes[slot] != 0)
        {
            if (hashes[slot] == hash && table[slot] is { } cached && cached.Length == length && cached.AsSpan().SequenceEqual(new ReadOnlySpan<char>(source, start, length)))
            {
                return cached;
            }

            slot = (slot + 1) & mask;
        }

        var made = new string(source, start, length);
        if (_longCount < _longSlots - (_longSlots >> 2))
        {
            table[slot] = made;
            hashes[slot] = hash;
            _longCount++;
        }

        return made;
    }

    /// <summary>Returns the pooled long-string table, cleared (the tree calls it when disposed).</summary>
    public void Release()
    {
        if (_long is not null)
        {
            System.Array.Clear(_long, 0, _longSlots);
            System.Buffers.ArrayPool<string?>.Shared.Return(_long);
            System.Buffers.ArrayPool<int>.Shared.Return(_longHashes!);
            _long = null;
            _longHashes = null;
            _longCount = 0;
        }
    }

    // About one distinct long string per 350 chars of a discovery document (aiplatform.v1: 5,700): a power of two at
    // least one per 128 chars keeps the open-addressed table about a third full, so a miss (a new string) ends its
    // probe within a slot or two instead of walking a long run of a three-quarters-full table.
    private static int LongSlots(int textLength)
    {
        var slots = 256;
        while (slots < textLength / 128)
        {
            slots <<= 1;
        }

        return slots;
    }

    // From the length and eight chars spread over the text (descriptions share openings like "The name of", so the
    // middle and the end count as much as the start).
    private static int LongHash(char[] source, int start, int length)
    {
        var hash = (uint)length * 0x9E3779B1u;
        var step = length >> 3;
        for (var i = 0; i < 8; i++)
        {
            hash = (hash ^ source[start + (i * step) + (i & 1)]) * 0x85EBCA6Bu;
        }

        hash ^= source[start + length - 1];
        return (int)(hash ^ (hash >> 15));
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
