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
            writer.StartLine();
            writer.Append("private static readonly string[] ");
            writer.Append(set.FieldName);
            if (set.Scopes.Count == 0)
            {
                writer.Append(" = __none;");
            }
            else
            {
                writer.Append(" = { ");
                AppendScopeArguments(writer, set);
                writer.Append(" };");
            }

            writer.FinishLine();
            if (set.ListName is { } list)
            {
                writer.StartLine();
                writer.Append("private const string ");
                writer.Append(list);
                writer.Append(" = ");
                var first = true;
                foreach (var scope in set.Scopes)
                {
                    writer.Append(first ? string.Empty : " + \" \" + ");
                    first = false;
                    AppendScope(writer, scope);
                }

                writer.Append(';');
                writer.FinishLine();
            }
        }

        writer.WriteLine();
        writer.OpenBlock("private static readonly " + Runtime + "MethodDescriptor[] __methods =");
        foreach (var row in rows)
        {
            writer.StartLine();
            writer.Append("new(");
            CSharpText.AppendLiteral(writer, row.Id);
            writer.Append(", ");
            CSharpText.AppendLiteral(writer, row.HttpMethod);
            writer.Append(", ");
            CSharpText.AppendLiteral(writer, row.Path);
            writer.Append(", ");
            CSharpText.AppendLiteral(writer, row.FlatPath);
            writer.Append(", ");
            writer.Append(row.Scopes.FieldName);
            writer.Append(", ");
            AppendStringArray(writer, row.Permissions);
            if (row.PermissionsAnyOf)
            {
                writer.Append(", permissionsAnyOf: true");
            }

            if (row.EtagRequired)
            {
                writer.Append(", etagRequired: true");
            }

            if (row.Download is { } download)
            {
                writer.Append(", supportsMediaDownload: true");
                if (download.UseMediaDownloadService)
                {
                    writer.Append(", useMediaDownloadService: true");
                }
            }

            if (row.Upload is { } upload)
            {
                writer.Append(", mediaUpload: new " + Runtime + "MediaUploadInfo(");
                AppendStringArray(writer, upload.Accept);
                writer.Append(", ");
                writer.Append(upload.MaxSize is { } max ? max.ToString(System.Globalization.CultureInfo.InvariantCulture) + "L" : "null");
                writer.Append(", ");
                CSharpText.AppendLiteral(writer, upload.SimplePathTemplate);
                writer.Append(", ");
                CSharpText.AppendLiteral(writer, upload.ResumablePathTemplate);
                writer.Append(')');
            }

            writer.Append("),");
            writer.FinishLine();
        }

        writer.CloseBlock(";");
        writer.WriteLine();
    }

    /// <summary>The elements of a scope-set field: the constants, or literals for undeclared scopes.</summary>
    private static void AppendScopeArguments(SourceWriter writer, ScopeSetModel set)
    {
        var first = true;
        foreach (var scope in set.Scopes)
        {
            writer.Append(first ? string.Empty : ", ");
            first = false;
            AppendScope(writer, scope);
        }
    }

    /// <summary>A scope's constant, or a literal for a scope the document does not declare.</summary>
    private static void AppendScope(SourceWriter writer, ScopeRef scope)
    {
        if (scope.ConstantName is { } constant)
        {
            writer.Append(constant);
        }
        else
        {
            CSharpText.AppendLiteral(writer, scope.Uri);
        }
    }

    private static void AppendStringArray(SourceWriter writer, EquatableArray<string> values)
    {
        if (values.Count == 0)
        {
            writer.Append("__none");
            return;
        }

        writer.Append("new[] { ");
        for (var i = 0; i < values.Count; i++)
        {
            writer.Append(i == 0 ? string.Empty : ", ");
            CSharpText.AppendLiteral(writer, values[i]);
        }

        writer.Append(" }");
    }

    internal static int CountMethods(ResourceModel resource)
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
