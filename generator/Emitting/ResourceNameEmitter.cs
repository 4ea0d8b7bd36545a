using System.Globalization;
using System.Text;
using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Emitting;

/// <summary>
/// Formats the typed resource names: one <c>readonly record struct</c> per name shape (the compiler writes equality,
/// <c>Deconstruct</c> and the operators), its checking, parsing and formatting left to a shared
/// <c>ResourceNameTemplate</c> so each type stays a few lines. The implicit conversion to <c>string</c> lets every
/// method taking such a name accept the type without an overload.
/// </summary>
internal static class ResourceNameEmitter
{
    public static void Emit(SourceWriter writer, ResourceNameModel name, string accessibility)
    {
        var components = new StringBuilder();
        var parameters = new StringBuilder();
        var fromArray = new StringBuilder();
        for (var i = 0; i < name.Components.Count; i++)
        {
            var separator = i == 0 ? string.Empty : ", ";
            components.Append(separator).Append(name.Components[i]);
            parameters.Append(separator).Append("string ").Append(name.Components[i]);
            fromArray.Append(separator).Append("c[").Append(i.ToString(CultureInfo.InvariantCulture)).Append(']');
        }

        writer.WriteLine();
        writer.WriteLine("/// <summary>The resource name <c>" + CSharpText.Xml(name.Template) + "</c>.</summary>");
        writer.OpenBlock(accessibility + " readonly record struct " + name.Name + "(" + parameters + ")");
        writer.WriteLine("private static readonly " + Alias.Runtime + "ResourceNameTemplate __t = new(" + CSharpText.Literal(name.Template) + ");");
        for (var i = 0; i < name.Components.Count; i++)
        {
            var component = name.Components[i];
            writer.WriteLine("public string " + component + " { get; } = __t.Check(" + component + ", " + i.ToString(CultureInfo.InvariantCulture) + ");");
        }

        writer.WriteLine("public static " + name.Name + " Parse(string? name) => __t.Parse(name, __New);");
        writer.WriteLine("public static bool TryParse(string? name, out " + name.Name + " result) => __t.TryParse(name, __New, out result);");
        writer.WriteLine("private static " + name.Name + " __New(string[] c) => new(" + fromArray + ");");
        writer.WriteLine("public override string ToString() => __t.Format([" + components + "]);");
        writer.WriteLine("public static implicit operator string(" + name.Name + " name) => name.ToString();");
        writer.CloseBlock();
    }
}
