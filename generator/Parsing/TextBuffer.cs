using System;
using System.Buffers;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Generator.Parsing;

/// <summary>
/// An AdditionalFile's chars, copied out of its <see cref="SourceText"/> into a pooled buffer for the parse step. The
/// compiler reads a file above 40K chars as a chunked text whose <c>ToString</c> makes a new string of it all (through a
/// builder: twice the file's size allocated, on the large-object heap, for aiplatform.v1 8 MB a generation, which
/// started full collections); <c>CopyTo</c> into a buffer reused across generations allocates nothing. Nothing made
/// from it may keep it: <see cref="JsonTree"/> makes strings of what it hands out. <see cref="Dispose"/> returns it.
/// </summary>
internal sealed class TextBuffer : IDisposable
{
    private char[] _chars;

    private TextBuffer(char[] chars, int length)
    {
        _chars = chars;
        Length = length;
    }

    /// <summary>The buffer (longer than the text: read only its first <see cref="Length"/> chars).</summary>
    public char[] Chars => _chars;

    public int Length { get; }

    public ReadOnlySpan<char> Span => new(_chars, 0, Length);

    public static TextBuffer Of(SourceText text)
    {
        var length = text.Length;
        var chars = length == 0 ? System.Array.Empty<char>() : ArrayPool<char>.Shared.Rent(length);
        text.CopyTo(0, chars, 0, length);
        return new TextBuffer(chars, length);
    }

    public void Dispose()
    {
        if (_chars.Length > 0)
        {
            ArrayPool<char>.Shared.Return(_chars);
            _chars = System.Array.Empty<char>();
        }
    }
}
