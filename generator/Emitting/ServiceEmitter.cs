using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Emitting;

/// <summary>
/// Formats the service class: its constants, endpoints, shared fields (scope sets, patterns, the method table), the
/// constructor, the operation helpers and the methods of the document's root. Each top-level resource class goes to a
/// file of its own (<see cref="EmitTopLevelResource"/>). The concerns live in the partial files beside this one.
/// </summary>
internal static partial class ServiceEmitter
{
    private const string Runtime = Alias.Runtime;

    public static void EmitService(SourceWriter writer, ClientModel client, EmitOptions options)
    {
        writer.WriteLine();
        DocEmitter.Summary(writer, (client.Title ?? client.ApiName) + (client.Description is null ? string.Empty : "\n" + client.Description)
            + "\nGenerated from the discovery document of " + client.ApiName + " " + client.ApiVersion + ".");
        writer.WriteLine("/// <remarks>");
        writer.WriteLine("/// Every method checks its arguments before anything is sent: a required argument that is null or empty, or one that does");
        writer.WriteLine("/// not match its discovery pattern, throws <see cref=\"_sys::ArgumentException\"/>; a number outside the document's range throws");
        writer.WriteLine("/// <see cref=\"_sys::ArgumentOutOfRangeException\"/>. An error status from the server throws <see cref=\"_dg::ApiException\"/>.");
        writer.WriteLine("/// </remarks>");
        writer.OpenBlock(options.Accessibility + " partial class " + client.ServiceClassName + " : " + Runtime + "ApiResource");
        writer.WriteLine("/// <summary>The API's name in its discovery document.</summary>");
        writer.WriteLine("public const string ApiName = " + CSharpText.Literal(client.ApiName) + ";");
        writer.WriteLine();
        writer.WriteLine("/// <summary>The API's version in its discovery document.</summary>");
        writer.WriteLine("public const string ApiVersion = " + CSharpText.Literal(client.ApiVersion) + ";");
        writer.WriteLine();
        if (client.BatchPath is not null)
        {
            writer.WriteLine("/// <summary>The batch endpoint path (<c>batchPath</c>).</summary>");
            writer.WriteLine("public const string BatchPath = " + CSharpText.Literal(client.BatchPath) + ";");
            writer.WriteLine();
        }

        foreach (var scope in client.Scopes)
        {
            DocEmitter.Summary(writer, scope.Description ?? scope.Uri);
            writer.WriteLine("public const string " + scope.ConstantName + " = " + CSharpText.Literal(scope.Uri) + ";");
            writer.WriteLine();
        }

        if (client.DefaultBaseUri is not null)
        {
            writer.WriteLine("/// <summary>The document's <c>rootUrl</c> + <c>servicePath</c>: where requests go unless <see cref=\"_dg::ClientOptions.BaseUri\"/> says otherwise.</summary>");
            writer.WriteLine("public static _sys::Uri DefaultBaseUri { get; } = new(" + CSharpText.Literal(client.DefaultBaseUri) + ");");
            writer.WriteLine();
        }

        if (client.MtlsBaseUri is not null)
        {
            writer.WriteLine("/// <summary>The mutual-TLS endpoint (<c>mtlsRootUrl</c> + <c>servicePath</c>).</summary>");
            writer.WriteLine("public static _sys::Uri MtlsBaseUri { get; } = new(" + CSharpText.Literal(client.MtlsBaseUri) + ");");
            writer.WriteLine();
        }

        if (client.Endpoints.Count > 0)
        {
            EmitEndpoints(writer, client);
        }

        EmitMethodTable(writer, client);
        EmitPatterns(writer, client);

        writer.WriteLine("/// <summary>Creates the service over a caller-owned <see cref=\"_sys::Net.Http.HttpClient\"/> (never disposed here).</summary>");
        writer.WriteLine("/// <param name=\"httpClient\">The HttpClient requests go through.</param>");
        // A document without rootUrl/baseUrl gives no default: ApiClient then throws unless options.BaseUri is set.
        var defaultBaseUri = client.DefaultBaseUri is null ? "null" : "DefaultBaseUri";
        writer.WriteLine(client.DefaultBaseUri is null
            ? "/// <param name=\"options\">Service-wide options; <c>BaseUri</c> is required: the discovery document names no base URL.</param>"
            : "/// <param name=\"options\">Service-wide options; <c>BaseUri</c> defaults to <see cref=\"DefaultBaseUri\"/>.</param>");
        if (client.DefaultBaseUri is null)
        {
            writer.WriteLine("/// <exception cref=\"_sys::InvalidOperationException\"><c>options.BaseUri</c> is not set.</exception>");
        }

        writer.WriteLine("public " + client.ServiceClassName + "(_sys::Net.Http.HttpClient httpClient, " + Runtime + "ClientOptions? options = null)");
        writer.WriteLine(client.Endpoints.Count > 0
            ? "\t: this(new " + Runtime + "ApiClient(httpClient, options, options?.Location is { } __location ? EndpointFor(__location) : " + defaultBaseUri + ")) { }"
            : "\t: this(new " + Runtime + "ApiClient(httpClient, options, " + defaultBaseUri + ")) { }");
        writer.WriteLine();

        // For mocks; ApiResource documents it (a doc comment here would be paid for by every service in every build).
        writer.WriteLine("protected " + client.ServiceClassName + "() : this(default(" + Runtime + "ApiClient)) { }");
        EmitConstructor(writer, "private " + client.ServiceClassName, client.Root);
        writer.WriteLine();
        writer.WriteLine("/// <summary>The runtime client that sends this service's requests.</summary>");
        writer.WriteLine("public " + Runtime + "ApiClient Client => __client;");
        if (client.BatchPath is not null)
        {
            // The batch's service is this class over the batch's options (README "Batch requests"): one line per service.
            writer.WriteLine();
            writer.WriteLine("/// <summary>A batch of this service's calls: make them on its <c>Service</c>, then <c>ExecuteAsync</c> sends them as one request to <see cref=\"BatchPath\"/>.</summary>");
            writer.WriteLine("public virtual " + Runtime + "BatchRequest<" + client.ServiceClassName + "> CreateBatch() => new(Client, BatchPath, " + CSharpText.Literal(client.ServicePath) + ", static (h, o) => new " + client.ServiceClassName + "(h, o));");
        }
        if (client.Operations is { } operations)
        {
            EmitOperations(writer, operations);
        }

        EmitResourceBody(writer, client.Root, client, nestedClasses: false);
        writer.CloseBlock();
    }

    /// <summary>A file's part of the service class holding one top-level resource class (and its sub-resources).</summary>
    public static void EmitTopLevelResource(SourceWriter writer, ClientModel client, ResourceModel resource)
    {
        writer.WriteLine();
        writer.OpenBlock("partial class " + client.ServiceClassName);
        EmitResource(writer, resource, client);
        writer.CloseBlock();
    }

    private static void EmitEndpoints(SourceWriter writer, ClientModel client)
    {
        writer.WriteLine("/// <summary>The document's locational endpoints (<c>endpoints</c>): location → base URI. Select one with <c>ClientOptions.Location</c>.</summary>");
        writer.OpenBlock("public static _gen::IReadOnlyDictionary<string, _sys::Uri> Endpoints { get; } = new _gen::Dictionary<string, _sys::Uri>(_sys::StringComparer.Ordinal)");
        foreach (var endpoint in client.Endpoints)
        {
            writer.WriteLine("[" + CSharpText.Literal(endpoint.Location) + "] = new(" + CSharpText.Literal(endpoint.BaseUri) + "),");
        }

        writer.CloseBlock(";");
        writer.WriteLine();
        writer.WriteLine("/// <summary>The base URI of a location's endpoint.</summary>");
        writer.WriteLine("/// <exception cref=\"_sys::ArgumentException\">The document declares no endpoint for <paramref name=\"location\"/>.</exception>");
        writer.WriteLine("public static _sys::Uri EndpointFor(string location) => Endpoints.TryGetValue(location, out var uri) ? uri");
        writer.WriteLine("\t: throw new _sys::ArgumentException(\"No endpoint for location '\" + location + \"'; known: \" + string.Join(\", \", Endpoints.Keys) + \".\", nameof(location));");
        writer.WriteLine();
    }

    /// <summary>One field per distinct discovery pattern; its regular expression is built on first use.</summary>
    private static void EmitPatterns(SourceWriter writer, ClientModel client)
    {
        foreach (var pattern in client.Patterns)
        {
            writer.WriteLine("private static readonly " + Runtime + "ParameterPattern " + pattern.FieldName + " = new(" + CSharpText.Literal(pattern.Pattern) + ");");
        }

        if (client.Patterns.Count > 0)
        {
            writer.WriteLine();
        }
    }
}
