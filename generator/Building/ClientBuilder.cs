using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DiscoveryGen.Generator.Model;
using DiscoveryGen.Generator.Parsing;

namespace DiscoveryGen.Generator.Building;

/// <summary>Decides every C# name and type of a client: the one place naming and type-mapping rules live.</summary>
internal sealed class ClientBuilder
{
    private static readonly string[] ServiceMembers = { "Methods", "DefaultBaseUri", "MtlsBaseUri", "BatchPath", "ApiName", "ApiVersion", "Client", "Scopes", "Endpoints", "EndpointFor" };

    // Public types of DiscoveryGen.Runtime: a schema with one of these names would make `using DiscoveryGen.Runtime;`
    // plus the client's namespace ambiguous in user code, so the schema gets a "Model" suffix instead.
    private static readonly string[] RuntimeTypeNames =
    {
        "ApiClient", "ApiException", "ApiRequest", "ClientOptions", "DiscoveryMethodAttribute", "DiscoveryMethod", "FieldMask",
        "IJsonModel", "JsonReadFunc", "JsonWire", "MethodDescriptor", "MediaUploadInfo", "ParameterCheck", "PathEncoding", "RequestOptions",
        "RequiredPermissionsAttribute", "RequiredPermissions", "RequiredScopesAttribute", "RequiredScopes", "RpcStatus", "WireFormat",
    };

    private readonly ApiDocument _document;
    private readonly string _namespace;
    private readonly string _serviceClass;
    private readonly TypeMapper _types;
    private readonly Dictionary<string, MethodPermissions> _permissions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _tableIndex = new(StringComparer.Ordinal);
    private readonly CancellationToken _cancellationToken;

    private ClientBuilder(ApiDocument document, string @namespace, IamSidecar? sidecar, CancellationToken cancellationToken)
    {
        _document = document;
        _namespace = @namespace;
        _cancellationToken = cancellationToken;
        _serviceClass = ServiceClassName(document);
        var topLevel = new NameScope(RuntimeTypeNames);
        topLevel.Reserve(_serviceClass);
        _types = new TypeMapper(@namespace, topLevel, document.Schemas, cancellationToken);
        if (sidecar is not null)
        {
            foreach (var entry in sidecar.Methods)
            {
                _permissions[entry.MethodId] = entry;
            }
        }
    }

    /// <summary>The namespace a document generates into when no <c>Namespace</c> metadata is given, e.g. <c>CloudAICompanion.V1</c>.</summary>
    public static string DefaultNamespace(ApiDocument document)
    {
        var api = document.CanonicalName is { Length: > 0 } canonical ? Naming.Pascal(canonical.Replace(" ", string.Empty)) : Naming.Pascal(document.Name);
        var version = Naming.Pascal(document.Version.Length > 0 ? document.Version : "v1");
        return api.TrimStart('_') + "." + version.TrimStart('_');
    }

    /// <summary>The service class: canonicalName without spaces + "Service", else PascalCase(name) + "Service".</summary>
    public static string ServiceClassName(ApiDocument document) =>
        (document.CanonicalName is { Length: > 0 } canonical
            ? Naming.Pascal(canonical.Replace(" ", string.Empty))
            : Naming.Pascal(document.Name)).TrimStart('_') + "Service";

    public static ClientModel Build(ApiDocument document, string @namespace, string hintPrefix, IamSidecar? sidecar, CancellationToken cancellationToken) =>
        new ClientBuilder(document, @namespace, sidecar, cancellationToken).Build(hintPrefix);

    private ClientModel Build(string hintPrefix)
    {
        var allMethods = new List<MethodDef>();
        CollectMethods(_document.Root, allMethods);
        allMethods.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        var rows = new List<MethodRowModel>();
        foreach (var method in allMethods)
        {
            _tableIndex[method.Id] = rows.Count;
            var permissions = _permissions.TryGetValue(method.Id, out var p) ? p : null;
            rows.Add(new MethodRowModel(
                method.Id,
                method.HttpMethod,
                method.Path,
                method.FlatPath,
                method.Scopes,
                permissions?.Permissions ?? EquatableArray<string>.Empty,
                permissions?.AnyOf ?? false,
                method.EtagRequired,
                method.SupportsMediaDownload,
                method.UseMediaDownloadService,
                method.MediaUpload));
        }

        // One scope for the service class: resources and methods claim names first, scope constants after.
        var serviceMembers = new NameScope(ServiceMembers);
        var root = BuildResource(_document.Root, _serviceClass, _serviceClass, "global::" + _namespace + "." + _serviceClass, serviceMembers);
        var scopes = new List<ScopeModel>();
        foreach (var scope in _document.Scopes)
        {
            scopes.Add(new ScopeModel(serviceMembers.Claim(ScopeConstantName(scope.Uri), "Scope"), scope.Uri, scope.Description));
        }

        return new ClientModel(
            Namespace: _namespace,
            ServiceClassName: _serviceClass,
            HintPrefix: hintPrefix,
            ApiName: _document.Name,
            ApiVersion: _document.Version,
            Title: _document.Title,
            Description: _document.Description,
            DocumentationLink: _document.DocumentationLink,
            DefaultBaseUri: _document.RootUrl + _document.ServicePath,
            MtlsBaseUri: _document.MtlsRootUrl is null ? null : _document.MtlsRootUrl + _document.ServicePath,
            BatchPath: _document.BatchPath,
            DataWrapper: _document.DataWrapper,
            Endpoints: _document.Endpoints
                .OrderBy(static e => e.Location, StringComparer.Ordinal)
                .Select(e => new EndpointModel(e.Location, e.Url + _document.ServicePath, e.Description))
                .ToEquatableArray(),
            Scopes: scopes.ToEquatableArray(),
            Types: _types.Types.ToEquatableArray(),
            Root: root,
            MethodTable: rows.ToEquatableArray());
    }

    private static void CollectMethods(ResourceDef resource, List<MethodDef> into)
    {
        into.AddRange(resource.Methods);
        foreach (var child in resource.Resources)
        {
            CollectMethods(child, into);
        }
    }

    private ResourceModel BuildResource(ResourceDef resource, string propertyName, string className, string qualifiedClass, NameScope members)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        members.Reserve(className);
        var nestedTypes = new List<TypeModel>();
        var methods = new List<MethodModel>();
        foreach (var method in resource.Methods)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            methods.Add(BuildMethod(method, members, nestedTypes, qualifiedClass));
        }

        var resources = new List<ResourceModel>();
        foreach (var child in resource.Resources)
        {
            var childProperty = members.Claim(Naming.Pascal(child.Name), "Resource");
            var childClass = members.Claim(childProperty + "Resource");
            resources.Add(BuildResource(child, childProperty, childClass, qualifiedClass + "." + childClass, new NameScope()));
        }

        return new ResourceModel(propertyName, className, resource.Deprecated, methods.ToEquatableArray(), resources.ToEquatableArray(), nestedTypes.ToEquatableArray());
    }

    private MethodModel BuildMethod(MethodDef method, NameScope members, List<TypeModel> nestedTypes, string qualifiedClass)
    {
        var methodName = members.Claim(Naming.Pascal(method.Name) + "Async");
        var locals = new NameScope("options", "cancellationToken");

        var request = method.RequestRef is null ? null : _types.Map(TypeDef.Reference(method.RequestRef), string.Empty);
        var bodyKind = request is null ? BodyKind.None : TypeMapper.IsEmptyObject(request) ? BodyKind.EmptyObject : BodyKind.Typed;
        var bodyName = bodyKind == BodyKind.Typed ? locals.Claim("body") : "body";

        var response = method.ResponseRef is null ? null : _types.Map(TypeDef.Reference(method.ResponseRef), string.Empty);
        if (TypeMapper.IsEmptyObject(response))
        {
            response = null;
        }

        // Signature order: parameterOrder (path and required query), any other required, then optional in document order.
        var byName = new Dictionary<string, ParameterDef>(StringComparer.Ordinal);
        foreach (var parameter in method.Parameters)
        {
            byName[parameter.Name] = parameter;
        }

        var ordered = new List<ParameterDef>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in method.ParameterOrder)
        {
            if (byName.TryGetValue(name, out var parameter) && placed.Add(name))
            {
                ordered.Add(parameter);
            }
        }

        foreach (var parameter in method.Parameters)
        {
            if (IsRequired(parameter) && placed.Add(parameter.Name))
            {
                ordered.Add(parameter);
            }
        }

        foreach (var parameter in method.Parameters)
        {
            if (placed.Add(parameter.Name))
            {
                ordered.Add(parameter);
            }
        }

        var arguments = new List<ArgumentModel>();
        var byWireName = new Dictionary<string, ArgumentModel>(StringComparer.Ordinal);
        foreach (var parameter in ordered)
        {
            var isPath = parameter.Location == "path";
            var inlineName = Naming.Pascal(method.Name) + Naming.Pascal(parameter.Name);
            var element = _types.Map(parameter.Type, inlineName, members, nestedTypes, qualifiedClass);
            var repeated = parameter.Repeated && !isPath;
            var argument = new ArgumentModel(
                Name: locals.Claim(Naming.Camel(parameter.Name), "Value"),
                WireName: parameter.Name,
                IsPath: isPath,
                Required: IsRequired(parameter),
                Repeated: repeated,
                Type: element,
                Pattern: parameter.Type.Pattern,
                Description: parameter.Type.Description,
                Deprecated: parameter.Type.Deprecated,
                Minimum: parameter.Type.Minimum,
                Maximum: parameter.Type.Maximum,
                Default: parameter.Type.Default);
            arguments.Add(argument);
            byWireName[parameter.Name] = argument;
        }

        // Required first, optional after (the body goes between them in the signature).
        var signature = new List<ArgumentModel>();
        signature.AddRange(arguments.FindAll(a => a.Required));
        signature.AddRange(arguments.FindAll(a => !a.Required));

        var pathParts = new List<PathPartModel>();
        foreach (var part in PathTemplate.Split(method.Path, out _) ?? new List<PathPart>())
        {
            pathParts.Add(part.IsVariable
                ? new PathPartModel(string.Empty, byWireName[part.Text], part.Reserved)
                : new PathPartModel(part.Text, null, false));
        }

        var permissions = _permissions.TryGetValue(method.Id, out var p) ? p : null;
        return new MethodModel(
            Name: methodName,
            Id: method.Id,
            HttpMethod: method.HttpMethod,
            Path: method.Path,
            Description: method.Description,
            Deprecated: method.Deprecated,
            ApiVersion: method.ApiVersion,
            TableIndex: _tableIndex[method.Id],
            PathParts: pathParts.ToEquatableArray(),
            Arguments: signature.ToEquatableArray(),
            BodyKind: bodyKind,
            BodyName: bodyName,
            BodyType: bodyKind == BodyKind.Typed ? request : null,
            BodyDescription: null,
            ResponseType: response,
            Scopes: method.Scopes,
            Permissions: permissions?.Permissions ?? EquatableArray<string>.Empty,
            PermissionsAnyOf: permissions?.AnyOf ?? false,
            RequiredBodyProperties: RequiredBodyProperties(method, request));
    }

    /// <summary>Body properties whose <c>annotations.required</c> names this method (checked before sending).</summary>
    private EquatableArray<RequiredPropertyModel> RequiredBodyProperties(MethodDef method, TypeRef? request)
    {
        if (request is not { Kind: TypeKind.Model } || _types.Find(request.Name!) is not { } model)
        {
            return EquatableArray<RequiredPropertyModel>.Empty;
        }

        var list = new List<RequiredPropertyModel>();
        foreach (var property in model.Properties)
        {
            if (property.RequiredFor.Contains(method.Id) && !property.ReadOnly)
            {
                list.Add(new RequiredPropertyModel(property.Name, property.JsonName));
            }
        }

        return list.ToEquatableArray();
    }

    private static bool IsRequired(ParameterDef parameter) => parameter.Required || parameter.Location == "path";

    private static string ScopeConstantName(string uri)
    {
        var last = uri.TrimEnd('/');
        var slash = last.LastIndexOf('/');
        var tail = slash >= 0 ? last.Substring(slash + 1) : last;
        return Naming.Pascal(tail) + "Scope";
    }
}
