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
        writer.WriteLine("public virtual _tasks::Task<" + Runtime + "OperationHandle<" + Alias.Api + operations.OperationType + ">> " + method.StartOperationName + "(" + Signature(method) + ") =>");
        writer.WriteLine("\t__Start(__client, " + method.Name + "(" + CallArguments(method, null, "cancellationToken") + "), options);");
    }

    private static void EmitPaging(SourceWriter writer, MethodModel method)
    {
        var paging = method.Paging!;
        var page = TypeText.Name(method.ResponseType!);
        writer.WriteLine("/// <summary>Every page of <see cref=\"" + method.Name + "\"/>, following <c>" + paging.NextTokenJsonName + "</c> with the other arguments unchanged; <c>" + Naming.Unescaped(paging.TokenArgument) + "</c> is the first page's token.</summary>");
        writer.WriteLine("/// <inheritdoc cref=\"" + method.Name + "\"/>");
        DeprecationEmitter.Write(writer, method.Deprecation);
        writer.WriteLine("public virtual _gen::IAsyncEnumerable<" + page + "> " + paging.PagesName + "(" + Signature(method) + ") =>");
        // Empty pages are judged by the items array (none: only repeated tokens are caught); the limit is the client's.
        var isEmpty = paging.ItemsProperty is null ? "null" : "static __page => __page." + paging.ItemsProperty + " is not { Count: > 0 }";
        writer.WriteLine("\t" + Runtime + "Paging.PagesAsync<" + page + ">((__token, __ct) => " + method.Name + "(" + CallArguments(method, paging.TokenArgument, "__ct") + "), static __page => __page." + paging.NextTokenProperty + ", " + isEmpty + ", " + paging.TokenArgument + ", __maxEmptyPages, cancellationToken);");
        if (paging.ItemsProperty is null)
        {
            return;
        }

        var item = TypeText.Name(paging.ItemType!);
        writer.WriteLine();
        writer.WriteLine("/// <summary>Every item (<c>" + paging.ItemsProperty + "</c>) of every page of <see cref=\"" + method.Name + "\"/>.</summary>");
        writer.WriteLine("/// <inheritdoc cref=\"" + method.Name + "\"/>");
        DeprecationEmitter.Write(writer, method.Deprecation);
        writer.WriteLine("public virtual _gen::IAsyncEnumerable<" + item + "> " + paging.AllName + "(" + Signature(method) + ") =>");
        writer.WriteLine("\t" + Runtime + "Paging.ItemsAsync<" + page + ", " + item + ">(" + paging.PagesName + "(" + CallArguments(method, null, "cancellationToken") + "), static __page => __page." + paging.ItemsProperty + ", cancellationToken);");
    }

    /// <summary>
    /// <c>{Name}MediaAsync</c> for a method with <c>mediaUpload</c>: the same arguments, the metadata (the request body,
    /// optional when it is a model), the media stream and its content type; the runtime picks the protocol.
    /// </summary>
    private static void EmitMediaUpload(SourceWriter writer, MethodModel method, ClientModel client)
    {
        var upload = method.Upload!.Sibling!;
        DocEmitter.Method(writer, method, MediaKind.Upload);
        DeprecationEmitter.Write(writer, method.Deprecation);
        EmitMethodAttributes(writer, method);
        writer.OpenBlock("public virtual " + ReturnType(method) + " " + upload.MethodName + "(" + Signature(method, MediaKind.Upload) + ")");
        EmitChecks(writer, method, bodyOptional: upload.MetadataOptional);
        writer.WriteLine(Runtime + "ParameterCheck.RequiredObject(" + upload.MediaParameter + ", " + CSharpText.Literal(Naming.Unescaped(upload.MediaParameter)) + ");");
        writer.WriteLine(Runtime + "ParameterCheck.Required(" + upload.ContentTypeParameter + ", " + CSharpText.Literal(Naming.Unescaped(upload.ContentTypeParameter)) + ");");
        EmitRequest(writer, method, client, MediaKind.Upload);
        if (upload.SimplePath.Count > 0)
        {
            writer.WriteLine("__r.SimpleUploadPath = " + PathExpression(upload.SimplePath) + ";");
        }

        if (upload.ResumablePath.Count > 0)
        {
            writer.WriteLine("__r.ResumableUploadPath = " + PathExpression(upload.ResumablePath) + ";");
        }

        writer.WriteLine(SendStatement(method, client, "UploadMediaAsync", "__r, " + upload.MediaParameter + ", " + upload.ContentTypeParameter + ", " + upload.UploadParameter));
        writer.CloseBlock();
    }

    /// <summary><c>{Name}MediaAsync</c> for a method with <c>supportsMediaDownload</c>: the same call with <c>alt=media</c>, streamed to a destination.</summary>
    private static void EmitMediaDownload(SourceWriter writer, MethodModel method, ClientModel client)
    {
        var download = method.Download!;
        DocEmitter.Method(writer, method, MediaKind.Download);
        DeprecationEmitter.Write(writer, method.Deprecation);
        EmitMethodAttributes(writer, method);
        writer.OpenBlock("public virtual _tasks::Task " + download.MethodName + "(" + Signature(method, MediaKind.Download) + ")");
        EmitChecks(writer, method, bodyOptional: false);
        writer.WriteLine(Runtime + "ParameterCheck.RequiredObject(" + download.DestinationParameter + ", " + CSharpText.Literal(Naming.Unescaped(download.DestinationParameter)) + ");");
        EmitRequest(writer, method, client, MediaKind.Download);
        writer.WriteLine("return __client.DownloadMediaAsync(__r, " + download.DestinationParameter + ", " + download.DownloadParameter + ", options, cancellationToken);");
        writer.CloseBlock();
    }
}
