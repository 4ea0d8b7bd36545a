using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DiscoveryGen.Build.Tasks.Report;

/// <summary>A minimal indented JSON writer (two spaces, <c>\n</c>): the task runs inside MSBuild and brings no JSON library.</summary>
internal sealed class JsonText
{
    private readonly StringBuilder _text = new();
    private readonly Stack<bool> _hasItems = new();

    public void StartObject(string? name = null) => Open(name, '{');

    public void EndObject() => Close('}');

    public void StartArray(string? name = null) => Open(name, '[');

    public void EndArray() => Close(']');

    public void String(string? name, string value)
    {
        BeginValue(name);
        Quote(_text, value);
    }

    public void Boolean(string name, bool value)
    {
        BeginValue(name);
        _text.Append(value ? "true" : "false");
    }

    public void Number(string name, int value)
    {
        BeginValue(name);
        _text.Append(value.ToString(CultureInfo.InvariantCulture));
    }

    public void StringArray(string name, IEnumerable<string> values)
    {
        StartArray(name);
        foreach (var value in values)
        {
            String(null, value);
        }

        EndArray();
    }

    public override string ToString() => _text.ToString() + "\n";

    /// <summary>A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped; U+2028/U+2029 too, so the text is also safe as JavaScript.</summary>
    public static void Quote(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < ' ' || c == '\u2028' || c == '\u2029' || c == '\u0085')
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        text.Append('"');
    }

    private void Open(string? name, char bracket)
    {
        BeginValue(name);
        _text.Append(bracket);
        _hasItems.Push(false);
    }

    private void Close(char bracket)
    {
        var hadItems = _hasItems.Pop();
        if (hadItems)
        {
            _text.Append('\n');
            Indent();
        }

        _text.Append(bracket);
    }

    private void BeginValue(string? name)
    {
        if (_hasItems.Count > 0)
        {
            if (_hasItems.Peek())
            {
                _text.Append(',');
            }

            _hasItems.Pop();
            _hasItems.Push(true);
            _text.Append('\n');
            Indent();
        }

        if (name is not null)
        {
            Quote(_text, name);
            _text.Append(": ");
        }
    }

    private void Indent() => _text.Append(' ', 2 * _hasItems.Count);
}
