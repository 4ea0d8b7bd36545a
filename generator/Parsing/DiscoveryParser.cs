using System;
using System.Collections.Generic;
using System.Text;
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

    private readonly SourceMap _map;
    private readonly CancellationToken _cancellationToken;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly List<(string Name, int Offset)> _refs = new();

    private DiscoveryParser(SourceMap map, CancellationToken cancellationToken)
    {
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

        var chars = text.ToString();

        // Cheap rejection first: most AdditionalFiles are not discovery documents.
        if (chars.IndexOf(DiscoveryKind, StringComparison.Ordinal) < 0)
        {
            return ParseResult.Ignored(path);
        }

        var utf8 = Encoding.UTF8.GetBytes(chars);
        var map = new SourceMap(path, text, chars, utf8);
        JNode root;
        try
        {
            root = JsonTree.Parse(utf8, cancellationToken);
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

        if (root is not JObject rootObject || (rootObject.Get("kind") as JValue)?.Text != DiscoveryKind)
        {
            return ParseResult.Ignored(path);
        }

        var parser = new DiscoveryParser(map, cancellationToken);
        var document = parser.ReadDocument(rootObject);
        return new ParseResult(path, @namespace, document, parser._diagnostics.ToEquatableArray());
    }

    private ApiDocument? ReadDocument(JObject root)
    {
        var name = String(root, "name");
        if (string.IsNullOrEmpty(name))
        {
            Report(DiagnosticDescriptors.MissingField, root.Offset, "name");
            return null;
        }

        var rootUrl = String(root, "rootUrl");
        var servicePath = String(root, "servicePath");
        if (rootUrl is null)
        {
            // Old documents may carry only baseUrl; it already includes the service path.
            rootUrl = String(root, "baseUrl");
            servicePath = string.Empty;
        }

        if (rootUrl is null)
        {
            // Schema-focused documents name no host: generated all the same, ClientOptions.BaseUri then required.
            Report(DiagnosticDescriptors.NoBaseUrl, root.Offset, name!);
            rootUrl = string.Empty;
        }

        var schemas = ReadSchemas(Object(root, "schemas"));
        var document = new ApiDocument(
            Name: name!,
            Version: String(root, "version") ?? string.Empty,
            CanonicalName: String(root, "canonicalName"),
            Title: String(root, "title"),
            Description: String(root, "description"),
            DocumentationLink: String(root, "documentationLink"),
            RootUrl: rootUrl,
            ServicePath: servicePath ?? string.Empty,
            MtlsRootUrl: String(root, "mtlsRootUrl"),
            BatchPath: String(root, "batchPath"),
            DataWrapper: HasFeature(root, "dataWrapper"),
            FullyEncodeReservedExpansion: Bool(root, "fullyEncodeReservedExpansion"),
            Endpoints: ReadEndpoints(root),
            GlobalParameters: ReadParameters(Object(root, "parameters")),
            Scopes: ReadScopes(root),
            Schemas: schemas,
            Root: ReadResource(string.Empty, root, new HashSet<string>(StringComparer.Ordinal)));

        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var schema in schemas)
        {
            known.Add(schema.Id);
        }

        foreach (var (refName, offset) in _refs)
        {
            if (!known.Contains(refName))
            {
                Report(DiagnosticDescriptors.UnknownReference, offset, refName);
            }
        }

        return document;
    }

    private bool HasFeature(JObject root, string feature)
    {
        foreach (var item in Array(root, "features")?.Items ?? new List<JNode>())
        {
            if (item is JValue { Token: JsonTokenType.String } value && value.Text == feature)
            {
                return true;
            }
        }

        return false;
    }

    private EquatableArray<EndpointDef> ReadEndpoints(JObject root)
    {
        var list = new List<EndpointDef>();
        foreach (var item in Array(root, "endpoints")?.Items ?? new List<JNode>())
        {
            if (item is not JObject endpoint)
            {
                ReportType(item, "endpoints", "object");
                continue;
            }

            var location = String(endpoint, "location");
            var url = String(endpoint, "endpointUrl");
            if (location is { Length: > 0 } && url is { Length: > 0 })
            {
                list.Add(new EndpointDef(location, url, String(endpoint, "description")));
            }
        }

        return list.ToEquatableArray();
    }

    private EquatableArray<ScopeDef> ReadScopes(JObject root)
    {
        var scopes = Object(Object(Object(root, "auth"), "oauth2"), "scopes");
        if (scopes is null)
        {
            return EquatableArray<ScopeDef>.Empty;
        }

        var list = new List<ScopeDef>();
        foreach (var member in scopes.Members)
        {
            list.Add(new ScopeDef(member.Key, String(member.Value as JObject, "description")));
        }

        return list.ToEquatableArray();
    }

    private EquatableArray<SchemaDef> ReadSchemas(JObject? schemas)
    {
        if (schemas is null)
        {
            return EquatableArray<SchemaDef>.Empty;
        }

        var list = new List<SchemaDef>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in schemas.Members)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (member.Value is not JObject schema)
            {
                ReportType(member.Value, "schemas." + member.Key, "object");
                continue;
            }

            if (seen.Add(member.Key))
            {
                list.Add(new SchemaDef(member.Key, ReadType(schema)));
            }
        }

        list.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return list.ToEquatableArray();
    }

    private TypeDef ReadType(JObject node)
    {
        var reference = String(node, "$ref");
        if (reference is not null)
        {
            _refs.Add((reference, node.Member("$ref")!.Value.Offset));
        }

        var properties = new List<PropertyDef>();
        if (Object(node, "properties") is { } props)
        {
            foreach (var member in props.Members)
            {
                if (member.Value is JObject property)
                {
                    properties.Add(new PropertyDef(member.Key, ReadType(property)));
                }
                else
                {
                    ReportType(member.Value, member.Key, "object");
                }
            }
        }

        TypeDef? additional = null;
        var additionalNode = node.Get("additionalProperties");
        if (additionalNode is JObject additionalObject)
        {
            additional = ReadType(additionalObject);
        }

        var items = Object(node, "items") is { } itemsObject ? ReadType(itemsObject) : null;
        var type = String(node, "type");
        if (type is not null && !IsKnownType(type))
        {
            Report(DiagnosticDescriptors.UnsupportedType, node.Member("type")!.Value.Offset, type, String(node, "format") ?? string.Empty);
        }

        return new TypeDef(
            Type: type,
            Format: String(node, "format"),
            Ref: reference,
            Description: String(node, "description"),
            Properties: properties.ToEquatableArray(),
            Items: items,
            AdditionalProperties: additional,
            EnumValues: ReadEnum(node),
            ReadOnly: Bool(node, "readOnly"),
            Deprecated: Bool(node, "deprecated"),
            Pattern: String(node, "pattern"),
            Default: String(node, "default"),
            Minimum: String(node, "minimum"),
            Maximum: String(node, "maximum"),
            RequiredFor: Strings(Object(node, "annotations"), "required"),
            Variant: ReadVariant(Object(node, "variant")));
    }

    private VariantDef? ReadVariant(JObject? variant)
    {
        var discriminant = String(variant, "discriminant");
        if (variant is null || discriminant is null)
        {
            return null;
        }

        var cases = new List<VariantCaseDef>();
        foreach (var item in Array(variant, "map")?.Items ?? new List<JNode>())
        {
            if (item is JObject entry && String(entry, "type_value") is { } typeValue && RefOf(entry) is { } reference)
            {
                cases.Add(new VariantCaseDef(typeValue, reference));
            }
        }

        return new VariantDef(discriminant, cases.ToEquatableArray());
    }

    private EquatableArray<string> Strings(JObject? node, string key)
    {
        var list = new List<string>();
        foreach (var item in Array(node, key)?.Items ?? new List<JNode>())
        {
            if (item is JValue { Token: JsonTokenType.String, Text: { } text })
            {
                list.Add(text);
            }
        }

        return list.ToEquatableArray();
    }

    private EquatableArray<EnumValueDef> ReadEnum(JObject node)
    {
        var values = Array(node, "enum");
        if (values is null)
        {
            return EquatableArray<EnumValueDef>.Empty;
        }

        var descriptions = Array(node, "enumDescriptions");
        var deprecated = Array(node, "enumDeprecated");
        var list = new List<EnumValueDef>();
        for (var i = 0; i < values.Items.Count; i++)
        {
            if (values.Items[i] is not JValue { Token: JsonTokenType.String, Text: { } value })
            {
                ReportType(values.Items[i], "enum", "string");
                continue;
            }

            var description = descriptions is not null && i < descriptions.Items.Count ? (descriptions.Items[i] as JValue)?.Text : null;
            var isDeprecated = deprecated is not null && i < deprecated.Items.Count && deprecated.Items[i] is JValue { Token: JsonTokenType.True };
            list.Add(new EnumValueDef(value, description, isDeprecated));
        }

        return list.ToEquatableArray();
    }

    private EquatableArray<ParameterDef> ReadParameters(JObject? parameters)
    {
        if (parameters is null)
        {
            return EquatableArray<ParameterDef>.Empty;
        }

        var list = new List<ParameterDef>();
        foreach (var member in parameters.Members)
        {
            if (member.Value is not JObject parameter)
            {
                ReportType(member.Value, member.Key, "object");
                continue;
            }

            list.Add(new ParameterDef(
                member.Key,
                String(parameter, "location") ?? "query",
                Bool(parameter, "required"),
                Bool(parameter, "repeated"),
                WithRunnablePattern(ReadType(parameter), parameter, member.Key)));
        }

        return list.ToEquatableArray();
    }

    /// <summary>A parameter's type without a <c>pattern</c> .NET cannot parse (DG0018): the method is generated, unchecked.</summary>
    private TypeDef WithRunnablePattern(TypeDef type, JObject parameter, string name)
    {
        if (type.Pattern is not { } pattern || PatternSyntax.Error(pattern) is not { } error)
        {
            return type;
        }

        Report(DiagnosticDescriptors.UnparseablePattern, parameter.Member("pattern")!.Value.Offset, pattern, name, error);
        return type with { Pattern = null };
    }

    private ResourceDef ReadResource(string name, JObject node, HashSet<string> methodIds)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var methods = new List<MethodDef>();
        if (Object(node, "methods") is { } methodsObject)
        {
            foreach (var member in methodsObject.Members)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (member.Value is not JObject methodNode)
                {
                    ReportType(member.Value, member.Key, "object");
                    continue;
                }

                var method = ReadMethod(member.Key, methodNode);
                if (method is null)
                {
                    continue;
                }

                if (!methodIds.Add(method.Id))
                {
                    Report(DiagnosticDescriptors.DuplicateMethodId, methodNode.Offset, method.Id);
                    continue;
                }

                methods.Add(method);
            }
        }

        var resources = new List<ResourceDef>();
        if (Object(node, "resources") is { } resourcesObject)
        {
            foreach (var member in resourcesObject.Members)
            {
                if (member.Value is JObject child)
                {
                    resources.Add(ReadResource(member.Key, child, methodIds));
                }
                else
                {
                    ReportType(member.Value, member.Key, "object");
                }
            }
        }

        methods.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        resources.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new ResourceDef(name, methods.ToEquatableArray(), resources.ToEquatableArray(), Bool(node, "deprecated"));
    }

    private MethodDef? ReadMethod(string name, JObject node)
    {
        var id = String(node, "id") ?? name;
        var path = String(node, "path");
        if (path is null)
        {
            Report(DiagnosticDescriptors.BadPathTemplate, node.Offset, id, string.Empty, "the method has no 'path'");
            return null;
        }

        var parameters = ReadParameters(Object(node, "parameters"));
        var problem = PathTemplate.Validate(path, parameters);
        if (problem is not null)
        {
            Report(DiagnosticDescriptors.BadPathTemplate, node.Member("path")!.Value.Offset, id, path, problem);
            return null;
        }

        return new MethodDef(
            Name: name,
            Id: id,
            HttpMethod: (String(node, "httpMethod") ?? "GET").ToUpperInvariant(),
            Path: path,
            FlatPath: String(node, "flatPath"),
            Description: String(node, "description"),
            Parameters: parameters,
            ParameterOrder: Strings(node, "parameterOrder"),
            RequestRef: RefOf(Object(node, "request")),
            ResponseRef: RefOf(Object(node, "response")),
            Scopes: Strings(node, "scopes"),
            Deprecated: Bool(node, "deprecated"),
            ApiVersion: String(node, "apiVersion"),
            EtagRequired: Bool(node, "etagRequired"),
            SupportsMediaDownload: Bool(node, "supportsMediaDownload"),
            UseMediaDownloadService: Bool(node, "useMediaDownloadService"),
            MediaUpload: ReadMediaUpload(Object(node, "mediaUpload")));
    }

    private MediaUploadDef? ReadMediaUpload(JObject? node)
    {
        if (node is null)
        {
            return null;
        }

        var protocols = Object(node, "protocols");
        var simple = Object(protocols, "simple");
        var resumable = Object(protocols, "resumable");
        return new MediaUploadDef(
            Strings(node, "accept"),
            String(node, "maxSize"),
            String(simple, "path"),
            String(resumable, "path"),
            Bool(simple, "multipart"),
            Bool(resumable, "multipart"));
    }

    private static bool IsKnownType(string type) =>
        type is "string" or "integer" or "number" or "boolean" or "any" or "array" or "object" or "null";

    private string? RefOf(JObject? node)
    {
        var reference = String(node, "$ref");
        if (reference is not null)
        {
            _refs.Add((reference, node!.Member("$ref")!.Value.Offset));
        }

        return reference;
    }

    private string? String(JObject? node, string key)
    {
        var value = node?.Get(key);
        switch (value)
        {
            case null:
            case JValue { Token: JsonTokenType.Null }:
                return null;
            case JValue { Token: JsonTokenType.String } text:
                return text.Text;
            case JValue { Token: JsonTokenType.True }:
                return "true";
            case JValue { Token: JsonTokenType.False }:
                return "false";
            case JValue { Token: JsonTokenType.Number } number:
                return number.Text;
            default:
                ReportType(value, key, "string");
                return null;
        }
    }

    private bool Bool(JObject? node, string key)
    {
        var value = node?.Get(key);
        switch (value)
        {
            case null:
            case JValue { Token: JsonTokenType.Null or JsonTokenType.False }:
                return false;
            case JValue { Token: JsonTokenType.True }:
                return true;
            case JValue { Token: JsonTokenType.String, Text: var text }:
                return string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
            default:
                ReportType(value, key, "boolean");
                return false;
        }
    }

    private JObject? Object(JObject? node, string key)
    {
        var value = node?.Get(key);
        if (value is null or JObject or JValue { Token: JsonTokenType.Null })
        {
            return value as JObject;
        }

        ReportType(value, key, "object");
        return null;
    }

    private JArray? Array(JObject? node, string key)
    {
        var value = node?.Get(key);
        if (value is null or JArray or JValue { Token: JsonTokenType.Null })
        {
            return value as JArray;
        }

        ReportType(value, key, "array");
        return null;
    }

    private void ReportType(JNode node, string key, string expected) =>
        Report(DiagnosticDescriptors.UnexpectedJsonType, node.Offset, key, expected, node.KindName);

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, int byteOffset, params string[] arguments) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, _map.AtByte(byteOffset), arguments));
}
