using System;
using System.Collections.Generic;
using System.Linq;
using DiscoveryGen.Generator.Model;
using DiscoveryGen.Generator.Options;

namespace DiscoveryGen.Generator.Building;

/// <summary>
/// Applies the <c>IncludeResources</c>/<c>ExcludeResources</c> knobs to a parsed document: resources are named by their
/// dotted path (<c>projects.locations.operations</c>). An included resource keeps its methods and all its sub-resources;
/// its ancestors stay as containers only (their own methods are dropped). Exclusion wins and removes the whole subtree.
/// With a filter, only the schemas the kept methods reach (transitively, through <c>$ref</c>) are generated.
/// </summary>
internal static class ResourceFilter
{
    public static ApiDocument Apply(ApiDocument document, ResolvedOptions options, string filePath, List<DiagnosticInfo> diagnostics)
    {
        if (options.IncludeResources.Count == 0 && options.ExcludeResources.Count == 0)
        {
            return document;
        }

        var known = new HashSet<string>(StringComparer.Ordinal);
        CollectPaths(document.Root, string.Empty, known);
        ReportUnknown("IncludeResources", options.IncludeResources, known, filePath, diagnostics);
        ReportUnknown("ExcludeResources", options.ExcludeResources, known, filePath, diagnostics);

        var include = new HashSet<string>(options.IncludeResources, StringComparer.Ordinal);
        var exclude = new HashSet<string>(options.ExcludeResources, StringComparer.Ordinal);
        var root = Filter(document.Root, string.Empty, include.Count == 0, include, exclude) ?? document.Root with
        {
            Methods = EquatableArray<MethodDef>.Empty,
            Resources = EquatableArray<ResourceDef>.Empty,
        };

        return document with { Root = root, Schemas = ReachableSchemas(document.Schemas, root) };
    }

    private static ResourceDef? Filter(ResourceDef resource, string path, bool included, HashSet<string> include, HashSet<string> exclude)
    {
        if (path.Length > 0 && exclude.Contains(path))
        {
            return null;
        }

        var self = included || include.Contains(path);
        var children = new List<ResourceDef>();
        foreach (var child in resource.Resources)
        {
            var kept = Filter(child, path.Length == 0 ? child.Name : path + "." + child.Name, self, include, exclude);
            if (kept is not null && (kept.Methods.Count > 0 || kept.Resources.Count > 0))
            {
                children.Add(kept);
            }
        }

        return resource with
        {
            Methods = self ? resource.Methods : EquatableArray<MethodDef>.Empty,
            Resources = children.ToEquatableArray(),
        };
    }

    private static void CollectPaths(ResourceDef resource, string path, HashSet<string> into)
    {
        foreach (var child in resource.Resources)
        {
            var childPath = path.Length == 0 ? child.Name : path + "." + child.Name;
            into.Add(childPath);
            CollectPaths(child, childPath, into);
        }
    }

    private static void ReportUnknown(string option, EquatableArray<string> paths, HashSet<string> known, string filePath, List<DiagnosticInfo> diagnostics)
    {
        foreach (var path in paths)
        {
            if (!known.Contains(path))
            {
                diagnostics.Add(DocumentOptions.Invalid(filePath, option, $"the document has no resource '{path}'"));
            }
        }
    }

    private static EquatableArray<SchemaDef> ReachableSchemas(EquatableArray<SchemaDef> schemas, ResourceDef root)
    {
        var byId = new Dictionary<string, SchemaDef>(StringComparer.Ordinal);
        foreach (var schema in schemas)
        {
            if (!byId.ContainsKey(schema.Id))
            {
                byId[schema.Id] = schema;
            }
        }

        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        void Reach(string? id)
        {
            if (id is not null && byId.ContainsKey(id) && reached.Add(id))
            {
                pending.Push(id);
            }
        }

        void Walk(TypeDef? type)
        {
            if (type is null)
            {
                return;
            }

            Reach(type.Ref);
            foreach (var property in type.Properties)
            {
                Walk(property.Type);
            }

            Walk(type.Items);
            Walk(type.AdditionalProperties);
        }

        var resources = new Stack<ResourceDef>();
        resources.Push(root);
        while (resources.Count > 0)
        {
            var resource = resources.Pop();
            foreach (var method in resource.Methods)
            {
                Reach(method.RequestRef);
                Reach(method.ResponseRef);
                Walk(method.InlineRequest);
                Walk(method.InlineResponse);
                foreach (var parameter in method.Parameters)
                {
                    Walk(parameter.Type);
                }
            }

            foreach (var child in resource.Resources)
            {
                resources.Push(child);
            }
        }

        while (pending.Count > 0)
        {
            Walk(byId[pending.Pop()].Type);
        }

        return schemas.Where(s => reached.Contains(s.Id)).ToEquatableArray();
    }
}
