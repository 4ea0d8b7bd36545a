using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text.Json;

namespace DiscoveryGen.Parity.Tests.Infrastructure;

/// <summary>
/// The discovery document the generated client came from, read at test time so body comparison knows each JSON field's
/// discovery <c>format</c> (the int64 and date-time rules apply only to fields the document declares with that format).
/// </summary>
public sealed class DiscoverySchemas
{
    private static readonly ConcurrentDictionary<string, DiscoverySchemas> Cache = new(StringComparer.Ordinal);
    private readonly JsonDocument _document;

    private DiscoverySchemas(JsonDocument document) => _document = document;

    public static DiscoverySchemas Load(string path) =>
        Cache.GetOrAdd(path, p => new DiscoverySchemas(JsonDocument.Parse(File.ReadAllBytes(p))));

    /// <summary>The method's request schema (resolved), or null when the method takes no body.</summary>
    public JsonElement? RequestSchema(string methodId)
    {
        var method = FindMethod(_document.RootElement, methodId)
            ?? throw new ArgumentException($"The discovery document declares no method '{methodId}'.", nameof(methodId));
        return method.TryGetProperty("request", out var request) ? Resolve(request) : null;
    }

    /// <summary>Follows <c>$ref</c> to the named schema.</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference))
        {
            schema = _document.RootElement.GetProperty("schemas").GetProperty(reference.GetString()!);
        }

        return schema;
    }

    /// <summary>The schema of property <paramref name="name"/> of an object schema (declared or additionalProperties).</summary>
    public JsonElement? Property(JsonElement? objectSchema, string name)
    {
        if (objectSchema is not { ValueKind: JsonValueKind.Object } schema)
        {
            return null;
        }

        if (schema.TryGetProperty("properties", out var properties) && properties.TryGetProperty(name, out var property))
        {
            return Resolve(property);
        }

        return schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object
            ? Resolve(additional)
            : null;
    }

    /// <summary>The item schema of an array schema.</summary>
    public JsonElement? Items(JsonElement? arraySchema) =>
        arraySchema is { ValueKind: JsonValueKind.Object } schema && schema.TryGetProperty("items", out var items) ? Resolve(items) : null;

    public static string? Format(JsonElement? schema) =>
        schema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("format", out var format) ? format.GetString() : null;

    private static JsonElement? FindMethod(JsonElement container, string methodId)
    {
        if (container.TryGetProperty("methods", out var methods))
        {
            foreach (var method in methods.EnumerateObject())
            {
                if (method.Value.TryGetProperty("id", out var id) && id.GetString() == methodId)
                {
                    return method.Value;
                }
            }
        }

        if (container.TryGetProperty("resources", out var resources))
        {
            foreach (var resource in resources.EnumerateObject())
            {
                if (FindMethod(resource.Value, methodId) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }
}
