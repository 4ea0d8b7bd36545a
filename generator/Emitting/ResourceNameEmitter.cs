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
        var components = string.Join(", ", name.Components);
        var parameters = new StringBuilder();
        var fromArray = new StringBuilder();
        for (var i = 0; i < name.Components.Count; i++)
        {
            var separator = i == 0 ? string.Empty : ", ";
            parameters.Append(separator).Append("string ").Append(name.Components[i]);
            fromArray.Append(separator).Append("c[").Append(i.ToString(CultureInfo.InvariantCulture)).Append(']');
        }

        // The summary is the shape with * for each component: the tooltip's signature names the components, and the
        // full template repeated here would cost a fifth of the type (cloudaicompanion's 19 types are over 2 KB of it).
        writer.WriteLine();
        writer.WriteLine("/// <summary><c>" + CSharpText.Xml(Shape(name.Template)) + "</c></summary>");
        writer.OpenBlock(accessibility + " readonly record struct " + name.Name + "(" + parameters + ")");

        // Components are checked where the name becomes text (ToString, the conversion a method call makes), so a
        // value made by the constructor or a with-expression alike never reaches a request with a '/' in a component.
        writer.WriteLine("static readonly " + Alias.Runtime + "ResourceNameTemplate<" + name.Name + "> __t = new(" + CSharpText.Literal(name.Template) + ", c => new(" + fromArray + "));");
        writer.WriteLine("public static " + name.Name + " Parse(string? s) => __t.Parse(s);");
        writer.WriteLine("public static bool TryParse(string? s, out " + name.Name + " result) => __t.TryParse(s, out result);");
        writer.WriteLine("public override string ToString() => __t.Format([" + components + "]);");
        writer.WriteLine("public static implicit operator string(" + name.Name + " name) => name.ToString();");
        writer.CloseBlock();
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
