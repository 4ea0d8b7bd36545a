using DiscoveryGen.Generator.Building;
using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Emitting;

internal static partial class ServiceEmitter
{
    /// <summary><c>Start…Async</c>: the method's own call, its Operation wrapped in a handle by the service's <c>__Start</c>.</summary>
    private static void EmitStartOperation(SourceWriter writer, MethodModel method, OperationsModel operations)
    {
        writer.WriteLine("/// <summary>Calls <see cref=\"" + method.Name + "\"/> and returns a handle to wait for, read or cancel the long-running operation it starts.</summary>");
        writer.WriteLine("/// <inheritdoc cref=\"" + method.Name + "\"/>");
        writer.WriteLine("/// <returns>The operation handle; <c>WaitAsync</c> polls <c>operations.get</c> until done.</returns>");
        DeprecationEmitter.Write(writer, method.Deprecation);
        writer.StartLine();
        writer.Append("public virtual _tasks::Task<" + Runtime + "OperationHandle<" + Alias.Api);
        writer.Append(operations.OperationType);
        writer.Append(">> ");
        writer.Append(method.StartOperationName ?? string.Empty);
        writer.Append('(');
        AppendSignature(writer, method);
        writer.Append(") =>");
        writer.FinishLine();
        writer.StartLine();
        writer.Append("\t__Start(__clientOrNull, ");
        writer.Append(method.Name);
        writer.Append('(');
        AppendCallArguments(writer, method, null, "cancellationToken");
        writer.Append("), options);");
        writer.FinishLine();
    }

    private static void EmitPaging(SourceWriter writer, MethodModel method)
    {
        var paging = method.Paging!;
        var page = TypeText.Name(method.ResponseType!);
        writer.WriteLine("/// <summary>Every page of <see cref=\"" + method.Name + "\"/>, following <c>" + paging.NextTokenJsonName + "</c> with the other arguments unchanged; <c>" + Naming.Unescaped(paging.TokenArgument) + "</c> is the first page's token.</summary>");
        writer.WriteLine("/// <inheritdoc cref=\"" + method.Name + "\"/>");
        DeprecationEmitter.Write(writer, method.Deprecation);
        writer.StartLine();
        writer.Append("public virtual _gen::IAsyncEnumerable<");
        writer.Append(page);
        writer.Append("> ");
        writer.Append(paging.PagesName);
        writer.Append('(');
        AppendSignature(writer, method);
        writer.Append(") =>");
        writer.FinishLine();
        // Empty pages are judged by the items array (none: only repeated tokens are caught); the limit is the client's. A
        // response model that implements IPage is read through it; otherwise the helper passes its own readers.
        writer.StartLine();
        writer.Append("\t" + Runtime + "Paging.PagesAsync<");
        writer.Append(page);
        if (paging.ViaPage)
        {
            writer.Append(", ");
            writer.Append(TypeText.Name(paging.ItemType!));
        }

        writer.Append(">((__token, __ct) => ");
        writer.Append(method.Name);
        writer.Append('(');
        AppendCallArguments(writer, method, paging.TokenArgument, "__ct");
        writer.Append("), ");
        if (!paging.ViaPage)
        {
            writer.Append("static __page => __page.");
            writer.Append(paging.NextTokenProperty);
            writer.Append(", ");
            writer.Append(paging.ItemsProperty is null ? "null" : "static __page => __page." + paging.ItemsProperty + " is not { Count: > 0 }");
            writer.Append(", ");
        }

        writer.Append(paging.TokenArgument);
        writer.Append(", __maxEmptyPages, cancellationToken);");
        writer.FinishLine();
        if (paging.ItemsProperty is null)
        {
            return;
        }

        var item = TypeText.Name(paging.ItemType!);
        writer.WriteLine();
        writer.WriteLine("/// <summary>Every item (<c>" + paging.ItemsProperty + "</c>) of every page of <see cref=\"" + method.Name + "\"/>.</summary>");
        writer.WriteLine("/// <inheritdoc cref=\"" + method.Name + "\"/>");
        DeprecationEmitter.Write(writer, method.Deprecation);
        writer.StartLine();
        writer.Append("public virtual _gen::IAsyncEnumerable<");
        writer.Append(item);
        writer.Append("> ");
        writer.Append(paging.AllName);
        writer.Append('(');
        AppendSignature(writer, method);
        writer.Append(") =>");
        writer.FinishLine();
        writer.StartLine();
        writer.Append("\t" + Runtime + "Paging.ItemsAsync<");
        writer.Append(page);
        writer.Append(", ");
        writer.Append(item);
        writer.Append(">(");
        writer.Append(paging.PagesName);
        writer.Append('(');
        AppendCallArguments(writer, method, null, "cancellationToken");
        writer.Append(paging.ViaPage ? "), cancellationToken);" : "), static __page => __page." + paging.ItemsProperty + ", cancellationToken);");
        writer.FinishLine();
    }

    /// <summary>
    /// <c>{Name}MediaAsync</c> for a method with <c>mediaUpload</c>: the same arguments, the metadata (the request body,
    /// optional when it is a model), the media stream and its content type; the runtime picks the protocol.
    /// </summary>
    private static void EmitMediaUpload(SourceWriter writer, MethodModel method, ClientModel client)
    {
        var upload = method.Upload!.Sibling!;
        EmitMethodHead(writer, method, MediaKind.Upload, returnType: null, upload.MethodName);
        EmitChecks(writer, method, bodyOptional: upload.MetadataOptional);
        writer.WriteLine(Runtime + "ParameterCheck.RequiredObject(" + upload.MediaParameter + ", " + CSharpText.Literal(Naming.Unescaped(upload.MediaParameter)) + ");");
        writer.WriteLine(Runtime + "ParameterCheck.Required(" + upload.ContentTypeParameter + ", " + CSharpText.Literal(Naming.Unescaped(upload.ContentTypeParameter)) + ");");
        EmitRequest(writer, method, client, MediaKind.Upload);
        if (upload.SimplePath.Count > 0)
        {
            writer.StartLine();
            writer.Append("__r.SimpleUploadPath = ");
            AppendPathExpression(writer, upload.SimplePath);
            writer.Append(';');
            writer.FinishLine();
        }

        if (upload.ResumablePath.Count > 0)
        {
            writer.StartLine();
            writer.Append("__r.ResumableUploadPath = ");
            AppendPathExpression(writer, upload.ResumablePath);
            writer.Append(';');
            writer.FinishLine();
        }

        writer.StartLine();
        AppendSendStatement(writer, method, client, "UploadMediaAsync", "__r, " + upload.MediaParameter + ", " + upload.ContentTypeParameter + ", " + upload.UploadParameter);
        writer.FinishLine();
        writer.CloseBlock();
    }

    /// <summary><c>{Name}MediaAsync</c> for a method with <c>supportsMediaDownload</c>: the same call with <c>alt=media</c>, streamed to a destination.</summary>
    private static void EmitMediaDownload(SourceWriter writer, MethodModel method, ClientModel client)
    {
        var download = method.Download!;
        EmitMethodHead(writer, method, MediaKind.Download, "_tasks::Task", download.MethodName);
        EmitChecks(writer, method, bodyOptional: false);
        writer.WriteLine(Runtime + "ParameterCheck.RequiredObject(" + download.DestinationParameter + ", " + CSharpText.Literal(Naming.Unescaped(download.DestinationParameter)) + ");");
        EmitRequest(writer, method, client, MediaKind.Download);
        writer.WriteLine("return __client.DownloadMediaAsync(__r, " + download.DestinationParameter + ", " + download.DownloadParameter + ", options, cancellationToken);");
        writer.CloseBlock();
    }
}
