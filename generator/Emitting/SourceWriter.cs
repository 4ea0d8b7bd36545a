using System;
using System.Text;

namespace DiscoveryGen.Generator.Emitting;

/// <summary>
/// An indenting writer that always ends lines with '\n' (output must not depend on the machine) and indents with one tab
/// per level: a quarter of the characters four spaces take, in files that are read far more by the compiler than by people.
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder;
    private readonly bool _docComments;
    private int _indent;

    /// <param name="docComments">False drops every <c>///</c> line (the XmlDocs=false knob).</param>
    /// <param name="capacity">The expected length, so the text is not copied as it grows.</param>
    /// <param name="obsoleteAttributes">False: deprecated elements get a remark instead of <c>[Obsolete]</c> (Deprecated=omit).</param>
    public SourceWriter(bool docComments = true, int capacity = 16 * 1024, bool obsoleteAttributes = true)
    {
        _docComments = docComments;
        _builder = new StringBuilder(capacity);
        ObsoleteAttributes = obsoleteAttributes;
    }

    /// <summary>Whether deprecated elements are written with <c>[Obsolete]</c> (see <c>DeprecationEmitter</c>).</summary>
    public bool ObsoleteAttributes { get; }

    public void WriteLine()
    {
        _builder.Append('\n');
    }

    /// <summary>Writes one or more lines (split on '\n', '\r' dropped), each indented; empty lines get no indent.</summary>
    public void WriteLine(string text)
    {
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
                if (length > 0)
                {
                    _builder.Append('\t', _indent);
                    AppendWithoutCarriageReturns(text, start, length);
                }

                _builder.Append('\n');
            }

            if (end < 0)
            {
                return;
            }

            start = end + 1;
        }
    }

    private void AppendWithoutCarriageReturns(string text, int start, int length)
    {
        if (text.IndexOf('\r', start, length) < 0)
        {
            _builder.Append(text, start, length);
            return;
        }

        for (var i = start; i < start + length; i++)
        {
            if (text[i] != '\r')
            {
                _builder.Append(text[i]);
            }
        }
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
        WriteLine("{");
        _indent++;
    }

    public void CloseBlock(string suffix = "")
    {
        _indent--;
        WriteLine("}" + suffix);
    }

    public override string ToString()
    {
        if (_indent != 0)
        {
            throw new InvalidOperationException("Unbalanced blocks in generated source.");
        }

        var text = _builder.ToString();

        // Defence in depth: every document text is escaped per context (CSharpText), so a raw line terminator other
        // than '\n' can only be a bug — and one that could turn a comment into code. Fail instead of emitting it.
        if (text.IndexOfAny(ForbiddenLineTerminators) >= 0)
        {
            throw new InvalidOperationException("Generated source contains a raw line terminator other than '\\n'.");
        }

        return text;
    }

    private static readonly char[] ForbiddenLineTerminators = { '\r', '\u0085', '\u2028', '\u2029' };
}
