namespace DiscoveryGen.Generator.Model;

// The parsed discovery document: discovery's own vocabulary, no C# names yet, equal all the way down.
// Contract (as System.Text.Json's ContextGenerationSpec): immutable; records, strings, bools and EquatableArray only;
// no JsonElement, no Roslyn types, no positions (so a whitespace edit leaves it equal).

/// <summary>One discovery document (RestDescription).</summary>
internal sealed record ApiDocument(
    string Name,
    string Version,
    string? CanonicalName,
    string? Title,
    string? Description,
    string? DocumentationLink,
    string RootUrl,
    string ServicePath,
    string? MtlsRootUrl,
    string? BatchPath,
    bool DataWrapper,
    bool FullyEncodeReservedExpansion,
    EquatableArray<EndpointDef> Endpoints,
    EquatableArray<ParameterDef> GlobalParameters,
    EquatableArray<ScopeDef> Scopes,
    EquatableArray<SchemaDef> Schemas,
    ResourceDef Root);

/// <summary>A regional or locational endpoint (<c>endpoints[]</c>).</summary>
internal sealed record EndpointDef(string Location, string Url, string? Description);

/// <summary>An OAuth 2.0 scope declared under <c>auth.oauth2.scopes</c>.</summary>
internal sealed record ScopeDef(string Uri, string? Description);

/// <summary>A named schema (<c>schemas.X</c>).</summary>
internal sealed record SchemaDef(string Id, TypeDef Type);

/// <summary>A JSON schema node: a schema, a property, an array item or a map value.</summary>
internal sealed record TypeDef(
    string? Type,
    string? Format,
    string? Ref,
    string? Description,
    EquatableArray<PropertyDef> Properties,
    TypeDef? Items,
    TypeDef? AdditionalProperties,
    EquatableArray<EnumValueDef> EnumValues,
    bool ReadOnly,
    bool Deprecated,
    string? Pattern,
    string? Default,
    string? Minimum,
    string? Maximum,
    EquatableArray<string> RequiredFor,
    VariantDef? Variant)
{
    /// <summary>A node that is only a <c>$ref</c> (method request and response).</summary>
    public static TypeDef Reference(string reference) =>
        new(null, null, reference, null, default, null, null, default, false, false, null, null, null, null, default, null);
}

/// <summary>Discriminated polymorphism (<c>variant</c>): the discriminant property and value → schema map.</summary>
internal sealed record VariantDef(string Discriminant, EquatableArray<VariantCaseDef> Cases);

/// <summary>One <c>variant.map</c> entry.</summary>
internal sealed record VariantCaseDef(string TypeValue, string Ref);

/// <summary>A property of an object schema, in document order.</summary>
internal sealed record PropertyDef(string Name, TypeDef Type);

/// <summary>One value of an <c>enum</c> with its description.</summary>
internal sealed record EnumValueDef(string Value, string? Description, bool Deprecated);

/// <summary>A resource (or the document root, whose name is empty).</summary>
internal sealed record ResourceDef(string Name, EquatableArray<MethodDef> Methods, EquatableArray<ResourceDef> Resources, bool Deprecated);

/// <summary>A method.</summary>
internal sealed record MethodDef(
    string Name,
    string Id,
    string HttpMethod,
    string Path,
    string? FlatPath,
    string? Description,
    EquatableArray<ParameterDef> Parameters,
    EquatableArray<string> ParameterOrder,
    string? RequestRef,
    string? ResponseRef,
    TypeDef? InlineRequest,
    TypeDef? InlineResponse,
    EquatableArray<string> Scopes,
    bool Deprecated,
    string? ApiVersion,
    bool EtagRequired,
    bool SupportsMediaDownload,
    bool UseMediaDownloadService,
    MediaUploadDef? MediaUpload);

/// <summary>A method's <c>mediaUpload</c>: accepted types, size limit (as written, e.g. "5TB") and protocol paths.</summary>
internal sealed record MediaUploadDef(EquatableArray<string> Accept, string? MaxSize, string? SimplePath, string? ResumablePath, bool SimpleMultipart, bool ResumableMultipart);

/// <summary>A method or global parameter, in document order.</summary>
internal sealed record ParameterDef(
    string Name,
    string Location,
    bool Required,
    bool Repeated,
    TypeDef Type);

/// <summary>The permissions of one method from a <c>.iam.json</c> sidecar.</summary>
internal sealed record MethodPermissions(string MethodId, EquatableArray<string> Permissions, bool AnyOf);

/// <summary>A parsed IAM sidecar, keyed by the path of the document it belongs to.</summary>
internal sealed record IamSidecar(string DocumentPath, EquatableArray<MethodPermissions> Methods);
