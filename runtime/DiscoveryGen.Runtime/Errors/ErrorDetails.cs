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

/// <summary>A detail whose <c>@type</c> this runtime does not type; its JSON is in <see cref="ErrorDetail.Json"/>.</summary>
public sealed class UnknownErrorDetail : ErrorDetail
{
    internal UnknownErrorDetail(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
    }
}

/// <summary><c>google.rpc.ErrorInfo</c>: the machine-readable cause of an error.</summary>
public sealed class ErrorInfo : ErrorDetail
{
    internal ErrorInfo(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        Reason = Str(json, "reason");
        Domain = Str(json, "domain");
        Metadata = Map(json, "metadata");
    }

    /// <summary>The reason, UPPER_SNAKE_CASE, unique within <see cref="Domain"/> (e.g. <c>RATE_LIMIT_EXCEEDED</c>).</summary>
    public string? Reason { get; }

    /// <summary>The logical grouping of the reason, usually the service name (e.g. <c>googleapis.com</c>).</summary>
    public string? Domain { get; }

    /// <summary>Additional structured details.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}

/// <summary><c>google.rpc.RetryInfo</c>: how long the client should wait before retrying.</summary>
public sealed class RetryInfo : ErrorDetail
{
    internal RetryInfo(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        var delay = Str(json, "retryDelay");
        RetryDelay = delay is null ? null : WireFormat.ParseDuration(delay);
    }

    /// <summary>The server's requested minimum delay; null when the detail carries none.</summary>
    public TimeSpan? RetryDelay { get; }
}

/// <summary><c>google.rpc.BadRequest</c>: which request fields were invalid.</summary>
public sealed class BadRequest : ErrorDetail
{
    internal BadRequest(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        var list = new List<FieldViolation>();
        foreach (var item in Items(json, "fieldViolations"))
        {
            var localized = item.TryGetProperty("localizedMessage", out var lm) ? Str(lm, "message") : null;
            list.Add(new FieldViolation(Str(item, "field"), Str(item, "description"), Str(item, "reason"), localized));
        }

        FieldViolations = list;
    }

    /// <summary>The violations.</summary>
    public IReadOnlyList<FieldViolation> FieldViolations { get; }
}

/// <summary>One invalid field of a <see cref="BadRequest"/>.</summary>
/// <param name="Field">Path to the field, e.g. <c>codeRepositoryIndex.kmsKey</c>.</param>
/// <param name="Description">Why the value is invalid.</param>
/// <param name="Reason">The machine-readable reason, when given.</param>
/// <param name="LocalizedMessage">A localized message, when given.</param>
public sealed record FieldViolation(string? Field, string? Description, string? Reason, string? LocalizedMessage);

/// <summary><c>google.rpc.QuotaFailure</c>: which quota check failed.</summary>
public sealed class QuotaFailure : ErrorDetail
{
    internal QuotaFailure(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        var list = new List<QuotaViolation>();
        foreach (var item in Items(json, "violations"))
        {
            list.Add(new QuotaViolation(
                Str(item, "subject"),
                Str(item, "description"),
                Str(item, "apiService"),
                Str(item, "quotaMetric"),
                Str(item, "quotaId"),
                Map(item, "quotaDimensions"),
                Int64(item, "quotaValue"),
                Int64(item, "futureQuotaValue")));
        }

        Violations = list;
    }

    /// <summary>The violations.</summary>
    public IReadOnlyList<QuotaViolation> Violations { get; }
}

/// <summary>One failed quota check of a <see cref="QuotaFailure"/>.</summary>
public sealed record QuotaViolation(
    string? Subject,
    string? Description,
    string? ApiService,
    string? QuotaMetric,
    string? QuotaId,
    IReadOnlyDictionary<string, string> QuotaDimensions,
    long? QuotaValue,
    long? FutureQuotaValue);

/// <summary><c>google.rpc.PreconditionFailure</c>: which preconditions failed.</summary>
public sealed class PreconditionFailure : ErrorDetail
{
    internal PreconditionFailure(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        var list = new List<PreconditionViolation>();
        foreach (var item in Items(json, "violations"))
        {
            list.Add(new PreconditionViolation(Str(item, "type"), Str(item, "subject"), Str(item, "description")));
        }

        Violations = list;
    }

    /// <summary>The violations.</summary>
    public IReadOnlyList<PreconditionViolation> Violations { get; }
}

/// <summary>One failed precondition of a <see cref="PreconditionFailure"/>.</summary>
public sealed record PreconditionViolation(string? Type, string? Subject, string? Description);

/// <summary><c>google.rpc.Help</c>: links to documentation.</summary>
public sealed class Help : ErrorDetail
{
    internal Help(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        var list = new List<HelpLink>();
        foreach (var item in Items(json, "links"))
        {
            list.Add(new HelpLink(Str(item, "description"), Str(item, "url")));
        }

        Links = list;
    }

    /// <summary>The links.</summary>
    public IReadOnlyList<HelpLink> Links { get; }
}

/// <summary>One link of a <see cref="Help"/> detail.</summary>
public sealed record HelpLink(string? Description, string? Url);

/// <summary><c>google.rpc.ResourceInfo</c>: the resource the error is about.</summary>
public sealed class ResourceInfo : ErrorDetail
{
    internal ResourceInfo(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        ResourceType = Str(json, "resourceType");
        ResourceName = Str(json, "resourceName");
        Owner = Str(json, "owner");
        Description = Str(json, "description");
    }

    /// <summary>The resource type.</summary>
    public string? ResourceType { get; }

    /// <summary>The resource name.</summary>
    public string? ResourceName { get; }

    /// <summary>The resource owner.</summary>
    public string? Owner { get; }

    /// <summary>What went wrong with the resource.</summary>
    public string? Description { get; }
}

/// <summary><c>google.rpc.RequestInfo</c>: the server's id for the request, for support tickets.</summary>
public sealed class RequestInfo : ErrorDetail
{
    internal RequestInfo(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        RequestId = Str(json, "requestId");
        ServingData = Str(json, "servingData");
    }

    /// <summary>The server's opaque request id.</summary>
    public string? RequestId { get; }

    /// <summary>Opaque debugging data.</summary>
    public string? ServingData { get; }
}

/// <summary><c>google.rpc.LocalizedMessage</c>: a user-facing message in a locale.</summary>
public sealed class LocalizedMessage : ErrorDetail
{
    internal LocalizedMessage(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        Locale = Str(json, "locale");
        Message = Str(json, "message");
    }

    /// <summary>The BCP-47 locale.</summary>
    public string? Locale { get; }

    /// <summary>The message.</summary>
    public string? Message { get; }
}

/// <summary><c>google.rpc.DebugInfo</c>: server-side debugging information.</summary>
public sealed class DebugInfo : ErrorDetail
{
    internal DebugInfo(string? typeUrl, JsonElement json)
        : base(typeUrl, json)
    {
        var entries = new List<string>();
        if (json.TryGetProperty("stackEntries", out var s) && s.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in s.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    entries.Add(item.GetString()!);
                }
            }
        }

        StackEntries = entries;
        Detail = Str(json, "detail");
    }

    /// <summary>The stack entries.</summary>
    public IReadOnlyList<string> StackEntries { get; }

    /// <summary>Other debugging data.</summary>
    public string? Detail { get; }
}

/// <summary>One entry of the legacy (pre-google.rpc.Status) <c>error.errors[]</c> list some APIs still send.</summary>
public sealed record LegacyError(
    string? Domain,
    string? Reason,
    string? Message,
    string? Location,
    string? LocationType,
    string? ExtendedHelp,
    string? SendReport);
