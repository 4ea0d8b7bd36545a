namespace DiscoveryGen.Generator.Emitting;

/// <summary>
/// The namespace aliases every generated file declares inside its namespace, each bound to a <c>global::</c> name.
/// Generated code names every type through one of them with <c>::</c>, which looks up aliases only: no member, type
/// or namespace of the user's can change what a name means, as with <c>global::</c>, in a fraction of the text. The
/// alias names start with an underscore and a letter, which no generated type name does (those are PascalCase, with a
/// leading underscore only before a digit), and are not all lower-case (warning CS8981).
/// </summary>
internal static class Alias
{
    public const string Api = "_api::";
    public const string Runtime = "_dg::";
    public const string Generic = "_gen::";
    public const string Json = "_json::";
    public const string System = "_sys::";
    public const string Tasks = "_tasks::";

    /// <summary>The one alias a file of resource names needs.</summary>
    public const string RuntimeDirective = "using _dg = global::DiscoveryGen.Runtime;";

    /// <summary>The alias directives, for a file in <paramref name="namespace"/>.</summary>
    public static string Directives(string @namespace) =>
        "using _api = global::" + @namespace + ";\n" +
        RuntimeDirective + "\n" +
        "using _gen = global::System.Collections.Generic;\n" +
        "using _json = global::System.Text.Json;\n" +
        "using _sys = global::System;\n" +
        "using _tasks = global::System.Threading.Tasks;";
}
