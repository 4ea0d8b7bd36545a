using System.Globalization;
using System.Text;

namespace DiscoveryGen.Generator.Emitting;

/// <summary>
/// Escaping for everything the emitter writes from a discovery document (untrusted input): string literals and XML
/// documentation. Identifiers come from <c>Building/Naming</c>, which keeps only letters and digits. No document text
/// reaches generated code any other way.
/// </summary>
internal static class CSharpText
{
    /// <summary>A C# string literal (regular, fully escaped).</summary>
    public static string Literal(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var first = 0;
        while (first < value.Length && LiteralEscape(value[first]) is null)
        {
            first++;
        }

        if (first == value.Length)
        {
            return "\"" + value + "\"";
        }

        var builder = new StringBuilder(value.Length + 16);
        builder.Append('"').Append(value, 0, first);
        for (var i = first; i < value.Length; i++)
        {
            var c = value[i];
            if (LiteralEscape(c) is { } escape)
            {
                builder.Append(escape);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>How <paramref name="c"/> is written inside a string literal; null when it is written as it is.</summary>
    private static string? LiteralEscape(char c) => c switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\0' => "\\0",
        < (char)0x20 or > (char)0x7E => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>A UTF-8 literal (<c>"..."u8</c>).</summary>
    public static string Utf8Literal(string value) => Literal(value) + "u8";

    /// <summary>
    /// Text safe inside one line of an XML doc comment: <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> escaped, and never a
    /// character that ends a C# line (<c>\r</c>, <c>\n</c>, U+0085, U+2028, U+2029: the lexer ends a <c>///</c>
    /// comment at any of them, so one would let document text become code) — those and other control characters become
    /// a space. Bidirectional controls become character references (inert, and visible to a reviewer); a lone surrogate
    /// becomes U+FFFD.
    /// </summary>
    public static string Xml(string text)
    {
        var i = 0;
        while (i < text.Length && XmlEscape(text, ref i) is null)
        {
            i++;
        }

        if (i == text.Length)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        var run = 0;
        for (i = 0; i < text.Length; i++)
        {
            var at = i;
            if (XmlEscape(text, ref i) is { } escape)
            {
                builder.Append(text, run, at - run).Append(escape);
                run = i + 1;
            }
        }

        return builder.Append(text, run, text.Length - run).ToString();
    }

    /// <summary><see cref="Xml(string)"/> of <paramref name="text"/>[<paramref name="start"/>..<paramref name="end"/>), appended to the line being written.</summary>
    private static void AppendXml(SourceWriter writer, string text, int start, int end)
    {
        var run = start;
        for (var i = start; i < end; i++)
        {
            var at = i;
            if (XmlEscape(text, ref i) is { } escape)
            {
                writer.Append(text, run, at - run);
                writer.Append(escape);
                run = i + 1;
            }
        }

        writer.Append(text, run, end - run);
    }

    /// <summary>
    /// The one place that decides how a character of document text is written in a doc comment (<see cref="Xml"/>):
    /// its replacement, or null when it is written as it is. A valid surrogate pair is kept whole (<paramref name="i"/>
    /// moves past its high half).
    /// </summary>
    private static string? XmlEscape(string text, ref int i)
    {
        var c = text[i];
        if (c < '\u007F')
        {
            return c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '\t' => null,
                < ' ' => " ",
                _ => null,
            };
        }

        if (c <= '\u009F' || IsLineTerminator(c) || c is '\uFFFE' or '\uFFFF')
        {
            return " ";
        }

        if (IsBidiControl(c))
        {
            return "&#x" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + ";";
        }

        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            i++;
            return null;
        }

        return char.IsSurrogate(c) ? "\uFFFD" : null;
    }

    /// <summary>The characters at which C# ends a line (and so a <c>//</c> comment): CR, LF, NEL, LS, PS.</summary>
    public static bool IsLineTerminator(char c) => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';

    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>
    /// Doc comment lines for an element: the text one line per source line (split at every C# line terminator, CR LF
    /// counting once), the tags on the first and the last. <paramref name="xmlLine"/>, when given, is a last line of
    /// XML the generator wrote itself (a <c>&lt;see cref&gt;</c> to a generated type), appended to the text's last line
    /// as it is: never document text. Nothing when the text is empty or the writer drops doc comments.
    /// </summary>
    public static void DocLines(SourceWriter writer, string tag, string? text, string? attributes = null, string? xmlLine = null)
    {
        if (!writer.DocComments || string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        // The text trimmed, then cut into lines, each escaped straight into the writer and trimmed at its end there.
        var start = 0;
        var end = text!.Length;
        while (char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        var first = true;
        while (true)
        {
            var stop = start;
            while (stop < end && !IsLineTerminator(text[stop]))
            {
                stop++;
            }

            var last = stop == end;
            writer.BeginLine();
            writer.Append("/// ");
            if (first)
            {
                writer.Append('<');
                writer.Append(tag);
                if (attributes is not null)
                {
                    writer.Append(' ');
                    writer.Append(attributes);
                }

                writer.Append('>');
            }

            var from = writer.Position;
            AppendXml(writer, text, start, stop);
            writer.TrimEnd(from);
            if (last && xmlLine is not null)
            {
                // On the text's last line: a one-line description stays a one-line tag.
                if (writer.Position > from)
                {
                    writer.Append(writer.LastSince(from) is '.' or ':' or '!' or '?' ? " " : ". ");
                }

                writer.Append(xmlLine);
            }

            if (first)
            {
                writer.TrimEnd(from);
                writer.TrimStart(from);
            }

            if (last)
            {
                writer.Append("</");
                writer.Append(tag);
                writer.Append('>');
            }
            else if (!first && writer.Position == from)
            {
                // An empty line inside the text: "///", without the space.
                writer.Truncate(from - 1);
            }

            writer.EndLine();
            if (last)
            {
                return;
            }

            start = text[stop] == '\r' && stop + 1 < end && text[stop + 1] == '\n' ? stop + 2 : stop + 1;
            first = false;
        }
    }
}
