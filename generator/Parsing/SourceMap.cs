using System;
using System.Collections.Generic;
using System.Text;
using DiscoveryGen.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Generator.Parsing;

/// <summary>Turns UTF-8 byte offsets and System.Text.Json line/byte positions into locations in the file.</summary>
internal sealed class SourceMap
{
    private readonly string _path;
    private readonly SourceText _text;
    private readonly byte[] _utf8;
    private readonly int _length;
    private readonly bool _ascii;
    private int[]? _lfLineStarts;

    /// <summary>A map over <paramref name="utf8"/>, which must stay valid while the map is used.</summary>
    public SourceMap(string path, SourceText text, Utf8Buffer utf8)
    {
        _path = path;
        _text = text;
        _utf8 = utf8.Bytes;
        _length = utf8.Length;
        _ascii = utf8.Length == text.Length;
    }

    /// <summary>A zero-length location at a UTF-8 byte offset.</summary>
    public LocationInfo AtByte(int byteOffset)
    {
        byteOffset = Math.Max(0, Math.Min(byteOffset, _length));
        var charOffset = _ascii ? byteOffset : Encoding.UTF8.GetCharCount(_utf8, 0, byteOffset);
        return AtChar(charOffset);
    }

    /// <summary>
    /// The location of a <see cref="System.Text.Json.JsonException"/>: its line counts '\n' only and its column counts
    /// UTF-8 bytes, while SourceText also breaks lines on lone '\r' and Unicode separators — so go through an offset.
    /// </summary>
    public LocationInfo AtJsonPosition(long? lineNumber, long? bytePositionInLine)
    {
        var starts = LfLineStarts();
        var line = (int)Math.Max(0, Math.Min(lineNumber ?? 0, starts.Length - 1));
        var start = starts[line];
        var byteColumn = (int)Math.Max(0, bytePositionInLine ?? 0);
        var startByte = _ascii ? start : Encoding.UTF8.GetByteCount(_text.ToString(new TextSpan(0, start)));
        var endByte = Math.Min(_length, startByte + byteColumn);
        var chars = _ascii ? endByte - startByte : Encoding.UTF8.GetCharCount(_utf8, startByte, endByte - startByte);
        return AtChar(start + chars);
    }

    private LocationInfo AtChar(int charOffset)
    {
        var span = new TextSpan(Math.Min(charOffset, _text.Length), 0);
        return new LocationInfo(_path, span, _text.Lines.GetLinePositionSpan(span));
    }

    // Where each '\n'-separated line starts, in chars (only for JSON syntax errors, so built on demand).
    private int[] LfLineStarts()
    {
        if (_lfLineStarts is null)
        {
            var chars = _text.ToString();
            var starts = new List<int> { 0 };
            for (var i = 0; i < chars.Length; i++)
            {
                if (chars[i] == '\n')
                {
                    starts.Add(i + 1);
                }
            }

            _lfLineStarts = starts.ToArray();
        }

        return _lfLineStarts;
    }
}
