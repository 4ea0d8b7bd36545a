using System;
using System.Collections.Generic;
using System.Text.Json;

namespace DiscoveryGen.Runtime.Auth;

/// <summary>Reads fields of a credentials file; errors name the field and the file, never a value.</summary>
internal static class CredentialJson
{
    public static string? Optional(JsonElement obj, string name, string source)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new GoogleAuthException($"The field '{name}' of {source} must be a string.");
        }

        var text = value.GetString();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    public static string Required(JsonElement obj, string name, string source) =>
        Optional(obj, name, source) ?? throw new GoogleAuthException($"{Capitalize(source)} has no '{name}'.");

    public static JsonElement? OptionalObject(JsonElement obj, string name, string source)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? value : throw new GoogleAuthException($"The field '{name}' of {source} must be an object.");
    }

    public static IReadOnlyList<string> Strings(JsonElement obj, string name, string source)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new GoogleAuthException($"The field '{name}' of {source} must be an array of strings.");
        }

        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(item.GetString()))
            {
                throw new GoogleAuthException($"The field '{name}' of {source} must be an array of strings.");
            }

            list.Add(item.GetString()!);
        }

        return list;
    }

    public static long? OptionalInteger(JsonElement obj, string name, string source)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new GoogleAuthException($"The field '{name}' of {source} must be an integer.");
    }

    /// <summary>
    /// An endpoint from a credentials file: absolute, and <c>https</c> (plain <c>http</c> only to a loopback address,
    /// for emulators and tests): tokens and secrets are sent there.
    /// </summary>
    public static Uri Endpoint(string text, string name, string source)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) ||
            !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)) ||
            !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new GoogleAuthException($"The field '{name}' of {source} must be an https URL (plain http only to a loopback address).");
        }

        return uri;
    }

    public static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
