using System.Collections.Generic;
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

        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\0': builder.Append("\\0"); break;
                default:
                    if (c < 0x20 || c > 0x7E)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

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
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '\t': builder.Append(c); break;
                default:
                    if (c < 0x20 || c is >= '\u007F' and <= '\u009F' || IsLineTerminator(c) || c is '\uFFFE' or '\uFFFF')
                    {
                        builder.Append(' ');
                    }
                    else if (IsBidiControl(c))
                    {
                        builder.Append("&#x").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append(';');
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        builder.Append(c).Append(text[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        builder.Append('\uFFFD');
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>The characters at which C# ends a line (and so a <c>//</c> comment): CR, LF, NEL, LS, PS.</summary>
    public static bool IsLineTerminator(char c) => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';

    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>Splits text into lines at every C# line terminator (CR LF counts once).</summary>
    public static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsLineTerminator(text[i]))
            {
                continue;
            }

            lines.Add(text.Substring(start, i - start));
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
            }

            start = i + 1;
        }

        lines.Add(text.Substring(start));
        return lines;
    }

    /// <summary>
    /// Doc comment lines for an element: the text one line per source line, the tags on the first and the last.
    /// <paramref name="xmlLine"/>, when given, is a last line of XML the generator wrote itself (a <c>&lt;see cref&gt;</c>
    /// to a generated type), appended to the text's last line as it is: never document text.
    /// </summary>
    public static IEnumerable<string> DocLines(string tag, string? text, string? attributes = null, string? xmlLine = null)
    {
        var open = attributes is null ? "<" + tag + ">" : "<" + tag + " " + attributes + ">";
        var close = "</" + tag + ">";
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        var lines = new List<string>();
        foreach (var line in SplitLines(text!.Trim()))
        {
            lines.Add(Xml(line).TrimEnd());
        }

        if (xmlLine is not null)
        {
            // On the text's last line: a one-line description stays a one-line tag.
            var last = lines[lines.Count - 1];
            lines[lines.Count - 1] = last.Length == 0 ? xmlLine : last + (last[last.Length - 1] is '.' or ':' or '!' or '?' ? " " : ". ") + xmlLine;
        }

        if (lines.Count == 1)
        {
            yield return "/// " + open + lines[0].Trim() + close;
            yield break;
        }

        // The tags share the first and last lines: two comment lines fewer per block, the same XML.
        for (var i = 0; i < lines.Count; i++)
        {
            var line = (i == 0 ? open + lines[i].TrimStart() : lines[i]) + (i == lines.Count - 1 ? close : string.Empty);
            yield return line.Length == 0 ? "///" : "/// " + line;
        }
    }
}
