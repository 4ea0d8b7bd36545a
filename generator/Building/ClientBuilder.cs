using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using DiscoveryGen.Generator.Diagnostics;
using DiscoveryGen.Generator.Model;
using DiscoveryGen.Generator.Parsing;

namespace DiscoveryGen.Generator.Building;

/// <summary>Decides every C# name and type of a client: the one place naming and type-mapping rules live.</summary>
internal sealed class ClientBuilder
{
    private static readonly string[] ServiceMembers = { "Methods", "DefaultBaseUri", "MtlsBaseUri", "BatchPath", "CreateBatch", "ApiName", "ApiVersion", "Client", "Scopes", "Endpoints", "EndpointFor", "TrackOperation", "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "ReferenceEquals" };

    /// <summary>
    /// The public types of DiscoveryGen.Runtime (attributes also by their short names): a schema with one of these names
    /// would make <c>using DiscoveryGen.Runtime;</c> plus the client's namespace ambiguous in user code (CS0104), so the
    /// schema gets a "Model" suffix instead. RuntimeTypeNamesTests fails when the runtime exports a type not listed here.
    /// </summary>
    internal static readonly string[] RuntimeTypeNames =
    {
        "AccessTokenProvider", "AccessTokenRequest", "ApiClient", "ApiException", "ApiLogEntry", "ApiLogEvents",
        "ApiLogLevel", "ApiRequest", "ApiResource", "ApiStubHandler", "ApiStubRequest", "ApiTelemetry", "ApiTimeoutException", "BadRequest", "BatchRequest",
        "ClientOptions", "DebugInfo", "DiscoveryMethod", "DiscoveryMethodAttribute", "ErrorDetail", "ErrorInfo", "FieldMask",
        "FieldViolation", "GoogleAuthException", "GoogleCredentialKind", "GoogleCredentials", "GoogleCredentialsClientOptionsExtensions",
        "GoogleCredentialsOptions", "Help", "HelpLink", "IAccessTokenProvider", "IApiLogger", "IJsonModel", "ILongRunningOperation", "IPage",
        "JsonModel", "JsonReadFunc", "JsonWire", "LegacyError", "LocalizedMessage", "MediaDownloadOptions", "MediaUploadInfo",
        "MediaUploadOptions", "MediaUploadProgress", "MediaUploadProtocol", "MethodDescriptor", "OperationCancelledException",
        "OperationFailedException", "OperationHandle", "OperationLink", "OperationNameParts", "OperationPolling", "Paging", "ParameterCheck", "ParameterPattern",
        "PathEncoding", "PreconditionFailure", "PreconditionViolation", "QuotaFailure", "QuotaViolation", "Redaction", "RequestInfo",
        "RequestOptions", "RequiredPermissions", "RequiredPermissionsAttribute", "RequiredScopes", "RequiredScopesAttribute",
        "ResourceInfo", "ResourceNameTemplate", "RetryInfo", "RetryPolicy", "RpcStatus", "UnknownErrorDetail", "WireFormat",
    };

    /// <summary>
    /// Root namespaces user code in the client's namespace names: a type called <c>System</c> there would turn
    /// <c>System.String</c> into a lookup on the model (generated code is immune: it names types through
    /// <c>global::</c>-bound aliases). The client namespace's own root is added per document.
    /// </summary>
    internal static readonly string[] RootNamespaceNames = { "DiscoveryGen", "Global", "Microsoft", "System" };

    /// <summary>Members every resource class inherits from object: a resource or type may not take these names (CS0108).</summary>
    private static readonly string[] ObjectMembers = { "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "ReferenceEquals" };

    private readonly ApiDocument _document;
    private readonly string _namespace;
    private readonly string _serviceClass;
    private readonly TypeMapper _types;
    private readonly Dictionary<string, MethodPermissions> _permissions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _tableIndex = new(StringComparer.Ordinal);
    private readonly CancellationToken _cancellationToken;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly string _filePath;
    private readonly TypeModel? _operation;

    // The schema id of the document's google.longrunning Operation (OperationSchemaId), found once.
    private readonly string _operationSchema;
    private readonly List<OperationMethodRef> _operationGets = new();
    private readonly List<OperationMethodRef> _operationCancels = new();
    private readonly Dictionary<string, string> _scopeConstants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScopeSetModel> _scopeSets = new(StringComparer.Ordinal);
    private readonly List<ScopeSetModel> _scopeSetOrder = new();
    private readonly Dictionary<string, PatternUse> _patterns = new(StringComparer.Ordinal);
    private readonly List<PatternModel> _patternOrder = new();
    private readonly NameScope _topLevel;
    private readonly ResourceNamePlan _namePlan;
    // By planned shape (one plan object per shape: compared by reference, not by hashing the shape's text).
    private readonly Dictionary<ResourceNamePlan.PlannedName, ResourceNameModel> _resourceNames = new();
    private string[] _nestedReserved = ObjectMembers;

    // Every method, ordinal by id (the method table's order).
    private readonly List<MethodDef> _methods;

    // A method's locals and its arguments by wire name, cleared and reused for each method (they live only while it is built).
    private readonly NameScope _locals = new("options", "cancellationToken");
    private readonly Dictionary<string, ArgumentModel> _byWireName = new(StringComparer.Ordinal);

    // The last scope list asked for and its set: a resource's methods mostly share their scopes.
    private EquatableArray<string> _lastScopes;
    private ScopeSetModel? _lastScopeSet;

    private ClientBuilder(ApiDocument document, ResourceDef namingRoot, string @namespace, IamSidecar? sidecar, string filePath, string? stripSchemaPrefix, CancellationToken cancellationToken)
    {
        _filePath = filePath;
        _document = document;
        _namespace = @namespace;
        _cancellationToken = cancellationToken;
        _serviceClass = ServiceClassName(document);
        var topLevel = new NameScope(RuntimeTypeNames.Concat(RootNamespaceNames).Append(@namespace.Split('.')[0]).ToArray());
        topLevel.Reserve(_serviceClass);
        var shortNames = SchemaPrefix.ShortNames(document.Schemas, stripSchemaPrefix, name => topLevel.IsUsed(name) || TypeMapper.IsMemberName(name), filePath, _diagnostics);
        _types = new TypeMapper(topLevel, document.Schemas, shortNames, cancellationToken);
        _topLevel = topLevel;
        _methods = SortedMethods(document.Root);
        // Unfiltered, the naming root is the document's own root: its methods are sorted once for both.
        _namePlan = ResourceNamePlan.Create(ReferenceEquals(namingRoot, document.Root) ? _methods : SortedMethods(namingRoot), cancellationToken);
        if (sidecar is not null)
        {
            foreach (var entry in sidecar.Methods)
            {
                _permissions[entry.MethodId] = entry;
            }
        }

        _operationSchema = OperationSchemaId();
        _operation = DetectOperation();
    }

    /// <summary>The namespace a document generates into when no <c>Namespace</c> metadata is given, e.g. <c>CloudAICompanion.V1</c>.</summary>
    public static string DefaultNamespace(ApiDocument document)
    {
        var api = document.CanonicalName is { Length: > 0 } canonical ? Naming.Pascal(canonical.Replace(" ", string.Empty)) : Naming.Pascal(document.Name);
        var version = Naming.Pascal(document.Version.Length > 0 ? document.Version : "v1");
        return TrimUnderscore(api) + "." + TrimUnderscore(version);
    }

    /// <summary>Drops Pascal's leading '_' unless it guards a leading digit (a version "1.0" gives <c>_10</c>, not <c>10</c>).</summary>
    private static string TrimUnderscore(string name)
    {
        var trimmed = name.TrimStart('_');
        return trimmed.Length == 0 || char.IsDigit(trimmed[0]) ? name : trimmed;
    }

    /// <summary>The service class: canonicalName without spaces + "Service", else PascalCase(name) + "Service".</summary>
    public static string ServiceClassName(ApiDocument document) =>
        TrimUnderscore(document.CanonicalName is { Length: > 0 } canonical
            ? Naming.Pascal(canonical.Replace(" ", string.Empty))
            : Naming.Pascal(document.Name)) + "Service";

    /// <summary>Builds the client of <paramref name="document"/>; <paramref name="namingRoot"/> (the unfiltered document's root) names the resource name types.</summary>
    public static ClientModel Build(
        ApiDocument document, ResourceDef namingRoot, string @namespace, IamSidecar? sidecar, string filePath, string? stripSchemaPrefix, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var builder = new ClientBuilder(document, namingRoot, @namespace, sidecar, filePath, stripSchemaPrefix, cancellationToken);
        var model = builder.Build();
        diagnostics.AddRange(builder._diagnostics);
        return model;
    }

    /// <summary>
    /// The document's google.longrunning Operation (name, done, error, response/metadata), annotated for the emitter,
    /// when the document also has an <c>operations.get</c> to poll it with. Compute-style operations (status DONE) are
    /// reported instead.
    /// </summary>
    private TypeModel? DetectOperation()
    {
        var schemaId = _operationSchema;
        if (_types.NamedClass(schemaId) is not { } operation)
        {
            return null;
        }

        PropertyModel? Property(string json, params TypeKind[] kinds) =>
            operation.Properties.FirstOrDefault(p => p.JsonName == json && kinds.Contains(p.Type.Kind));

        PropertyModel? AnyOrMapOfAny(string json) =>
            operation.Properties.FirstOrDefault(p => p.JsonName == json
                && (p.Type.Kind == TypeKind.Any || (p.Type.Kind == TypeKind.Map && p.Type.Element?.Kind == TypeKind.Any)));

        var name = Property("name", TypeKind.String);
        var done = Property("done", TypeKind.Boolean);
        var error = Property("error", TypeKind.Model);
        if (name is null || done is null)
        {
            return DetectComputeStyleOperation(operation, error);
        }

        if (!HasOperationsGet(_document.Root, schemaId))
        {
            return null;
        }

        // The emitted helpers unpack these as JsonElement (or a map of them); a map of anything else is no LRO payload.
        var response = AnyOrMapOfAny("response");
        var metadata = AnyOrMapOfAny("metadata");
        var annotated = operation with
        {
            Operation = new OperationShape(
                name.Name,
                done.Name,
                error?.Name,
                response?.Name,
                response?.Type.Kind == TypeKind.Map,
                metadata?.Name,
                metadata?.Type.Kind == TypeKind.Map),
        };
        _types.Replace(annotated);
        return annotated;
    }

    /// <summary>
    /// A Compute-style Operation (Cloud SQL, GKE, Deployment Manager): a <c>status</c> that reads <c>DONE</c> at the end,
    /// a <c>selfLink</c> whose path holds what <c>operations.get</c> takes, and an <c>operations.get</c>. Annotated with the
    /// link as its name; null, with DG0015, when the document returns such operations but lacks one of those (Cloud DNS:
    /// no link, no project in the operation), so they get no handles.
    /// </summary>
    private TypeModel? DetectComputeStyleOperation(TypeModel operation, PropertyModel? error)
    {
        var schemaId = _operationSchema;
        var status = operation.Properties.FirstOrDefault(static p => p.JsonName == "status");
        if (status is null || !ReturnsSchema(_document.Root, schemaId))
        {
            return null;
        }

        var selfLink = operation.Properties.FirstOrDefault(static p => p.JsonName == "selfLink" && p.Type.Kind == TypeKind.String);

        // Compute Engine and Deployment Manager say which HTTP status a failure had: it gives the failure its code.
        var httpErrorStatus = operation.Properties.FirstOrDefault(static p => p.JsonName == "httpErrorStatusCode" && p.Type.Kind == TypeKind.Int32);
        var doneBy = status.Type switch
        {
            { Kind: TypeKind.String } => OperationDone.StatusString,
            { Kind: TypeKind.Enum, Name: { } enumName } when _types.Find(enumName)?.EnumMembers.Any(static m => m.Value == "DONE") == true => OperationDone.StatusEnum,
            _ => (OperationDone?)null,
        };
        if (selfLink is null || doneBy is null || !HasOperationsGet(_document.Root, schemaId, computeStyle: true))
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ComputeStyleOperation, LocationInfo.FileOnly(_filePath), _document.Name));
            return null;
        }

        var annotated = operation with
        {
            Operation = new OperationShape(selfLink.Name, status.Name, error?.Name, null, false, null, false, doneBy.Value, httpErrorStatus?.Name),
        };
        _types.Replace(annotated);
        return annotated;
    }

    /// <summary>
    /// The schemas an operation's <c>response</c> or <c>metadata</c> is read as by its <c>@type</c>: what a resource that
    /// starts operations returns from its methods (an operation mostly yields the resource it made or changed: a dataset's
    /// <c>create</c> a <c>Dataset</c>, Cloud Storage's <c>folders.rename</c> a <c>Folder</c>), a <c>…Response</c> no method
    /// returns (the result of a long-running call), google.protobuf.Empty (what a long-running delete yields), and any
    /// <c>…Metadata</c>. Not the <c>…Response</c> of a call that answers at once (a list's page, a prediction), nor what
    /// only resources without operations return, nor the parts of other messages and requests: in a large API those are
    /// most schemas. Any other <c>@type</c> stays JSON; <c>WaitAsync&lt;T&gt;</c> reads any schema.
    /// </summary>
    private EquatableArray<UnpackEntry> UnpackEntries()
    {
        var operationSchema = _operationSchema;
        var returned = new HashSet<string>(StringComparer.Ordinal);
        var nearOperations = new HashSet<string>(StringComparer.Ordinal);
        CollectResponses(_document.Root);
        var entries = new List<UnpackEntry>();
        foreach (var (schemaId, typeName) in _types.NamedClasses())
        {
            var isResponse = schemaId.EndsWith("Response", StringComparison.Ordinal);
            if (schemaId.EndsWith("Metadata", StringComparison.Ordinal)
                || schemaId is "Empty" or "GoogleProtobufEmpty"
                || (isResponse ? !returned.Contains(schemaId) : nearOperations.Contains(schemaId) && schemaId != operationSchema))
            {
                entries.Add(new UnpackEntry(schemaId, typeName));
            }
        }

        Parsing.Ordering.Sort(entries, static (a, b) => string.CompareOrdinal(a.SchemaId, b.SchemaId));
        return new EquatableArray<UnpackEntry>(entries.ToArray());

        void CollectResponses(ResourceDef resource)
        {
            var startsOperations = resource.Name != "operations" && Returns(resource, operationSchema);
            foreach (var method in resource.Methods)
            {
                if (method.ResponseRef is { } id)
                {
                    returned.Add(id);
                    if (startsOperations)
                    {
                        nearOperations.Add(id);
                    }
                }
            }

            foreach (var child in resource.Resources)
            {
                CollectResponses(child);
            }
        }
    }

    private static bool HasOperationsGet(ResourceDef resource, string schemaId, bool computeStyle = false) =>
        (IsOperations(resource.Name, computeStyle) && resource.Methods.Any(m => m.Name == "get" && m.ResponseRef == schemaId))
        || resource.Resources.Any(r => HasOperationsGet(r, schemaId, computeStyle));

    /// <summary>
    /// Whether a resource holds operations (its <c>get</c> polls them, its <c>cancel</c> cancels them): <c>operations</c>,
    /// and for Compute-style operations also Compute Engine's <c>globalOperations</c>, <c>regionOperations</c> and
    /// <c>zoneOperations</c> (any <c>…Operations</c>).
    /// </summary>
    private static bool IsOperations(string resourceName, bool computeStyle) =>
        resourceName == "operations" || (computeStyle && resourceName.EndsWith("Operations", StringComparison.Ordinal));

    /// <summary>
    /// The schema of the document's google.longrunning Operation: <c>Operation</c> when the document has one, else the
    /// first schema an <c>operations.get</c> returns that has a <c>name</c> and a <c>done</c> (newer documents call it
    /// <c>GoogleLongrunningOperation</c>, a few <c>GoogleLongrunning_Operation</c> or <c>{Api}Operation</c>).
    /// </summary>
    private string OperationSchemaId()
    {
        if (_types.NamedClass("Operation") is not null)
        {
            return "Operation";
        }

        return FindOperationsGetResponse(_document.Root) ?? "Operation";

        string? FindOperationsGetResponse(ResourceDef resource)
        {
            if (resource.Name == "operations")
            {
                foreach (var method in resource.Methods)
                {
                    if (method.Name == "get" && method.ResponseRef is { } id && _types.NamedClass(id) is { } type
                        && type.Properties.Any(static p => p.JsonName == "name") && type.Properties.Any(static p => p.JsonName == "done"))
                    {
                        return id;
                    }
                }
            }

            foreach (var child in resource.Resources)
            {
                if (FindOperationsGetResponse(child) is { } found)
                {
                    return found;
                }
            }

            return null;
        }
    }

    /// <summary>Whether a method of <paramref name="resource"/> itself returns <paramref name="schemaId"/>.</summary>
    private static bool Returns(ResourceDef resource, string schemaId)
    {
        foreach (var method in resource.Methods)
        {
            if (method.ResponseRef == schemaId)
            {
                return true;
            }
        }

        return false;
    }

    private static bool ReturnsSchema(ResourceDef resource, string schemaId) =>
        resource.Methods.Any(m => m.ResponseRef == schemaId) || resource.Resources.Any(r => ReturnsSchema(r, schemaId));

    private ClientModel Build()
    {
        // The method table is ordered by id; each method knows its row.
        foreach (var method in _methods)
        {
            _tableIndex[method.Id] = _tableIndex.Count;
        }

        MarkPages();

        // Scope constants claim their names first in the service class, and every resource class keeps them free, so a
        // method's [RequiredScopes(CloudPlatformScope)] always names the constant.
        var serviceMembers = new NameScope(ServiceMembers);
        serviceMembers.Reserve(_serviceClass);
        var scopes = new List<ScopeModel>();
        foreach (var scope in _document.Scopes)
        {
            var constant = serviceMembers.Claim(ScopeConstantName(scope.Uri), "Scope");
            _scopeConstants[scope.Uri] = constant;
            scopes.Add(new ScopeModel(constant, scope.Uri, scope.Description));
        }

        _nestedReserved = ObjectMembers.Concat(_scopeConstants.Values).ToArray();
        var root = BuildResource(_document.Root, _serviceClass, _serviceClass, _serviceClass, serviceMembers);
        if (ByLink && _operationGets.Count == 0)
        {
            // No operations.get whose path a selfLink can give the arguments of (a {+name} without a flat path).
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ComputeStyleOperation, LocationInfo.FileOnly(_filePath), _document.Name));
        }

        return new ClientModel(
            Namespace: _namespace,
            ServiceClassName: _serviceClass,
            ApiName: _document.Name,
            ApiVersion: _document.Version,
            Title: _document.Title,
            Description: _document.Description,
            DocumentationLink: _document.DocumentationLink,
            DefaultBaseUri: _document.RootUrl.Length == 0 ? null : _document.RootUrl + _document.ServicePath,
            MtlsBaseUri: _document.MtlsRootUrl is null ? null : _document.MtlsRootUrl + _document.ServicePath,
            BatchPath: _document.BatchPath,
            ServicePath: _document.ServicePath,
            DataWrapper: _document.DataWrapper,
            Endpoints: _document.Endpoints
                .OrderBy(static e => e.Location, StringComparer.Ordinal)
                .Select(e => new EndpointModel(e.Location, e.Url + _document.ServicePath, e.Description))
                .ToEquatableArray(),
            Scopes: scopes.ToEquatableArray(),
            ScopeSets: _scopeSetOrder.ToEquatableArray(),
            Patterns: _patternOrder.ToEquatableArray(),
            Types: _types.Types,
            Root: root,
            Operations: _operation is null || _operationGets.Count == 0
                ? null
                : new OperationsModel(
                    _types.QualifiedName(_operation),
                    _operation.Operation!.Name,
                    _operationGets.ToEquatableArray(),
                    _operationCancels.ToEquatableArray(),
                    ByLink ? EquatableArray<UnpackEntry>.Empty : UnpackEntries(),
                    ByLink),
            ResourceNames: _resourceNames.Values.OrderBy(static n => n.Name, StringComparer.Ordinal).ToEquatableArray());
    }

    /// <summary>
    /// The typed name of a path argument's pattern, claimed at the top level on first use (after every schema, so a schema
    /// keeps its name and a clashing name type becomes <c>…ResourceName</c>); only shapes the built methods use are emitted.
    /// </summary>
    private string? ResourceName(ParameterDef parameter, TypeRef type, ResourceNamePlan.PlannedName? planned)
    {
        if (parameter.Location != "path" || parameter.Repeated || type.Kind != TypeKind.String || planned is null)
        {
            return null;
        }

        if (!_resourceNames.TryGetValue(planned, out var model))
        {
            var name = _topLevel.IsUsed(planned.TypeName)
                ? _topLevel.Claim(planned.TypeName.Substring(0, planned.TypeName.Length - "Name".Length) + "ResourceName")
                : _topLevel.Claim(planned.TypeName);

            // A component may not take the name of the type or of a member every name type has (CS0542, CS0102).
            var members = new NameScope("Parse", "TryParse", "ToString", "Equals", "GetHashCode", "GetType", "Deconstruct", "PrintMembers", "MemberwiseClone", "ReferenceEquals", "EqualityContract");
            members.Reserve(name);
            var components = planned.Components.Select(c => members.Claim(c, "Id")).ToEquatableArray();
            var template = new System.Text.StringBuilder();
            var next = 0;
            foreach (var segment in planned.Segments)
            {
                template.Append(template.Length == 0 ? string.Empty : "/").Append(segment ?? "{" + components[next++] + "}");
            }

            model = new ResourceNameModel(name, template.ToString(), components);
            _resourceNames[planned] = model;
        }

        return model.Name;
    }

    /// <summary>The shared field holding a method's scopes (one per distinct set, in order of first use).</summary>
    private ScopeSetModel ScopeSet(EquatableArray<string> uris)
    {
        // The same list as the last method's is the same set (no key to join).
        if (_lastScopeSet is not null && _lastScopes.Equals(uris))
        {
            return _lastScopeSet;
        }

        _lastScopes = uris;
        _lastScopeSet = ScopeSetOf(uris);
        return _lastScopeSet;
    }

    private ScopeSetModel ScopeSetOf(EquatableArray<string> uris)
    {
        var key = string.Join("\n", uris);
        if (!_scopeSets.TryGetValue(key, out var set))
        {
            var refs = uris.Select(uri => new ScopeRef(uri, _scopeConstants.TryGetValue(uri, out var constant) ? constant : null)).ToEquatableArray();
            var number = _scopeSetOrder.Count.ToString(CultureInfo.InvariantCulture);
            // A scope with a space in it (none in Google's documents; RFC 6749 forbids it) would not survive the list.
            var listed = uris.Count > 1 && !uris.Any(static uri => uri.IndexOf(' ') >= 0);
            set = new ScopeSetModel("__scopes" + number, refs, listed ? "__scopeList" + number : null);
            _scopeSets[key] = set;
            _scopeSetOrder.Add(set);
        }

        return set;
    }

    /// <summary>
    /// The shared field holding a pattern (one per distinct pattern, in order of first use) and the pattern's planned name
    /// type: a long pattern is hashed once per argument, not once for the field and again for the plan.
    /// </summary>
    private PatternUse? Pattern(string? pattern)
    {
        if (pattern is null)
        {
            return null;
        }

        if (!_patterns.TryGetValue(pattern, out var use))
        {
            var model = new PatternModel("__pattern" + _patternOrder.Count.ToString(CultureInfo.InvariantCulture), pattern);
            use = new PatternUse(model, _namePlan.For(pattern));
            _patterns[pattern] = use;
            _patternOrder.Add(model);
        }

        return use;
    }

    /// <summary>A distinct pattern's shared field and its planned name type (null when it is not a name shape).</summary>
    private sealed class PatternUse
    {
        public PatternUse(PatternModel model, ResourceNamePlan.PlannedName? planned)
        {
            Model = model;
            Planned = planned;
        }

        public PatternModel Model { get; }

        public ResourceNamePlan.PlannedName? Planned { get; }
    }

    /// <summary>
    /// Every method under <paramref name="root"/>, ordinal by id. An id is mostly the resource path and the method name,
    /// and the parser lists methods and resources by name: collected in that merged order they are mostly sorted
    /// already, and the sort only checks them.
    /// </summary>
    private static List<MethodDef> SortedMethods(ResourceDef root)
    {
        var methods = new List<MethodDef>();
        CollectMethods(root, methods);
        Parsing.Ordering.Sort(methods, static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return methods;
    }

    /// <summary>The methods of <paramref name="resource"/> and below, each before the first sub-resource whose first id is greater.</summary>
    private static void CollectMethods(ResourceDef resource, List<MethodDef> into)
    {
        var methods = resource.Methods;
        var next = 0;
        foreach (var child in resource.Resources)
        {
            if (FirstMethodId(child) is { } first)
            {
                while (next < methods.Count && string.CompareOrdinal(methods[next].Id, first) < 0)
                {
                    into.Add(methods[next++]);
                }
            }

            CollectMethods(child, into);
        }

        while (next < methods.Count)
        {
            into.Add(methods[next++]);
        }
    }

    /// <summary>The id <see cref="CollectMethods"/> starts <paramref name="resource"/> with; null when it has no methods.</summary>
    private static string? FirstMethodId(ResourceDef resource)
    {
        string? first = null;
        foreach (var child in resource.Resources)
        {
            if (FirstMethodId(child) is { } found)
            {
                first = found;
                break;
            }
        }

        return resource.Methods.Count > 0 && (first is null || string.CompareOrdinal(resource.Methods[0].Id, first) < 0) ? resource.Methods[0].Id : first;
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
            methods.Add(BuildMethod(method, resource.Name, members, nestedTypes, qualifiedClass));
        }

        var resources = new List<ResourceModel>();
        foreach (var child in resource.Resources)
        {
            var childProperty = members.Claim(Naming.Pascal(child.Name), "Resource");
            var childClass = members.Claim(childProperty + "Resource");
            resources.Add(BuildResource(child, childProperty, childClass, qualifiedClass + "." + childClass, new NameScope(_nestedReserved)));
        }

        return new ResourceModel(propertyName, className, Deprecation.Message(resource.Deprecated, null), methods.ToEquatableArray(), resources.ToEquatableArray(), nestedTypes.ToEquatableArray());
    }

    /// <summary>
    /// A method's request or response type: the schema its <c>$ref</c> names, or the schema written out in place (an
    /// inline object or enum is named <c>{Method}Request</c>/<c>{Method}Response</c> beside the method); null for none.
    /// </summary>
    private TypeRef? Body(string? reference, TypeDef? inline, string methodName, string suffix, NameScope members, List<TypeModel> nestedTypes, string qualifiedClass) =>
        reference is not null ? _types.MapReference(reference)
        : inline is null ? null
        : _types.Map(inline, TypeMapper.NamesInlineTypes(inline) ? Naming.Pascal(methodName) + suffix : string.Empty, members, nestedTypes, qualifiedClass);

    private MethodModel BuildMethod(MethodDef method, string resourceName, NameScope members, List<TypeModel> nestedTypes, string qualifiedClass)
    {
        var methodName = members.Claim(Naming.Pascal(method.Name) + "Async");
        var locals = _locals;
        locals.Clear();

        var request = Body(method.RequestRef, method.InlineRequest, method.Name, "Request", members, nestedTypes, qualifiedClass);
        var bodyKind = request is null ? BodyKind.None : TypeMapper.IsEmptyObject(request) ? BodyKind.EmptyObject : BodyKind.Typed;
        var bodyName = bodyKind == BodyKind.Typed ? locals.Claim("body") : "body";

        var response = Body(method.ResponseRef, method.InlineResponse, method.Name, "Response", members, nestedTypes, qualifiedClass);
        if (TypeMapper.IsEmptyObject(response))
        {
            response = null;
        }

        // Signature order: parameterOrder (path and required query), any other required, then optional in document order.
        // A method's parameter names are unique (the keys of one JSON object): a flag per index marks the placed ones.
        var parameters = method.Parameters;
        var placed = new bool[parameters.Count];
        var ordered = new List<ParameterDef>(parameters.Count);
        foreach (var name in method.ParameterOrder)
        {
            var index = IndexOfParameter(parameters, name);
            if (index >= 0 && !placed[index])
            {
                placed[index] = true;
                ordered.Add(parameters[index]);
            }
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            if (!placed[i] && IsRequired(parameters[i]))
            {
                placed[i] = true;
                ordered.Add(parameters[i]);
            }
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            if (!placed[i])
            {
                ordered.Add(parameters[i]);
            }
        }

        var arguments = new List<ArgumentModel>(ordered.Count);
        var byWireName = _byWireName;
        byWireName.Clear();
        foreach (var parameter in ordered)
        {
            var isPath = parameter.Location == "path";
            // The name an inline enum or object would take (only built when there is one: most parameters are scalars).
            var inlineName = TypeMapper.NamesInlineTypes(parameter.Type) ? Naming.Pascal(method.Name) + Naming.Pascal(parameter.Name) : string.Empty;
            var element = _types.Map(parameter.Type, inlineName, members, nestedTypes, qualifiedClass);
            var repeated = parameter.Repeated && !isPath;
            var pattern = Pattern(parameter.Type.Pattern);
            var argument = new ArgumentModel(
                Name: locals.Claim(Naming.Camel(parameter.Name), "Value"),
                WireName: parameter.Name,
                IsPath: isPath,
                Required: IsRequired(parameter),
                Repeated: repeated,
                Type: element,
                Pattern: pattern?.Model,
                Description: parameter.Type.Description,
                Deprecated: parameter.Type.Deprecated,
                Minimum: parameter.Type.Minimum,
                Maximum: parameter.Type.Maximum,
                Range: repeated ? null : Range(method.Id, parameter.Name, element.Kind, parameter.Type.Minimum, parameter.Type.Maximum),
                Default: parameter.Type.Default,
                ResourceName: ResourceName(parameter, element, pattern?.Planned),
                Precondition: !isPath && !repeated && IsPrecondition(parameter.Name)
                    && element.Kind is TypeKind.String or TypeKind.Int32 or TypeKind.UInt32 or TypeKind.Int64 or TypeKind.UInt64);
            arguments.Add(argument);
            byWireName[parameter.Name] = argument;
        }

        // Required first, optional after (the body goes between them in the signature).
        var signature = new List<ArgumentModel>(arguments.Count);
        foreach (var argument in arguments)
        {
            if (argument.Required)
            {
                signature.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            if (!argument.Required)
            {
                signature.Add(argument);
            }
        }

        var parts = PathTemplate.Split(method.Path, out _) ?? new List<PathPart>();
        var pathParts = new List<PathPartModel>(parts.Count);
        foreach (var part in parts)
        {
            pathParts.Add(part.IsVariable
                ? new PathPartModel(string.Empty, byWireName[part.Text], part.Reserved)
                : new PathPartModel(part.Text, null, false));
        }

        var operationType = _operation is null ? null : _types.QualifiedName(_operation);
        var returnsOperation = operationType is not null && response?.Name == operationType;
        // The helpers poll with operations.get (it must return the operation) and cancel with operations.cancel (whatever
        // it returns); neither may take a body the helpers could not make up. A cancel's CancelOperationRequest that the
        // method requires nothing of (GKE's: copies of what the path holds) is sent empty, as an empty one is.
        var cancelBody = method.Name == "cancel" && bodyKind == BodyKind.Typed
            && request is { Kind: TypeKind.Model, Name: { } requestType } && requestType.EndsWith("CancelOperationRequest", StringComparison.Ordinal)
            && RequiredBodyProperties(method, request).Count == 0 ? request : null;
        var operationsResource = IsOperations(resourceName, ByLink);
        if (operationsResource && operationType is not null && (bodyKind != BodyKind.Typed || cancelBody is not null)
            && (method.Name == "cancel" || (method.Name == "get" && returnsOperation))
            && OperationCall(qualifiedClass, methodName, signature, pathParts, ByLink ? method.FlatPath ?? method.Path : null) is { } operationCall)
        {
            (method.Name == "get" ? _operationGets : _operationCancels).Add(operationCall with { Body = cancelBody });
        }

        var startName = returnsOperation && !operationsResource ? members.Claim("Start" + Naming.Pascal(method.Name) + "Async") : null;
        var paging = Paging(method, resourceName, signature, response, members);
        var upload = MediaUpload(method, request, bodyKind, byWireName, members, locals);
        // A method with both (none in Google's documents so far) keeps <Name>MediaAsync for the upload, <Name>DownloadAsync for the download.
        var download = method.SupportsMediaDownload
            ? new MediaDownloadModel(
                members.Claim(Naming.Pascal(method.Name) + (upload?.Sibling is null ? "MediaAsync" : "DownloadAsync")),
                locals.Claim("destination", "Stream"),
                locals.Claim("download", "Options"),
                method.UseMediaDownloadService)
            : null;

        var permissions = _permissions.TryGetValue(method.Id, out var p) ? p : null;
        return new MethodModel(
            Name: methodName,
            Id: method.Id,
            HttpMethod: method.HttpMethod,
            Path: method.Path,
            FlatPath: method.FlatPath,
            Description: method.Description,
            Deprecation: Deprecation.Message(method.Deprecated, method.Description),
            ApiVersion: method.ApiVersion,
            TableIndex: _tableIndex[method.Id],
            PathParts: pathParts.ToEquatableArray(),
            Arguments: signature.ToEquatableArray(),
            BodyKind: bodyKind,
            BodyName: bodyName,
            BodyType: bodyKind == BodyKind.Typed ? request : null,
            ResponseType: response,
            Scopes: ScopeSet(method.Scopes),
            Permissions: permissions?.Permissions ?? EquatableArray<string>.Empty,
            PermissionsAnyOf: permissions?.AnyOf ?? false,
            EtagRequired: method.EtagRequired,
            RequiredBodyProperties: RequiredBodyProperties(method, request),
            BodyEtag: bodyKind == BodyKind.Typed ? BodyEtag(request) : null,
            Paging: paging,
            StartOperationName: startName,
            Upload: upload,
            Download: download);
    }

    /// <summary>
    /// How the operation helpers call an operations.get or operations.cancel method with an operation's name: as its one
    /// required argument, a string in the path (<c>v1/{+name}</c>); or, when every argument is a required string in the
    /// path (Cloud Storage's <c>b/{bucket}/operations/{operationId}</c>, App Engine's
    /// <c>apps/{appsId}/operations/{operationsId}</c>), with each read from the name at run time
    /// (<c>OperationNameParts.Arguments</c>): one segment each, so not a <c>{+parent}</c> that spans several. Null for
    /// any other shape: the helpers cannot call it.
    /// </summary>
    /// <remarks>
    /// For Compute-style operations (<paramref name="linkPath"/> given: the method's flat path), the arguments are read
    /// from the operation's selfLink, which must end with the path's template (<see cref="LinkTemplate"/>); null when the
    /// path has no such template or the template lacks a piece.
    /// </remarks>
    private static OperationMethodRef? OperationCall(string resourceClass, string methodName, List<ArgumentModel> signature, List<PathPartModel> path, string? linkPath)
    {
        var linkTemplate = linkPath is null ? null : LinkTemplate(linkPath);
        if (linkPath is not null && linkTemplate is null)
        {
            return null;
        }

        var required = signature.Where(static a => a.Required).ToList();
        // Optional parameters (a query parameter on operations.get) come between the name and the options: the helpers
        // then pass options and token by name ("options" and "cancellationToken" are never a parameter's name).
        var namedOptions = required.Count < signature.Count;
        var spansSegments = required.Count == 1 && path.Any(p => p.Reserved && p.Argument == required[0]);
        if (required.Count == 1 && required[0].IsPath && required[0].Type.Kind == TypeKind.String && (linkTemplate is null || spansSegments))
        {
            // The one name (from a selfLink: its path from where the template starts, for a {+name}).
            return new OperationMethodRef(resourceClass, methodName, required[0].Pattern, EquatableArray<string>.Empty, namedOptions, linkTemplate);
        }

        // Pieces: one segment each (from a selfLink, a one-segment name is a piece too).
        if ((required.Count > 1 || linkTemplate is not null) && required.Count > 0 && required.All(a => a.IsPath && a.Type.Kind == TypeKind.String && !path.Any(p => p.Reserved && p.Argument == a)))
        {
            var parts = required.Select(static a => a.WireName).ToEquatableArray();
            return linkTemplate is not null && parts.Any(p => !linkTemplate.Contains("{" + p + "}"))
                ? null
                : new OperationMethodRef(resourceClass, methodName, null, parts, namedOptions, linkTemplate);
        }

        return null;
    }

    /// <summary>Whether the document's operations are Compute-style, polled through their selfLink.</summary>
    private bool ByLink => _operation?.Operation?.DoneBy is OperationDone.StatusEnum or OperationDone.StatusString;

    /// <summary>
    /// What a Compute-style operation's selfLink must end with to be polled or cancelled by a method of this (flat) path:
    /// the path from the literal segment before its first variable to its last variable, a <c>:verb</c> dropped
    /// (<c>v1/projects/{projectId}/zones/{zone}/operations/{operationId}:cancel</c> →
    /// <c>projects/{projectId}/zones/{zone}/operations/{operationId}</c>); null when the path has no variable or a segment
    /// mixes a variable with text.
    /// </summary>
    internal static string? LinkTemplate(string path)
    {
        var segments = path.Split('/');
        var first = -1;
        var last = -1;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var colon = segment.IndexOf(':');
            if (colon > 0 && segment[0] == '{' && segment[colon - 1] == '}')
            {
                segment = segments[i] = segment.Substring(0, colon);
            }

            if (segment.IndexOf('{') < 0)
            {
                continue;
            }

            if (segment[0] != '{' || segment.IndexOf('}') != segment.Length - 1 || segment[1] == '+')
            {
                return null;
            }

            first = first < 0 ? i : first;
            last = i;
        }

        if (first < 0)
        {
            return null;
        }

        var start = first > 0 ? first - 1 : first;
        return string.Join("/", segments, start, last - start + 1);
    }

    /// <summary>
    /// A method's <c>mediaUpload</c> and its <c>{Name}MediaAsync</c> sibling. The sibling's parameter names are claimed
    /// after the method's own, so a discovery parameter never changes name because of them. The protocol paths are
    /// bound to the method's path arguments; a path that does not parse (or names an unknown variable) is left out, and
    /// with neither path there is no sibling (the method table still lists the upload).
    /// </summary>
    /// <summary>The index of the parameter named <paramref name="name"/>, or -1.</summary>
    private static int IndexOfParameter(EquatableArray<ParameterDef> parameters, string name)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            if (string.Equals(parameters[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private MediaUploadModel? MediaUpload(MethodDef method, TypeRef? request, BodyKind bodyKind, Dictionary<string, ArgumentModel> byWireName, NameScope members, NameScope locals)
    {
        if (method.MediaUpload is not { } media)
        {
            return null;
        }

        var maxSize = MaxSize(method.Id, media.MaxSize);
        var simple = MediaPath(media.SimplePath, byWireName);
        var resumable = MediaPath(media.ResumablePath, byWireName);
        MediaUploadSiblingModel? sibling = null;
        if (simple.Count > 0 || resumable.Count > 0)
        {
            var protocols = new List<string>();
            if (simple.Count > 0)
            {
                protocols.Add("simple");
                if (bodyKind == BodyKind.Typed)
                {
                    protocols.Add("multipart");
                }
            }

            if (resumable.Count > 0)
            {
                protocols.Add("resumable");
            }

            sibling = new MediaUploadSiblingModel(
                members.Claim(Naming.Pascal(method.Name) + "MediaAsync"),
                locals.Claim("media", "Stream"),
                locals.Claim("contentType", "Value"),
                locals.Claim("upload", "Options"),
                MetadataOptional: bodyKind == BodyKind.Typed && request?.Kind == TypeKind.Model,
                simple,
                resumable,
                protocols.ToEquatableArray());
        }

        return new MediaUploadModel(media.Accept, maxSize, media.SimplePath, media.ResumablePath, sibling);
    }

    /// <summary><c>maxSize</c> ("5TB", "10MB", "512") in bytes (binary units); null when absent, DG0016 when unreadable.</summary>
    private long? MaxSize(string methodId, string? text)
    {
        if (text is null)
        {
            return null;
        }

        var units = new[] { ("TB", 1L << 40), ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("B", 1L) };
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && long.TryParse(text.Substring(0, text.Length - suffix.Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && count <= long.MaxValue / factor)
            {
                return count * factor;
            }
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
        {
            return bytes;
        }

        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableLimit, LocationInfo.FileOnly(_filePath),
            "The mediaUpload.maxSize of method '" + methodId + "'", text, "size (bytes, or a number with B, KB, MB, GB or TB)"));
        return null;
    }

    /// <summary>
    /// The range check of a numeric argument with <c>minimum</c>/<c>maximum</c>: literals in the type both sides are
    /// compared in; null when the type is not numeric or neither bound is given. An unreadable bound is DG0016.
    /// </summary>
    private RangeModel? Range(string methodId, string parameterName, TypeKind kind, string? minimum, string? maximum)
    {
        var (cast, suffix, typeName) = kind switch
        {
            TypeKind.Int32 => ("long?", "L", "int32"),
            TypeKind.UInt32 => ("long?", "L", "uint32"),
            TypeKind.Int64 => ("long?", "L", "int64"),
            TypeKind.UInt64 => ("ulong?", "UL", "uint64"),
            TypeKind.Double => ("double?", "d", "double"),
            TypeKind.Single => ("double?", "d", "float"),
            _ => (null, null, null),
        };
        if (cast is null || (minimum is null && maximum is null))
        {
            return null;
        }

        var low = RangeLiteral(methodId, parameterName, "minimum", minimum, kind, suffix!, typeName!);
        var high = RangeLiteral(methodId, parameterName, "maximum", maximum, kind, suffix!, typeName!);
        return low is null && high is null ? null : new RangeModel(cast, low, high);
    }

    private string? RangeLiteral(string methodId, string parameterName, string bound, string? text, TypeKind kind, string suffix, string typeName)
    {
        if (text is null)
        {
            return null;
        }

        var culture = CultureInfo.InvariantCulture;
        string? literal = kind switch
        {
            TypeKind.UInt64 => ulong.TryParse(text, NumberStyles.None, culture, out var u) ? u.ToString(culture) + suffix : null,
            TypeKind.Double or TypeKind.Single => double.TryParse(text, NumberStyles.Float, culture, out var d) && !double.IsInfinity(d) && !double.IsNaN(d)
                ? d.ToString("R", culture) + suffix
                : null,
            _ => long.TryParse(text, NumberStyles.AllowLeadingSign, culture, out var l) ? l.ToString(culture) + suffix : null,
        };
        if (literal is null)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableLimit, LocationInfo.FileOnly(_filePath),
                "The " + bound + " of parameter '" + parameterName + "' of method '" + methodId + "'", text, typeName));
        }

        return literal;
    }

    private static EquatableArray<PathPartModel> MediaPath(string? template, Dictionary<string, ArgumentModel> byWireName)
    {
        if (template is null || PathTemplate.Split(template, out _) is not { } parts)
        {
            return EquatableArray<PathPartModel>.Empty;
        }

        var models = new List<PathPartModel>();
        foreach (var part in parts)
        {
            if (!part.IsVariable)
            {
                models.Add(new PathPartModel(part.Text, null, false));
            }
            else if (byWireName.TryGetValue(part.Text, out var argument) && argument.IsPath)
            {
                models.Add(new PathPartModel(string.Empty, argument, part.Reserved));
            }
            else
            {
                return EquatableArray<PathPartModel>.Empty;
            }
        }

        return models.ToEquatableArray();
    }

    /// <summary>
    /// Pagination helpers when the method takes a <c>pageToken</c> and its response carries the next one, in
    /// <c>nextPageToken</c> or (bigquery's <c>tabledata.list</c>, <c>jobs.getQueryResults</c>) in <c>pageToken</c>. The
    /// items are the response's one array (ignoring <c>unreachable</c>), or the one named like the resource or <c>items</c>;
    /// anything else is ambiguous: pages only, with an info diagnostic. A <c>pageToken</c> method that gets no helpers
    /// gets an info diagnostic saying why.
    /// </summary>
    private PagingModel? Paging(MethodDef method, string resourceName, List<ArgumentModel> signature, TypeRef? response, NameScope members)
    {
        // A method's wire names are unique: at most one argument is the page token.
        var token = signature.Find(static a => a.WireName == "pageToken" && !a.IsPath);
        if (token is null)
        {
            return null;
        }

        if (token.Repeated || token.Type.Kind != TypeKind.String)
        {
            return NoPaging(method, "its pageToken parameter is not a single string");
        }

        if (response is null)
        {
            return NoPaging(method, "it has no response");
        }

        if (response.Kind != TypeKind.Model || _types.Find(response.Name!) is not { } page)
        {
            return NoPaging(method, "its response is not an object schema");
        }

        var (next, items, arrays) = PageFields(page, resourceName);
        if (next is null)
        {
            return NoPaging(method, "its response (" + (response.Name ?? "?") + ") has no nextPageToken or pageToken string field to read the next page's token from");
        }

        if (items is null && arrays.Count > 1)
        {
            _diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.AmbiguousPageItems,
                LocationInfo.FileOnly(_filePath),
                method.Id,
                string.Join(", ", arrays.Select(a => a.JsonName))));
        }

        var baseName = Naming.Pascal(method.Name);
        return new PagingModel(
            members.Claim(baseName + "PagesAsync"),
            items is null ? string.Empty : members.Claim(baseName + "AllAsync"),
            token.Name,
            next.Name,
            next.JsonName,
            items?.Name,
            items?.Type.Element,
            ViaPage: items is not null && page.Page is { } shape && shape.NextTokenProperty == next.Name && shape.ItemsProperty == items.Name);
    }

    /// <summary>
    /// Where a list response keeps the next page's token (<c>nextPageToken</c>, else <c>pageToken</c>) and its items (its
    /// only array, else the one named after the resource, else <c>items</c>; <c>unreachable</c> never), with every
    /// candidate array for the ambiguity report.
    /// </summary>
    private static (PropertyModel? Next, PropertyModel? Items, List<PropertyModel> Arrays) PageFields(TypeModel page, string resourceName)
    {
        // One pass over the properties (a page is read for every paged method).
        PropertyModel? nextPageToken = null;
        PropertyModel? pageToken = null;
        var arrays = new List<PropertyModel>();
        foreach (var property in page.Properties)
        {
            if (property.Type.Kind == TypeKind.String)
            {
                if (property.JsonName == "nextPageToken")
                {
                    nextPageToken ??= property;
                }
                else if (property.JsonName == "pageToken")
                {
                    pageToken ??= property;
                }
            }
            else if (property.Type.Kind == TypeKind.List && property.JsonName != "unreachable")
            {
                arrays.Add(property);
            }
        }

        var items = arrays.Count == 1
            ? arrays[0]
            : arrays.Find(p => p.JsonName == resourceName) ?? arrays.Find(static p => p.JsonName == "items");
        return (nextPageToken ?? pageToken, items, arrays);
    }

    /// <summary>
    /// Marks each list response that every paged method returning it reads alike (the same token and items) with its
    /// <see cref="PageShape"/>: the model implements <c>IPage</c>, and those methods' helpers need no readers of their
    /// own. A response read two ways (its items chosen by resource name) keeps per-method readers.
    /// </summary>
    private void MarkPages()
    {
        // Whether methods agree does not depend on the order they are met in; the types are marked in name order.
        var shapes = new Dictionary<string, PageShape?>(StringComparer.Ordinal);
        VotePages(_document.Root, shapes);
        // Sorted as a string array, not by OrderBy over the pairs: LINQ's sorter over KeyValuePair is generic code no
        // runtime image holds, compiled (about 30 methods) on every new compiler process's first run.
        var names = new string[shapes.Count];
        shapes.Keys.CopyTo(names, 0);
        Array.Sort(names, StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (shapes[name] is { } shape && _types.Find(name) is { } page)
            {
                _types.Replace(page with { Page = shape });
            }
        }
    }

    /// <summary>Each paged method of <paramref name="resource"/> and below says how it reads its response (null: not as an <c>IPage</c>).</summary>
    private void VotePages(ResourceDef resource, Dictionary<string, PageShape?> shapes)
    {
        foreach (var method in resource.Methods)
        {
            if (method.ResponseRef is null || !HasPageToken(method))
            {
                continue;
            }

            var response = _types.MapReference(method.ResponseRef);
            if (response.Kind != TypeKind.Model || _types.Find(response.Name!) is not { } page)
            {
                continue;
            }

            var (next, items, _) = PageFields(page, resource.Name);
            var shape = next is null || items?.Type.Element is null ? null : new PageShape(next.Name, items.Name, items.Type.Element);
            shapes[response.Name!] = shapes.TryGetValue(response.Name!, out var seen) && seen != shape ? null : shape;
        }

        foreach (var child in resource.Resources)
        {
            VotePages(child, shapes);
        }
    }

    private static bool HasPageToken(MethodDef method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Name == "pageToken" && parameter.Location == "query" && !parameter.Repeated)
            {
                return true;
            }
        }

        return false;
    }

    private PagingModel? NoPaging(MethodDef method, string reason)
    {
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoPagingHelpers, LocationInfo.FileOnly(_filePath), method.Id, reason));
        return null;
    }

    /// <summary>Body properties whose <c>annotations.required</c> names this method (checked before sending).</summary>
    private EquatableArray<RequiredPropertyModel> RequiredBodyProperties(MethodDef method, TypeRef? request)
    {
        if (request is not { Kind: TypeKind.Model } || _types.Find(request.Name!) is not { } model)
        {
            return EquatableArray<RequiredPropertyModel>.Empty;
        }

        List<RequiredPropertyModel>? list = null;
        foreach (var property in model.Properties)
        {
            if (property.RequiredFor.Count > 0 && !property.ReadOnly && Names(property.RequiredFor, method.Id))
            {
                (list ??= new List<RequiredPropertyModel>()).Add(new RequiredPropertyModel(property.Name, property.JsonName));
            }
        }

        return list is null ? EquatableArray<RequiredPropertyModel>.Empty : list.ToEquatableArray();
    }

    /// <summary>
    /// An <c>if…Match</c> parameter (ifMatch, ifGenerationMatch, ifMetagenerationMatch): the server applies the call only
    /// when the resource is still as the caller saw it, so a repeat after success is refused, not applied twice. Not the
    /// <c>…NotMatch</c> ones (a repeat still passes them) nor <c>ifSource…</c> ones (they guard the source, not the
    /// resource written).
    /// </summary>
    private static bool IsPrecondition(string name) =>
        name.Length >= "ifMatch".Length
        && name.StartsWith("if", StringComparison.Ordinal)
        && name.EndsWith("Match", StringComparison.Ordinal)
        && !name.EndsWith("NotMatch", StringComparison.Ordinal)
        && !name.StartsWith("ifSource", StringComparison.Ordinal);

    /// <summary>
    /// Where the request body carries an etag precondition, as a member access on the body: the request schema's own
    /// <c>etag</c> string/bytes field (<c>Etag</c>), else that of one of its object fields (<c>Policy?.Etag</c>, as
    /// setIamPolicy's <c>{"policy":{"etag":…}}</c>); null when its schema declares none. Maps and arrays are never looked
    /// into: a user map's key <c>etag</c> is data, not a precondition.
    /// </summary>
    private string? BodyEtag(TypeRef? request)
    {
        if (request is not { Kind: TypeKind.Model } || _types.Find(request.Name!) is not { } model)
        {
            return null;
        }

        if (EtagProperty(model) is { } own)
        {
            return own.Name;
        }

        foreach (var property in model.Properties)
        {
            if (property.Type.Kind == TypeKind.Model && _types.Find(property.Type.Name!) is { } inner && EtagProperty(inner) is { } nested)
            {
                return property.Name + "?." + nested.Name;
            }
        }

        return null;
    }

    private static PropertyModel? EtagProperty(TypeModel model)
    {
        foreach (var property in model.Properties)
        {
            if (property.JsonName == "etag" && property.Type.Kind is TypeKind.String or TypeKind.Bytes)
            {
                return property;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="methodIds"/> holds <paramref name="methodId"/> (a loop: LINQ would box the array).</summary>
    private static bool Names(EquatableArray<string> methodIds, string methodId)
    {
        foreach (var id in methodIds)
        {
            if (id == methodId)
            {
                return true;
            }
        }

        return false;
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
