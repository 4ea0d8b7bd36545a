namespace DiscoveryGen.Generator.Model;

// The built client: every C# name and type decided. The emitter only formats this.

/// <summary>Everything the emitter needs for one document.</summary>
internal sealed partial record ClientModel(
    string Namespace,
    string ServiceClassName,
    string HintPrefix,
    string ApiName,
    string ApiVersion,
    string? Title,
    string? Description,
    string? DocumentationLink,
    string DefaultBaseUri,
    string? MtlsBaseUri,
    string? BatchPath,
    bool DataWrapper,
    EquatableArray<EndpointModel> Endpoints,
    EquatableArray<ScopeModel> Scopes,
    EquatableArray<TypeModel> Types,
    ResourceModel Root,
    EquatableArray<MethodRowModel> MethodTable,
    OperationsModel? Operations);

/// <summary>
/// The document's google.longrunning support: its Operation type, the operations.get/cancel methods to call (tried in
/// order, by name pattern), and the schemas a response's <c>@type</c> can name.
/// </summary>
internal sealed record OperationsModel(
    string OperationType,
    EquatableArray<OperationMethodRef> Gets,
    EquatableArray<OperationMethodRef> Cancels,
    EquatableArray<UnpackEntry> Unpack);

/// <summary>A generated operations.get or operations.cancel method: its resource class and the pattern of its name.</summary>
internal sealed record OperationMethodRef(string ResourceClass, string MethodName, string? Pattern);

/// <summary>A schema id and the generated type it reads as.</summary>
internal sealed record UnpackEntry(string SchemaId, string TypeName);

/// <summary>How a generated Operation class maps onto <c>ILongRunningOperation</c>.</summary>
internal sealed record OperationShape(string Name, string Done, string? Error, string? Response, bool ResponseIsMap, string? Metadata, bool MetadataIsMap);

/// <summary>Page-token pagination helpers for a list method.</summary>
internal sealed record PagingModel(string PagesName, string AllName, string TokenArgument, string NextTokenProperty, string? ItemsProperty, TypeRef? ItemType);

/// <summary>A locational endpoint: its location and base URI (<c>endpointUrl</c> + <c>servicePath</c>).</summary>
internal sealed record EndpointModel(string Location, string BaseUri, string? Description);

/// <summary>An OAuth scope constant on the service class.</summary>
internal sealed record ScopeModel(string ConstantName, string Uri, string? Description);

internal enum TypeModelKind
{
    Class,
    Enum,
}

/// <summary>A generated model class or open enum struct.</summary>
internal sealed record TypeModel(
    TypeModelKind Kind,
    string Name,
    string? Description,
    bool Deprecated,
    EquatableArray<PropertyModel> Properties,
    EquatableArray<EnumMemberModel> EnumMembers,
    TypeRef? AdditionalPropertiesType,
    string? VariantDiscriminant,
    EquatableArray<VariantCaseModel> VariantCases,
    OperationShape? Operation = null);

/// <summary>A <c>variant.map</c> entry: <c>As{Name}()</c> reads the object as <see cref="Type"/> when the discriminant is <see cref="TypeValue"/>.</summary>
internal sealed record VariantCaseModel(string MethodName, string TypeValue, TypeRef Type);

/// <summary>A model property.</summary>
internal sealed record PropertyModel(string JsonName, string Name, TypeRef Type, string? Description, bool ReadOnly, bool Deprecated, string? Default, EquatableArray<string> RequiredFor);

/// <summary>One known value of an open enum.</summary>
internal sealed record EnumMemberModel(string Name, string Value, string? Description, bool Deprecated);

internal enum TypeKind
{
    String,
    Boolean,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Double,
    Single,
    DateTime,
    GoogleDateTime,
    Date,
    Duration,
    Bytes,
    FieldMask,
    Any,
    Model,
    Enum,
    List,
    Map,
}

/// <summary>A C# type of a property, parameter, body or response. <see cref="Name"/> is global-qualified for Model and Enum.</summary>
internal sealed record TypeRef(TypeKind Kind, string? Name = null, TypeRef? Element = null, bool IsEmptyModel = false);

/// <summary>A resource class (the root is the service class itself).</summary>
internal sealed record ResourceModel(
    string PropertyName,
    string ClassName,
    bool Deprecated,
    EquatableArray<MethodModel> Methods,
    EquatableArray<ResourceModel> Resources,
    EquatableArray<TypeModel> NestedTypes);

internal enum BodyKind
{
    None,
    EmptyObject,
    Typed,
}

/// <summary>A generated method.</summary>
internal sealed record MethodModel(
    string Name,
    string Id,
    string HttpMethod,
    string Path,
    string? Description,
    bool Deprecated,
    string? ApiVersion,
    int TableIndex,
    EquatableArray<PathPartModel> PathParts,
    EquatableArray<ArgumentModel> Arguments,
    BodyKind BodyKind,
    string BodyName,
    TypeRef? BodyType,
    string? BodyDescription,
    TypeRef? ResponseType,
    EquatableArray<string> Scopes,
    EquatableArray<string> Permissions,
    bool PermissionsAnyOf,
    EquatableArray<RequiredPropertyModel> RequiredBodyProperties,
    PagingModel? Paging,
    string? StartOperationName,
    MediaUploadModel? Upload = null,
    MediaDownloadModel? Download = null);

/// <summary>
/// The media-upload sibling of a method with <c>mediaUpload</c> (<c>{Name}MediaAsync</c>): its parameter names, whether
/// the metadata (the request body) may be null, and the protocol paths bound to the method's arguments (empty: none).
/// </summary>
internal sealed record MediaUploadModel(
    string MethodName,
    string MediaParameter,
    string ContentTypeParameter,
    string UploadParameter,
    bool MetadataOptional,
    EquatableArray<PathPartModel> SimplePath,
    EquatableArray<PathPartModel> ResumablePath,
    EquatableArray<string> Accept,
    long? MaxSize);

/// <summary>The media-download sibling of a method with <c>supportsMediaDownload</c> (<c>{Name}MediaAsync</c>).</summary>
internal sealed record MediaDownloadModel(string MethodName, string DestinationParameter, string DownloadParameter);

/// <summary>A body property the document annotates as required by a method (<c>annotations.required</c>).</summary>
internal sealed record RequiredPropertyModel(string PropertyName, string JsonName);

/// <summary>A literal piece of the path, or a variable bound to an argument.</summary>
internal sealed record PathPartModel(string Literal, ArgumentModel? Argument, bool Reserved);

/// <summary>
/// A C# parameter bound to a discovery parameter. A method's arguments are in signature order: the required ones,
/// then (in the signature, not in this list) the body, then the optional ones.
/// </summary>
internal sealed record ArgumentModel(
    string Name,
    string WireName,
    bool IsPath,
    bool Required,
    bool Repeated,
    TypeRef Type,
    string? Pattern,
    string? Description,
    bool Deprecated,
    string? Minimum,
    string? Maximum,
    string? Default);

/// <summary>A row of the service's static method table.</summary>
internal sealed record MethodRowModel(
    string Id,
    string HttpMethod,
    string Path,
    string? FlatPath,
    EquatableArray<string> Scopes,
    EquatableArray<string> Permissions,
    bool PermissionsAnyOf,
    bool EtagRequired,
    bool SupportsMediaDownload,
    bool UseMediaDownloadService,
    MediaUploadDef? MediaUpload);
