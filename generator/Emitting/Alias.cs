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

    /// <summary>The <c>using</c> aliases <paramref name="body"/> refers to, one a line, in a fixed order.</summary>
    public static string Directives(string @namespace, string body)
    {
        var directives = new System.Text.StringBuilder();
        void Add(string alias, string target)
        {
            if (body.Contains(alias))
            {
                directives.Append("using ").Append(alias, 0, alias.Length - 2).Append(" = global::").Append(target).Append(";\n");
            }
        }

        Add(Api, @namespace);
        Add(Runtime, "DiscoveryGen.Runtime");
        Add(Generic, "System.Collections.Generic");
        Add(Json, "System.Text.Json");
        Add(System, "System");
        Add(Tasks, "System.Threading.Tasks");
        return directives.ToString();
    }
}
