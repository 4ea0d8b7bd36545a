using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Generator.Emitting;

/// <summary>
/// An indenting writer that always ends lines with '\n' (output must not depend on the machine) and indents with one tab
/// per level: a quarter of the characters four spaces take, in files that are read far more by the compiler than by people.
/// </summary>
/// <remarks>
/// The text goes into one pooled buffer, after room left for the file's header (<see cref="ToSourceText"/>), so a
/// file is copied once, into the compiler's text: a large API's files are megabytes, and every extra copy of them (a
/// StringBuilder's chunks, its ToString, the header concatenated in front) was a large-object allocation.
/// </remarks>
internal sealed class SourceWriter
{
    private readonly bool _docComments;
    private int _start;
    private char[] _buffer;
    private int _length;
    private int _indent;
    private int _lineStart;

    /// <param name="docComments">False drops every <c>///</c> line (the XmlDocs=false knob).</param>
    /// <param name="capacity">The expected length, so the text is not copied as it grows.</param>
    /// <param name="obsoleteAttributes">False: deprecated elements get a remark instead of <c>[Obsolete]</c> (Deprecated=omit).</param>
    /// <param name="headroom">Room before the text for what <see cref="ToSourceText"/> puts in front of it.</param>
    public SourceWriter(bool docComments = true, int capacity = 16 * 1024, bool obsoleteAttributes = true, int headroom = 0)
    {
        _docComments = docComments;
        _buffer = ArrayPool<char>.Shared.Rent(headroom + capacity);
        _start = _length = headroom;
        ObsoleteAttributes = obsoleteAttributes;
    }

    /// <summary>Whether deprecated elements are written with <c>[Obsolete]</c> (see <c>DeprecationEmitter</c>).</summary>
    public bool ObsoleteAttributes { get; }

    /// <summary>Whether <c>///</c> lines are kept (<see cref="SourceWriter(bool, int, bool, int)"/>).</summary>
    public bool DocComments => _docComments;

    /// <summary>The text written so far.</summary>
    public ReadOnlySpan<char> Text => new(_buffer, _start, _length - _start);

    public void WriteLine()
    {
        Ensure(1);
        _buffer[_length++] = '\n';
    }

    /// <summary>Writes one or more lines (split on '\n', '\r' dropped), each indented; empty lines get no indent.</summary>
    public void WriteLine(string text)
    {
        // Most calls are one line without a '\r': one search instead of one per character kind.
        if (text.IndexOfAny(LineBreaks) < 0)
        {
            if (_docComments || !IsDocComment(text, 0, text.Length))
            {
                Ensure(_indent + text.Length + 1);
                if (text.Length > 0)
                {
                    Indent();
                    text.CopyTo(0, _buffer, _length, text.Length);
                    _length += text.Length;
                }

                _buffer[_length++] = '\n';
            }

            return;
        }

        var start = 0;
        while (true)
        {
            var end = text.IndexOf('\n', start);
            var stop = end < 0 ? text.Length : end;
            var length = stop - start;
            if (length > 0 && text[stop - 1] == '\r')
            {
                length--;
            }

            if (_docComments || !IsDocComment(text, start, length))
            {
                Ensure(_indent + length + 1);
                if (length > 0)
                {
                    Indent();
                    AppendWithoutCarriageReturns(text, start, length);
                }

                _buffer[_length++] = '\n';
            }

            if (end < 0)
            {
                return;
            }

            start = end + 1;
        }
    }

    /// <summary>
    /// Starts a line written in pieces (<see cref="Append(string)"/>, <c>CSharpText.AppendLiteral</c>, <c>TypeText.AppendName</c>)
    /// straight into the buffer; <see cref="FinishLine"/> ends it. Together they write exactly what
    /// <see cref="WriteLine(string)"/> writes for the pieces concatenated, without making that string (a large API's
    /// lines were most of what emitting allocated).
    /// </summary>
    internal void StartLine()
    {
        _lineStart = _length;
        Ensure(_indent);
        Indent();
    }

    /// <summary>Ends a line begun by <see cref="StartLine"/>, as <see cref="WriteLine(string)"/> would have written its text.</summary>
    internal void FinishLine()
    {
        var textStart = _lineStart + _indent;
        var length = _length - textStart;
        if (length == 0)
        {
            // An empty line gets no indent.
            _length = _lineStart;
        }
        else if (new ReadOnlySpan<char>(_buffer, textStart, length).IndexOfAny('\n', '\r') >= 0)
        {
            // Rare: a piece held a line break. WriteLine splits it into indented lines.
            var text = new string(_buffer, textStart, length);
            _length = _lineStart;
            WriteLine(text);
            return;
        }
        else if (!_docComments && IsDocComment(_buffer, textStart, length))
        {
            _length = _lineStart;
            return;
        }

        Append('\n');
    }

    /// <summary>One line of two pieces (see <see cref="StartLine"/>).</summary>
    internal void Line(string a, string b)
    {
        StartLine();
        Append(a);
        Append(b);
        FinishLine();
    }

    /// <summary>One line of three pieces (see <see cref="StartLine"/>).</summary>
    internal void Line(string a, string b, string c)
    {
        StartLine();
        Append(a);
        Append(b);
        Append(c);
        FinishLine();
    }

    /// <summary>One line of four pieces (see <see cref="StartLine"/>).</summary>
    internal void Line(string a, string b, string c, string d)
    {
        StartLine();
        Append(a);
        Append(b);
        Append(c);
        Append(d);
        FinishLine();
    }

    /// <summary>One line of five pieces (see <see cref="StartLine"/>).</summary>
    internal void Line(string a, string b, string c, string d, string e)
    {
        StartLine();
        Append(a);
        Append(b);
        Append(c);
        Append(d);
        Append(e);
        FinishLine();
    }

    /// <summary>One line of any number of pieces (see <see cref="StartLine"/>).</summary>
    internal void Line(params string[] pieces)
    {
        StartLine();
        foreach (var piece in pieces)
        {
            Append(piece);
        }

        FinishLine();
    }

    /// <summary>Starts a line: its indent. The caller ends it with <see cref="EndLine"/>.</summary>
    internal void BeginLine()
    {
        Ensure(_indent);
        Indent();
    }

    internal void EndLine() => Append('\n');

    /// <summary>Where the next character goes (for <see cref="TrimEnd"/> and <see cref="TrimStart"/>).</summary>
    internal int Position => _length;

    internal void Append(char c)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = c;
    }

    /// <summary>Text the generator wrote itself or already escaped: appended as it is.</summary>
    internal void Append(string text) => Append(text, 0, text.Length);

    internal void Append(string text, int start, int count)
    {
        Ensure(count);
        text.CopyTo(start, _buffer, _length, count);
        _length += count;
    }

    /// <summary>Drops the white space (<see cref="char.IsWhiteSpace(char)"/>) at the end of what was written since <paramref name="from"/>.</summary>
    internal void TrimEnd(int from)
    {
        while (_length > from && char.IsWhiteSpace(_buffer[_length - 1]))
        {
            _length--;
        }
    }

    /// <summary>Drops the white space at the start of what was written since <paramref name="from"/>.</summary>
    internal void TrimStart(int from)
    {
        var first = from;
        while (first < _length && char.IsWhiteSpace(_buffer[first]))
        {
            first++;
        }

        if (first > from)
        {
            Array.Copy(_buffer, first, _buffer, from, _length - first);
            _length -= first - from;
        }
    }

    /// <summary>Forgets what was written from <paramref name="position"/> on.</summary>
    internal void Truncate(int position) => _length = position;

    /// <summary>The last character written since <paramref name="from"/>, or '\0' when none was.</summary>
    internal char LastSince(int from) => _length > from ? _buffer[_length - 1] : '\0';

    private void Indent()
    {
        for (var i = 0; i < _indent; i++)
        {
            _buffer[_length++] = '\t';
        }
    }

    private void Ensure(int count)
    {
        if (_buffer.Length - _length < count)
        {
            Grow(count);
        }
    }

    private void Grow(int count)
    {
        var larger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
        Array.Copy(_buffer, larger, _length);
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private void AppendWithoutCarriageReturns(string text, int start, int length)
    {
        if (text.IndexOf('\r', start, length) < 0)
        {
            text.CopyTo(start, _buffer, _length, length);
            _length += length;
            return;
        }

        for (var i = start; i < start + length; i++)
        {
            if (text[i] != '\r')
            {
                _buffer[_length++] = text[i];
            }
        }
    }

    private static bool IsDocComment(char[] text, int start, int length)
    {
        var i = start;
        while (i < start + length && text[i] is ' ' or '\t')
        {
            i++;
        }

        return start + length - i >= 3 && text[i] == '/' && text[i + 1] == '/' && text[i + 2] == '/';
    }

    private static bool IsDocComment(string text, int start, int length)
    {
        var i = start;
        while (i < start + length && text[i] is ' ' or '\t')
        {
            i++;
        }

        return start + length - i >= 3 && string.CompareOrdinal(text, i, "///", 0, 3) == 0;
    }

    public void OpenBlock(string header)
    {
        WriteLine(header);
        OpenBlock();
    }

    /// <summary>Opens a block under a header line just written (<see cref="FinishLine"/>).</summary>
    public void OpenBlock()
    {
        BraceLine('{');
        _indent++;
    }

    public void CloseBlock(string suffix = "")
    {
        _indent--;
        if (suffix.Length == 0)
        {
            BraceLine('}');
            return;
        }

        StartLine();
        Append('}');
        Append(suffix);
        FinishLine();
    }

    /// <summary>A line of one brace: nothing to split or drop, so written without <see cref="WriteLine(string)"/>'s checks.</summary>
    private void BraceLine(char brace)
    {
        Ensure(_indent + 2);
        Indent();
        _buffer[_length++] = brace;
        _buffer[_length++] = '\n';
    }

    /// <summary>
    /// <paramref name="prefix"/> and the text as the compiler's text, made in one pass over the buffer: a
    /// <see cref="CompactText"/> (one byte a character) unless the text has many characters above U+00FF, then a
    /// string. The writer is done (its buffer goes back to the pool).
    /// </summary>
    /// <remarks>
    /// Not Roslyn's chunked text (what <c>SourceText.From(TextReader)</c> makes of a large file): its 8 KB chunks are
    /// small objects that every collection during the rest of the generation copies as survivors, which was half of
    /// emitting aiplatform.v1 (thread CPU 11–14 ms chunked, 6–7.5 ms as strings, in alternating <c>-- phases</c> runs).
    /// A large file's text goes to the large-object heap, which no gen0/gen1 collection copies; as bytes it is half
    /// the size of a string there, and that heap's allocations are what start full collections.
    /// </remarks>
    public SourceText ToSourceText(string prefix)
    {
        if (_indent != 0)
        {
            throw new InvalidOperationException("Unbalanced blocks in generated source.");
        }

        if (prefix.Length > _start)
        {
            // A longer prefix than the headroom (a long namespace): one more copy of the body, to make the room.
            MakeRoom(prefix.Length);
        }

        var start = _start - prefix.Length;
        prefix.CopyTo(0, _buffer, start, prefix.Length);
        var bytes = new byte[_length - start];
        var wide = new WideChars();
        NarrowChecked(start, bytes, ref wide);
        var text = (SourceText?)wide.Compact(bytes, _buffer, start) ?? SourceText.From(new string(_buffer, start, _length - start), Encoding.UTF8);
        Release();
        return text;
    }

    private void MakeRoom(int headroom)
    {
        var larger = ArrayPool<char>.Shared.Rent(headroom + (_length - _start));
        Array.Copy(_buffer, _start, larger, headroom, _length - _start);
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = larger;
        _length = headroom + (_length - _start);
        _start = headroom;
    }

    /// <summary>
    /// Narrows the text from <paramref name="from"/> on into <paramref name="bytes"/> (Latin-1, a vector pair at a
    /// time), collecting the characters above U+00FF (their bytes stay 0) and checking the body for raw line
    /// terminators other than '\n' on the way: one pass over a megabyte buffer instead of a check and then a copy.
    /// </summary>
    /// <remarks>
    /// Defence in depth: every document text is escaped per context (CSharpText), so a raw line terminator other than
    /// '\n' in the body can only be a bug — and one that could turn a comment into code. Fail instead of emitting it.
    /// Compiled optimized at once (a megabyte loop run once per file would otherwise start in unoptimized code).
    /// </remarks>
    [System.Runtime.CompilerServices.MethodImpl(CompactText.AggressiveOptimization)]
    private void NarrowChecked(int from, byte[] bytes, ref WideChars wide)
    {
        var source = MemoryMarshal.Cast<char, Vector<ushort>>(new ReadOnlySpan<char>(_buffer, from, _length - from));
        var target = MemoryMarshal.Cast<byte, Vector<byte>>(new Span<byte>(bytes));
        var done = 0;
        Vector<ushort> latin1Max = Latin1Max, carriageReturns = CarriageReturns, nextLines = NextLines;
        for (var t = 0; t < target.Length && (2 * t) + 1 < source.Length; t++)
        {
            var low = source[2 * t];
            var high = source[(2 * t) + 1];
            target[t] = Vector.Narrow(low, high);
            var special = Vector.GreaterThan(low, latin1Max) | Vector.Equals(low, carriageReturns) | Vector.Equals(low, nextLines)
                | Vector.GreaterThan(high, latin1Max) | Vector.Equals(high, carriageReturns) | Vector.Equals(high, nextLines);
            if (!special.Equals(Vector<ushort>.Zero))
            {
                // Rare: redo these chars one at a time (wide chars' bytes back to 0, the terminator check).
                CheckChars(from + done, from + done + Vector<byte>.Count, from, bytes, ref wide);
            }

            done += Vector<byte>.Count;
        }

        CheckChars(from + done, _length, from, bytes, ref wide);
    }

    private void CheckChars(int start, int end, int origin, byte[] bytes, ref WideChars wide)
    {
        for (var i = start; i < end; i++)
        {
            var c = _buffer[i];
            if (c is '\r' or '\u0085' or '\u2028' or '\u2029')
            {
                if (i >= _start)
                {
                    throw new InvalidOperationException("Generated source contains a raw line terminator other than '\\n'.");
                }
            }

            if (c > '\u00FF')
            {
                wide.Add(i - origin);
                bytes[i - origin] = 0;
            }
            else
            {
                bytes[i - origin] = (byte)c;
            }
        }
    }

    /// <summary>The offsets of the characters above U+00FF in the text, ascending.</summary>
    private struct WideChars
    {
        private int[]? _positions;
        private int _count;

        public void Add(int position)
        {
            if (_positions is null || _count == _positions.Length)
            {
                var larger = new int[_positions is null ? 16 : _positions.Length * 2];
                _positions?.CopyTo(larger, 0);
                _positions = larger;
            }

            _positions[_count++] = position;
        }

        public readonly CompactText? Compact(byte[] bytes, char[] buffer, int start) =>
            CompactText.Create(bytes, buffer, start, _positions ?? Array.Empty<int>(), _count);
    }

    private void Release()
    {
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = Array.Empty<char>();
        _length = _start = 0;
    }

    private static readonly char[] LineBreaks = { '\n', '\r' };

    private static readonly Vector<ushort> Latin1Max = new(0xFF);
    private static readonly Vector<ushort> CarriageReturns = new('\r');
    private static readonly Vector<ushort> NextLines = new('\u0085');
}
