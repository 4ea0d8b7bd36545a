using System.Text;
using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Emitting;

internal static partial class ServiceEmitter
{
    /// <summary>
    /// The static method table (<c>Methods</c>), one row per method in id order, written from the methods themselves.
    /// The scope sets are shared fields, declared first (static fields initialize in text order).
    /// </summary>
    private static void EmitMethodTable(SourceWriter writer, ClientModel client)
    {
        var rows = new MethodModel[CountMethods(client.Root)];
        CollectRows(client.Root, rows);

        writer.WriteLine("/// <summary>Every method of the API (id, verb, path, scopes, IAM permissions), ordered by id. Reflection-free.</summary>");
        writer.WriteLine("public static _gen::IReadOnlyList<" + Runtime + "MethodDescriptor> Methods => __methods;");
        writer.WriteLine();
        writer.WriteLine("private static readonly string[] __none = _sys::Array.Empty<string>();");
        foreach (var set in client.ScopeSets)
        {
            writer.WriteLine("private static readonly string[] " + set.FieldName + " = " + (set.Scopes.Count == 0 ? "__none" : "{ " + ScopeArguments(set) + " }") + ";");
        }

        writer.WriteLine();
        writer.OpenBlock("private static readonly " + Runtime + "MethodDescriptor[] __methods =");
        var line = new StringBuilder(256);
        foreach (var row in rows)
        {
            line.Clear();
            line.Append("new(").Append(CSharpText.Literal(row.Id)).Append(", ").Append(CSharpText.Literal(row.HttpMethod)).Append(", ")
                .Append(CSharpText.Literal(row.Path)).Append(", ").Append(CSharpText.Literal(row.FlatPath)).Append(", ")
                .Append(row.Scopes.FieldName).Append(", ").Append(StringArray(row.Permissions));
            if (row.PermissionsAnyOf)
            {
                line.Append(", permissionsAnyOf: true");
            }

            if (row.EtagRequired)
            {
                line.Append(", etagRequired: true");
            }

            if (row.Download is { } download)
            {
                line.Append(", supportsMediaDownload: true");
                if (download.UseMediaDownloadService)
                {
                    line.Append(", useMediaDownloadService: true");
                }
            }

            if (row.Upload is { } upload)
            {
                line.Append(", mediaUpload: new ").Append(Runtime).Append("MediaUploadInfo(").Append(StringArray(upload.Accept)).Append(", ")
                    .Append(upload.MaxSize is { } max ? max.ToString(System.Globalization.CultureInfo.InvariantCulture) + "L" : "null").Append(", ")
                    .Append(CSharpText.Literal(upload.SimplePathTemplate)).Append(", ").Append(CSharpText.Literal(upload.ResumablePathTemplate)).Append(')');
            }

            writer.WriteLine(line.Append("),").ToString());
        }

        writer.CloseBlock(";");
        writer.WriteLine();
    }

    /// <summary>The arguments of <c>[RequiredScopes]</c> and of a scope-set field: the constants, or literals for undeclared scopes.</summary>
    private static string ScopeArguments(ScopeSetModel set)
    {
        var builder = new StringBuilder();
        foreach (var scope in set.Scopes)
        {
            builder.Append(builder.Length == 0 ? string.Empty : ", ").Append(scope.ConstantName ?? CSharpText.Literal(scope.Uri));
        }

        return builder.ToString();
    }

    private static string StringArray(EquatableArray<string> values)
    {
        if (values.Count == 0)
        {
            return "__none";
        }

        var builder = new StringBuilder("new[] { ");
        for (var i = 0; i < values.Count; i++)
        {
            builder.Append(i == 0 ? string.Empty : ", ").Append(CSharpText.Literal(values[i]));
        }

        return builder.Append(" }").ToString();
    }

    private static int CountMethods(ResourceModel resource)
    {
        var count = resource.Methods.Count;
        foreach (var child in resource.Resources)
        {
            count += CountMethods(child);
        }

        return count;
    }

    private static void CollectRows(ResourceModel resource, MethodModel[] rows)
    {
        foreach (var method in resource.Methods)
        {
            rows[method.TableIndex] = method;
        }

        foreach (var child in resource.Resources)
        {
            CollectRows(child, rows);
        }
    }
}
