using System;
using System.Collections.Generic;
using System.Text;

namespace DiscoveryGen.Generator.Parsing;

/// <summary>
/// The keys the discovery and sidecar readers look up. <see cref="JsonTree"/> recognises them once per key token, so a
/// lookup compares small numbers; the first 64 also get a bit in their object's key mask (most lookups miss).
/// </summary>
internal enum JsonKey : byte
{
    Kind,
    Name,
    RootUrl,
    ServicePath,
    BaseUrl,
    Schemas,
    Version,
    CanonicalName,
    Title,
    Description,
    DocumentationLink,
    MtlsRootUrl,
    BatchPath,
    Features,
    FullyEncodeReservedExpansion,
    Endpoints,
    Parameters,
    Auth,
    Resources,
    Methods,
    Deprecated,
    Location,
    EndpointUrl,
    OAuth2,
    Scopes,
    Ref,
    Properties,
    AdditionalProperties,
    Items,
    Type,
    Format,
    Enum,
    EnumDescriptions,
    EnumDeprecated,
    ReadOnly,
    Pattern,
    Default,
    Minimum,
    Maximum,
    Annotations,
    Required,
    Variant,
    Discriminant,
    Map,
    TypeValue,
    Repeated,
    Id,
    Path,
    HttpMethod,
    FlatPath,
    ParameterOrder,
    Request,
    Response,
    ApiVersion,
    EtagRequired,
    SupportsMediaDownload,
    UseMediaDownloadService,
    MediaUpload,
    Accept,
    MaxSize,
    Protocols,
    Simple,
    Resumable,
    Multipart,

    // Sidecar keys: past the mask (64 bits), looked up by scanning; sidecars are small.
    Permissions,
    Permission,
    Requires,

    Unknown = byte.MaxValue,
}

/// <summary>The JSON spelling of each <see cref="JsonKey"/> and the lookup from a key's text.</summary>
internal static class JsonKeys
{
    private static readonly string[] Names =
    {
        "kind", "name", "rootUrl", "servicePath", "baseUrl", "schemas", "version", "canonicalName", "title", "description",
        "documentationLink", "mtlsRootUrl", "batchPath", "features", "fullyEncodeReservedExpansion", "endpoints",
        "parameters", "auth", "resources", "methods", "deprecated", "location", "endpointUrl", "oauth2", "scopes", "$ref",
        "properties", "additionalProperties", "items", "type", "format", "enum", "enumDescriptions", "enumDeprecated",
        "readOnly", "pattern", "default", "minimum", "maximum", "annotations", "required", "variant", "discriminant", "map",
        "type_value", "repeated", "id", "path", "httpMethod", "flatPath", "parameterOrder", "request", "response",
        "apiVersion", "etagRequired", "supportsMediaDownload", "useMediaDownloadService", "mediaUpload", "accept",
        "maxSize", "protocols", "simple", "resumable", "multipart", "permissions", "permission", "requires",
    };

    // By byte length: the keys of that length as UTF-8, with their value.
    private static readonly (byte[] Utf8, JsonKey Key)[][] ByLength = BuildByLength();

    private static readonly Dictionary<string, JsonKey> ByName = BuildByName();

    public static string NameOf(JsonKey key) => Names[(int)key];

    /// <summary>The key these UTF-8 bytes spell, or <see cref="JsonKey.Unknown"/>.</summary>
    public static JsonKey Find(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length >= ByLength.Length)
        {
            return JsonKey.Unknown;
        }

        foreach (var (candidate, key) in ByLength[utf8.Length])
        {
            if (candidate[0] == utf8[0] && utf8.SequenceEqual(candidate))
            {
                return key;
            }
        }

        return JsonKey.Unknown;
    }

    /// <summary>The key an (unescaped) key string spells, or <see cref="JsonKey.Unknown"/>.</summary>
    public static JsonKey Find(string text) => ByName.TryGetValue(text, out var key) ? key : JsonKey.Unknown;

    private static (byte[], JsonKey)[][] BuildByLength()
    {
        var longest = 0;
        foreach (var name in Names)
        {
            longest = Math.Max(longest, name.Length);
        }

        var lists = new List<(byte[], JsonKey)>[longest + 1];
        for (var i = 0; i < Names.Length; i++)
        {
            (lists[Names[i].Length] ??= new List<(byte[], JsonKey)>()).Add((Encoding.UTF8.GetBytes(Names[i]), (JsonKey)i));
        }

        var result = new (byte[], JsonKey)[longest + 1][];
        for (var length = 0; length <= longest; length++)
        {
            result[length] = lists[length]?.ToArray() ?? Array.Empty<(byte[], JsonKey)>();
        }

        return result;
    }

    private static Dictionary<string, JsonKey> BuildByName()
    {
        var result = new Dictionary<string, JsonKey>(StringComparer.Ordinal);
        for (var i = 0; i < Names.Length; i++)
        {
            result.Add(Names[i], (JsonKey)i);
        }

        return result;
    }
}
