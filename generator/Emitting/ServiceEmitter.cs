using System.Collections.Generic;
using System.Linq;
using System.Text;
using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Emitting;

/// <summary>Formats the service class, its resource classes and its static method table.</summary>
internal static class ServiceEmitter
{
    private const string Runtime = "global::DiscoveryGen.Runtime";

    public static void EmitService(SourceWriter writer, ClientModel client)
    {
        var root = client.Root;
        ModelEmitter.WriteDocs(writer, (client.Title ?? client.ApiName) + (client.Description is null ? string.Empty : "\n" + client.Description)
            + $"\nGenerated from the discovery document of {client.ApiName} {client.ApiVersion}.");
        writer.OpenBlock($"{client.Emit.Accessibility} sealed partial class {client.ServiceClassName}");
        writer.WriteLine($"/// <summary>The API's name in its discovery document.</summary>");
        writer.WriteLine($"public const string ApiName = {CSharpText.Literal(client.ApiName)};");
        writer.WriteLine();
        writer.WriteLine($"/// <summary>The API's version in its discovery document.</summary>");
        writer.WriteLine($"public const string ApiVersion = {CSharpText.Literal(client.ApiVersion)};");
        writer.WriteLine();
        if (client.BatchPath is not null)
        {
            writer.WriteLine($"/// <summary>The batch endpoint path (<c>batchPath</c>).</summary>");
            writer.WriteLine($"public const string BatchPath = {CSharpText.Literal(client.BatchPath)};");
            writer.WriteLine();
        }

        foreach (var scope in client.Scopes)
        {
            ModelEmitter.WriteDocs(writer, scope.Description ?? scope.Uri);
            writer.WriteLine($"public const string {scope.ConstantName} = {CSharpText.Literal(scope.Uri)};");
            writer.WriteLine();
        }

        writer.WriteLine($"/// <summary>The document's <c>rootUrl</c> + <c>servicePath</c>: where requests go unless <see cref=\"{Runtime}.ClientOptions.BaseUri\"/> says otherwise.</summary>");
        writer.WriteLine($"public static global::System.Uri DefaultBaseUri {{ get; }} = new({CSharpText.Literal(client.DefaultBaseUri)});");
        writer.WriteLine();
        if (client.MtlsBaseUri is not null)
        {
            writer.WriteLine($"/// <summary>The mutual-TLS endpoint (<c>mtlsRootUrl</c> + <c>servicePath</c>).</summary>");
            writer.WriteLine($"public static global::System.Uri MtlsBaseUri {{ get; }} = new({CSharpText.Literal(client.MtlsBaseUri)});");
            writer.WriteLine();
        }

        if (client.Endpoints.Count > 0)
        {
            EmitEndpoints(writer, client);
        }

        EmitMethodTable(writer, client);

        writer.WriteLine($"/// <summary>Creates the service over a caller-owned <see cref=\"global::System.Net.Http.HttpClient\"/> (never disposed here).</summary>");
        writer.WriteLine("/// <param name=\"httpClient\">The HttpClient requests go through.</param>");
        writer.WriteLine("/// <param name=\"options\">Service-wide options; <c>BaseUri</c> defaults to <see cref=\"DefaultBaseUri\"/>.</param>");
        writer.OpenBlock($"public {client.ServiceClassName}(global::System.Net.Http.HttpClient httpClient, {Runtime}.ClientOptions? options = null)");
        writer.WriteLine(client.Endpoints.Count > 0
            ? $"Client = new {Runtime}.ApiClient(httpClient, options, options?.Location is {{ }} __location ? EndpointFor(__location) : DefaultBaseUri);"
            : $"Client = new {Runtime}.ApiClient(httpClient, options, DefaultBaseUri);");
        foreach (var resource in root.Resources)
        {
            writer.WriteLine($"{resource.PropertyName} = new {resource.ClassName}(Client);");
        }

        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("/// <summary>The runtime client that sends this service's requests.</summary>");
        writer.WriteLine($"public {Runtime}.ApiClient Client {{ get; }}");
        writer.WriteLine();
        writer.WriteLine($"private {Runtime}.ApiClient __client => Client;");
        if (client.Operations is { } operations)
        {
            EmitOperations(writer, client, operations);
        }

        EmitResourceBody(writer, root, client);
        writer.CloseBlock();
    }

    private static void EmitEndpoints(SourceWriter writer, ClientModel client)
    {
        writer.WriteLine("/// <summary>The document's locational endpoints (<c>endpoints</c>): location → base URI. Select one with <c>ClientOptions.Location</c>.</summary>");
        writer.OpenBlock("public static global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Uri> Endpoints { get; } = new global::System.Collections.Generic.Dictionary<string, global::System.Uri>(global::System.StringComparer.Ordinal)");
        foreach (var endpoint in client.Endpoints)
        {
            writer.WriteLine($"[{CSharpText.Literal(endpoint.Location)}] = new({CSharpText.Literal(endpoint.BaseUri)}),");
        }

        writer.CloseBlock(";");
        writer.WriteLine();
        writer.WriteLine("/// <summary>The base URI of a location's endpoint.</summary>");
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">The document declares no endpoint for <paramref name=\"location\"/>.</exception>");
        writer.WriteLine("public static global::System.Uri EndpointFor(string location) => Endpoints.TryGetValue(location, out var uri) ? uri");
        writer.WriteLine($"    : throw new global::System.ArgumentException(\"No endpoint for location '\" + location + \"'; known: \" + string.Join(\", \", Endpoints.Keys) + \".\", nameof(location));");
        writer.WriteLine();
    }

    private static void EmitOperations(SourceWriter writer, ClientModel client, OperationsModel operations)
    {
        var op = operations.OperationType;
        var handle = $"{Runtime}.OperationHandle<{op}>";
        writer.WriteLine();
        writer.WriteLine("/// <summary>A handle on an operation known by name only, e.g. to resume waiting after a restart.</summary>");
        writer.OpenBlock($"public {handle} TrackOperation(string name)");
        writer.WriteLine($"{Runtime}.ParameterCheck.Required(name, \"name\");");
        writer.WriteLine($"return __Track(Client, new {op} {{ {OperationNameProperty(client, op)} = name }});");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("/// <summary>A handle on an operation a method returned.</summary>");
        writer.WriteLine($"public {handle} TrackOperation({op} operation) => __Track(Client, operation);");
        writer.WriteLine();
        var cancel = operations.Cancels.Count > 0 ? "(__name, __ct) => __CancelOperation(client, __name, __ct)" : "null";
        writer.WriteLine($"private static {handle} __Track({Runtime}.ApiClient client, {op} operation) =>");
        writer.WriteLine($"    new(operation, (__name, __ct) => __GetOperation(client, __name, __ct), {cancel}, __Unpack);");
        EmitOperationCall(writer, "__GetOperation", $"global::System.Threading.Tasks.Task<{op}>", operations.Gets);
        if (operations.Cancels.Count > 0)
        {
            EmitOperationCall(writer, "__CancelOperation", "global::System.Threading.Tasks.Task", operations.Cancels);
        }

        writer.WriteLine();
        writer.WriteLine("/// <summary>Reads an operation's response as the schema its <c>@type</c> names, or keeps the JSON.</summary>");
        writer.OpenBlock("private static object __Unpack(global::System.Text.Json.JsonElement response)");
        writer.OpenBlock($"foreach (var __key in {Runtime}.JsonWire.SchemaKeysFor({Runtime}.JsonWire.TypeUrlOf(response)))");
        writer.OpenBlock("switch (__key)");
        foreach (var entry in operations.Unpack)
        {
            writer.WriteLine($"case {CSharpText.Literal(entry.SchemaId)}: return {Runtime}.JsonWire.ReadFrom<{entry.TypeName}>(response);");
        }

        writer.CloseBlock();
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("return response;");
        writer.CloseBlock();
    }

    private static string OperationNameProperty(ClientModel client, string operationType)
    {
        foreach (var type in client.Types)
        {
            if (type.Operation is { } shape && operationType.EndsWith("." + type.Name, System.StringComparison.Ordinal))
            {
                return shape.Name;
            }
        }

        return "Name";
    }

    private static void EmitOperationCall(SourceWriter writer, string name, string returnType, EquatableArray<OperationMethodRef> candidates)
    {
        writer.WriteLine();
        writer.OpenBlock($"private static {returnType} {name}({Runtime}.ApiClient client, string operationName, global::System.Threading.CancellationToken cancellationToken)");
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            var call = $"return new {candidate.ResourceClass}(client).{candidate.MethodName}(operationName, null, cancellationToken);";
            if (candidate.Pattern is not null && i < candidates.Count - 1)
            {
                writer.OpenBlock($"if ({Runtime}.ParameterCheck.Matches(operationName, {CSharpText.Literal(candidate.Pattern)}))");
                writer.WriteLine(call);
                writer.CloseBlock();
            }
            else
            {
                writer.WriteLine(call);
                break;
            }
        }

        writer.CloseBlock();
    }

    private static void EmitMethodTable(SourceWriter writer, ClientModel client)
    {
        writer.WriteLine("/// <summary>Every method of the API (id, verb, path, scopes, IAM permissions), ordered by id. Reflection-free.</summary>");
        writer.WriteLine($"public static global::System.Collections.Generic.IReadOnlyList<{Runtime}.MethodDescriptor> Methods => __methods;");
        writer.WriteLine();
        writer.OpenBlock($"private static readonly {Runtime}.MethodDescriptor[] __methods = new {Runtime}.MethodDescriptor[]");
        foreach (var row in client.MethodTable)
        {
            var extra = new StringBuilder();
            if (row.PermissionsAnyOf)
            {
                extra.Append(", permissionsAnyOf: true");
            }

            if (row.EtagRequired)
            {
                extra.Append(", etagRequired: true");
            }

            if (row.SupportsMediaDownload)
            {
                extra.Append(", supportsMediaDownload: true");
            }

            if (row.UseMediaDownloadService)
            {
                extra.Append(", useMediaDownloadService: true");
            }

            if (row.MediaUpload is { } upload)
            {
                extra.Append($", mediaUpload: new {Runtime}.MediaUploadInfo({StringArray(upload.Accept)}, {MaxSizeLiteral(upload.MaxSizeInBytes)}, {CSharpText.Literal(upload.SimplePath)}, {CSharpText.Literal(upload.ResumablePath)})");
            }

            writer.WriteLine($"new({CSharpText.Literal(row.Id)}, {CSharpText.Literal(row.HttpMethod)}, {CSharpText.Literal(row.Path)}, {CSharpText.Literal(row.FlatPath)}, {StringArray(row.Scopes)}, {StringArray(row.Permissions)}{extra}),");
        }

        writer.CloseBlock(";");
        writer.WriteLine();
    }

    private static void EmitResource(SourceWriter writer, ResourceModel resource, ClientModel client)
    {
        writer.WriteLine($"/// <summary>The <c>{CSharpText.Xml(resource.PropertyName)}</c> resource.</summary>");
        if (resource.Deprecated)
        {
            writer.WriteLine("[global::System.Obsolete]");
        }

        writer.OpenBlock($"public sealed partial class {resource.ClassName}");
        writer.WriteLine($"private readonly {Runtime}.ApiClient __client;");
        writer.WriteLine();
        writer.OpenBlock($"internal {resource.ClassName}({Runtime}.ApiClient client)");
        writer.WriteLine("__client = client;");
        foreach (var child in resource.Resources)
        {
            writer.WriteLine($"{child.PropertyName} = new {child.ClassName}(client);");
        }

        writer.CloseBlock();
        EmitResourceBody(writer, resource, client);
        writer.CloseBlock();
    }

    private static void EmitResourceBody(SourceWriter writer, ResourceModel resource, ClientModel client)
    {
        foreach (var child in resource.Resources)
        {
            writer.WriteLine();
            writer.WriteLine($"/// <summary>The <c>{CSharpText.Xml(child.PropertyName)}</c> resource.</summary>");
            if (child.Deprecated)
            {
                writer.WriteLine("[global::System.Obsolete]");
            }

            writer.WriteLine($"public {child.ClassName} {child.PropertyName} {{ get; }}");
        }

        foreach (var method in resource.Methods)
        {
            writer.WriteLine();
            EmitMethod(writer, method, client);
            if (method.StartOperationName is not null && client.Operations is not null)
            {
                writer.WriteLine();
                EmitStartOperation(writer, method, client);
            }

            if (method.Paging is not null)
            {
                writer.WriteLine();
                EmitPaging(writer, method);
            }

            if (method.Upload is not null)
            {
                writer.WriteLine();
                EmitMediaUpload(writer, method, client);
            }

            if (method.Download is not null)
            {
                writer.WriteLine();
                EmitMediaDownload(writer, method, client);
            }
        }

        foreach (var type in resource.NestedTypes)
        {
            writer.WriteLine();
            ModelEmitter.EmitType(writer, type, "public");
        }

        foreach (var child in resource.Resources)
        {
            writer.WriteLine();
            EmitResource(writer, child, client);
        }
    }

    private static void EmitMethod(SourceWriter writer, MethodModel method, ClientModel client)
    {
        EmitMethodDocs(writer, method, MediaKind.None);
        EmitMethodAttributes(writer, method);
        if (method.Deprecated)
        {
            writer.WriteLine("[global::System.Obsolete]");
        }

        writer.OpenBlock($"public {ReturnType(method)} {method.Name}({Signature(method, MediaKind.None)})");
        EmitChecks(writer, method, bodyOptional: false);
        EmitRequest(writer, method, client, MediaKind.None);
        writer.WriteLine(SendStatement(method, client, "SendAsync", "__request"));
        writer.CloseBlock();
    }

    /// <summary>
    /// The discovery method's identity, scopes and (when the sidecar lists them) IAM permissions, on the method and on
    /// its media siblings alike: the least-privilege report finds the methods an app calls by these attributes.
    /// </summary>
    private static void EmitMethodAttributes(SourceWriter writer, MethodModel method)
    {
        writer.WriteLine($"[{Runtime}.DiscoveryMethod({CSharpText.Literal(method.Id)}, {CSharpText.Literal(method.HttpMethod)}, {CSharpText.Literal(method.Path)})]");
        if (method.Scopes.Count > 0)
        {
            writer.WriteLine($"[{Runtime}.RequiredScopes({string.Join(", ", method.Scopes.Select(CSharpText.Literal))})]");
        }

        if (method.Permissions.Count > 0)
        {
            writer.WriteLine($"[{Runtime}.RequiredPermissions({string.Join(", ", method.Permissions.Select(CSharpText.Literal))}{(method.PermissionsAnyOf ? ", AnyOf = true" : string.Empty)})]");
        }
    }

    /// <summary>
    /// <c>{Name}MediaAsync</c> for a method with <c>mediaUpload</c>: the same arguments, the metadata (the request body,
    /// optional when it is a model), the media stream and its content type; the runtime picks the protocol.
    /// </summary>
    private static void EmitMediaUpload(SourceWriter writer, MethodModel method, ClientModel client)
    {
        var upload = method.Upload!;
        EmitMethodDocs(writer, method, MediaKind.Upload);
        EmitMethodAttributes(writer, method);
        if (method.Deprecated)
        {
            writer.WriteLine("[global::System.Obsolete]");
        }

        writer.OpenBlock($"public {ReturnType(method)} {upload.MethodName}({Signature(method, MediaKind.Upload)})");
        EmitChecks(writer, method, bodyOptional: upload.MetadataOptional);
        writer.WriteLine($"{Runtime}.ParameterCheck.Required({upload.MediaParameter}, {CSharpText.Literal(Unescaped(upload.MediaParameter))});");
        writer.WriteLine($"{Runtime}.ParameterCheck.Required({upload.ContentTypeParameter}, {CSharpText.Literal(Unescaped(upload.ContentTypeParameter))});");
        EmitRequest(writer, method, client, MediaKind.Upload);
        if (upload.SimplePath.Count > 0)
        {
            writer.WriteLine($"__request.SimpleUploadPath = {PathExpression(upload.SimplePath)};");
        }

        if (upload.ResumablePath.Count > 0)
        {
            writer.WriteLine($"__request.ResumableUploadPath = {PathExpression(upload.ResumablePath)};");
        }

        writer.WriteLine(SendStatement(method, client, "UploadMediaAsync", $"__request, {upload.MediaParameter}, {upload.ContentTypeParameter}, {upload.UploadParameter}"));
        writer.CloseBlock();
    }

    /// <summary><c>{Name}MediaAsync</c> for a method with <c>supportsMediaDownload</c>: the same call with <c>alt=media</c>, streamed to a destination.</summary>
    private static void EmitMediaDownload(SourceWriter writer, MethodModel method, ClientModel client)
    {
        var download = method.Download!;
        EmitMethodDocs(writer, method, MediaKind.Download);
        EmitMethodAttributes(writer, method);
        if (method.Deprecated)
        {
            writer.WriteLine("[global::System.Obsolete]");
        }

        writer.OpenBlock($"public global::System.Threading.Tasks.Task {download.MethodName}({Signature(method, MediaKind.Download)})");
        EmitChecks(writer, method, bodyOptional: false);
        writer.WriteLine($"{Runtime}.ParameterCheck.Required({download.DestinationParameter}, {CSharpText.Literal(Unescaped(download.DestinationParameter))});");
        EmitRequest(writer, method, client, MediaKind.Download);
        writer.WriteLine($"return __client.DownloadMediaAsync(__request, {download.DestinationParameter}, {download.DownloadParameter}, options, cancellationToken);");
        writer.CloseBlock();
    }

    private static string ReturnType(MethodModel method) => method.ResponseType is null
        ? "global::System.Threading.Tasks.Task"
        : "global::System.Threading.Tasks.Task<" + TypeCode.Name(method.ResponseType) + ">";

    /// <summary>Argument checks; they run first, synchronously: a bad argument throws before any request exists.</summary>
    private static void EmitChecks(SourceWriter writer, MethodModel method, bool bodyOptional)
    {
        foreach (var argument in method.Arguments)
        {
            var nameText = CSharpText.Literal(Unescaped(argument.Name));
            if (argument.Required && !TypeCode.IsValueType(argument.Type))
            {
                writer.WriteLine($"{Runtime}.ParameterCheck.Required({argument.Name}, {nameText});");
            }

            if (argument.Pattern is not null && argument.Type.Kind == TypeKind.String)
            {
                if (argument.Repeated)
                {
                    writer.OpenBlock($"if ({argument.Name} is not null)");
                    writer.OpenBlock($"foreach (var __item in {argument.Name})");
                    writer.WriteLine($"{Runtime}.ParameterCheck.Pattern(__item, {nameText}, {CSharpText.Literal(argument.Pattern)});");
                    writer.CloseBlock();
                    writer.CloseBlock();
                }
                else
                {
                    writer.WriteLine($"{Runtime}.ParameterCheck.Pattern({argument.Name}, {nameText}, {CSharpText.Literal(argument.Pattern)});");
                }
            }

            if ((argument.Minimum is not null || argument.Maximum is not null) && !argument.Repeated && RangeCheck(argument) is { } range)
            {
                writer.WriteLine(range);
            }
        }

        if (method.BodyKind != BodyKind.Typed)
        {
            return;
        }

        if (!bodyOptional && !TypeCode.IsValueType(method.BodyType!))
        {
            writer.WriteLine($"{Runtime}.ParameterCheck.Required({method.BodyName}, {CSharpText.Literal(Unescaped(method.BodyName))});");
        }

        if (method.RequiredBodyProperties.Count == 0)
        {
            return;
        }

        if (bodyOptional)
        {
            writer.OpenBlock($"if ({method.BodyName} is not null)");
        }

        foreach (var required in method.RequiredBodyProperties)
        {
            writer.WriteLine($"{Runtime}.ParameterCheck.RequiredProperty({method.BodyName}.{required.PropertyName}, {CSharpText.Literal(Unescaped(method.BodyName))}, {CSharpText.Literal(required.JsonName)});");
        }

        if (bodyOptional)
        {
            writer.CloseBlock();
        }
    }

    /// <summary>
    /// Creates <c>__request</c>: path, api version, query parameters and the body. For an upload the body is the
    /// metadata: sent only when given, and an empty request schema sends none (so a simple upload stays possible).
    /// </summary>
    private static void EmitRequest(SourceWriter writer, MethodModel method, ClientModel client, MediaKind media)
    {
        var bodyOptional = media == MediaKind.Upload && method.Upload!.MetadataOptional;
        writer.WriteLine($"var __request = new {Runtime}.ApiRequest(__methods[{method.TableIndex}], {PathExpression(method.PathParts)});");
        if (method.ApiVersion is not null)
        {
            writer.WriteLine($"__request.ApiVersion = {CSharpText.Literal(method.ApiVersion)};");
        }

        foreach (var argument in method.Arguments)
        {
            if (!argument.IsPath)
            {
                EmitQuery(writer, argument);
            }
        }

        switch (method.BodyKind)
        {
            case BodyKind.EmptyObject when media != MediaKind.Upload:
                writer.WriteLine("__request.SetEmptyJsonBody();");
                break;
            case BodyKind.Typed when bodyOptional:
                writer.OpenBlock($"if ({method.BodyName} is not null)");
                EmitBody(writer, method, client);
                writer.CloseBlock();
                break;
            case BodyKind.Typed:
                EmitBody(writer, method, client);
                break;
        }
    }

    /// <summary>The <c>return __client.{call}(…)</c> statement reading the method's response (or none).</summary>
    private static string SendStatement(MethodModel method, ClientModel client, string call, string arguments)
    {
        if (method.ResponseType is null)
        {
            return $"return __client.{call}({arguments}, options, cancellationToken);";
        }

        if (client.DataWrapper)
        {
            return $"return __client.{call}({arguments}, options, static (ref global::System.Text.Json.Utf8JsonReader r) => {Runtime}.JsonWire.ReadDataWrapped(ref r, {TypeCode.ReadFunc(method.ResponseType)}), cancellationToken);";
        }

        return method.ResponseType.Kind == TypeKind.Model
            ? $"return __client.{call}<{TypeCode.Name(method.ResponseType)}>({arguments}, options, cancellationToken);"
            : $"return __client.{call}({arguments}, options, {TypeCode.ReadFunc(method.ResponseType)}, cancellationToken);";
    }

    /// <summary>A <c>ParameterCheck.Range</c> call for a numeric argument with <c>minimum</c>/<c>maximum</c>, or null.</summary>
    private static string? RangeCheck(ArgumentModel argument)
    {
        var (cast, suffix) = argument.Type.Kind switch
        {
            TypeKind.Int32 or TypeKind.UInt32 or TypeKind.Int64 => ("long?", "L"),
            TypeKind.UInt64 => ("ulong?", "UL"),
            TypeKind.Double or TypeKind.Single => ("double?", "d"),
            _ => (null, null),
        };
        if (cast is null)
        {
            return null;
        }

        var low = RangeLiteral(argument.Minimum, argument.Type.Kind, suffix!);
        var high = RangeLiteral(argument.Maximum, argument.Type.Kind, suffix!);
        return low is null && high is null
            ? null
            : $"{Runtime}.ParameterCheck.Range(({cast}){argument.Name}, {CSharpText.Literal(Unescaped(argument.Name))}, {low ?? "null"}, {high ?? "null"});";
    }

    private static string? RangeLiteral(string? text, TypeKind kind, string suffix)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        if (text is null)
        {
            return null;
        }

        switch (kind)
        {
            case TypeKind.UInt64:
                return ulong.TryParse(text, System.Globalization.NumberStyles.None, culture, out var u) ? u.ToString(culture) + suffix : null;
            case TypeKind.Double or TypeKind.Single:
                return double.TryParse(text, System.Globalization.NumberStyles.Float, culture, out var d) && !double.IsInfinity(d) ? d.ToString("R", culture) + suffix : null;
            default:
                return long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, culture, out var l) ? l.ToString(culture) + suffix : null;
        }
    }

    private static void EmitStartOperation(SourceWriter writer, MethodModel method, ClientModel client)
    {
        var handle = $"{Runtime}.OperationHandle<{client.Operations!.OperationType}>";
        writer.WriteLine($"/// <summary>Calls <see cref=\"{method.Name}\"/> and returns a handle to wait for, read or cancel the long-running operation it starts.</summary>");
        writer.WriteLine($"/// <returns>The operation handle; <c>WaitAsync</c> polls <c>operations.get</c> until done.</returns>");
        if (method.Deprecated)
        {
            writer.WriteLine("[global::System.Obsolete]");
        }

        writer.WriteLine($"public async global::System.Threading.Tasks.Task<{handle}> {method.StartOperationName}({Signature(method)}) =>");
        writer.WriteLine($"    __Track(__client, await {method.Name}({CallArguments(method, null, "cancellationToken")}).ConfigureAwait(false));");
    }

    private static void EmitPaging(SourceWriter writer, MethodModel method)
    {
        var paging = method.Paging!;
        var page = TypeCode.Name(method.ResponseType!);
        writer.WriteLine($"/// <summary>Every page of <see cref=\"{method.Name}\"/>, following <c>nextPageToken</c> with the other arguments unchanged; <c>{Unescaped(paging.TokenArgument)}</c> is the first page's token.</summary>");
        if (method.Deprecated)
        {
            writer.WriteLine("[global::System.Obsolete]");
        }

        writer.WriteLine($"public global::System.Collections.Generic.IAsyncEnumerable<{page}> {paging.PagesName}({Signature(method)}) =>");
        writer.WriteLine($"    {Runtime}.Paging.PagesAsync<{page}>((__token, __ct) => {method.Name}({CallArguments(method, paging.TokenArgument, "__ct")}), static __page => __page.{paging.NextTokenProperty}, {paging.TokenArgument}, cancellationToken);");
        if (paging.ItemsProperty is null)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteLine($"/// <summary>Every item (<c>{paging.ItemsProperty}</c>) of every page of <see cref=\"{method.Name}\"/>.</summary>");
        if (method.Deprecated)
        {
            writer.WriteLine("[global::System.Obsolete]");
        }

        writer.WriteLine($"public global::System.Collections.Generic.IAsyncEnumerable<{TypeCode.Name(paging.ItemType!)}> {paging.AllName}({Signature(method)}) =>");
        writer.WriteLine($"    {Runtime}.Paging.ItemsAsync({paging.PagesName}({CallArguments(method, null, "cancellationToken")}), static __page => __page.{paging.ItemsProperty}, cancellationToken);");
    }

    /// <summary>The arguments that forward a method's own parameters, optionally replacing the page token.</summary>
    private static string CallArguments(MethodModel method, string? tokenArgument, string cancellation)
    {
        var arguments = new List<string>();
        foreach (var argument in method.Arguments.Where(a => a.Required))
        {
            // A required page token (drive changes.list) is never null: the caller's first, then non-empty next ones.
            arguments.Add(argument.Name == tokenArgument ? "__token!" : argument.Name);
        }

        if (method.BodyKind == BodyKind.Typed)
        {
            arguments.Add(method.BodyName);
        }

        foreach (var argument in method.Arguments.Where(a => !a.Required))
        {
            arguments.Add(argument.Name == tokenArgument ? "__token" : argument.Name);
        }

        arguments.Add("options");
        arguments.Add(cancellation);
        return string.Join(", ", arguments);
    }

    private static void EmitBody(SourceWriter writer, MethodModel method, ClientModel client)
    {
        var type = method.BodyType!;
        if (client.DataWrapper && type.Kind == TypeKind.Model)
        {
            writer.WriteLine($"__request.SetJsonBody({method.BodyName}, {Runtime}.JsonWire.WriteDataWrapped);");
        }
        else if (type.Kind is TypeKind.Model or TypeKind.Enum)
        {
            writer.WriteLine($"__request.SetJsonBody({method.BodyName});");
        }
        else
        {
            writer.WriteLine($"__request.SetJsonBody({method.BodyName}, {TypeCode.WriteFunc(type)});");
        }
    }

    private static void EmitQuery(SourceWriter writer, ArgumentModel argument)
    {
        var wire = CSharpText.Literal(argument.WireName);
        if (argument.Repeated)
        {
            writer.WriteLine($"__request.AddQuery({wire}, {argument.Name}, static __item => {TypeCode.ToWireString(argument.Type, "__item")});");
            return;
        }

        if (argument.Type.Kind == TypeKind.String)
        {
            writer.WriteLine($"__request.AddQuery({wire}, {argument.Name});");
            return;
        }

        if (argument.Required)
        {
            writer.WriteLine($"__request.AddQuery({wire}, {TypeCode.ToWireString(argument.Type, argument.Name)});");
            return;
        }

        var value = TypeCode.IsValueType(argument.Type) ? argument.Name + ".Value" : argument.Name;
        writer.OpenBlock($"if ({argument.Name} is not null)");
        writer.WriteLine($"__request.AddQuery({wire}, {TypeCode.ToWireString(argument.Type, value)});");
        writer.CloseBlock();
    }

    private static string PathExpression(EquatableArray<PathPartModel> parts)
    {
        var pieces = new List<string>();
        foreach (var part in parts)
        {
            if (part.Argument is null)
            {
                pieces.Add(CSharpText.Literal(part.Literal));
                continue;
            }

            var value = TypeCode.ToWireString(part.Argument.Type, part.Argument.Name);
            var name = CSharpText.Literal(Unescaped(part.Argument.Name));
            pieces.Add($"{Runtime}.PathEncoding.{(part.Reserved ? "Reserved" : "Simple")}({value}, {name})");
        }

        return pieces.Count switch
        {
            0 => "string.Empty",
            1 => pieces[0],
            _ => "string.Concat(" + string.Join(", ", pieces) + ")",
        };
    }

    /// <summary>
    /// Required arguments, the body, (media: the stream and content type, or the destination), optional arguments,
    /// (media: the upload or download options), <c>options</c>, <c>cancellationToken</c>.
    /// </summary>
    private static string Signature(MethodModel method, MediaKind media = MediaKind.None)
    {
        var parameters = new List<string>();
        foreach (var argument in method.Arguments.Where(a => a.Required))
        {
            parameters.Add(ParameterType(argument, nullable: false) + " " + argument.Name);
        }

        if (method.BodyKind == BodyKind.Typed)
        {
            var optional = media == MediaKind.Upload && method.Upload!.MetadataOptional;
            parameters.Add(TypeCode.Name(method.BodyType!) + (optional ? "? " : " ") + method.BodyName);
        }

        if (media == MediaKind.Upload)
        {
            parameters.Add("global::System.IO.Stream " + method.Upload!.MediaParameter);
            parameters.Add("string " + method.Upload.ContentTypeParameter);
        }
        else if (media == MediaKind.Download)
        {
            parameters.Add("global::System.IO.Stream " + method.Download!.DestinationParameter);
        }

        foreach (var argument in method.Arguments.Where(a => !a.Required))
        {
            parameters.Add(ParameterType(argument, nullable: true) + " " + argument.Name + " = null");
        }

        if (media == MediaKind.Upload)
        {
            parameters.Add($"{Runtime}.MediaUploadOptions? {method.Upload!.UploadParameter} = null");
        }
        else if (media == MediaKind.Download)
        {
            parameters.Add($"{Runtime}.MediaDownloadOptions? {method.Download!.DownloadParameter} = null");
        }

        parameters.Add($"{Runtime}.RequestOptions? options = null");
        parameters.Add("global::System.Threading.CancellationToken cancellationToken = default");
        return string.Join(", ", parameters);
    }

    private static string ParameterType(ArgumentModel argument, bool nullable)
    {
        var type = argument.Repeated
            ? "global::System.Collections.Generic.IEnumerable<" + TypeCode.Name(argument.Type) + ">"
            : TypeCode.Name(argument.Type);
        return nullable ? type + "?" : type;
    }

    private static void EmitMethodDocs(SourceWriter writer, MethodModel method, MediaKind media)
    {
        var summary = method.Description ?? method.Id;
        if (media == MediaKind.Upload)
        {
            var upload = method.Upload!;
            var limits = "accepts " + (upload.Accept.Count > 0 ? string.Join(", ", upload.Accept) : "any media type")
                + (upload.MaxSize is { } max ? ", at most " + max.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes" : string.Empty);
            var kinds = new List<string>();
            if (upload.SimplePath.Count > 0)
            {
                kinds.Add("simple");
                if (method.BodyKind == BodyKind.Typed)
                {
                    kinds.Add("multipart");
                }
            }

            if (upload.ResumablePath.Count > 0)
            {
                kinds.Add("resumable");
            }

            var protocols = kinds.Count == 1 ? kinds[0] : string.Join(", ", kinds.Take(kinds.Count - 1)) + " or " + kinds[kinds.Count - 1];
            summary = summary.TrimEnd() + "\nWith media (" + limits + "), sent by a " + protocols + " upload" + (kinds.Count > 1 ? " as the upload options choose." : ".");
        }
        else if (media == MediaKind.Download)
        {
            summary = summary.TrimEnd() + "\nDownloads the media (alt=media) into the destination as it arrives, never buffering it whole.";
        }

        foreach (var line in CSharpText.DocLines("summary", summary))
        {
            writer.WriteLine(line);
        }

        foreach (var argument in method.Arguments.Where(a => a.Required))
        {
            WriteParamDoc(writer, argument);
        }

        if (method.BodyKind == BodyKind.Typed)
        {
            writer.WriteLine(media == MediaKind.Upload
                ? $"/// <param name=\"{Unescaped(method.BodyName)}\">The metadata (the request body){(method.Upload!.MetadataOptional ? "; null sends none" : string.Empty)}.</param>"
                : $"/// <param name=\"{Unescaped(method.BodyName)}\">The request body.</param>");
        }

        if (media == MediaKind.Upload)
        {
            writer.WriteLine($"/// <param name=\"{Unescaped(method.Upload!.MediaParameter)}\">The content, read from its current position to its end; not disposed.</param>");
            writer.WriteLine($"/// <param name=\"{Unescaped(method.Upload.ContentTypeParameter)}\">The content's media type, e.g. <c>image/png</c>; checked against the accepted types before sending.</param>");
        }
        else if (media == MediaKind.Download)
        {
            writer.WriteLine($"/// <param name=\"{Unescaped(method.Download!.DestinationParameter)}\">Where the media is written, from its current position; not disposed.</param>");
        }

        foreach (var argument in method.Arguments.Where(a => !a.Required))
        {
            WriteParamDoc(writer, argument);
        }

        if (media == MediaKind.Upload)
        {
            writer.WriteLine($"/// <param name=\"{Unescaped(method.Upload!.UploadParameter)}\">Protocol, chunk size, progress and resumption; null for the defaults.</param>");
        }
        else if (media == MediaKind.Download)
        {
            writer.WriteLine($"/// <param name=\"{Unescaped(method.Download!.DownloadParameter)}\">Byte range and progress; null for the whole content.</param>");
        }

        writer.WriteLine("/// <param name=\"options\">Per-call settings (standard query parameters, headers); null for none.</param>");
        writer.WriteLine("/// <param name=\"cancellationToken\">Cancels the call.</param>");
        writer.WriteLine(media == MediaKind.Upload
            ? "/// <exception cref=\"global::System.ArgumentException\">An argument is missing or does not match its pattern, or the media's type or size is not accepted; nothing was sent.</exception>"
            : "/// <exception cref=\"global::System.ArgumentException\">An argument is missing or does not match its pattern; nothing was sent.</exception>");
        writer.WriteLine($"/// <exception cref=\"{Runtime}.ApiException\">The server answered with an error status.</exception>");
    }

    private static void WriteParamDoc(SourceWriter writer, ArgumentModel argument)
    {
        var text = argument.Description ?? argument.WireName;
        if (argument.Pattern is not null)
        {
            text = text.TrimEnd() + "\nMust match " + argument.Pattern + ".";
        }

        if (argument.Minimum is not null || argument.Maximum is not null)
        {
            text = text.TrimEnd() + "\nRange: " + (argument.Minimum ?? "any") + " to " + (argument.Maximum ?? "any") + ".";
        }

        if (argument.Default is not null)
        {
            text = text.TrimEnd() + "\nServer default: " + argument.Default + ".";
        }

        if (argument.Deprecated)
        {
            text = text.TrimEnd() + "\nDeprecated by the API.";
        }

        var lines = CSharpText.DocLines("param", text, $"name=\"{Unescaped(argument.Name)}\"").ToList();
        foreach (var line in lines)
        {
            writer.WriteLine(line);
        }
    }

    /// <summary>A byte count as a <c>long</c> literal, or "null".</summary>
    private static string MaxSizeLiteral(long? bytes) =>
        bytes is { } b ? b.ToString(System.Globalization.CultureInfo.InvariantCulture) + "L" : "null";

    private static string Unescaped(string name) => name.StartsWith("@", System.StringComparison.Ordinal) ? name.Substring(1) : name;

    private static string StringArray(EquatableArray<string> values)
    {
        if (values.Count == 0)
        {
            return "global::System.Array.Empty<string>()";
        }

        var builder = new StringBuilder("new[] { ");
        for (var i = 0; i < values.Count; i++)
        {
            builder.Append(i == 0 ? string.Empty : ", ").Append(CSharpText.Literal(values[i]));
        }

        return builder.Append(" }").ToString();
    }
}

/// <summary>Which method a signature, docs or request are for: the plain one, or its media upload or download sibling.</summary>
internal enum MediaKind
{
    None,
    Upload,
    Download,
}
