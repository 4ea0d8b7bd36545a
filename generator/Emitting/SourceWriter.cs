using System;
using System.Text;

namespace DiscoveryGen.Generator.Emitting;

/// <summary>An indenting writer that always ends lines with '\n' (output must not depend on the machine).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new(16 * 1024);
    private int _indent;

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

            if (length > 0)
            {
                _builder.Append(' ', _indent * 4);
                if (text.IndexOf('\r', start, length) < 0)
                {
                    _builder.Append(text, start, length);
                }
                else
                {
                    for (var i = start; i < start + length; i++)
                    {
                        if (text[i] != '\r')
                        {
                            _builder.Append(text[i]);
                        }
                    }
                }
            }

            _builder.Append('\n');
            if (end < 0)
            {
                return;
            }

            start = end + 1;
        }
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

        return _builder.ToString();
    }
}
