using System;
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

    // Open addressing over the UTF-8 spellings: a key costs one hash and, almost always, one comparison.
    private const int TableSize = 256;
    private static readonly byte[]?[] TableKeys = new byte[TableSize][];
    private static readonly JsonKey[] TableValues = BuildTable();

    public static string NameOf(JsonKey key) => Names[(int)key];

    /// <summary>The key these UTF-8 bytes spell, or <see cref="JsonKey.Unknown"/>.</summary>
    public static JsonKey Find(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0)
        {
            return JsonKey.Unknown;
        }

        for (var slot = Hash(utf8[0], utf8[utf8.Length - 1], utf8[utf8.Length >> 1], utf8.Length); ; slot = (slot + 1) & (TableSize - 1))
        {
            var candidate = TableKeys[slot];
            if (candidate is null)
            {
                return JsonKey.Unknown;
            }

            if (candidate.Length == utf8.Length && utf8.SequenceEqual(candidate))
            {
                return TableValues[slot];
            }
        }
    }

    /// <summary>The key these chars spell, or <see cref="JsonKey.Unknown"/>.</summary>
    public static JsonKey Find(ReadOnlySpan<char> chars)
    {
        if (chars.Length == 0)
        {
            return JsonKey.Unknown;
        }

        for (var slot = Hash(chars[0], chars[chars.Length - 1], chars[chars.Length >> 1], chars.Length); ; slot = (slot + 1) & (TableSize - 1))
        {
            var candidate = TableKeys[slot];
            if (candidate is null)
            {
                return JsonKey.Unknown;
            }

            if (candidate.Length == chars.Length && AsciiEquals(candidate, chars))
            {
                return TableValues[slot];
            }
        }
    }

    /// <summary>The key an (unescaped) key string spells, or <see cref="JsonKey.Unknown"/>.</summary>
    /// <remarks>Only escaped keys come here (none in Google's documents): a search, not a dictionary whose generic code
    /// over <see cref="JsonKey"/> a new compiler process would compile first.</remarks>
    public static JsonKey Find(string text)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], text, StringComparison.Ordinal))
            {
                return (JsonKey)i;
            }
        }

        return JsonKey.Unknown;
    }

    // From the length, first, last and middle unit: the same for a key's UTF-8 bytes and its chars (keys are ASCII).
    private static int Hash(uint first, uint last, uint middle, int length)
    {
        var hash = ((uint)length * 0x9E3779B1u) ^ first;
        hash = (hash * 0x85EBCA6Bu) ^ last;
        hash = (hash * 0xC2B2AE35u) ^ middle;
        return (int)((hash ^ (hash >> 15)) & (TableSize - 1));
    }

    private static bool AsciiEquals(byte[] ascii, ReadOnlySpan<char> chars)
    {
        for (var i = 0; i < ascii.Length; i++)
        {
            if (ascii[i] != chars[i])
            {
                return false;
            }
        }

        return true;
    }

    private static JsonKey[] BuildTable()
    {
        var values = new JsonKey[TableSize];
        for (var i = 0; i < Names.Length; i++)
        {
            var utf8 = Encoding.UTF8.GetBytes(Names[i]);
            var slot = Hash(utf8[0], utf8[utf8.Length - 1], utf8[utf8.Length >> 1], utf8.Length);
            while (TableKeys[slot] is not null)
            {
                slot = (slot + 1) & (TableSize - 1);
            }

            TableKeys[slot] = utf8;
            values[slot] = (JsonKey)i;
        }

        return values;
    }
}
