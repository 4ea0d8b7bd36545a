using System;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
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
        while (first < value.Length && IsPlainInLiteral(value[first]))
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
            if (!IsPlainInLiteral(c) && LiteralEscape(c) is { } escape)
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

    /// <summary><see cref="Literal"/> of <paramref name="value"/>, appended to the line being written.</summary>
    public static void AppendLiteral(SourceWriter writer, string? value)
    {
        if (value is null)
        {
            writer.Append("null");
            return;
        }

        // The fast path: nothing to escape, so no string is made.
        foreach (var c in value)
        {
            if (!IsPlainInLiteral(c))
            {
                writer.Append(Literal(value));
                return;
            }
        }

        writer.Append('"');
        writer.Append(value);
        writer.Append('"');
    }

    /// <summary>Printable ASCII other than the quote and the backslash: the characters <see cref="LiteralEscape"/> leaves as they are.</summary>
    private static bool IsPlainInLiteral(char c) => c is >= ' ' and <= '~' and not '"' and not '\\';

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

    /// <summary>
    /// <see cref="Xml(string)"/> of the line of <paramref name="text"/> from <paramref name="start"/> to the first line
    /// terminator or <paramref name="end"/>, appended to the line being written; returns where the line stops.
    /// </summary>
    private static int AppendXmlLine(SourceWriter writer, string text, int start, int end)
    {
        var run = start;
        var i = start;
        while (true)
        {
            i = SkipPlainXml(text, i, end);
            if (i == end || IsLineTerminator(text[i]))
            {
                writer.Append(text, run, i - run);
                return i;
            }

            var at = i;
            if (XmlEscape(text, ref i) is { } escape)
            {
                writer.Append(text, run, at - run);
                writer.Append(escape);
                run = i + 1;
            }

            i++;
        }
    }

    /// <summary>
    /// The first index from <paramref name="i"/> on (before <paramref name="end"/>) that is not printable ASCII other
    /// than <c>&amp;&lt;&gt;</c>: the only characters <see cref="XmlEscape"/> may replace are beyond it (a vector of
    /// chars at a time: descriptions are most of a large API's text).
    /// </summary>
    private static int SkipPlainXml(string text, int i, int end)
    {
        if (Vector.IsHardwareAccelerated)
        {
            var vectors = MemoryMarshal.Cast<char, Vector<ushort>>(text.AsSpan(i, end - i));
            for (var v = 0; v < vectors.Length; v++)
            {
                var x = vectors[v];
                var special = Vector.LessThan(x, Spaces) | Vector.GreaterThan(x, Tildes) | Vector.Equals(x, Ampersands)
                    | Vector.Equals(x, LessThans) | Vector.Equals(x, GreaterThans);
                if (!special.Equals(Vector<ushort>.Zero))
                {
                    break;
                }

                i += Vector<ushort>.Count;
            }
        }

        while (i < end && text[i] is >= ' ' and <= '~' and not '&' and not '<' and not '>')
        {
            i++;
        }

        return i;
    }

    private static readonly Vector<ushort> Spaces = new(' ');
    private static readonly Vector<ushort> Tildes = new('~');
    private static readonly Vector<ushort> Ampersands = new('&');
    private static readonly Vector<ushort> LessThans = new('<');
    private static readonly Vector<ushort> GreaterThans = new('>');

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
    /// <remarks>
    /// <paramref name="line1"/> to <paramref name="line4"/> (null ones left out) are more lines of text after
    /// <paramref name="text"/>, escaped as it is: the same as <c>text.TrimEnd() + "\n" + line1 + …</c> without making
    /// that string (a description is often most of it).
    /// </remarks>
    public static void DocLines(SourceWriter writer, string tag, string? text, string? attributes = null, string? xmlLine = null,
        string? line1 = null, string? line2 = null, string? line3 = null, string? line4 = null)
    {
        if (!writer.DocComments)
        {
            return;
        }

        // The parts trimmed as their concatenation would be: white space before the first non-blank part and after the
        // last one goes, and each part ends where its text trimmed at the end does (text.TrimEnd() + "\n" + …).
        var part = 0;
        while (part <= 4 && IsBlank(Part(part, text, line1, line2, line3, line4)))
        {
            part++;
        }

        if (part > 4)
        {
            return;
        }

        var lastPart = 4;
        while (IsBlank(Part(lastPart, text, line1, line2, line3, line4)))
        {
            lastPart--;
        }

        var current = Part(part, text, line1, line2, line3, line4)!;
        var start = 0;
        while (char.IsWhiteSpace(current[start]))
        {
            start++;
        }

        var end = TrimmedEnd(current);
        var first = true;
        while (true)
        {
            // Whether this line is the last is known only once it is written: the close tag is added then.
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
            var stop = AppendXmlLine(writer, current, start, end);
            var last = stop == end && part == lastPart;
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

            if (stop == end)
            {
                // The next part, on a line of its own.
                do
                {
                    part++;
                }
                while (Part(part, text, line1, line2, line3, line4) is null);

                current = Part(part, text, line1, line2, line3, line4)!;
                start = 0;
                end = TrimmedEnd(current);
            }
            else
            {
                start = current[stop] == '\r' && stop + 1 < end && current[stop + 1] == '\n' ? stop + 2 : stop + 1;
            }

            first = false;
        }
    }

    private static string? Part(int index, string? text, string? line1, string? line2, string? line3, string? line4) => index switch
    {
        0 => text,
        1 => line1,
        2 => line2,
        3 => line3,
        _ => line4,
    };

    /// <summary>Null, empty or only white space.</summary>
    private static bool IsBlank(string? text)
    {
        if (text is null)
        {
            return true;
        }

        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int TrimmedEnd(string text)
    {
        var end = text.Length;
        while (end > 0 && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return end;
    }
}
