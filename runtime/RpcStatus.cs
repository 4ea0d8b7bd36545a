using System;
using System.Collections.Generic;
using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary>The <c>google.rpc.Status</c> an API returned in its error body.</summary>
public sealed class RpcStatus
{
    /// <summary>Creates a status.</summary>
    public RpcStatus(int code, string? message, string? status, IReadOnlyList<JsonElement> details)
    {
        Code = code;
        Message = message;
        Status = status;
        Details = details;
    }

    /// <summary>The numeric code: a google.rpc.Code for Cloud APIs, the HTTP status for older ones.</summary>
    public int Code { get; }

    /// <summary>The developer-facing error message.</summary>
    public string? Message { get; }

    /// <summary>The canonical status name, e.g. <c>NOT_FOUND</c>.</summary>
    public string? Status { get; }

    /// <summary>The <c>details</c> entries, kept as JSON (each has an <c>@type</c>).</summary>
    public IReadOnlyList<JsonElement> Details { get; }

    /// <summary>
    /// Parses <c>{"error": {...}}</c> (or a bare status object). Returns null when the body is not such JSON.
    /// </summary>
    public static RpcStatus? TryParse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var error = root.TryGetProperty("error", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : root;
            int? code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var status = error.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (code is null && message is null && status is null)
            {
                return null;
            }

            var details = new List<JsonElement>();
            if (error.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in d.EnumerateArray())
                {
                    details.Add(item.Clone());
                }
            }

            return new RpcStatus(code ?? 0, message, status, details);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Converts a generated google.rpc.Status model (same JSON shape).</summary>
    public static RpcStatus? FromModel<T>(T? status)
        where T : class, IJsonModel<T>
    {
        if (status is null)
        {
            return null;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            status.WriteJson(writer);
        }

        return TryParse(buffer.WrittenSpan) ?? new RpcStatus(0, null, null, Array.Empty<JsonElement>());
    }

    /// <inheritdoc />
    public override string ToString() => $"{Status ?? Code.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {Message}";
}
