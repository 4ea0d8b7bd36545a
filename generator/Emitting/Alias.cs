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
    public static string Directives(string @namespace, global::System.ReadOnlySpan<char> body)
    {
        var directives = new System.Text.StringBuilder();
        // A local function cannot capture the span: the checks are in a row instead.
        Add(Uses(body, Api), Api, @namespace);
        Add(Uses(body, Runtime), Runtime, "DiscoveryGen.Runtime");
        Add(Uses(body, Generic), Generic, "System.Collections.Generic");
        Add(Uses(body, Json), Json, "System.Text.Json");
        Add(Uses(body, System), System, "System");
        Add(Uses(body, Tasks), Tasks, "System.Threading.Tasks");
        return directives.ToString();

        void Add(bool used, string alias, string target)
        {
            if (used)
            {
                directives.Append("using ").Append(alias, 0, alias.Length - 2).Append(" = global::").Append(target).Append(";\n");
            }
        }
    }

    private static bool Uses(global::System.ReadOnlySpan<char> body, string alias) =>
        global::System.MemoryExtensions.IndexOf(body, global::System.MemoryExtensions.AsSpan(alias)) >= 0;
}
