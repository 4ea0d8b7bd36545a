using System.Globalization;
using System.Text;
using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Emitting;

/// <summary>
/// Formats the typed resource names: one <c>readonly record struct</c> per name shape (the compiler writes the
/// constructor, properties, equality and <c>Deconstruct</c>), checking, parsing and formatting left to a shared
/// <c>ResourceNameTemplate&lt;TName&gt;</c>, so each type is six lines: its size is paid on every build. The implicit
/// conversion to <c>string</c> lets every method taking such a name accept the type without an overload.
/// </summary>
internal static class ResourceNameEmitter
{
    public static void Emit(SourceWriter writer, ResourceNameModel name, string accessibility)
    {
        // Written in pieces (no per-name strings or builders): a large API has hundreds of these types.
        // The summary is the shape with * for each component: the tooltip's signature names the components, and the
        // full template repeated here would cost a fifth of the type (cloudaicompanion's 19 types are over 2 KB of it).
        writer.WriteLine();
        writer.Line("/// <summary><c>", CSharpText.Xml(Shape(name.Template)), "</c></summary>");
        writer.StartLine();
        writer.Append(accessibility);
        writer.Append(" readonly record struct ");
        writer.Append(name.Name);
        writer.Append("(");
        AppendComponents(writer, name, "string ");
        writer.Append(")");
        writer.FinishLine();
        writer.OpenBlock();

        // Components are checked where the name becomes text (ToString, the conversion a method call makes), so a
        // value made by the constructor or a with-expression alike never reaches a request with a '/' in a component.
        writer.StartLine();
        writer.Append("static readonly " + Alias.Runtime + "ResourceNameTemplate<");
        writer.Append(name.Name);
        writer.Append("> __t = new(");
        CSharpText.AppendLiteral(writer, name.Template);
        writer.Append(", c => new(");
        for (var i = 0; i < name.Components.Count; i++)
        {
            writer.Append(i == 0 ? "c[" : ", c[");
            writer.Append(i < Digits.Length ? Digits[i] : i.ToString(CultureInfo.InvariantCulture));
            writer.Append("]");
        }

        writer.Append("));");
        writer.FinishLine();
        writer.Line("public static ", name.Name, " Parse(string? s) => __t.Parse(s);");
        writer.Line("public static bool TryParse(string? s, out ", name.Name, " result) => __t.TryParse(s, out result);");
        writer.StartLine();
        writer.Append("public override string ToString() => __t.Format([");
        AppendComponents(writer, name, string.Empty);
        writer.Append("]);");
        writer.FinishLine();
        writer.Line("public static implicit operator string(", name.Name, " name) => name.ToString();");
        writer.CloseBlock();
    }

    private static readonly string[] Digits = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

    /// <summary>The components, comma-separated, each after <paramref name="prefix"/>.</summary>
    private static void AppendComponents(SourceWriter writer, ResourceNameModel name, string prefix)
    {
        for (var i = 0; i < name.Components.Count; i++)
        {
            if (i > 0)
            {
                writer.Append(", ");
            }

            writer.Append(prefix);
            writer.Append(name.Components[i]);
        }
    }

    /// <summary><c>projects/{Project}/locations/{Location}</c> → <c>projects/*/locations/*</c>.</summary>
    private static string Shape(string template)
    {
        var shape = new StringBuilder(template.Length);
        var inComponent = false;
        foreach (var c in template)
        {
            if (c == '{')
            {
                inComponent = true;
                shape.Append('*');
            }
            else if (c == '}')
            {
                inComponent = false;
            }
            else if (!inComponent)
            {
                shape.Append(c);
            }
        }

        return shape.ToString();
    }
}
