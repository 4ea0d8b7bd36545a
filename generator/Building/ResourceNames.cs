using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using DiscoveryGen.Generator.Model;
using DiscoveryGen.Generator.Parsing;

namespace DiscoveryGen.Generator.Building;

/// <summary>
/// Plans the typed resource names of a document: one value type per distinct shape of name that a path parameter's
/// <c>pattern</c> describes (<c>^projects/[^/]+/locations/[^/]+$</c>: literal segments and <c>[^/]+</c> segments only,
/// at least one of each), its components named from the method's <c>flatPath</c> variables.
/// </summary>
/// <remarks>
/// <para>Components: the <c>flatPath</c> variable at the component's place, without its <c>Id</c> suffix, singular and
/// PascalCase (<c>{projectsId}</c> → <c>Project</c>); without a <c>flatPath</c> that lines up with the pattern, the
/// literal segment before the component (<c>projects</c> → <c>Project</c>). Methods are read in id order and a
/// <c>flatPath</c> name wins, so the result does not depend on the document's order.</para>
/// <para>Type names: the last component (or a trailing literal, for a singleton) + <c>Name</c>. Shapes that would share a
/// name are all qualified by their parents, one more at a time, until each is unique: the five
/// <c>…/settingBindings/*</c> of cloudaicompanion become <c>CodeToolsSettingSettingBindingName</c>,
/// <c>LoggingSettingSettingBindingName</c>, …. The plan is made from the whole document, before <c>IncludeResources</c>
/// or <c>ExcludeResources</c>, so filtering never renames a type.</para>
/// </remarks>
internal sealed class ResourceNamePlan
{
    private const string Wildcard = "[^/]+";

    // By pattern: a name shape's pattern and its segments determine each other (a literal holds neither '/' nor '[', and
    // a component is always "[^/]+"), so the pattern itself is the shape's key: one lookup per path parameter.
    private readonly Dictionary<string, PatternShape> _shapes;

    private ResourceNamePlan(Dictionary<string, PatternShape> shapes)
    {
        _shapes = shapes;
    }

    /// <summary>What the plan read of one pattern: its segments (null: not a plain name shape) and its planned name.</summary>
    private sealed class PatternShape
    {
        public PatternShape(string?[]? segments)
        {
            Segments = segments;
        }

        public string?[]? Segments { get; }

        public PlannedName? Planned { get; set; }

        /// <summary>Whether <see cref="Planned"/> is named from a <c>flatPath</c> (it then wins over any later method).</summary>
        public bool FromFlatPath { get; set; }
    }

    /// <summary>A planned name type: its desired C# name and its component names (PascalCase, in order).</summary>
    public sealed class PlannedName
    {
        public PlannedName(string?[] segments, List<string> components)
        {
            Segments = segments;
            Components = components;
        }

        /// <summary>The segments: a literal, or null for a component.</summary>
        public string?[] Segments { get; }

        public List<string> Components { get; }

        public string TypeName { get; set; } = string.Empty;
    }

    /// <summary>
    /// The planned name type of a parameter pattern, if the pattern is a plain name shape (not cached: the caller asks once
    /// per distinct pattern).
    /// </summary>
    public PlannedName? For(string? pattern)
    {
        if (pattern is null)
        {
            return null;
        }

        // A pattern the plan did not read is no shape it planned either.
        return _shapes.TryGetValue(pattern, out var shape) ? shape.Planned : null;
    }

    /// <summary>Plans every name shape of the document, from its <paramref name="methods"/> ordinal by id.</summary>
    public static ResourceNamePlan Create(List<MethodDef> methods, CancellationToken cancellationToken)
    {
        var shapes = new Dictionary<string, PatternShape>(StringComparer.Ordinal);
        var planned = new List<PatternShape>(); // in order of first plan
        foreach (var method in methods)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Location != "path" || parameter.Type.Pattern is not { } pattern)
                {
                    continue;
                }

                if (!shapes.TryGetValue(pattern, out var shape))
                {
                    shapes[pattern] = shape = new PatternShape(Segments(pattern));
                }

                if (shape.Segments is not { } segments || shape.FromFlatPath)
                {
                    continue;
                }

                var components = FlatPathComponents(method, parameter.Name, segments);
                if (components is not null)
                {
                    shape.FromFlatPath = true;
                }
                else if (shape.Planned is not null || (components = LiteralComponents(segments)) is null)
                {
                    continue;
                }

                if (shape.Planned is null)
                {
                    planned.Add(shape);
                }

                shape.Planned = new PlannedName(segments, components);
            }
        }

        var names = new List<PlannedName>(planned.Count);
        foreach (var shape in planned)
        {
            names.Add(shape.Planned!);
        }

        AssignTypeNames(names);
        return new ResourceNamePlan(shapes);
    }

    /// <summary>
    /// The shortest unique names: every shape starts with its last element; shapes sharing a name all take one more
    /// parent, until they differ or have none left (a tie then left is broken by the caller's <see cref="NameScope"/>).
    /// </summary>
    private static void AssignTypeNames(List<PlannedName> names)
    {
        // By index (no dictionaries keyed by plan); a name shared by several is counted, not grouped.
        var chains = new List<string>[names.Count];
        var taken = new int[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            chains[i] = Chain(names[i]);
            taken[i] = 1;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (true)
        {
            counts.Clear();
            for (var i = 0; i < names.Count; i++)
            {
                var typeName = names[i].TypeName = TypeName(chains[i], taken[i]);
                counts[typeName] = counts.TryGetValue(typeName, out var count) ? count + 1 : 1;
            }

            var changed = false;
            for (var i = 0; i < names.Count; i++)
            {
                if (counts[names[i].TypeName] > 1 && taken[i] < chains[i].Count)
                {
                    taken[i]++;
                    changed = true;
                }
            }

            if (!changed)
            {
                return;
            }
        }
    }

    /// <summary>The last <paramref name="taken"/> parts of <paramref name="chain"/>, and <c>Name</c>.</summary>
    private static string TypeName(List<string> chain, int taken)
    {
        if (taken == 1)
        {
            return chain[chain.Count - 1] + "Name";
        }

        var name = new StringBuilder();
        for (var i = chain.Count - taken; i < chain.Count; i++)
        {
            name.Append(chain[i]);
        }

        return name.Append("Name").ToString();
    }

    /// <summary>The parts a type name is made of: the components, and a trailing literal (a singleton's name).</summary>
    private static List<string> Chain(PlannedName name)
    {
        var chain = new List<string>(name.Components);
        if (name.Segments[name.Segments.Length - 1] is { } last)
        {
            chain.Add(Naming.Pascal(Singular(last)));
        }

        return chain;
    }

    /// <summary>
    /// A pattern's segments when it is a plain name shape: <c>^</c>, segments separated by <c>/</c>, <c>$</c>; each
    /// segment a literal of letters, digits, <c>-</c> and <c>_</c>, or <c>[^/]+</c> (null here); at least one of each.
    /// </summary>
    internal static string?[]? Segments(string pattern)
    {
        if (pattern.Length < 3 || pattern[0] != '^' || pattern[pattern.Length - 1] != '$')
        {
            return null;
        }

        var segments = new List<string?>();
        var literals = 0;
        var i = 1;
        var end = pattern.Length - 1;
        while (true)
        {
            if (string.CompareOrdinal(pattern, i, Wildcard, 0, Wildcard.Length) == 0)
            {
                segments.Add(null);
                i += Wildcard.Length;
            }
            else
            {
                var start = i;
                while (i < end && (char.IsLetterOrDigit(pattern[i]) && pattern[i] < 128 || pattern[i] is '-' or '_'))
                {
                    i++;
                }

                if (i == start)
                {
                    return null;
                }

                segments.Add(pattern.Substring(start, i - start));
                literals++;
            }

            if (i == end)
            {
                break;
            }

            if (pattern[i] != '/')
            {
                return null;
            }

            i++;
        }

        return literals > 0 && literals < segments.Count ? segments.ToArray() : null;
    }

    /// <summary>
    /// The component names from the method's <c>flatPath</c>: the path must be literals around the one <c>{+name}</c>
    /// variable, the <c>flatPath</c> the same literals around the name's segments, with a <c>{variable}</c> exactly
    /// where the pattern has a component and the same literals elsewhere.
    /// </summary>
    private static List<string>? FlatPathComponents(MethodDef method, string parameter, string?[] segments)
    {
        if (method.FlatPath is not { } flat || PathTemplate.Split(method.Path, out _) is not { } parts)
        {
            return null;
        }

        var index = parts.FindIndex(p => p.IsVariable && p.Text == parameter);
        if (index < 0)
        {
            return null;
        }

        var prefixLength = 0;
        var suffixLength = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            if (i == index)
            {
                continue;
            }

            if (parts[i].IsVariable)
            {
                return null;
            }

            if (i < index)
            {
                prefixLength += parts[i].Text.Length;
            }
            else
            {
                suffixLength += parts[i].Text.Length;
            }
        }

        if (flat.Length < prefixLength + suffixLength
            || !HasLiterals(flat, 0, parts, 0, index)
            || !HasLiterals(flat, flat.Length - suffixLength, parts, index + 1, parts.Count))
        {
            return null;
        }

        var middle = flat.Substring(prefixLength, flat.Length - prefixLength - suffixLength).Split('/');
        if (middle.Length != segments.Length)
        {
            return null;
        }

        var components = new List<string>();
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i] is { } literal)
            {
                if (!string.Equals(literal, middle[i], StringComparison.Ordinal))
                {
                    return null;
                }

                continue;
            }

            var variable = middle[i];
            if (variable.Length < 3 || variable[0] != '{' || variable[variable.Length - 1] != '}' || variable.IndexOfAny(new[] { '{', '}', '+' }, 1, variable.Length - 2) >= 0)
            {
                return null;
            }

            components.Add(ComponentName(variable.Substring(1, variable.Length - 2)));
        }

        return components;
    }

    /// <summary>
    /// Whether <paramref name="text"/> holds the literal parts [<paramref name="from"/>, <paramref name="to"/>) one after
    /// another from <paramref name="offset"/> (compared in place, not joined into a string first).
    /// </summary>
    private static bool HasLiterals(string text, int offset, List<PathPart> parts, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var literal = parts[i].Text;
            if (string.CompareOrdinal(text, offset, literal, 0, literal.Length) != 0)
            {
                return false;
            }

            offset += literal.Length;
        }

        return true;
    }

    /// <summary>Component names from the literal before each component (<c>projects/[^/]+</c> → <c>Project</c>).</summary>
    private static List<string>? LiteralComponents(string?[] segments)
    {
        var components = new List<string>();
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i] is not null)
            {
                continue;
            }

            if (i == 0 || segments[i - 1] is not { } before)
            {
                return null;
            }

            components.Add(Naming.Pascal(Singular(before)));
        }

        return components;
    }

    /// <summary>A flatPath variable as a component name: <c>projectsId</c> → <c>Project</c>.</summary>
    internal static string ComponentName(string variable)
    {
        if (variable.Length > 2 && variable.EndsWith("Id", StringComparison.Ordinal))
        {
            variable = variable.Substring(0, variable.Length - 2);
        }

        return Naming.Pascal(Singular(variable));
    }

    /// <summary>
    /// English plural → singular for collection ids, the common cases only: <c>policies</c> → <c>policy</c>,
    /// <c>indexes</c> → <c>index</c>, <c>branches</c> → <c>branch</c>, <c>addresses</c> → <c>address</c>,
    /// <c>projects</c> → <c>project</c>; <c>series</c>, <c>status</c> and words not ending in <c>s</c> are kept.
    /// </summary>
    internal static string Singular(string word)
    {
        bool Ends(string end) => word.Length > end.Length && word.EndsWith(end, StringComparison.OrdinalIgnoreCase);

        if (Ends("series") || Ends("species") || Ends("ss") || Ends("us"))
        {
            return word;
        }

        if (Ends("ies"))
        {
            return word.Substring(0, word.Length - 3) + "y";
        }

        if (Ends("sses") || Ends("shes") || Ends("ches") || Ends("xes") || Ends("zzes"))
        {
            return word.Substring(0, word.Length - 2);
        }

        return Ends("s") ? word.Substring(0, word.Length - 1) : word;
    }
}
