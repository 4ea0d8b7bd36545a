using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using DiscoveryGen.Generator.Diagnostics;
using DiscoveryGen.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Generator.Parsing;

/// <summary>The outcome of parsing one <c>.iam.json</c> sidecar.</summary>
internal sealed record SidecarResult(IamSidecar? Sidecar, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// Reads <c>&lt;doc&gt;.iam.json</c>: <c>{"kind": "discoverygen#iamPermissions", "methods": {"&lt;id&gt;": {"requires": "all"|"anyOf",
/// "permissions": [{"permission": "...", "on": "..."}]}}}</c>. It pairs with <c>&lt;doc&gt;.json</c> in the same folder.
/// </summary>
internal static class IamSidecarParser
{
    public const string Suffix = ".iam.json";

    public static bool IsSidecarPath(string path) => path.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase);

    public static string DocumentPathFor(string sidecarPath) =>
        sidecarPath.Substring(0, sidecarPath.Length - Suffix.Length) + ".json";

    public static SidecarResult Parse(string path, SourceText? text, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (text is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableFile, LocationInfo.FileOnly(path), path));
            return new SidecarResult(null, diagnostics.ToEquatableArray());
        }

        using var chars = TextBuffer.Of(text);
        var map = new SourceMap(path, text, chars);
        JsonTree tree;
        try
        {
            tree = JsonTree.Parse(chars.Chars, chars.Length, cancellationToken);
        }
        catch (JsonException ex)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedSidecar, map.AtJsonPosition(ex.LineNumber, ex.BytePositionInLine), ex.Message));
            return new SidecarResult(null, diagnostics.ToEquatableArray());
        }

        using (tree)
        {
            return Read(path, tree, map, diagnostics, cancellationToken);
        }
    }

    private static SidecarResult Read(string path, JsonTree tree, SourceMap map, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var root = tree.Root;
        var methods = tree.IsObject(root) ? tree.Get(root, JsonKey.Methods) : JsonTree.None;
        if (!tree.IsObject(methods))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedSidecar, map.At(tree, root), "the root must be an object with a 'methods' object"));
            return new SidecarResult(null, diagnostics.ToEquatableArray());
        }

        var list = new List<MethodPermissions>();
        foreach (var member in tree.Members(methods))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = member.Value;
            var permissionsArray = tree.IsObject(entry) ? tree.Get(entry, JsonKey.Permissions) : JsonTree.None;
            if (!tree.IsArray(permissionsArray))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedSidecar, map.At(tree, member.KeyNode), $"'{member.Key}' needs a 'permissions' array"));
                continue;
            }

            var permissions = new List<string>();
            for (var item = tree.FirstItem(permissionsArray); item != JsonTree.None; item = tree.NextItem(permissionsArray, item))
            {
                var permission = tree.Kind(item) switch
                {
                    JsonKind.Object => tree.Get(item, JsonKey.Permission) is var value && value != JsonTree.None ? tree.Text(value) : null,
                    JsonKind.String => tree.Text(item),
                    _ => null,
                };
                if (string.IsNullOrEmpty(permission))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedSidecar, map.At(tree, item), $"a permission of '{member.Key}' has no 'permission' string"));
                    continue;
                }

                permissions.Add(permission!);
            }

            var requiresNode = tree.Get(entry, JsonKey.Requires);
            var requires = (requiresNode == JsonTree.None ? null : tree.Text(requiresNode)) ?? "all";
            if (requires is not ("all" or "anyOf"))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedSidecar, map.At(tree, requiresNode), $"'requires' of '{member.Key}' must be \"all\" or \"anyOf\""));
            }

            if (permissions.Count > 0)
            {
                list.Add(new MethodPermissions(member.Key, permissions.ToEquatableArray(), requires == "anyOf"));
            }
        }

        list.Sort((a, b) => string.CompareOrdinal(a.MethodId, b.MethodId));
        return new SidecarResult(new IamSidecar(DocumentPathFor(path), list.ToEquatableArray()), diagnostics.ToEquatableArray());
    }
}
