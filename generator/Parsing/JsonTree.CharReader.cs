using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace DiscoveryGen.Generator.Parsing;

// The fast reader: plain JSON straight from the text's chars, without transcoding to UTF-8. It declines (returns
// false) at the first thing it does not handle — comments, trailing commas, lone surrogates, control characters, deep
// nesting, any error — and the exact reader then reads the whole text again. So it never accepts what
// System.Text.Json would reject, and for what it accepts it records the same tokens, values and (char) positions.
internal sealed partial class JsonTree
{
    [MethodImpl(Emitting.CompactText.AggressiveOptimization)]
    private bool ReadChars(CancellationToken cancellationToken)
    {
        ReadOnlySpan<char> text = new(_chars!, 0, _charCount);
        var length = text.Length;
        var stack = new int[MaxDepth + 1];
        var depth = 0;
        var steps = 0;
        var i = SkipWhiteSpace(text, 0);
        if (i == length || !ReadValue(text, ref i, stack, ref depth))
        {
            return false;
        }

        while (depth > 0)
        {
            if ((++steps & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            i = Skip(text, i);
            if (i == length)
            {
                return false;
            }

            var container = stack[depth - 1];
            var isObject = _tokens[container].Kind == JsonKind.Object;
            var c = text[i];
            if (c == (isObject ? '}' : ']'))
            {
                _tokens[container].Next = _count;
                depth--;
                i++;
                continue;
            }

            if (_tokens[container].Length > 0)
            {
                // A separator, then a member or item (a trailing comma is left to the exact reader).
                if (c != ',')
                {
                    return false;
                }

                i = Skip(text, i + 1);
                if (i == length || text[i] is '}' or ']')
                {
                    return false;
                }
            }

            if (isObject)
            {
                if (text[i] != '"')
                {
                    return false;
                }

                var keyStart = i;
                if (!ScanString(text, ref i, out var escaped))
                {
                    return false;
                }

                var keyNode = AddKey(container, keyStart, i - keyStart - 2);
                if (escaped)
                {
                    SetKey(container, keyNode, JsonKeys.Find(SetText(keyNode, Unescape(text, keyStart + 1, i - 1))));
                }
                else
                {
                    // A known key's text is its name (Text gives it); any other is made through the cache (property
                    // names recur).
                    var key = JsonKeys.Find(text.Slice(keyStart + 1, i - keyStart - 2));
                    SetKey(container, keyNode, key);
                    if (key == JsonKey.Unknown)
                    {
                        SetText(keyNode, _cache.Get(_chars!, keyStart + 1, i - keyStart - 2));
                    }
                }

                i = Skip(text, i);
                if (i == length || text[i] != ':')
                {
                    return false;
                }

                i = Skip(text, i + 1);
                if (i == length)
                {
                    return false;
                }
            }
            else
            {
                _tokens[container].Length++;
            }

            if (!ReadValue(text, ref i, stack, ref depth))
            {
                return false;
            }
        }

        return SkipWhiteSpace(text, i) == length;
    }

    /// <summary>Reads the value at <paramref name="i"/>: a scalar whole, a container's opening (pushed on the stack).</summary>
    private bool ReadValue(ReadOnlySpan<char> text, ref int i, int[] stack, ref int depth)
    {
        var start = i;
        switch (text[i])
        {
            case '{':
            case '[':
                if (depth >= MaxDepth - 1)
                {
                    return false;
                }

                stack[depth++] = Add(text[i] == '{' ? JsonKind.Object : JsonKind.Array, start, 0);
                i++;
                return true;
            case '"':
                if (!ScanString(text, ref i, out var escaped))
                {
                    return false;
                }

                var node = Add(JsonKind.String, start, i - start - 2);
                SetText(node, escaped ? Unescape(text, start + 1, i - 1) : _cache.Get(_chars!, start + 1, i - start - 2));

                return true;
            case 't':
                return Literal(text, ref i, "true", JsonKind.True);
            case 'f':
                return Literal(text, ref i, "false", JsonKind.False);
            case 'n':
                return Literal(text, ref i, "null", JsonKind.Null);
            default:
                if (!ScanNumber(text, ref i))
                {
                    return false;
                }

                Add(JsonKind.Number, start, i - start);
                return true;
        }
    }

    private bool Literal(ReadOnlySpan<char> text, ref int i, string literal, JsonKind kind)
    {
        if (i + literal.Length > text.Length || !text.Slice(i, literal.Length).SequenceEqual(literal.AsSpan()))
        {
            return false;
        }

        Add(kind, i, 0);
        i += literal.Length;
        return true;
    }

    /// <summary>JSON's number grammar: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>.</summary>
    private static bool ScanNumber(ReadOnlySpan<char> text, ref int i)
    {
        var j = i;
        if (j < text.Length && text[j] == '-')
        {
            j++;
        }

        if (j == text.Length || !IsDigit(text[j]))
        {
            return false;
        }

        if (text[j++] != '0')
        {
            while (j < text.Length && IsDigit(text[j]))
            {
                j++;
            }
        }

        if (j < text.Length && text[j] == '.')
        {
            if (++j == text.Length || !IsDigit(text[j]))
            {
                return false;
            }

            while (j < text.Length && IsDigit(text[j]))
            {
                j++;
            }
        }

        if (j < text.Length && text[j] is 'e' or 'E')
        {
            if (++j < text.Length && text[j] is '+' or '-')
            {
                j++;
            }

            if (j == text.Length || !IsDigit(text[j]))
            {
                return false;
            }

            while (j < text.Length && IsDigit(text[j]))
            {
                j++;
            }
        }

        i = j;
        return true;
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    /// <summary>
    /// Moves <paramref name="i"/> from a string's opening quote to just past its closing one. Declines control
    /// characters, lone surrogates (raw or escaped: System.Text.Json reports those) and unknown escapes.
    /// </summary>
    private static bool ScanString(ReadOnlySpan<char> text, ref int i, out bool escaped)
    {
        escaped = false;
        var j = i + 1;
        while (true)
        {
            j = IndexOfSpecial(text, j);
            if (j == text.Length)
            {
                return false;
            }

            var c = text[j];
            if (c == '"')
            {
                i = j + 1;
                return true;
            }

            if (c is >= '\uD800' and <= '\uDBFF' && j + 1 < text.Length && text[j + 1] is >= '\uDC00' and <= '\uDFFF')
            {
                j += 2; // a surrogate pair (its UTF-8 is one four-byte sequence)
                continue;
            }

            if (c != '\\' || j + 1 == text.Length)
            {
                return false; // a control character, a lone surrogate, or a backslash ending the text
            }

            escaped = true;
            switch (text[j + 1])
            {
                case '"':
                case '\\':
                case '/':
                case 'b':
                case 'f':
                case 'n':
                case 'r':
                case 't':
                    j += 2;
                    break;
                case 'u':
                    if (j + 6 > text.Length || !TryHex(text, j + 2, out var code) || code is >= 0xDC00 and <= 0xDFFF)
                    {
                        return false;
                    }

                    j += 6;
                    if (code is >= 0xD800 and <= 0xDBFF)
                    {
                        // A high surrogate must be followed by an escaped low one.
                        if (j + 6 > text.Length || text[j] != '\\' || text[j + 1] != 'u' || !TryHex(text, j + 2, out var low) || low is < 0xDC00 or > 0xDFFF)
                        {
                            return false;
                        }

                        j += 6;
                    }

                    break;
                default:
                    return false;
            }
        }
    }

    /// <summary>
    /// The index of the first char from <paramref name="start"/> that ends a plain run inside a string: a quote, a
    /// backslash, a control character or a surrogate; the text's length when there is none. A vector of chars at a time.
    /// </summary>
    [MethodImpl(Emitting.CompactText.AggressiveOptimization)]
    private static int IndexOfSpecial(ReadOnlySpan<char> text, int start)
    {
        // Constants made here, not static readonly fields: this method is compiled fully optimized at its first call,
        // and a static field then read through a class-initialization check in the loop.
        var quotes = new Vector<ushort>('"');
        var backslashes = new Vector<ushort>('\\');
        var spaces = new Vector<ushort>(' ');
        var surrogateMask = new Vector<ushort>(0xF800);
        var surrogates = new Vector<ushort>(0xD800);
        var vectors = MemoryMarshal.Cast<char, Vector<ushort>>(text.Slice(start));
        for (var v = 0; v < vectors.Length; v++)
        {
            var x = vectors[v];
            var special = Vector.Equals(x, quotes) | Vector.Equals(x, backslashes) | Vector.LessThan(x, spaces)
                | Vector.Equals(x & surrogateMask, surrogates);
            if (!special.Equals(Vector<ushort>.Zero))
            {
                return start + (v * Vector<ushort>.Count) + FirstLane(special);
            }
        }

        return IndexOfSpecialScalar(text, start + (vectors.Length * Vector<ushort>.Count));
    }

    private static int IndexOfSpecialScalar(ReadOnlySpan<char> text, int start)
    {
        for (var j = start; j < text.Length; j++)
        {
            var c = text[j];
            if (c is '"' or '\\' or < ' ' or (>= '\uD800' and <= '\uDFFF'))
            {
                return j;
            }
        }

        return text.Length;
    }

    private static bool TryHex(ReadOnlySpan<char> text, int start, out int value)
    {
        value = 0;
        for (var k = start; k < start + 4; k++)
        {
            var c = text[k];
            int digit;
            if (c is >= '0' and <= '9')
            {
                digit = c - '0';
            }
            else if (c is >= 'a' and <= 'f')
            {
                digit = c - 'a' + 10;
            }
            else if (c is >= 'A' and <= 'F')
            {
                digit = c - 'A' + 10;
            }
            else
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }

    /// <summary>The value of a string already checked by <see cref="ScanString"/>, between its quotes.</summary>
    /// <remarks>
    /// Unescaped in a pooled buffer and made through the string cache: escaped descriptions (quotes, <c>\u003c</c>)
    /// recur like the others, and each was a char array and a string.
    /// </remarks>
    private string Unescape(ReadOnlySpan<char> text, int start, int end)
    {
        var chars = System.Buffers.ArrayPool<char>.Shared.Rent(end - start);
        var length = 0;
        var j = start;
        while (j < end)
        {
            // The runs between escapes are copied whole: a description has a few escapes in hundreds of chars, and a
            // loop over every char ran long enough in a new process to be compiled twice (quick, then on-stack replaced).
            var run = text.Slice(j, end - j).IndexOf('\\');
            if (run < 0)
            {
                run = end - j;
            }

            text.Slice(j, run).CopyTo(new Span<char>(chars, length, run));
            length += run;
            j += run;
            if (j >= end)
            {
                break;
            }

            var c = text[++j];
            switch (c)
            {
                case 'b':
                    chars[length++] = '\b';
                    break;
                case 'f':
                    chars[length++] = '\f';
                    break;
                case 'n':
                    chars[length++] = '\n';
                    break;
                case 'r':
                    chars[length++] = '\r';
                    break;
                case 't':
                    chars[length++] = '\t';
                    break;
                case 'u':
                    TryHex(text, j + 1, out var code);
                    chars[length++] = (char)code;
                    j += 4;
                    break;
                default:
                    chars[length++] = c; // '"', '\\' and '/'
                    break;
            }

            j++;
        }

        var value = _cache.Get(chars, 0, length);
        System.Buffers.ArrayPool<char>.Shared.Return(chars);
        return value;
    }

    /// <summary>
    /// <see cref="SkipWhiteSpace"/> where it is called most, inline for its common cases: nothing to skip (before a
    /// comma or a colon), one space (after a colon).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Skip(ReadOnlySpan<char> text, int i)
    {
        if (i + 1 < text.Length)
        {
            var c = text[i];
            if (c > ' ')
            {
                return i;
            }

            if (c == ' ' && text[i + 1] > ' ')
            {
                return i + 1;
            }
        }

        return SkipWhiteSpace(text, i);
    }

    /// <summary>
    /// Skips JSON white space (space, tab, CR, LF). Most calls skip nothing (a comma, a colon) or one space (after a
    /// colon); indentation is counted a vector of chars at a time, ending at the first char that is not a space.
    /// </summary>
    [MethodImpl(Emitting.CompactText.AggressiveOptimization)]
    private static int SkipWhiteSpace(ReadOnlySpan<char> text, int i)
    {
        if (text.Length - i > Vector<ushort>.Count && text[i] == '\n')
        {
            // A line feed and the next line's indentation, what most calls here skip: the vector of chars after the
            // line feed holds all of it unless the line is indented that deep (then the loop goes on from there).
            var other = ~Vector.Equals(MemoryMarshal.Cast<char, Vector<ushort>>(text.Slice(i + 1))[0], new Vector<ushort>(' '));
            if (other.Equals(Vector<ushort>.Zero))
            {
                i += 1 + Vector<ushort>.Count;
            }
            else if (text[i += 1 + FirstLane(other)] > ' ')
            {
                return i;
            }
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (c > ' ')
            {
                break;
            }

            if (c == ' ')
            {
                if (i + 1 < text.Length && text[i + 1] != ' ')
                {
                    i++;
                    continue;
                }

                // Indentation: a vector of spaces at a time, then to the first other char of the vector that ends it.
                var spaces = new Vector<ushort>(' '); // not a static field: see IndexOfSpecial
                var vectors = MemoryMarshal.Cast<char, Vector<ushort>>(text.Slice(i));
                var v = 0;
                var other = Vector<ushort>.Zero;
                while (v < vectors.Length && (other = ~Vector.Equals(vectors[v], spaces)).Equals(Vector<ushort>.Zero))
                {
                    v++;
                }

                i += v * Vector<ushort>.Count;
                if (v < vectors.Length)
                {
                    i += FirstLane(other);
                    continue;
                }

                while (i < text.Length && text[i] == ' ')
                {
                    i++;
                }
            }
            else if (c is '\n' or '\r' or '\t')
            {
                i++;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    /// <summary>The index of the first lane of <paramref name="mask"/> (all ones or zero per lane) that is set; there must be one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FirstLane(Vector<ushort> mask)
    {
        if (!BitConverter.IsLittleEndian || Vector<ushort>.Count > 16)
        {
            var lane = 0;
            while (mask[lane] == 0)
            {
                lane++;
            }

            return lane;
        }

        // A byte a lane (0xFF or 0), the (up to) 16 lanes are two ulongs, the first lane in the low byte. Where the first
        // set lane is varies from call to call, so it is found by arithmetic, not by branches on it: each mispredicted
        // branch cost more than the whole computation.
        var bytes = Vector.AsVectorUInt64(Vector.Narrow(mask, mask));
        var low = bytes[0];
        var inHigh = low == 0 ? 1 : 0;
        var x = low | (bytes[1] & (0UL - (ulong)inHigh));

        // The lowest set byte as a bit (2^(8n)); minus one it is n bytes of 0xFF, which the multiply sums into the top byte.
        var lowest = x & (~x + 1);
        return (inHigh * 8) + (int)((((lowest - 1) & 0x0101_0101_0101_0101UL) * 0x0101_0101_0101_0101UL) >> 56);
    }
}
