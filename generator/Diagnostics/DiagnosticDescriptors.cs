using Microsoft.CodeAnalysis;

namespace DiscoveryGen.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports. IDs are stable; README.md lists them.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "DiscoveryGen";
    private const string HelpBase = "https://github.com/discoverygen/discoverygen/blob/main/README.md#";

    public static readonly DiagnosticDescriptor MalformedJson = Create(
        "DG0001", "Malformed discovery document", "The discovery document is not valid JSON: {0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnreadableFile = Create(
        "DG0002", "Discovery document could not be read", "The file '{0}' could not be read", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MissingField = Create(
        "DG0003", "Required discovery field missing", "The discovery document has no '{0}'; no client is generated", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnexpectedJsonType = Create(
        "DG0004", "Unexpected JSON type", "'{0}' should be a JSON {1} but is a {2}; it is ignored", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnknownReference = Create(
        "DG0005", "Unknown schema reference", "'$ref' names the unknown schema '{0}'; the value is typed as JsonElement", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnsupportedType = Create(
        "DG0006", "Unsupported schema type", "Type '{0}' (format '{1}') is not supported; the value is typed as JsonElement", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor BadPathTemplate = Create(
        "DG0007", "Invalid path template", "Method '{0}' has an invalid path '{1}': {2}; the method is not generated", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateMethodId = Create(
        "DG0008", "Duplicate method id", "Method id '{0}' is declared more than once; only the first is generated", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DuplicateNamespace = Create(
        "DG0009", "Two discovery documents share a namespace", "'{0}' generates into namespace '{1}', which '{2}' already uses, so nothing is generated for it; set distinct Namespace metadata", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MalformedSidecar = Create(
        "DG0010", "Malformed IAM sidecar", "The IAM sidecar is invalid: {0}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SidecarUnknownMethod = Create(
        "DG0011", "IAM sidecar names an unknown method", "The IAM sidecar lists '{0}', which the discovery document does not declare", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InvalidNamespace = Create(
        "DG0012", "Invalid namespace", "Namespace metadata '{0}' is not a valid C# namespace; using '{1}'", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InvalidOption = Create(
        "DG0013", "Invalid DiscoveryGen option", "Option '{0}': {1}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor AmbiguousPageItems = Create(
        "DG0014", "Page items are ambiguous", "Method '{0}' pages through responses with several arrays ({1}); only page-by-page enumeration is generated", DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor ComputeStyleOperation = Create(
        "DG0015", "Compute-style operations are not wrapped", "'{0}' uses Compute-style operations (status/DONE) without a selfLink or an operations.get its path gives the arguments of; no operation handles are generated: poll with the API's own get method", DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor NoPagingHelpers = Create(
        "DG0017", "Paged method gets no paging helpers", "Method '{0}' takes a pageToken but gets no …PagesAsync/…AllAsync helpers: {1}", DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor UnparseablePattern = Create(
        "DG0019", "Pattern .NET cannot parse", "The pattern '{0}' of '{1}' is not a .NET regular expression ({2}); values are not checked against it (the server still checks them)", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor NoBaseUrl = Create(
        "DG0020", "Discovery document names no base URL", "The discovery document of '{0}' has no 'rootUrl' or 'baseUrl'; the service has no default base URI and requires ClientOptions.BaseUri", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor LanguageVersionTooLow = Create(
        "DG0021", "C# language version too low", "No client is generated for '{0}': this project compiles as C# {1}, and the generated code needs C# {2} or later; remove <LangVersion> from the project (the .NET 10 SDK's default is C# 14) or set it to {2} or later", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnreadableLimit = Create(
        "DG0016", "Unreadable numeric limit", "{0} '{1}' is not a valid {2}; it is not checked", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SchemaPrefixKept = Create(
        "DG0018", "Schema keeps its full name", "StripSchemaPrefix leaves schema '{0}' its full name: {1}", DiagnosticSeverity.Info);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpBase + id.ToLowerInvariant());
}
