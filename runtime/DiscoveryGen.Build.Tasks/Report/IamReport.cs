using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using DiscoveryGen.Build.Tasks.Analysis;

namespace DiscoveryGen.Build.Tasks.Report;

/// <summary>
/// The least-privilege report of one assembly: the discovery methods its code can reach with their IAM permissions
/// and OAuth scopes, the unions, and the methods whose permissions are unknown. Writes <c>&lt;assembly&gt;.iam.json</c>
/// and a custom-role file for <c>gcloud iam roles create --file</c>.
/// </summary>
internal sealed class IamReport
{
    public const string Kind = "discoverygen#iamReport";

    public IamReport(AnalysisResult result)
    {
        AssemblyName = result.AssemblyName;
        Methods = result.Reached;
        Permissions = Methods.Where(m => m.Method.Permissions is not null).SelectMany(m => m.Method.Permissions!).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToList();
        Scopes = Methods.SelectMany(m => m.Method.Scopes).Distinct(StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToList();
        PermissionUnknown = Methods.Where(m => m.Method.Permissions is null).Select(m => m.Method.Id).ToList();
    }

    public string AssemblyName { get; }

    public IReadOnlyList<ReachedApiMethod> Methods { get; }

    /// <summary>Every permission of every reached method whose permissions are known (an any-of method contributes all its alternatives), ordinal order.</summary>
    public IReadOnlyList<string> Permissions { get; }

    /// <summary>Every scope listed by a reached method, ordinal order (each method needs any one of its own).</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>The reached methods the IAM sidecar does not list, by id.</summary>
    public IReadOnlyList<string> PermissionUnknown { get; }

    public string ToJson()
    {
        var json = new JsonText();
        json.StartObject();
        json.String("kind", Kind);
        json.String("assembly", AssemblyName);
        json.StringArray("permissions", Permissions);
        json.StringArray("scopes", Scopes);
        json.StringArray("permissionUnknown", PermissionUnknown);
        json.StartArray("methods");
        foreach (var reached in Methods)
        {
            var method = reached.Method;
            json.StartObject();
            json.String("id", method.Id);
            json.String("httpMethod", method.HttpMethod);
            json.String("path", method.Path);
            if (method.Permissions is { } permissions)
            {
                json.StringArray("permissions", permissions);
                json.Boolean("permissionsAnyOf", method.PermissionsAnyOf);
            }
            else
            {
                json.Boolean("permissionUnknown", true);
            }

            json.StringArray("scopes", method.Scopes);
            json.StringArray("calledFrom", reached.CalledFrom);
            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
        return json.ToString();
    }

    /// <summary>
    /// The custom role as <c>gcloud iam roles create ROLE_ID --project=… --file=…</c> reads it (YAML: title,
    /// description, stage, includedPermissions). Every scalar is a double-quoted YAML string (JSON escapes, which YAML
    /// shares), and comment text is quoted likewise, so no document text can end a comment or add a key.
    /// </summary>
    public string ToRoleYaml(string fileName)
    {
        var text = new StringBuilder();
        text.Append("# Custom IAM role with the permissions ").Append(AssemblyName).Append("'s code needs for the Google API methods it can reach,\n");
        text.Append("# computed by DiscoveryGen at build time (the report beside this file lists each method). Create it with:\n");
        text.Append("#   gcloud iam roles create ROLE_ID --project=PROJECT_ID --file=").Append(fileName).Append('\n');
        var anyOf = Methods.Where(m => m.Method.Permissions is { Count: > 1 } && m.Method.PermissionsAnyOf).ToList();
        if (anyOf.Count > 0)
        {
            text.Append("# Any one permission of each group below suffices; all are included, so drop those your resources do not need:\n");
            foreach (var method in anyOf)
            {
                text.Append("#   ");
                JsonText.Quote(text, method.Method.Id);
                text.Append(": ");
                text.Append(string.Join(", ", method.Method.Permissions!.Select(p => Quoted(p))));
                text.Append('\n');
            }
        }

        if (PermissionUnknown.Count > 0)
        {
            text.Append("# Not included: the IAM sidecar does not list these methods, so their permissions are unknown (add them yourself):\n");
            foreach (var id in PermissionUnknown)
            {
                text.Append("#   ");
                JsonText.Quote(text, id);
                text.Append('\n');
            }
        }

        text.Append("title: ");
        JsonText.Quote(text, Truncate(AssemblyName + " least privilege", 100));
        text.Append('\n');
        text.Append("description: ");
        var description = $"Permissions for the {Methods.Count} Google API method{(Methods.Count == 1 ? string.Empty : "s")} {AssemblyName} calls; generated by DiscoveryGen.";
        JsonText.Quote(text, Truncate(description, 256));
        text.Append('\n');
        text.Append("stage: \"GA\"\n");
        if (Permissions.Count == 0)
        {
            text.Append("includedPermissions: []\n");
        }
        else
        {
            text.Append("includedPermissions:\n");
            foreach (var permission in Permissions)
            {
                text.Append("- ");
                JsonText.Quote(text, permission);
                text.Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Quoted(string value)
    {
        var text = new StringBuilder();
        JsonText.Quote(text, value);
        return text.ToString();
    }

    /// <summary>At most <paramref name="maxBytes"/> UTF-8 bytes (IAM's limits are in bytes), cut on a character boundary.</summary>
    private static string Truncate(string value, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(value) <= maxBytes)
        {
            return value;
        }

        var length = value.Length;
        while (length > 0 && Encoding.UTF8.GetByteCount(value.Substring(0, length)) > maxBytes - 3)
        {
            length--;
            if (length > 0 && char.IsHighSurrogate(value[length - 1]))
            {
                length--;
            }
        }

        return value.Substring(0, length) + "…";
    }
}
