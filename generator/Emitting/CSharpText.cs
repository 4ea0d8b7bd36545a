using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DiscoveryGen.Generator.Emitting;

/// <summary>Escaping for everything the emitter writes: string literals and XML documentation.</summary>
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

    /// <summary>Text safe inside an XML doc comment element.</summary>
    public static string Xml(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '\r': break;
                default:
                    if (c < 0x20 && c != '\n' && c != '\t')
                    {
                        builder.Append(' ');
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

    /// <summary>Doc comment lines for an element: <c>/// &lt;tag&gt;</c>, the text one line per source line, <c>/// &lt;/tag&gt;</c>.</summary>
    public static IEnumerable<string> DocLines(string tag, string? text, string? attributes = null)
    {
        var open = attributes is null ? "<" + tag + ">" : "<" + tag + " " + attributes + ">";
        var close = "</" + tag + ">";
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        var lines = Xml(text!.Trim()).Split('\n');
        if (lines.Length == 1)
        {
            yield return "/// " + open + lines[0].Trim() + close;
            yield break;
        }

        yield return "/// " + open;
        foreach (var line in lines)
        {
            var trimmed = line.TrimEnd();
            yield return trimmed.Length == 0 ? "///" : "/// " + trimmed;
        }

        yield return "/// " + close;
    }
}
