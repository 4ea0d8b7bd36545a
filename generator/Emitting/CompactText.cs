using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Generator.Emitting;

/// <summary>
/// A generated file as the compiler's text in one byte a character: the characters up to U+00FF as Latin-1 bytes, the
/// few above it (typographic quotes, dashes, symbols from descriptions) in a sorted side list. Generated code is almost
/// all ASCII, so this is half the memory of a string: a large API's files are megabytes that live on the large-object
/// heap as long as the compilation does, and whose allocation budget triggers full (gen2) collections.
/// </summary>
/// <remarks>
/// The same text for every reader: <see cref="CopyTo"/> widens the bytes and puts the side list's characters back;
/// encoding (UTF-8) and checksum algorithm (SHA-1) are those of <c>SourceText.From(string, Encoding.UTF8)</c>, so
/// checksums and embedded PDB text are as before.
/// </remarks>
internal sealed class CompactText : SourceText
{
    /// <summary>More characters above U+00FF than one in this many: a string is smaller (each costs 6 bytes here).</summary>
    private const int MaxWideShare = 16;

    /// <summary>MethodImplOptions.AggressiveOptimization (.NET Core 3.0+; netstandard2.0 does not name it, runtimes without it ignore it).</summary>
    internal const MethodImplOptions AggressiveOptimization = (MethodImplOptions)512;

    private readonly byte[] _bytes;

    // Positions (ascending) and characters of the characters above U+00FF; their bytes hold 0.
    private readonly int[] _widePositions;
    private readonly char[] _wideChars;

    private CompactText(byte[] bytes, int[] widePositions, char[] wideChars)
    {
        _bytes = bytes;
        _widePositions = widePositions;
        _wideChars = wideChars;
    }

    /// <summary>
    /// The text whose Latin-1 <paramref name="bytes"/> (0 for the characters above U+00FF) were narrowed from the chars
    /// of <paramref name="chars"/> from <paramref name="start"/>, or null when it has too many characters above U+00FF
    /// to be worth it. <paramref name="widePositions"/> are their offsets from <paramref name="start"/>, ascending.
    /// </summary>
    public static CompactText? Create(byte[] bytes, char[] chars, int start, int[] widePositions, int wideCount)
    {
        if (wideCount > bytes.Length / MaxWideShare)
        {
            return null;
        }

        var positions = wideCount == 0 ? Array.Empty<int>() : new int[wideCount];
        var wide = wideCount == 0 ? Array.Empty<char>() : new char[wideCount];
        for (var i = 0; i < wideCount; i++)
        {
            positions[i] = widePositions[i];
            wide[i] = chars[start + widePositions[i]];
        }

        return new CompactText(bytes, positions, wide);
    }

    public override Encoding Encoding => Encoding.UTF8;

    public override int Length => _bytes.Length;

    public override char this[int position]
    {
        get
        {
            var b = _bytes[position];
            if (b == 0 && _widePositions.Length > 0)
            {
                var index = Array.BinarySearch(_widePositions, position);
                if (index >= 0)
                {
                    return _wideChars[index];
                }
            }

            return (char)b;
        }
    }

    public override void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count)
    {
        if (sourceIndex < 0 || count < 0 || sourceIndex > _bytes.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(sourceIndex));
        }

        if (count == 0)
        {
            return;
        }

        Widen(_bytes, sourceIndex, count, destination, destinationIndex);
        if (_widePositions.Length == 0)
        {
            return;
        }

        var index = Array.BinarySearch(_widePositions, sourceIndex);
        for (var i = index < 0 ? ~index : index; i < _widePositions.Length && _widePositions[i] < sourceIndex + count; i++)
        {
            destination[destinationIndex + (_widePositions[i] - sourceIndex)] = _wideChars[i];
        }
    }

    // Latin-1 back to chars by hand, a vector at a time (the bytes are made by SourceWriter.NarrowChecked). Our own
    // loop rather than Encoding.Latin1's, whose first call costs milliseconds of JIT in a new compiler process; compiled
    // optimized at once (a megabyte loop run once per file would otherwise start in unoptimized code).
    [MethodImpl(AggressiveOptimization)]
    private static void Widen(byte[] bytes, int start, int count, char[] chars, int destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var source = MemoryMarshal.Cast<byte, Vector<byte>>(new ReadOnlySpan<byte>(bytes, start, count));
            var target = MemoryMarshal.Cast<char, Vector<ushort>>(new Span<char>(chars, destination, count));
            for (var v = 0; v < source.Length && (2 * v) + 1 < target.Length; v++)
            {
                Vector.Widen(source[v], out var low, out var high);
                target[2 * v] = low;
                target[(2 * v) + 1] = high;
                i += Vector<byte>.Count;
            }
        }

        for (; i < count; i++)
        {
            chars[destination + i] = (char)bytes[start + i];
        }
    }

    public override string ToString(TextSpan span)
    {
        if (span.End > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(span));
        }

        var chars = new char[span.Length];
        CopyTo(span.Start, chars, 0, span.Length);
        return new string(chars);
    }
}
