using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiscoveryGen.Parity.Tests.Infrastructure;

/// <summary>
/// Compares the request Google.Apis sent with the one DiscoveryGen sent for the same call. Everything must be equal
/// except where a named rule below says why a deliberate difference is not a difference. Every rule is narrow (it
/// applies to one parameter name or one discovery <c>format</c>) so it can never hide a missing parameter, a wrong
/// verb, wrong escaping or a wrong body shape. The rules are listed in README.md ("Divergences from Google.Apis").
/// </summary>
public static class WireComparer
{
    /// <summary>
    /// Rule D1 (int64 JSON fields). Google.Apis (Newtonsoft) writes <c>format: int64/uint64</c> body fields as JSON
    /// numbers; DiscoveryGen writes them as JSON strings, as the discovery/proto3 JSON mapping specifies (numbers above
    /// 2^53 are not safe in JSON). Applied only to fields the document declares int64/uint64: the two must denote the
    /// same integer.
    /// </summary>
    public const string Int64AsJsonString = "D1 int64-as-json-string";

    /// <summary>
    /// Rule D2 (date-time JSON fields). Both keep the value's offset, but Google.Apis 1.78 writes a whole-hour offset
    /// without its minutes (<c>2024-05-01T10:00:00.500+02</c>, not RFC 3339) and 0, 3 or 9 fraction digits, while
    /// DiscoveryGen writes RFC 3339 (<c>2024-05-01T10:00:00.5+02:00</c>) with the shortest exact fraction.
    /// Applied only to fields with format <c>date-time</c>/<c>google-datetime</c>: the two must denote the same instant.
    /// </summary>
    public const string DateTimeSameInstant = "D2 date-time-same-instant";

    /// <summary>
    /// Rule D3 (<c>x-goog-api-client</c>). Both send the same tokens in the same order, <c>gl-dotnet/{version}
    /// gdcl/{version}</c>; each names its own versions (Google.Apis 1.78 reports the .NET version it was built for and
    /// its own package version, DiscoveryGen the running .NET and DiscoveryGen's version).
    /// </summary>
    public const string ApiClientOwnVersions = "D3 x-goog-api-client-own-versions";

    /// <summary>Headers that must be equal on both sides, or absent from both: credentials, quota project, preconditions.</summary>
    public static readonly string[] ComparedHeaders = { "Authorization", "x-goog-user-project", "If-Match", "If-None-Match" };

    /// <summary>Compares method, raw path, query (decoded and raw, as multisets), the headers that carry meaning and the JSON body.</summary>
    public static ParityResult Compare(WireRequest google, WireRequest ours, DiscoverySchemas schemas, string methodId)
    {
        var result = new ParityResult(google, ours);
        if (google.Method != ours.Method)
        {
            result.Differences.Add($"HTTP method: Google sends {google.Method}, DiscoveryGen sends {ours.Method}.");
        }

        if (google.RawPath != ours.RawPath)
        {
            result.Differences.Add($"Raw path: Google sends '{google.RawPath}', DiscoveryGen sends '{ours.RawPath}'.");
        }

        CompareMultiset("Query parameter (decoded)", google.Query.Select(p => $"{p.Key}={p.Value}"), ours.Query.Select(p => $"{p.Key}={p.Value}"), result);
        CompareMultiset("Query pair (as escaped on the wire)", google.RawQueryPairs, ours.RawQueryPairs, result);

        if (!string.Equals(MediaType(google.ContentType), MediaType(ours.ContentType), StringComparison.OrdinalIgnoreCase))
        {
            result.Differences.Add($"Content-Type: Google sends '{google.ContentType ?? "(none)"}', DiscoveryGen sends '{ours.ContentType ?? "(none)"}'.");
        }

        foreach (var name in ComparedHeaders)
        {
            if (google.Header(name) != ours.Header(name))
            {
                result.Differences.Add($"Header {name}: Google sends {Show(google.Header(name))}, DiscoveryGen sends {Show(ours.Header(name))}.");
            }
        }

        CompareApiClientHeader(google.Header("x-goog-api-client"), ours.Header("x-goog-api-client"), result);

        var googleJson = google.Json;
        var ourJson = ours.Json;
        if (googleJson is null != ourJson is null)
        {
            result.Differences.Add($"Body: Google sends {(googleJson is null ? "no body" : "a body")}, DiscoveryGen sends {(ourJson is null ? "no body" : "a body")}.");
        }
        else if (googleJson is not null)
        {
            CompareJson(googleJson, ourJson, schemas.RequestSchema(methodId), schemas, "$", result);
        }

        return result;
    }

    private static string? MediaType(string? contentType) => contentType?.Split(';')[0].Trim();

    private static string Show(string? header) => header is null ? "no such header" : $"'{header}'";

    private static void CompareApiClientHeader(string? google, string? ours, ParityResult result)
    {
        // The token names ("gl-dotnet", "gdcl"), in order; the versions after '/' are each library's own.
        static string Names(string? header) =>
            header is null ? "(none)" : string.Join(' ', header.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Split('/')[0]));

        if (google is null && ours is null)
        {
            return;
        }

        if (Names(google) != Names(ours) || google is null || ours is null)
        {
            result.Differences.Add($"Header x-goog-api-client: Google sends {Show(google)}, DiscoveryGen sends {Show(ours)}.");
        }
        else if (google != ours)
        {
            result.Normalized.Add($"{ApiClientOwnVersions}: Google '{google}' = DiscoveryGen '{ours}'");
        }
    }

    private static void CompareMultiset(string what, IEnumerable<string> google, IEnumerable<string> ours, ParityResult result)
    {
        var remaining = ours.ToList();
        var missing = new List<string>();
        foreach (var item in google)
        {
            if (!remaining.Remove(item))
            {
                missing.Add(item);
            }
        }

        foreach (var item in missing)
        {
            result.Differences.Add($"{what} '{item}': Google sends it, DiscoveryGen does not.");
        }

        foreach (var item in remaining)
        {
            result.Differences.Add($"{what} '{item}': DiscoveryGen sends it, Google does not.");
        }
    }

    private static void CompareJson(JsonNode? google, JsonNode? ours, JsonElement? schema, DiscoverySchemas schemas, string path, ParityResult result)
    {
        switch (google, ours)
        {
            case (null, null):
                return;
            case (JsonObject g, JsonObject o):
                foreach (var name in g.Select(p => p.Key).Union(o.Select(p => p.Key)).OrderBy(k => k, StringComparer.Ordinal))
                {
                    var childPath = $"{path}.{name}";
                    var inGoogle = g.TryGetPropertyValue(name, out var gv);
                    var inOurs = o.TryGetPropertyValue(name, out var ov);
                    if (!inGoogle)
                    {
                        result.Differences.Add($"Body {childPath}: DiscoveryGen sends {ov?.ToJsonString() ?? "null"}, Google does not send the field.");
                    }
                    else if (!inOurs)
                    {
                        result.Differences.Add($"Body {childPath}: Google sends {gv?.ToJsonString() ?? "null"}, DiscoveryGen does not send the field.");
                    }
                    else
                    {
                        CompareJson(gv, ov, schemas.Property(schema, name), schemas, childPath, result);
                    }
                }

                return;
            case (JsonArray g, JsonArray o):
                if (g.Count != o.Count)
                {
                    result.Differences.Add($"Body {path}: Google sends {g.Count} items {g.ToJsonString()}, DiscoveryGen sends {o.Count} items {o.ToJsonString()}.");
                    return;
                }

                for (var i = 0; i < g.Count; i++)
                {
                    CompareJson(g[i], o[i], schemas.Items(schema), schemas, $"{path}[{i}]", result);
                }

                return;
            case (JsonValue g, JsonValue o):
                CompareValue(g, o, DiscoverySchemas.Format(schema), path, result);
                return;
            default:
                result.Differences.Add($"Body {path}: Google sends {google?.ToJsonString() ?? "null"}, DiscoveryGen sends {ours?.ToJsonString() ?? "null"}.");
                return;
        }
    }

    private static void CompareValue(JsonValue google, JsonValue ours, string? format, string path, ParityResult result)
    {
        var g = google.GetValue<JsonElement>();
        var o = ours.GetValue<JsonElement>();
        if (g.ValueKind == o.ValueKind && g.GetRawText() == o.GetRawText())
        {
            return;
        }

        if (g.ValueKind == JsonValueKind.String && o.ValueKind == JsonValueKind.String && g.GetString() == o.GetString())
        {
            // The same JSON string escaped differently ("é" vs "\u00E9", "\"" vs "\u0022"): not a difference in JSON.
            return;
        }

        if (format is "int64" or "uint64" && AsInteger(g) is { } gi && AsInteger(o) is { } oi)
        {
            if (gi == oi)
            {
                result.Normalized.Add($"{Int64AsJsonString}: body {path} Google {g.GetRawText()} = DiscoveryGen {o.GetRawText()}");
                return;
            }
        }
        else if (format is "date-time" or "google-datetime" && AsInstant(g) is { } gt && AsInstant(o) is { } ot)
        {
            if (gt == ot)
            {
                result.Normalized.Add($"{DateTimeSameInstant}: body {path} Google {g.GetRawText()} = DiscoveryGen {o.GetRawText()}");
                return;
            }
        }
        else if (g.ValueKind == JsonValueKind.Number && o.ValueKind == JsonValueKind.Number && g.GetDecimal() == o.GetDecimal())
        {
            // The same JSON number spelled differently (1.0 vs 1): not a difference in JSON.
            return;
        }

        result.Differences.Add($"Body {path}{(format is null ? string.Empty : $" (format {format})")}: Google sends {g.GetRawText()}, DiscoveryGen sends {o.GetRawText()}.");
    }

    private static BigInteger? AsInteger(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => BigInteger.TryParse(value.GetRawText(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null,
        JsonValueKind.String => BigInteger.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s : null,
        _ => null,
    };

    private static DateTimeOffset? AsInstant(JsonElement value) =>
        value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.ToUniversalTime()
            : null;
}

/// <summary>The outcome of one comparison: real differences, and the named rules that were applied.</summary>
public sealed class ParityResult
{
    public ParityResult(WireRequest google, WireRequest ours)
    {
        Google = google;
        Ours = ours;
    }

    public WireRequest Google { get; }

    public WireRequest Ours { get; }

    public List<string> Differences { get; } = new();

    public List<string> Normalized { get; } = new();

    public string Describe() =>
        $"Google.Apis sent:\n  {Google}\nDiscoveryGen sent:\n  {Ours}" +
        (Normalized.Count == 0 ? string.Empty : "\nNormalized by named rules:\n  " + string.Join("\n  ", Normalized));
}
