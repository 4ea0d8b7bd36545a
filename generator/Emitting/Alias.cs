namespace DiscoveryGen.Generator.Emitting;

/// <summary>
/// The namespace aliases every generated file declares inside its namespace, each bound to a <c>global::</c> name.
/// Generated code names every type through one of them with <c>::</c>, which looks up aliases only: no member, type
/// or namespace of the user's can change what a name means, as with <c>global::</c>, in a fraction of the text. The
/// alias names are lower-case, which no generated type name is (those are PascalCase).
/// </summary>
internal static class Alias
{
    public const string Api = "api::";
    public const string Runtime = "dg::";
    public const string Generic = "gen::";
    public const string Json = "json::";
    public const string System = "sys::";
    public const string Tasks = "tasks::";

    /// <summary>The alias directives, for a file in <paramref name="namespace"/>.</summary>
    public static string Directives(string @namespace) =>
        "using api = global::" + @namespace + ";\n" +
        "using dg = global::DiscoveryGen.Runtime;\n" +
        "using gen = global::System.Collections.Generic;\n" +
        "using json = global::System.Text.Json;\n" +
        "using sys = global::System;\n" +
        "using tasks = global::System.Threading.Tasks;";
}
