using System;
using System.Collections.Generic;
using DiscoveryGen.Generator.Diagnostics;
using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Building;

/// <summary>
/// The StripSchemaPrefix knob: schema <c>GoogleCloudDatacatalogV1EntryGroup</c> with prefix
/// <c>GoogleCloudDatacatalogV1</c> becomes type <c>EntryGroup</c>. Only C# names change; JSON names and schema ids do not.
/// A schema keeps its full name (info DG0018 says why) when the rest would not start a new word (an upper-case ASCII
/// letter: <c>…V1beta1Foo</c> is not stripped by <c>…V1</c>), or when its short name would be another schema's full
/// name, a runtime type's, the service class's, or a generated type's own member's. (Two short names can only be alike
/// when the full names are too; NameScope keeps those apart as it always did.)
/// </summary>
internal static class SchemaPrefix
{
    /// <summary>Short C# names by schema id, for the schemas that get one; empty without a prefix.</summary>
    public static Dictionary<string, string> ShortNames(
        EquatableArray<SchemaDef> schemas, string? prefix, Func<string, bool> isReserved, string filePath, List<DiagnosticInfo> diagnostics)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (prefix is null)
        {
            return names;
        }

        var fullNames = new HashSet<string>(StringComparer.Ordinal);
        var candidates = new List<(string Id, string Name)>();
        var matched = false;
        foreach (var schema in schemas)
        {
            fullNames.Add(Naming.Pascal(schema.Id));
            if (schema.Id.Length > prefix.Length && schema.Id.StartsWith(prefix, StringComparison.Ordinal))
            {
                matched = true;
                var rest = schema.Id.Substring(prefix.Length);
                if (rest[0] is >= 'A' and <= 'Z')
                {
                    var name = Naming.Pascal(rest);
                    candidates.Add((schema.Id, name));
                }
                else
                {
                    Keep(schema.Id, "the rest, '" + rest + "', does not start a new word (an upper-case letter)");
                }
            }
        }

        if (!matched)
        {
            diagnostics.Add(DocumentOptionsInvalid("StripSchemaPrefix", "no schema name starts with '" + prefix + "'; nothing is stripped"));
            return names;
        }

        foreach (var (id, name) in candidates)
        {
            if (fullNames.Contains(name))
            {
                Keep(id, "'" + name + "' is another schema's name");
            }
            else if (isReserved(name))
            {
                Keep(id, "'" + name + "' is reserved (a DiscoveryGen.Runtime type, the service class or a generated member)");
            }
            else
            {
                names[id] = name;
            }
        }

        return names;

        void Keep(string id, string reason) =>
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SchemaPrefixKept, LocationInfo.FileOnly(filePath), id, reason));

        DiagnosticInfo DocumentOptionsInvalid(string option, string problem) => Options.DocumentOptions.Invalid(filePath, option, problem);
    }
}
