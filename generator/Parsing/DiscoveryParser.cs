using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using DiscoveryGen.Generator.Diagnostics;
using DiscoveryGen.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Generator.Parsing;

/// <summary>The outcome of parsing one AdditionalFile: a document, or nothing (not a discovery file), plus diagnostics.</summary>
internal sealed record ParseResult(string FilePath, string? Namespace, ApiDocument? Document, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static ParseResult Ignored(string path) => new(path, null, null, EquatableArray<DiagnosticInfo>.Empty);
}

/// <summary>Reads a discovery document into an <see cref="ApiDocument"/>, reporting problems with JSON locations.</summary>
internal sealed class DiscoveryParser
{
    public const string DiscoveryKind = "discovery#restDescription";

    private readonly JsonTree _tree;
    private readonly SourceMap _map;
    private readonly CancellationToken _cancellationToken;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly PatternSyntax _patterns = new();

    // Every $ref with its node, checked against the schema ids once all are known.
    private readonly List<(string Name, int Node)> _refs = new();

    private DiscoveryParser(JsonTree tree, SourceMap map, CancellationToken cancellationToken)
    {
        _tree = tree;
        _map = map;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Parses a file; files that are not discovery documents give <see cref="ParseResult.Ignored"/>.</summary>
    public static ParseResult Parse(string path, string? @namespace, SourceText? text, CancellationToken cancellationToken)
    {
        if (text is null)
        {
            return new ParseResult(path, @namespace, null, new EquatableArray<DiagnosticInfo>(new[]
            {
                DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableFile, LocationInfo.FileOnly(path), path),
            }));
        }

        // The chars in a pooled buffer, not text.ToString(): a copy of the whole file each generation (see TextBuffer).
        using var chars = TextBuffer.Of(text);

        // Cheap rejection first: most AdditionalFiles are not discovery documents.
        if (chars.Span.IndexOf(DiscoveryKind.AsSpan()) < 0)
        {
            return ParseResult.Ignored(path);
        }

        var map = new SourceMap(path, text, chars);
        JsonTree tree;
        try
        {
            tree = JsonTree.Parse(chars.Chars, chars.Length, cancellationToken);
        }
        catch (JsonException ex)
        {
            var message = ex.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message.Substring(0, cut);
            }

            return new ParseResult(path, @namespace, null, new EquatableArray<DiagnosticInfo>(new[]
            {
                DiagnosticInfo.Create(DiagnosticDescriptors.MalformedJson, map.AtJsonPosition(ex.LineNumber, ex.BytePositionInLine), message),
            }));
        }

        using (tree)
        {
            var root = tree.Root;
            if (!tree.IsObject(root) || tree.Get(root, JsonKey.Kind) is var kind && (kind == JsonTree.None || !tree.IsString(kind, DiscoveryKind)))
            {
                return ParseResult.Ignored(path);
            }

            var parser = new DiscoveryParser(tree, map, cancellationToken);
            var document = parser.ReadDocument(root);
            return new ParseResult(path, @namespace, document, new EquatableArray<DiagnosticInfo>(parser._diagnostics.ToArray()));
        }
    }

    private ApiDocument? ReadDocument(int root)
    {
        var name = String(root, JsonKey.Name);
        if (string.IsNullOrEmpty(name))
        {
            Report(DiagnosticDescriptors.MissingField, root, "name");
            return null;
        }

        var rootUrl = String(root, JsonKey.RootUrl);
        var servicePath = String(root, JsonKey.ServicePath);
        if (rootUrl is null)
        {
            // Old documents may carry only baseUrl; it already includes the service path.
            rootUrl = String(root, JsonKey.BaseUrl);
            servicePath = string.Empty;
        }

        if (rootUrl is null)
        {
            // Schema-focused documents name no host: generated all the same, ClientOptions.BaseUri then required.
            Report(DiagnosticDescriptors.NoBaseUrl, root, name!);
            rootUrl = string.Empty;
        }

        var schemas = ReadSchemas(Object(root, JsonKey.Schemas));
        var document = new ApiDocument(
            Name: name!,
            Version: String(root, JsonKey.Version) ?? string.Empty,
            CanonicalName: String(root, JsonKey.CanonicalName),
            Title: String(root, JsonKey.Title),
            Description: String(root, JsonKey.Description),
            DocumentationLink: String(root, JsonKey.DocumentationLink),
            RootUrl: rootUrl,
            ServicePath: servicePath ?? string.Empty,
            MtlsRootUrl: String(root, JsonKey.MtlsRootUrl),
            BatchPath: String(root, JsonKey.BatchPath),
            DataWrapper: HasFeature(root, "dataWrapper"),
            FullyEncodeReservedExpansion: Bool(root, JsonKey.FullyEncodeReservedExpansion),
            Endpoints: ReadEndpoints(root),
            GlobalParameters: ReadParameters(Object(root, JsonKey.Parameters)),
            Scopes: ReadScopes(root),
            Schemas: schemas,
            Root: ReadResource(string.Empty, root, new HashSet<string>(StringComparer.Ordinal)));

        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var schema in schemas)
        {
            known.Add(schema.Id);
        }

        foreach (var (refName, node) in _refs)
        {
            if (!known.Contains(refName))
            {
                Report(DiagnosticDescriptors.UnknownReference, node, refName);
            }
        }

        return document;
    }

    private bool HasFeature(int root, string feature)
    {
        var features = Array(root, JsonKey.Features);
        for (var item = First(features); item != JsonTree.None; item = _tree.NextItem(features, item))
        {
            if (_tree.IsString(item, feature))
            {
                return true;
            }
        }

        return false;
    }

    private EquatableArray<EndpointDef> ReadEndpoints(int root)
    {
        var endpoints = Array(root, JsonKey.Endpoints);
        if (endpoints == JsonTree.None)
        {
            return EquatableArray<EndpointDef>.Empty;
        }

        var list = new ArrayBuilder<EndpointDef>(_tree.Count(endpoints));
        for (var item = First(endpoints); item != JsonTree.None; item = _tree.NextItem(endpoints, item))
        {
            if (!_tree.IsObject(item))
            {
                ReportType(item, "endpoints", "object");
                continue;
            }

            var location = String(item, JsonKey.Location);
            var url = String(item, JsonKey.EndpointUrl);
            if (location is { Length: > 0 } && url is { Length: > 0 })
            {
                list.Add(new EndpointDef(location, url, String(item, JsonKey.Description)));
            }
        }

        return list.ToEquatableArray();
    }

    private EquatableArray<ScopeDef> ReadScopes(int root)
    {
        var scopes = Object(Object(Object(root, JsonKey.Auth), JsonKey.OAuth2), JsonKey.Scopes);
        if (scopes == JsonTree.None)
        {
            return EquatableArray<ScopeDef>.Empty;
        }

        var members = _tree.Members(scopes);
        var list = new ArrayBuilder<ScopeDef>(members.Length);
        foreach (var member in members)
        {
            list.Add(new ScopeDef(member.Key, String(_tree.IsObject(member.Value) ? member.Value : JsonTree.None, JsonKey.Description)));
        }

        return list.ToEquatableArray();
    }

    private EquatableArray<SchemaDef> ReadSchemas(int schemas)
    {
        if (schemas == JsonTree.None)
        {
            return EquatableArray<SchemaDef>.Empty;
        }

        var members = _tree.Members(schemas);
        var list = new ArrayBuilder<SchemaDef>(members.Length);
        foreach (var member in members)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (!_tree.IsObject(member.Value))
            {
                ReportType(member.Value, "schemas." + member.Key, "object");
                continue;
            }

            list.Add(new SchemaDef(member.Key, ReadType(member.Value)));
        }

        return list.ToSortedEquatableArray(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
    }

    private TypeDef ReadType(int node)
    {
        var reference = String(node, JsonKey.Ref);
        if (reference is not null)
        {
            _refs.Add((reference, _tree.Get(node, JsonKey.Ref)));
        }

        var properties = EquatableArray<PropertyDef>.Empty;
        var props = Object(node, JsonKey.Properties);
        if (props != JsonTree.None)
        {
            var members = _tree.Members(props);
            var list = new ArrayBuilder<PropertyDef>(members.Length);
            foreach (var member in members)
            {
                if (_tree.IsObject(member.Value))
                {
                    list.Add(new PropertyDef(member.Key, ReadType(member.Value)));
                }
                else
                {
                    ReportType(member.Value, member.Key, "object");
                }
            }

            properties = list.ToEquatableArray();
        }

        TypeDef? additional = null;
        var additionalNode = _tree.Get(node, JsonKey.AdditionalProperties);
        if (_tree.IsObject(additionalNode))
        {
            additional = ReadType(additionalNode);
        }

        var itemsNode = Object(node, JsonKey.Items);
        var items = itemsNode != JsonTree.None ? ReadType(itemsNode) : null;
        var type = String(node, JsonKey.Type);
        if (type is not null && !IsKnownType(type))
        {
            Report(DiagnosticDescriptors.UnsupportedType, _tree.Get(node, JsonKey.Type), type, String(node, JsonKey.Format) ?? string.Empty);
        }

        return new TypeDef(
            Type: type,
            Format: String(node, JsonKey.Format),
            Ref: reference,
            Description: String(node, JsonKey.Description),
            Properties: properties,
            Items: items,
            AdditionalProperties: additional,
            EnumValues: ReadEnum(node),
            ReadOnly: Bool(node, JsonKey.ReadOnly),
            Deprecated: Bool(node, JsonKey.Deprecated),
            Pattern: String(node, JsonKey.Pattern),
            Default: String(node, JsonKey.Default),
            Minimum: String(node, JsonKey.Minimum),
            Maximum: String(node, JsonKey.Maximum),
            RequiredFor: Strings(Object(node, JsonKey.Annotations), JsonKey.Required),
            Variant: ReadVariant(Object(node, JsonKey.Variant)));
    }

    private VariantDef? ReadVariant(int variant)
    {
        var discriminant = String(variant, JsonKey.Discriminant);
        if (variant == JsonTree.None || discriminant is null)
        {
            return null;
        }

        var map = Array(variant, JsonKey.Map);
        var cases = new ArrayBuilder<VariantCaseDef>(map == JsonTree.None ? 0 : _tree.Count(map));
        for (var entry = First(map); entry != JsonTree.None; entry = _tree.NextItem(map, entry))
        {
            if (_tree.IsObject(entry) && String(entry, JsonKey.TypeValue) is { } typeValue && RefOf(entry) is { } reference)
            {
                cases.Add(new VariantCaseDef(typeValue, reference));
            }
        }

        return new VariantDef(discriminant, cases.ToEquatableArray());
    }

    private EquatableArray<string> Strings(int node, JsonKey key)
    {
        var array = Array(node, key);
        if (array == JsonTree.None)
        {
            return EquatableArray<string>.Empty;
        }

        var list = new ArrayBuilder<string>(_tree.Count(array));
        for (var item = First(array); item != JsonTree.None; item = _tree.NextItem(array, item))
        {
            if (_tree.Kind(item) == JsonKind.String)
            {
                list.Add(_tree.Text(item)!);
            }
        }

        return list.ToEquatableArray();
    }

    private EquatableArray<EnumValueDef> ReadEnum(int node)
    {
        var values = Array(node, JsonKey.Enum);
        if (values == JsonTree.None)
        {
            return EquatableArray<EnumValueDef>.Empty;
        }

        var descriptions = Array(node, JsonKey.EnumDescriptions);
        var deprecated = Array(node, JsonKey.EnumDeprecated);
        var list = new ArrayBuilder<EnumValueDef>(_tree.Count(values));

        // The three arrays pair up by index; the description and deprecation cursors run out when their array does.
        var description = First(descriptions);
        var isDeprecated = First(deprecated);
        for (var item = First(values); item != JsonTree.None; item = _tree.NextItem(values, item))
        {
            var itemDescription = description;
            var itemDeprecated = isDeprecated;
            description = description == JsonTree.None ? JsonTree.None : _tree.NextItem(descriptions, description);
            isDeprecated = isDeprecated == JsonTree.None ? JsonTree.None : _tree.NextItem(deprecated, isDeprecated);
            if (_tree.Kind(item) != JsonKind.String)
            {
                ReportType(item, "enum", "string");
                continue;
            }

            list.Add(new EnumValueDef(
                _tree.Text(item)!,
                itemDescription == JsonTree.None ? null : _tree.Text(itemDescription),
                itemDeprecated != JsonTree.None && _tree.Kind(itemDeprecated) == JsonKind.True));
        }

        return list.ToEquatableArray();
    }

    private EquatableArray<ParameterDef> ReadParameters(int parameters)
    {
        if (parameters == JsonTree.None)
        {
            return EquatableArray<ParameterDef>.Empty;
        }

        var members = _tree.Members(parameters);
        var list = new ArrayBuilder<ParameterDef>(members.Length);
        foreach (var member in members)
        {
            var parameter = member.Value;
            if (!_tree.IsObject(parameter))
            {
                ReportType(parameter, member.Key, "object");
                continue;
            }

            list.Add(new ParameterDef(
                member.Key,
                String(parameter, JsonKey.Location) ?? "query",
                Bool(parameter, JsonKey.Required),
                Bool(parameter, JsonKey.Repeated),
                WithRunnablePattern(ReadType(parameter), parameter, member.Key)));
        }

        return list.ToEquatableArray();
    }

    /// <summary>A parameter's type without a <c>pattern</c> .NET cannot parse (DG0019): the method is generated, unchecked.</summary>
    private TypeDef WithRunnablePattern(TypeDef type, int parameter, string name)
    {
        if (type.Pattern is not { } pattern || _patterns.ErrorOnce(pattern) is not { } error)
        {
            return type;
        }

        Report(DiagnosticDescriptors.UnparseablePattern, _tree.Get(parameter, JsonKey.Pattern), pattern, name, error);
        return type with { Pattern = null };
    }

    private ResourceDef ReadResource(string name, int node, HashSet<string> methodIds)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var methods = EquatableArray<MethodDef>.Empty;
        var methodsObject = Object(node, JsonKey.Methods);
        if (methodsObject != JsonTree.None)
        {
            var members = _tree.Members(methodsObject);
            var list = new ArrayBuilder<MethodDef>(members.Length);
            foreach (var member in members)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var methodNode = member.Value;
                if (!_tree.IsObject(methodNode))
                {
                    ReportType(methodNode, member.Key, "object");
                    continue;
                }

                var method = ReadMethod(member.Key, methodNode);
                if (method is null)
                {
                    continue;
                }

                if (!methodIds.Add(method.Id))
                {
                    Report(DiagnosticDescriptors.DuplicateMethodId, methodNode, method.Id);
                    continue;
                }

                list.Add(method);
            }

            methods = list.ToSortedEquatableArray(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        }

        var resources = EquatableArray<ResourceDef>.Empty;
        var resourcesObject = Object(node, JsonKey.Resources);
        if (resourcesObject != JsonTree.None)
        {
            var members = _tree.Members(resourcesObject);
            var list = new ArrayBuilder<ResourceDef>(members.Length);
            foreach (var member in members)
            {
                if (_tree.IsObject(member.Value))
                {
                    list.Add(ReadResource(member.Key, member.Value, methodIds));
                }
                else
                {
                    ReportType(member.Value, member.Key, "object");
                }
            }

            resources = list.ToSortedEquatableArray(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        }

        return new ResourceDef(name, methods, resources, Bool(node, JsonKey.Deprecated));
    }

    private MethodDef? ReadMethod(string name, int node)
    {
        var id = String(node, JsonKey.Id) ?? name;
        var path = String(node, JsonKey.Path);
        if (path is null)
        {
            Report(DiagnosticDescriptors.BadPathTemplate, node, id, string.Empty, "the method has no 'path'");
            return null;
        }

        var parameters = ReadParameters(Object(node, JsonKey.Parameters));
        var problem = PathTemplate.Validate(path, parameters);
        if (problem is not null)
        {
            Report(DiagnosticDescriptors.BadPathTemplate, _tree.Get(node, JsonKey.Path), id, path, problem);
            return null;
        }

        var request = Object(node, JsonKey.Request);
        var response = Object(node, JsonKey.Response);
        return new MethodDef(
            Name: name,
            Id: id,
            HttpMethod: (String(node, JsonKey.HttpMethod) ?? "GET").ToUpperInvariant(),
            Path: path,
            FlatPath: String(node, JsonKey.FlatPath),
            Description: String(node, JsonKey.Description),
            Parameters: parameters,
            ParameterOrder: Strings(node, JsonKey.ParameterOrder),
            RequestRef: RefOf(request),
            ResponseRef: RefOf(response),
            InlineRequest: Inline(request),
            InlineResponse: Inline(response),
            Scopes: Strings(node, JsonKey.Scopes),
            Deprecated: Bool(node, JsonKey.Deprecated),
            ApiVersion: String(node, JsonKey.ApiVersion),
            EtagRequired: Bool(node, JsonKey.EtagRequired),
            SupportsMediaDownload: Bool(node, JsonKey.SupportsMediaDownload),
            UseMediaDownloadService: Bool(node, JsonKey.UseMediaDownloadService),
            MediaUpload: ReadMediaUpload(Object(node, JsonKey.MediaUpload)));
    }

    private MediaUploadDef? ReadMediaUpload(int node)
    {
        if (node == JsonTree.None)
        {
            return null;
        }

        var protocols = Object(node, JsonKey.Protocols);
        var simple = Object(protocols, JsonKey.Simple);
        var resumable = Object(protocols, JsonKey.Resumable);
        return new MediaUploadDef(
            Strings(node, JsonKey.Accept),
            String(node, JsonKey.MaxSize),
            String(simple, JsonKey.Path),
            String(resumable, JsonKey.Path),
            Bool(simple, JsonKey.Multipart),
            Bool(resumable, JsonKey.Multipart));
    }

    private static bool IsKnownType(string type) =>
        type is "string" or "integer" or "number" or "boolean" or "any" or "array" or "object" or "null";

    private string? RefOf(int node)
    {
        var reference = String(node, JsonKey.Ref);
        if (reference is not null)
        {
            _refs.Add((reference, _tree.Get(node, JsonKey.Ref)));
        }

        return reference;
    }

    /// <summary>A method's request or response schema written out in place instead of as a <c>$ref</c> (a map of any values).</summary>
    private TypeDef? Inline(int node) => node != JsonTree.None && String(node, JsonKey.Ref) is null ? ReadType(node) : null;

    private int First(int array) => array == JsonTree.None ? JsonTree.None : _tree.FirstItem(array);

    // The typed getters: a missing key, or no object to look in, reads as absent; a value of the wrong JSON type is
    // reported (DG0004) and read as absent. String also takes numbers and booleans as their text.
    private string? String(int node, JsonKey key)
    {
        var value = node == JsonTree.None ? JsonTree.None : _tree.Get(node, key);
        if (value == JsonTree.None)
        {
            return null;
        }

        switch (_tree.Kind(value))
        {
            case JsonKind.Null:
                return null;
            case JsonKind.String:
            case JsonKind.Number:
                return _tree.Text(value);
            case JsonKind.True:
                return "true";
            case JsonKind.False:
                return "false";
            default:
                ReportType(value, JsonKeys.NameOf(key), "string");
                return null;
        }
    }

    private bool Bool(int node, JsonKey key)
    {
        var value = node == JsonTree.None ? JsonTree.None : _tree.Get(node, key);
        if (value == JsonTree.None)
        {
            return false;
        }

        switch (_tree.Kind(value))
        {
            case JsonKind.Null:
            case JsonKind.False:
                return false;
            case JsonKind.True:
                return true;
            case JsonKind.String:
                return string.Equals(_tree.Text(value), "true", StringComparison.OrdinalIgnoreCase);
            default:
                ReportType(value, JsonKeys.NameOf(key), "boolean");
                return false;
        }
    }

    private int Object(int node, JsonKey key) => Container(node, key, JsonKind.Object, "object");

    private int Array(int node, JsonKey key) => Container(node, key, JsonKind.Array, "array");

    private int Container(int node, JsonKey key, JsonKind kind, string expected)
    {
        var value = node == JsonTree.None ? JsonTree.None : _tree.Get(node, key);
        if (value == JsonTree.None)
        {
            return JsonTree.None;
        }

        var actual = _tree.Kind(value);
        if (actual == kind)
        {
            return value;
        }

        if (actual != JsonKind.Null)
        {
            ReportType(value, JsonKeys.NameOf(key), expected);
        }

        return JsonTree.None;
    }

    private void ReportType(int node, string key, string expected) =>
        Report(DiagnosticDescriptors.UnexpectedJsonType, node, key, expected, _tree.KindName(node));

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, int node, params string[] arguments) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, _map.At(_tree, node), arguments));
}
