using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary>
/// One entry of a <c>google.rpc.Status</c>'s <c>details</c>, typed by its <c>@type</c>
/// (<c>type.googleapis.com/google.rpc.*</c>). Types this runtime does not know are kept as <see cref="UnknownErrorDetail"/>;
/// every detail keeps its JSON in <see cref="Json"/>.
/// </summary>
public abstract class ErrorDetail
{
    private protected ErrorDetail(string? typeUrl, JsonElement json)
    {
        TypeUrl = typeUrl;
        Json = json;
    }

    /// <summary>The detail's <c>@type</c>, e.g. <c>type.googleapis.com/google.rpc.ErrorInfo</c>; null when absent.</summary>
    public string? TypeUrl { get; }

    /// <summary>The detail as received.</summary>
    public JsonElement Json { get; }

    /// <summary>Types one detail; never throws (a malformed known type is kept as <see cref="UnknownErrorDetail"/>).</summary>
    public static ErrorDetail Parse(JsonElement json)
    {
        var typeUrl = json.ValueKind == JsonValueKind.Object ? Str(json, "@type") : null;
        var name = typeUrl is null ? string.Empty : typeUrl[(typeUrl.LastIndexOf('/') + 1)..];
        try
        {
            return name switch
            {
                "google.rpc.ErrorInfo" => new ErrorInfo(typeUrl, json),
                "google.rpc.RetryInfo" => new RetryInfo(typeUrl, json),
                "google.rpc.BadRequest" => new BadRequest(typeUrl, json),
                "google.rpc.QuotaFailure" => new QuotaFailure(typeUrl, json),
                "google.rpc.PreconditionFailure" => new PreconditionFailure(typeUrl, json),
                "google.rpc.Help" => new Help(typeUrl, json),
                "google.rpc.ResourceInfo" => new ResourceInfo(typeUrl, json),
                "google.rpc.RequestInfo" => new RequestInfo(typeUrl, json),
                "google.rpc.LocalizedMessage" => new LocalizedMessage(typeUrl, json),
                "google.rpc.DebugInfo" => new DebugInfo(typeUrl, json),
                _ => new UnknownErrorDetail(typeUrl, json),
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException or OverflowException)
        {
            return new UnknownErrorDetail(typeUrl, json);
        }
    }

    private protected static string? Str(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private protected static IEnumerable<JsonElement> Items(JsonElement json, string name)
    {
        if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    yield return item;
                }
            }
        }
    }

    private protected static IReadOnlyDictionary<string, string> Map(JsonElement json, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                map[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        return map;
    }

    private protected static long? Int64(JsonElement json, string name)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) => n,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
    }
}
