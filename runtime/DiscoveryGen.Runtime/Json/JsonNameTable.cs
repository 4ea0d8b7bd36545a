using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary>
/// The JSON names of one model type, numbered as its generated code numbers them: a property name on the reader is
/// matched by its UTF-8 bytes (no widening to UTF-16 for a <c>switch</c>), and a name is written pre-encoded.
/// Built once per type and shared by every thread: only its order hints change, and any hint is safe.
/// </summary>
internal sealed class JsonNameTable
{
    // Names whose raw (possibly escaped) text is longer than this are unescaped on the heap instead of the stack.
    private const int StackNameLength = 256;

    private readonly byte[][] _utf8;

    // Open addressing over the name hashes: a name's number, or -1 for an empty slot (which ends a probe).
    private readonly int[] _slots;
    private readonly int _mask;

    // The number of the name last seen after name i - 1 (slot 0: the first name of an object), or -1.
    private readonly int[] _next;

    // Per name: the string value read last and how well reusing it has paid (see ReadString).
    private readonly RecentValue[] _recent;

    public JsonNameTable(string[] names)
    {
        Names = names;
        _utf8 = new byte[names.Length][];
        Encoded = new JsonEncodedText[names.Length];
        var size = 8;
        while (size < names.Length * 4)
        {
            size <<= 1;
        }

        _slots = new int[size];
        _mask = size - 1;
        _slots.AsSpan().Fill(-1);
        _recent = new RecentValue[names.Length];
        _next = new int[names.Length + 1];
        _next.AsSpan().Fill(-1);
        for (var i = 0; i < names.Length; i++)
        {
            _utf8[i] = Encoding.UTF8.GetBytes(names[i]);
            Encoded[i] = JsonEncodedText.Encode(names[i], JsonWire.WriterOptions.Encoder);
            var slot = (int)Hash(_utf8[i]) & _mask;
            while (_slots[slot] >= 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = i;
        }
    }

    /// <summary>The names as declared (a <c>NullFields</c> entry is matched against these).</summary>
    public string[] Names { get; }

    /// <summary>The names encoded as request bodies are written (<see cref="JsonWire.WriterOptions"/>).</summary>
    public JsonEncodedText[] Encoded { get; }

    /// <summary>The number of the property name the reader is on, or -1 when this type does not declare it.</summary>
    /// <param name="reader">The reader, on a property name.</param>
    /// <param name="previous">The number of the object's previous property (-1: none), whose usual successor is tried first.</param>
    public int IndexOf(scoped ref Utf8JsonReader reader, int previous)
    {
        if (reader.HasValueSequence || reader.ValueIsEscaped)
        {
            return IndexOfUnescaped(ref reader);
        }

        // A server writes an object's properties in the same order every time: the name that followed the previous one
        // last time is compared first, and only a miss hashes. A hint is only a guess (equal bytes decide), so threads
        // may overwrite each other's freely.
        var utf8 = reader.ValueSpan;
        var hint = _next[previous + 1];
        if (hint >= 0 && utf8.SequenceEqual(_utf8[hint]))
        {
            return hint;
        }

        var index = IndexOf(utf8);
        if (index >= 0)
        {
            _next[previous + 1] = index;
        }

        return index;
    }

    /// <summary>
    /// The string value the reader is on, for the property numbered <paramref name="name"/>: the string this property
    /// read last (in any object of this type) when the bytes are the same ASCII, else a new one. A list repeats many
    /// values item after item (<c>kind</c>, the bucket, a storage class), and each reuse saves an allocation that stays
    /// alive with the result. Whether reuse pays is learnt per property: one whose values keep changing (ids, links,
    /// hashes) stops being compared after a few misses. Shared by threads without locks: a slot only ever holds a whole
    /// string whose bytes are compared in full before it is returned, so a race costs a reuse, never a wrong value.
    /// </summary>
    /// <param name="reader">The reader, on the value (not null).</param>
    /// <param name="name">The property's number in <see cref="Names"/>.</param>
    public string ReadString(scoped ref Utf8JsonReader reader, int name)
    {
        if (reader.TokenType != JsonTokenType.String || reader.HasValueSequence || reader.ValueIsEscaped)
        {
            return JsonWire.ReadString(ref reader);
        }

        var utf8 = reader.ValueSpan;
        if ((uint)name < (uint)_recent.Length && utf8.Length <= LongestReused && _recent[name].Score > GiveUp)
        {
            return Reuse(ref _recent[name], utf8) ?? reader.GetString()!;
        }

        return Ascii.IsValid(utf8) ? Encoding.Latin1.GetString(utf8) : reader.GetString()!;
    }

    /// <summary>The last value when the bytes are the same, else a new string kept as the last; null for non-ASCII bytes.</summary>
    private static string? Reuse(ref RecentValue recent, ReadOnlySpan<byte> utf8)
    {
        var last = recent.Value;
        if (last is not null)
        {
            var score = recent.Score;
            if (last.Length == utf8.Length && Ascii.Equals(utf8, last))
            {
                if (score < Trusted)
                {
                    recent.Score = score + 1;
                }

                return last;
            }

            recent.Score = score - 1;
        }

        if (!Ascii.IsValid(utf8))
        {
            return null;
        }

        var text = Encoding.Latin1.GetString(utf8);
        recent.Value = text;
        return text;
    }

    // A property is no longer compared once its misses outnumber its reuses by this many (every score starts at 0, and
    // a reuse counts up to Trusted, so a property that paid for long is not given up on after a few new values).
    private const int GiveUp = -4;
    private const int Trusted = 8;

    // Longer values are never kept: a slot keeps its string alive as long as the type is loaded.
    private const int LongestReused = 64;

    /// <summary>A property's last string value and how well reusing it has paid.</summary>
    private struct RecentValue
    {
        public string? Value;
        public int Score;
    }

    // Apart from the common path: its stack buffer would be cleared on every call.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int IndexOfUnescaped(scoped ref Utf8JsonReader reader)
    {
        // Escaped or split across segments: unescape to UTF-8 (never longer than the raw text) and match that.
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > StackNameLength)
        {
            return IndexOf(Encoding.UTF8.GetBytes(reader.GetString()!));
        }

        Span<byte> buffer = stackalloc byte[StackNameLength];
        return IndexOf(buffer[..reader.CopyString(buffer)]);
    }

    private int IndexOf(ReadOnlySpan<byte> utf8)
    {
        var slot = (int)Hash(utf8) & _mask;
        while (true)
        {
            var index = _slots[slot];
            if (index < 0 || utf8.SequenceEqual(_utf8[index]))
            {
                return index;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>A hash of the length and the first and last 8 bytes (4, or 3 single bytes, for shorter names).</summary>
    internal static uint Hash(ReadOnlySpan<byte> name)
    {
        ulong head, tail;
        if (name.Length >= 8)
        {
            head = BinaryPrimitives.ReadUInt64LittleEndian(name);
            tail = BinaryPrimitives.ReadUInt64LittleEndian(name[^8..]);
        }
        else if (name.Length >= 4)
        {
            head = BinaryPrimitives.ReadUInt32LittleEndian(name);
            tail = BinaryPrimitives.ReadUInt32LittleEndian(name[^4..]);
        }
        else
        {
            head = name.IsEmpty ? 0 : name[0] | ((ulong)name[^1] << 8) | ((ulong)name[name.Length >> 1] << 16);
            tail = 0;
        }

        var hash = ((head * 0x9E3779B97F4A7C15UL) ^ (tail * 0xC2B2AE3D27D4EB4FUL)) + (ulong)name.Length;
        return (uint)(hash >> 32) ^ (uint)hash;
    }
}
