using System;
using System.Collections.Generic;
using System.Text;
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

        var chars = text.ToString();
        var utf8 = Encoding.UTF8.GetBytes(chars);
        var map = new SourceMap(path, text, chars, utf8);
        JNode root;
        try
        {
            root = JsonTree.Parse(utf8, cancellationToken);
        }
        catch (JsonException ex)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedSidecar, map.AtJsonPosition(ex.LineNumber, ex.BytePositionInLine), ex.Message));
            return new SidecarResult(null, diagnostics.ToEquatableArray());
        }

        if (root is not JObject rootObject || rootObject.Get("methods") is not JObject methods)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedSidecar, map.AtByte(root.Offset), "the root must be an object with a 'methods' object"));
            return new SidecarResult(null, diagnostics.ToEquatableArray());
        }

        var list = new List<MethodPermissions>();
        foreach (var member in methods.Members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member.Value is not JObject entry || entry.Get("permissions") is not JArray permissionsArray)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedSidecar, map.AtByte(member.KeyOffset), $"'{member.Key}' needs a 'permissions' array"));
                continue;
            }

            var permissions = new List<string>();
            foreach (var item in permissionsArray.Items)
            {
                var permission = item switch
                {
                    JObject o => (o.Get("permission") as JValue)?.Text,
                    JValue { Token: JsonTokenType.String } v => v.Text,
                    _ => null,
                };
                if (string.IsNullOrEmpty(permission))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedSidecar, map.AtByte(item.Offset), $"a permission of '{member.Key}' has no 'permission' string"));
                    continue;
                }

                permissions.Add(permission!);
            }

            var requires = (entry.Get("requires") as JValue)?.Text ?? "all";
            if (requires is not ("all" or "anyOf"))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedSidecar, map.AtByte(entry.Get("requires")!.Offset), $"'requires' of '{member.Key}' must be \"all\" or \"anyOf\""));
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
