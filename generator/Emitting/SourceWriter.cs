using System;
using System.Text;

namespace DiscoveryGen.Generator.Emitting;

/// <summary>An indenting writer that always ends lines with '\n' (output must not depend on the machine).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new(16 * 1024);
    private readonly bool _docComments;
    private int _indent;

    /// <param name="docComments">False drops every <c>///</c> line (the XmlDocs=false knob).</param>
    public SourceWriter(bool docComments = true) => _docComments = docComments;

    public void WriteLine()
    {
        _builder.Append('\n');
    }

    /// <summary>Writes one or more lines (split on '\n', '\r' dropped), each indented.</summary>
    public void WriteLine(string text)
    {
        var start = 0;
        while (true)
        {
            var end = text.IndexOf('\n', start);
            var line = (end < 0 ? text.Substring(start) : text.Substring(start, end - start)).Replace("\r", string.Empty);
            if (_docComments || !line.TrimStart().StartsWith("///", StringComparison.Ordinal))
            {
                if (line.Length > 0)
                {
                    _builder.Append(' ', _indent * 4).Append(line);
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
