using System.Collections.Generic;
using System.Text;
using DiscoveryGen.Generator.Building;
using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Emitting;

internal static partial class ServiceEmitter
{
    /// <summary>
    /// What a method and each of its media siblings open with: doc, deprecation, the method attributes, the signature line
    /// (<paramref name="returnType"/>, or the method's own when null) and the body's brace.
    /// </summary>
    private static void EmitMethodHead(SourceWriter writer, MethodModel method, MediaKind kind, string? returnType, string name)
    {
        DocEmitter.Method(writer, method, kind);
        DeprecationEmitter.Write(writer, method.Deprecation);
        EmitMethodAttributes(writer, method);
        writer.StartLine();
        writer.Append("public virtual ");
        if (returnType is null)
        {
            AppendReturnType(writer, method);
        }
        else
        {
            writer.Append(returnType);
        }

        writer.Append(' ');
        writer.Append(name);
        writer.Append('(');
        AppendSignature(writer, method, kind);
        writer.Append(')');
        writer.FinishLine();
        writer.OpenBlock();
    }

    private static void EmitMethod(SourceWriter writer, MethodModel method, ClientModel client)
    {
        EmitMethodHead(writer, method, MediaKind.None, returnType: null, method.Name);
        EmitChecks(writer, method, bodyOptional: false);
        EmitRequest(writer, method, client, MediaKind.None);
        writer.StartLine();
        AppendSendStatement(writer, method, client, "SendAsync", "__r");
        writer.FinishLine();
        writer.CloseBlock();
    }

    /// <summary>
    /// The discovery method's identity, scopes and (when the sidecar lists them) IAM permissions, on the method and on
    /// its media siblings alike: the least-privilege report finds the methods an app calls by these attributes.
    /// </summary>
    private static void EmitMethodAttributes(SourceWriter writer, MethodModel method)
    {
        writer.StartLine();
        writer.Append("[" + Runtime + "DiscoveryMethod(");
        CSharpText.AppendLiteral(writer, method.Id);
        writer.Append(", ");
        CSharpText.AppendLiteral(writer, method.HttpMethod);
        writer.Append(", ");
        CSharpText.AppendLiteral(writer, method.Path);
        writer.Append(")]");
        writer.FinishLine();
        if (method.Scopes.Scopes.Count > 0)
        {
            writer.StartLine();
            writer.Append("[" + Runtime + "RequiredScopes(");
            if (method.Scopes.ListName is { } list)
            {
                // The set's constant (its scopes separated by spaces): one name instead of every scope again.
                writer.Append(list);
            }
            else if (method.Scopes.Scopes.Count == 1 && method.Scopes.Scopes[0].Uri.IndexOf(' ') >= 0)
            {
                // One string is read as a space-separated list: a scope with a space in it (RFC 6749 forbids it) goes in an array.
                writer.Append("new[] { ");
                AppendScopeArguments(writer, method.Scopes);
                writer.Append(" }");
            }
            else
            {
                AppendScopeArguments(writer, method.Scopes);
            }

            writer.Append(")]");
            writer.FinishLine();
        }

        if (method.Permissions.Count > 0)
        {
            var permissions = new StringBuilder();
            foreach (var permission in method.Permissions)
            {
                permissions.Append(permissions.Length == 0 ? string.Empty : ", ").Append(CSharpText.Literal(permission));
            }

            writer.WriteLine("[" + Runtime + "RequiredPermissions(" + permissions + (method.PermissionsAnyOf ? ", AnyOf = true" : string.Empty) + ")]");
        }
    }

    private static void AppendReturnType(SourceWriter writer, MethodModel method)
    {
        if (method.ResponseType is null)
        {
            writer.Append("_tasks::Task");
            return;
        }

        writer.Append("_tasks::Task<");
        TypeText.AppendName(writer, method.ResponseType);
        writer.Append('>');
    }

    /// <summary>
    /// Creates <c>__r</c>: path, api version, query parameters and the body. For an upload the body is the
    /// metadata: sent only when given, and an empty request schema sends none (so a simple upload stays possible).
    /// </summary>
    private static void EmitRequest(SourceWriter writer, MethodModel method, ClientModel client, MediaKind media)
    {
        var bodyOptional = media == MediaKind.Upload && method.Upload!.Sibling!.MetadataOptional;
        writer.StartLine();
        writer.Append("var __r = new " + Runtime + "ApiRequest(__methods[");
        writer.Append(method.TableIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.Append("], ");
        AppendPathExpression(writer, method.PathParts, checkPatterns: true);
        writer.Append(");");
        writer.FinishLine();
        if (method.ApiVersion is not null)
        {
            writer.WriteLine("__r.ApiVersion = " + CSharpText.Literal(method.ApiVersion) + ";");
        }

        for (var i = 0; i < method.Arguments.Count; i++)
        {
            if (!method.Arguments[i].IsPath)
            {
                writer.StartLine();
                AppendQueryStatement(writer, method.Arguments[i], i);
                writer.FinishLine();
            }
        }

        switch (method.BodyKind)
        {
            case BodyKind.EmptyObject when media != MediaKind.Upload:
                writer.WriteLine("__r.SetEmptyJsonBody();");
                break;
            case BodyKind.Typed when bodyOptional:
                writer.OpenBlock("if (" + method.BodyName + " is not null)");
                writer.WriteLine(BodyStatement(method, client));
                EmitBodyEtag(writer, method);
                writer.CloseBlock();
                break;
            case BodyKind.Typed:
                writer.WriteLine(BodyStatement(method, client));
                EmitBodyEtag(writer, method);
                break;
        }
    }

    /// <summary>Tells the request the etag the body's schema carries: a typed precondition (the JSON is never searched).</summary>
    private static void EmitBodyEtag(SourceWriter writer, MethodModel method)
    {
        if (method.BodyEtag is not null)
        {
            writer.WriteLine("__r.SetEtag(" + method.BodyName + "." + method.BodyEtag + ");");
        }
    }

    private static string BodyStatement(MethodModel method, ClientModel client)
    {
        var type = method.BodyType!;
        if (client.DataWrapper && type.Kind == TypeKind.Model)
        {
            var name = TypeText.Name(type);
            return "__r.SetJsonBody<" + name + ">(" + method.BodyName + ", " + Runtime + "JsonWire.WriteDataWrapped<" + name + ">);";
        }

        return type.Kind is TypeKind.Model or TypeKind.Enum
            ? "__r.SetJsonBody<" + TypeText.Name(type) + ">(" + method.BodyName + ");"
            : "__r.SetJsonBody<" + TypeText.Name(type) + ">(" + method.BodyName + ", " + TypeText.WriteFunc(type) + ");";
    }

    /// <summary>One <c>AddQuery</c> call; a null optional value adds nothing.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="argument">The query argument.</param>
    /// <param name="index">The argument's position among the method's, which names its pattern variable.</param>
    private static void AppendQueryStatement(SourceWriter writer, ArgumentModel argument, int index)
    {
        var name = argument.Name;
        if (argument.Repeated)
        {
            writer.Append("__r.AddQuery<");
            TypeText.AppendName(writer, argument.Type);
            writer.Append(">(");
            CSharpText.AppendLiteral(writer, argument.WireName);
            writer.Append(", ");
            writer.Append(name);
            writer.Append(", static __item => ");
            writer.Append(TypeText.ToWireString(argument.Type, "__item"));
            writer.Append(");");
            return;
        }

        // An if…Match parameter: its value also makes the call a conditional, retryable one.
        writer.Append(argument.Precondition ? "__r.AddPrecondition(" : "__r.AddQuery(");
        CSharpText.AppendLiteral(writer, argument.WireName);
        writer.Append(", ");
        if (argument.Precondition)
        {
            writer.Append(name);
        }
        else if (argument.Type.Kind is TypeKind.String or TypeKind.Boolean or TypeKind.Int32 or TypeKind.UInt32 or TypeKind.Int64 or TypeKind.UInt64
            or TypeKind.Double or TypeKind.Single)
        {
            // ApiRequest takes strings and nullable numbers and booleans as they are.
            writer.Append(name);
        }
        else if (argument.Required)
        {
            writer.Append(TypeText.ToWireString(argument.Type, name));
        }
        else if (argument.Type.Kind == TypeKind.Enum)
        {
            writer.Append(name);
            writer.Append("?.Value");
        }
        else if (TypeText.IsValueType(argument.Type))
        {
            // The pattern variable's scope is the whole method body: one name per argument, by position, since a name made
            // from the parameter's could be another generated name (a parameter "methods" made __methods, the method table).
            // No other generated name starts with __v.
            var value = "__v" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            writer.Append(name);
            writer.Append(" is { } ");
            writer.Append(value);
            writer.Append(" ? ");
            writer.Append(TypeText.ToWireString(argument.Type, value));
            writer.Append(" : null");
        }
        else
        {
            writer.Append(name);
            writer.Append(" is null ? null : ");
            writer.Append(TypeText.ToWireString(argument.Type, name));
        }

        writer.Append(");");
    }

    /// <summary>The <c>return __client.{call}(…)</c> statement reading the method's response (or none).</summary>
    private static void AppendSendStatement(SourceWriter writer, MethodModel method, ClientModel client, string call, string arguments)
    {
        writer.Append("return __client.");
        writer.Append(call);
        if (method.ResponseType is null)
        {
            writer.Append('(');
            writer.Append(arguments);
            writer.Append(", options, cancellationToken);");
            return;
        }

        writer.Append('<');
        TypeText.AppendName(writer, method.ResponseType);
        writer.Append(">(");
        writer.Append(arguments);
        if (client.DataWrapper)
        {
            writer.Append(", options, static (ref " + Alias.Json + "Utf8JsonReader r) => " + Runtime + "JsonWire.ReadDataWrapped<");
            TypeText.AppendName(writer, method.ResponseType);
            writer.Append(">(ref r, ");
            writer.Append(TypeText.ReadFunc(method.ResponseType));
            writer.Append("), cancellationToken);");
        }
        else if (method.ResponseType.Kind == TypeKind.Model)
        {
            writer.Append(", options, cancellationToken);");
        }
        else
        {
            writer.Append(", options, ");
            writer.Append(TypeText.ReadFunc(method.ResponseType));
            writer.Append(", cancellationToken);");
        }
    }

    /// <param name="parts">The path's literals and variables.</param>
    /// <param name="checkPatterns">True for the method's own path: its pattern-checked variables are checked here (the media paths repeat them unchecked).</param>
    private static void AppendPathExpression(SourceWriter writer, EquatableArray<PathPartModel> parts, bool checkPatterns = false)
    {
        if (parts.Count == 0)
        {
            writer.Append("string.Empty");
            return;
        }

        var first = true;
        foreach (var part in parts)
        {
            writer.Append(first ? string.Empty : " + ");
            first = false;
            if (part.Argument is null)
            {
                CSharpText.AppendLiteral(writer, part.Literal);
                continue;
            }

            if (checkPatterns && PathPattern(part.Argument) is { } pattern)
            {
                writer.Append(pattern);
                writer.Append('.');
            }
            else
            {
                writer.Append(Runtime + "PathEncoding.");
            }

            writer.Append(part.Reserved ? "Reserved(" : "Simple(");
            writer.Append(TypeText.ToWireString(part.Argument.Type, part.Argument.Name));
            writer.Append(", ");
            CSharpText.AppendLiteral(writer, Naming.Unescaped(part.Argument.Name));
            writer.Append(')');
        }
    }

    /// <summary>
    /// Required arguments, the body, (media: the stream and content type, or the destination), optional arguments,
    /// (media: the upload or download options), <c>options</c>, <c>cancellationToken</c>.
    /// </summary>
    private static void AppendSignature(SourceWriter writer, MethodModel method, MediaKind media = MediaKind.None)
    {
        // Every parameter is followed by ", ": the last two are always there.
        foreach (var argument in method.Arguments)
        {
            if (argument.Required)
            {
                AppendParameterType(writer, argument);
                writer.Append(' ');
                writer.Append(argument.Name);
                writer.Append(", ");
            }
        }

        if (method.BodyKind == BodyKind.Typed)
        {
            var optional = media == MediaKind.Upload && method.Upload!.Sibling!.MetadataOptional;
            TypeText.AppendName(writer, method.BodyType!);
            writer.Append(optional ? "? " : " ");
            writer.Append(method.BodyName);
            writer.Append(", ");
        }

        if (media == MediaKind.Upload)
        {
            writer.Append("_sys::IO.Stream ");
            writer.Append(method.Upload!.Sibling!.MediaParameter);
            writer.Append(", string ");
            writer.Append(method.Upload.Sibling.ContentTypeParameter);
            writer.Append(", ");
        }
        else if (media == MediaKind.Download)
        {
            writer.Append("_sys::IO.Stream ");
            writer.Append(method.Download!.DestinationParameter);
            writer.Append(", ");
        }

        foreach (var argument in method.Arguments)
        {
            if (!argument.Required)
            {
                AppendParameterType(writer, argument);
                writer.Append("? ");
                writer.Append(argument.Name);
                writer.Append(" = null, ");
            }
        }

        if (media == MediaKind.Upload)
        {
            writer.Append(Runtime + "MediaUploadOptions? ");
            writer.Append(method.Upload!.Sibling!.UploadParameter);
            writer.Append(" = null, ");
        }
        else if (media == MediaKind.Download)
        {
            writer.Append(Runtime + "MediaDownloadOptions? ");
            writer.Append(method.Download!.DownloadParameter);
            writer.Append(" = null, ");
        }

        writer.Append(Runtime + "RequestOptions? options = null, _sys::Threading.CancellationToken cancellationToken = default");
    }

    private static void AppendParameterType(SourceWriter writer, ArgumentModel argument)
    {
        if (argument.Repeated)
        {
            writer.Append(Alias.Generic + "IEnumerable<");
            TypeText.AppendName(writer, argument.Type);
            writer.Append('>');
        }
        else
        {
            TypeText.AppendName(writer, argument.Type);
        }
    }

    /// <summary>The arguments that forward a method's own parameters, optionally replacing the page token.</summary>
    private static void AppendCallArguments(SourceWriter writer, MethodModel method, string? tokenArgument, string cancellation)
    {
        foreach (var argument in method.Arguments)
        {
            if (argument.Required)
            {
                // A required page token (drive changes.list) is never null: the caller's first, then non-empty next ones.
                writer.Append(argument.Name == tokenArgument ? "__token!" : argument.Name);
                writer.Append(", ");
            }
        }

        if (method.BodyKind == BodyKind.Typed)
        {
            writer.Append(method.BodyName);
            writer.Append(", ");
        }

        foreach (var argument in method.Arguments)
        {
            if (!argument.Required)
            {
                writer.Append(argument.Name == tokenArgument ? "__token" : argument.Name);
                writer.Append(", ");
            }
        }

        writer.Append("options, ");
        writer.Append(cancellation);
    }
}
