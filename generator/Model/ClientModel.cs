namespace DiscoveryGen.Generator.Model;

// The built client: every C# name, type, literal and shared field decided. The emitter only formats this.
// Type names (TypeRef.Name, OperationsModel.OperationType, …) are relative to the client's namespace; the emitter
// writes them qualified by the namespace alias it declares at the top of every file.

/// <summary>Everything the emitter needs for one document.</summary>
internal sealed record ClientModel(
    string Namespace,
    string ServiceClassName,
    string ApiName,
    string ApiVersion,
    string? Title,
    string? Description,
    string? DocumentationLink,
    string? DefaultBaseUri,
    string? MtlsBaseUri,
    string? BatchPath,
    string ServicePath,
    bool DataWrapper,
    EquatableArray<EndpointModel> Endpoints,
    EquatableArray<ScopeModel> Scopes,
    EquatableArray<ScopeSetModel> ScopeSets,
    EquatableArray<PatternModel> Patterns,
    EquatableArray<TypeModel> Types,
    ResourceModel Root,
    OperationsModel? Operations,
    EquatableArray<ResourceNameModel> ResourceNames);

/// <summary>
/// A typed resource name: the value type <see cref="Name"/> for one shape of name (<see cref="Template"/>, e.g.
/// <c>projects/{Project}/locations/{Location}</c>), with one property per component, in order.
/// </summary>
internal sealed record ResourceNameModel(string Name, string Template, EquatableArray<string> Components);

/// <summary>The input of the emit step: the model, its unique hint-name prefix and how to format it.</summary>
internal sealed record EmitInput(ClientModel Model, string HintPrefix, EmitOptions Options);

/// <summary>
/// The document's google.longrunning support: its Operation type and the property holding an operation's name, the
/// operations.get/cancel methods to call (tried in order, by name pattern), and the schemas a response's <c>@type</c>
/// can name. <see cref="ByLink"/>: Compute-style operations, known by their <c>selfLink</c> (the name property), whose
/// get/cancel arguments are read from it (<see cref="OperationMethodRef.LinkTemplate"/>).
/// </summary>
internal sealed record OperationsModel(
    string OperationType,
    string NameProperty,
    EquatableArray<OperationMethodRef> Gets,
    EquatableArray<OperationMethodRef> Cancels,
    EquatableArray<UnpackEntry> Unpack,
    bool ByLink = false);

/// <summary>
/// A generated operations.get or operations.cancel method: its resource class and the pattern of its name argument; or,
/// for a method that takes the operation's name in pieces (Cloud Storage's <c>b/{bucket}/operations/{operationId}</c>),
/// the wire names of those path parameters in call order (<see cref="NameParts"/>; empty for the one-name form).
/// <see cref="NamedOptions"/>: the method has optional parameters too, so the helpers name the options and the token.
/// For Compute-style operations (<see cref="OperationsModel.ByLink"/>), <see cref="LinkTemplate"/> is the method's path from
/// its first collection to its last variable (<c>projects/{project}/operations/{operation}</c>), which the operation's
/// <c>selfLink</c> must end with; the arguments (the pieces, or the one name) are read from there. <see cref="Body"/>: the
/// <c>CancelOperationRequest</c> a cancel takes but requires nothing of (GKE's), sent as a new, empty instance.
/// </summary>
internal sealed record OperationMethodRef(string ResourceClass, string MethodName, PatternModel? Pattern, EquatableArray<string> NameParts, bool NamedOptions, string? LinkTemplate = null, TypeRef? Body = null);

/// <summary>A schema id and the generated type it reads as.</summary>
internal sealed record UnpackEntry(string SchemaId, string TypeName);

/// <summary>
/// How a generated Operation class maps onto <c>ILongRunningOperation</c>: google.longrunning's name and <c>done</c>
/// flag, or a Compute-style operation's <c>selfLink</c> (as its name) and <c>status</c> (done at <c>DONE</c>).
/// </summary>
internal sealed record OperationShape(string Name, string Done, string? Error, string? Response, bool ResponseIsMap, string? Metadata, bool MetadataIsMap, OperationDone DoneBy = OperationDone.Flag, string? HttpErrorStatus = null);

/// <summary>What says an operation is done: a <c>done</c> boolean, or a <c>status</c> (an enum or a string) that reads <c>DONE</c>.</summary>
internal enum OperationDone
{
    Flag,
    StatusEnum,
    StatusString,
}

/// <summary>
/// Page-token pagination helpers for a list method. <c>ViaPage</c>: the response model implements <c>IPage</c> with this
/// method's token and items (<see cref="PageShape"/>), so the helpers pass no readers of their own.
/// </summary>
internal sealed record PagingModel(string PagesName, string AllName, string TokenArgument, string NextTokenProperty, string NextTokenJsonName, string? ItemsProperty, TypeRef? ItemType, bool ViaPage);

/// <summary>A locational endpoint: its location and base URI (<c>endpointUrl</c> + <c>servicePath</c>).</summary>
internal sealed record EndpointModel(string Location, string BaseUri, string? Description);

/// <summary>An OAuth scope constant on the service class.</summary>
internal sealed record ScopeModel(string ConstantName, string Uri, string? Description);

/// <summary>One scope of a method: the service constant naming it, or none when the document does not declare the scope.</summary>
internal sealed record ScopeRef(string Uri, string? ConstantName);

/// <summary>
/// A distinct set of method scopes, held once in a static field of the service and shared by the method table; a set of
/// two or more also as a constant string (<see cref="ListName"/>, the scopes separated by spaces as OAuth 2.0 lists
/// them) that the methods' <c>[RequiredScopes]</c> name instead of listing every scope again.
/// </summary>
internal sealed record ScopeSetModel(string FieldName, EquatableArray<ScopeRef> Scopes, string? ListName);

/// <summary>A distinct discovery <c>pattern</c>, held once in a static field of the service and shared by every check.</summary>
internal sealed record PatternModel(string FieldName, string Pattern);

/// <summary>
/// A numeric argument's <c>minimum</c>/<c>maximum</c> as C# literals (null: unbounded on that side) and the nullable
/// type both are compared in (<c>long?</c>, <c>ulong?</c>, <c>double?</c>).
/// </summary>
internal sealed record RangeModel(string Cast, string? Minimum, string? Maximum);

internal enum TypeModelKind
{
    Class,
    Enum,
}

/// <summary>
/// A generated model class or open enum struct. <c>Deprecation</c> (here and on properties, enum members, resources and
/// methods) is the <c>[Obsolete]</c> message of an element the document deprecates, null otherwise.
/// </summary>
internal sealed record TypeModel(
    TypeModelKind Kind,
    string Name,
    string? Description,
    string? Deprecation,
    EquatableArray<PropertyModel> Properties,
    EquatableArray<EnumMemberModel> EnumMembers,
    TypeRef? AdditionalPropertiesType,
    string? VariantDiscriminant,
    EquatableArray<VariantCaseModel> VariantCases,
    OperationShape? Operation = null,
    PageShape? Page = null);

/// <summary>
/// A list response every paged method returning it reads alike: the model implements <c>IPage&lt;ItemType&gt;</c>
/// through these two properties, and those methods' paging helpers call the runtime's <c>IPage</c> overloads (no
/// lambdas of their own).
/// </summary>
internal sealed record PageShape(string NextTokenProperty, string ItemsProperty, TypeRef ItemType);

/// <summary>A <c>variant.map</c> entry: <c>As{Name}()</c> reads the object as <see cref="Type"/> when the discriminant is <see cref="TypeValue"/>.</summary>
internal sealed record VariantCaseModel(string MethodName, string TypeValue, TypeRef Type);

/// <summary>A model property.</summary>
internal sealed record PropertyModel(string JsonName, string Name, TypeRef Type, string? Description, bool ReadOnly, string? Deprecation, string? Default, EquatableArray<string> RequiredFor);

/// <summary>One known value of an open enum.</summary>
internal sealed record EnumMemberModel(string Name, string Value, string? Description, string? Deprecation);

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

/// <summary>A C# type of a property, parameter, body or response. <see cref="Name"/> (Model and Enum) is relative to the client's namespace.</summary>
internal sealed record TypeRef(TypeKind Kind, string? Name = null, TypeRef? Element = null, bool IsEmptyModel = false);

/// <summary>A resource class (the root is the service class itself).</summary>
internal sealed record ResourceModel(
    string PropertyName,
    string ClassName,
    string? Deprecation,
    EquatableArray<MethodModel> Methods,
    EquatableArray<ResourceModel> Resources,
    EquatableArray<TypeModel> NestedTypes);

internal enum BodyKind
{
    None,
    EmptyObject,
    Typed,
}

/// <summary>
/// A generated method; with <see cref="TableIndex"/>, also its row of the service's method table. <see cref="BodyEtag"/>
/// is the member path of the etag precondition in the body (e.g. <c>Etag</c>, <c>Policy?.Etag</c>), or null.
/// </summary>
internal sealed record MethodModel(
    string Name,
    string Id,
    string HttpMethod,
    string Path,
    string? FlatPath,
    string? Description,
    string? Deprecation,
    string? ApiVersion,
    int TableIndex,
    EquatableArray<PathPartModel> PathParts,
    EquatableArray<ArgumentModel> Arguments,
    BodyKind BodyKind,
    string BodyName,
    TypeRef? BodyType,
    TypeRef? ResponseType,
    ScopeSetModel Scopes,
    EquatableArray<string> Permissions,
    bool PermissionsAnyOf,
    bool EtagRequired,
    EquatableArray<RequiredPropertyModel> RequiredBodyProperties,
    string? BodyEtag,
    PagingModel? Paging,
    string? StartOperationName,
    MediaUploadModel? Upload = null,
    MediaDownloadModel? Download = null);

/// <summary>
/// A method's <c>mediaUpload</c> (accepted types, size limit in bytes, the protocol path templates for the method
/// table) and, when a protocol path binds to the method's arguments, its <c>{Name}MediaAsync</c> sibling.
/// </summary>
internal sealed record MediaUploadModel(
    EquatableArray<string> Accept,
    long? MaxSize,
    string? SimplePathTemplate,
    string? ResumablePathTemplate,
    MediaUploadSiblingModel? Sibling);

/// <summary>
/// The media-upload sibling of a method: its parameter names, whether the metadata (the request body) may be null, the
/// protocol paths bound to the method's arguments (empty: none), and the protocols it can use, in the order the docs
/// name them (<c>simple</c>, <c>multipart</c>, <c>resumable</c>).
/// </summary>
internal sealed record MediaUploadSiblingModel(
    string MethodName,
    string MediaParameter,
    string ContentTypeParameter,
    string UploadParameter,
    bool MetadataOptional,
    EquatableArray<PathPartModel> SimplePath,
    EquatableArray<PathPartModel> ResumablePath,
    EquatableArray<string> Protocols);

/// <summary>
/// A method's <c>supportsMediaDownload</c> (with <c>useMediaDownloadService</c> for the table) and its download sibling.
/// </summary>
internal sealed record MediaDownloadModel(string MethodName, string DestinationParameter, string DownloadParameter, bool UseMediaDownloadService);

/// <summary>A body property the document annotates as required by a method (<c>annotations.required</c>).</summary>
internal sealed record RequiredPropertyModel(string PropertyName, string JsonName);

/// <summary>A literal piece of the path, or a variable bound to an argument.</summary>
internal sealed record PathPartModel(string Literal, ArgumentModel? Argument, bool Reserved);

/// <summary>
/// A C# parameter bound to a discovery parameter. A method's arguments are in signature order: the required ones,
/// then (in the signature, not in this list) the body, then the optional ones. <see cref="Minimum"/> and
/// <see cref="Maximum"/> are the document's text (for the docs); <see cref="Range"/> is what is checked.
/// <see cref="ResourceName"/> is the typed name (<see cref="ResourceNameModel.Name"/>) of a path argument whose pattern
/// has one.
/// <see cref="Precondition"/>: an <c>if…Match</c> parameter, whose value makes the call safe to retry.
/// </summary>
internal sealed record ArgumentModel(
    string Name,
    string WireName,
    bool IsPath,
    bool Required,
    bool Repeated,
    TypeRef Type,
    PatternModel? Pattern,
    string? Description,
    bool Deprecated,
    string? Minimum,
    string? Maximum,
    RangeModel? Range,
    string? Default,
    string? ResourceName = null,
    bool Precondition = false);
