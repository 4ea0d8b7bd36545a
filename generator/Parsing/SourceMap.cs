using System;
using System.Collections.Generic;
using System.Text;
using DiscoveryGen.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Generator.Parsing;

/// <summary>Turns JSON tree offsets and System.Text.Json line/byte positions into locations in the file.</summary>
internal sealed class SourceMap
{
    private readonly string _path;
    private readonly SourceText _text;
    // The text's chars (the first _length of the parse step's buffer: a map lives only inside that step).
    private readonly char[] _chars;
    private readonly int _length;
    private byte[]? _utf8;
    private int[]? _lfLineStarts;

    public SourceMap(string path, SourceText text, TextBuffer chars)
    {
        _path = path;
        _text = text;
        _chars = chars.Chars;
        _length = chars.Length;
    }

    /// <summary>A zero-length location where a node of <paramref name="tree"/> starts.</summary>
    public LocationInfo At(JsonTree tree, int node) => tree.OffsetsAreBytes ? AtByte(tree.Offset(node)) : AtChar(tree.Offset(node));

    /// <summary>A zero-length location at a UTF-8 byte offset.</summary>
    public LocationInfo AtByte(int byteOffset)
    {
        var utf8 = Utf8();
        byteOffset = Math.Max(0, Math.Min(byteOffset, utf8.Length));
        var charOffset = utf8.Length == _length ? byteOffset : Encoding.UTF8.GetCharCount(utf8, 0, byteOffset);
        return AtChar(charOffset);
    }

    /// <summary>
    /// The location of a <see cref="System.Text.Json.JsonException"/>: its line counts '\n' only and its column counts
    /// UTF-8 bytes, while SourceText also breaks lines on lone '\r' and Unicode separators — so go through an offset.
    /// </summary>
    public LocationInfo AtJsonPosition(long? lineNumber, long? bytePositionInLine)
    {
        var utf8 = Utf8();
        var ascii = utf8.Length == _length;
        var starts = LfLineStarts();
        var line = (int)Math.Max(0, Math.Min(lineNumber ?? 0, starts.Length - 1));
        var start = starts[line];
        var byteColumn = (int)Math.Max(0, bytePositionInLine ?? 0);
        var startByte = ascii ? start : Encoding.UTF8.GetByteCount(_chars, 0, start);
        var endByte = Math.Min(utf8.Length, startByte + byteColumn);
        var chars = ascii ? endByte - startByte : Encoding.UTF8.GetCharCount(utf8, startByte, endByte - startByte);
        return AtChar(start + chars);
    }

    private LocationInfo AtChar(int charOffset)
    {
        var span = new TextSpan(Math.Min(charOffset, _text.Length), 0);
        return new LocationInfo(_path, span, _text.Lines.GetLinePositionSpan(span));
    }

    // The text as System.Text.Json read it (only for its positions, so made on demand).
    private byte[] Utf8() => _utf8 ??= Encoding.UTF8.GetBytes(_chars, 0, _length);

    // Where each '\n'-separated line starts, in chars (only for JSON syntax errors, so built on demand).
    private int[] LfLineStarts()
    {
        if (_lfLineStarts is null)
        {
            var starts = new List<int> { 0 };
            for (var i = 0; i < _length; i++)
            {
                if (_chars[i] == '\n')
                {
                    starts.Add(i + 1);
                }
            }

            _lfLineStarts = starts.ToArray();
        }

        return _lfLineStarts;
    }
}
