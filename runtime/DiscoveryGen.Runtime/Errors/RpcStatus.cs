using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary>The <c>google.rpc.Status</c> an API returned in its error body, with typed details and the legacy <c>errors[]</c>.</summary>
public sealed class RpcStatus
{
    /// <summary>Creates a status.</summary>
    public RpcStatus(int code, string? message, string? status, IReadOnlyList<JsonElement> details)
        : this(code, message, status, details, Array.Empty<LegacyError>())
    {
    }

    /// <summary>Creates a status with the legacy <c>errors[]</c> list.</summary>
    public RpcStatus(int code, string? message, string? status, IReadOnlyList<JsonElement> details, IReadOnlyList<LegacyError> errors)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(errors);
        Code = code;
        Message = message;
        Status = status;
        Details = details;
        Errors = errors;
        TypedDetails = details.Select(ErrorDetail.Parse).ToArray();
    }

    /// <summary>The numeric code: a google.rpc.Code for Cloud APIs, the HTTP status for older ones.</summary>
    public int Code { get; }

    /// <summary>The developer-facing error message.</summary>
    public string? Message { get; }

    /// <summary>The canonical status name, e.g. <c>NOT_FOUND</c>.</summary>
    public string? Status { get; }

    /// <summary>The <c>details</c> entries, kept as JSON (each has an <c>@type</c>).</summary>
    public IReadOnlyList<JsonElement> Details { get; }

    /// <summary>The <c>details</c> entries, typed (<see cref="ErrorInfo"/>, <see cref="BadRequest"/>, …; others as <see cref="UnknownErrorDetail"/>).</summary>
    public IReadOnlyList<ErrorDetail> TypedDetails { get; }

    /// <summary>The legacy <c>error.errors[]</c> list; empty when absent.</summary>
    public IReadOnlyList<LegacyError> Errors { get; }

    /// <summary>The first <see cref="Runtime.ErrorInfo"/> detail, if any.</summary>
    public ErrorInfo? ErrorInfo => Detail<ErrorInfo>();

    /// <summary>The first <see cref="Runtime.RetryInfo"/> detail, if any.</summary>
    public RetryInfo? RetryInfo => Detail<RetryInfo>();

    /// <summary>The first <see cref="Runtime.BadRequest"/> detail, if any.</summary>
    public BadRequest? BadRequest => Detail<BadRequest>();

    /// <summary>The first <see cref="Runtime.QuotaFailure"/> detail, if any.</summary>
    public QuotaFailure? QuotaFailure => Detail<QuotaFailure>();

    /// <summary>The first <see cref="Runtime.Help"/> detail, if any.</summary>
    public Help? Help => Detail<Help>();

    /// <summary>The first <see cref="Runtime.RequestInfo"/> detail, if any.</summary>
    public RequestInfo? RequestInfo => Detail<RequestInfo>();

    /// <summary>The first detail of type <typeparamref name="T"/>, if any.</summary>
    public T? Detail<T>()
        where T : ErrorDetail
    {
        foreach (var detail in TypedDetails)
        {
            if (detail is T typed)
            {
                return typed;
            }
        }

        return null;
    }

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
            var message = Str(error, "message");
            var status = Str(error, "status");
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

            var errors = new List<LegacyError>();
            if (error.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object)
                    {
                        errors.Add(new LegacyError(
                            Str(item, "domain"),
                            Str(item, "reason"),
                            Str(item, "message"),
                            Str(item, "location"),
                            Str(item, "locationType"),
                            Str(item, "extendedHelp"),
                            Str(item, "sendReport")));
                    }
                }
            }

            return new RpcStatus(code ?? 0, message, status, details, errors);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Converts a generated google.rpc.Status model (same JSON shape), or a Compute-style operation's <c>error</c>
    /// (<c>{"errors": [{"code": "QUOTA_EXCEEDED", "message": "…", "location": "…"}]}</c>): code 2 (UNKNOWN), the first
    /// entry's code as <see cref="Status"/> and its message, every entry in <see cref="Errors"/> (its code as the reason).
    /// </summary>
    public static RpcStatus? FromModel<T>(T? status)
        where T : class, IJsonModel<T> => FromModel(status, null);

    /// <summary>
    /// As <see cref="FromModel{T}(T)"/>, for an operation that also reports the HTTP status its failure had
    /// (Compute Engine's and Deployment Manager's <c>httpErrorStatusCode</c>): a Compute-style <c>error</c> gets the
    /// google.rpc.Code of that status (404 NOT_FOUND, 403 PERMISSION_DENIED, 409 ABORTED or, when the first entry's code
    /// says so, ALREADY_EXISTS, …; UNKNOWN for a status without one). A google.rpc.Status keeps its own code.
    /// </summary>
    /// <param name="status">The operation's <c>error</c>.</param>
    /// <param name="httpStatusCode">The operation's <c>httpErrorStatusCode</c>, when it has one.</param>
    public static RpcStatus? FromModel<T>(T? status, int? httpStatusCode)
        where T : class, IJsonModel<T>
    {
        if (status is null)
        {
            return null;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonWire.WriterOptions))
        {
            status.WriteJson(writer);
        }

        return TryParse(buffer.WrittenSpan) ?? FromErrorList(buffer.WrittenMemory, httpStatusCode) ?? new RpcStatus(0, null, null, Array.Empty<JsonElement>());
    }

    /// <summary>A Compute-style <c>error</c> object (an <c>errors</c> list of code/message/location), or null.</summary>
    private static RpcStatus? FromErrorList(ReadOnlyMemory<byte> json, int? httpStatusCode)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("errors", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var errors = new List<LegacyError>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                errors.Add(new LegacyError(null, Str(item, "code"), Str(item, "message"), Str(item, "location"), null, null, null));
            }
        }

        return errors.Count == 0
            ? null
            : new RpcStatus(CodeOfHttpStatus(httpStatusCode, errors[0].Reason), errors[0].Message, errors[0].Reason, Array.Empty<JsonElement>(), errors);
    }

    /// <summary>
    /// The google.rpc.Code an HTTP status stands for (google/rpc/code.proto's HTTP mapping, read backwards): where several
    /// codes share a status, the general one (400 INVALID_ARGUMENT, 500 INTERNAL), but a 409 whose error says
    /// <c>…ALREADY_EXISTS</c> is ALREADY_EXISTS rather than ABORTED. UNKNOWN without a status or for one no code maps to,
    /// and never CANCELLED (499): waiting reports a cancelled operation apart, and a failure must not pass for one.
    /// </summary>
    private static int CodeOfHttpStatus(int? httpStatusCode, string? reason) => httpStatusCode switch
    {
        400 => 3, // INVALID_ARGUMENT
        401 => 16, // UNAUTHENTICATED
        403 => 7, // PERMISSION_DENIED
        404 => 5, // NOT_FOUND
        409 => reason is not null && reason.EndsWith("ALREADY_EXISTS", StringComparison.Ordinal) ? 6 : 10, // ALREADY_EXISTS, ABORTED
        412 => 9, // FAILED_PRECONDITION
        416 => 11, // OUT_OF_RANGE
        429 => 8, // RESOURCE_EXHAUSTED
        500 => 13, // INTERNAL
        501 => 12, // UNIMPLEMENTED
        503 => 14, // UNAVAILABLE
        504 => 4, // DEADLINE_EXCEEDED
        _ => 2, // UNKNOWN
    };

    private static string? Str(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <inheritdoc />
    public override string ToString() => $"{Status ?? Code.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {Message}";
}
