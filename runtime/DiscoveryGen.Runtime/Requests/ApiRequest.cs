using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary>
/// One request as a generated method builds it: the method, the expanded relative path, query parameters and an
/// optional JSON body. Generated code fills it; <see cref="ApiClient"/> sends it.
/// </summary>
public sealed class ApiRequest
{
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();
    private StringBuilder? _query;
    private bool _precondition;

    /// <summary>Creates a request for <paramref name="method"/> with an already expanded path.</summary>
    public ApiRequest(MethodDescriptor method, string relativePath)
    {
        Method = method;
        RelativePath = relativePath;
    }

    /// <summary>The method being called.</summary>
    public MethodDescriptor Method { get; }

    /// <summary>The expanded path, relative to the base URI (no leading slash).</summary>
    public string RelativePath { get; }

    /// <summary>The method's <c>apiVersion</c>, sent as the <c>X-Goog-Api-Version</c> header; null for none.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>
    /// The method's expanded <c>mediaUpload.protocols.simple.path</c> (absolute, e.g. <c>/upload/storage/v1/b/my-bucket/o</c>),
    /// used by simple and multipart uploads; null when the method has none.
    /// </summary>
    public string? SimpleUploadPath { get; set; }

    /// <summary>The method's expanded <c>mediaUpload.protocols.resumable.path</c>; null when the method offers no resumable upload.</summary>
    public string? ResumableUploadPath { get; set; }

    /// <summary>The UTF-8 JSON body, or null for none.</summary>
    public ReadOnlyMemory<byte>? JsonBody { get; private set; }

    /// <summary>The encoded query string without the leading <c>?</c> (empty when none).</summary>
    public string Query => _query?.ToString() ?? string.Empty;

    /// <summary>
    /// The idempotency key the call carries: the value of its <c>requestId</c> query parameter (AIP-155), or null.
    /// A call with one is safe to retry: the server recognises the repeat.
    /// </summary>
    public string? RequestId { get; private set; }

    /// <summary>
    /// True when the call carries a precondition the document declares: a non-empty etag in the request schema's
    /// <c>etag</c> field (<see cref="SetEtag(string)"/>) or a value for an <c>if…Match</c> parameter
    /// (<see cref="AddPrecondition(string, string)"/>). The server rejects a stale repeat, so the call is safe to retry.
    /// The body's JSON is never searched: a user map with a key <c>etag</c> is no precondition.
    /// </summary>
    public bool HasEtagPrecondition => _precondition;

    /// <summary>
    /// Records the etag the body carries in the field its schema declares (generated code passes it); a non-empty one
    /// makes the call a conditional, retryable one.
    /// </summary>
    public void SetEtag(string? etag) => _precondition |= !string.IsNullOrEmpty(etag);

    /// <summary>Records a bytes-typed etag (e.g. an IAM policy's) the body carries; a non-empty one is a precondition.</summary>
    public void SetEtag(byte[]? etag) => _precondition |= etag is { Length: > 0 };

    /// <summary>
    /// Adds an <c>if…Match</c> query parameter the document declares (e.g. <c>ifGenerationMatch</c>); a value makes the
    /// call a conditional, retryable one. Null sends nothing.
    /// </summary>
    public void AddPrecondition(string name, string? value)
    {
        AddQuery(name, value);
        _precondition |= !string.IsNullOrEmpty(value);
    }

    /// <summary>Adds an integer <c>if…Match</c> query parameter (e.g. <c>ifGenerationMatch</c>); null sends nothing.</summary>
    public void AddPrecondition(string name, long? value) => AddPrecondition(name, value is { } v ? WireFormat.Format(v) : null);

    /// <summary>Adds an unsigned integer <c>if…Match</c> query parameter; null sends nothing.</summary>
    public void AddPrecondition(string name, ulong? value) => AddPrecondition(name, value is { } v ? WireFormat.Format(v) : null);

    /// <summary>Adds a query parameter; null values are not sent.</summary>
    public void AddQuery(string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        // Escaped first: a value that cannot be sent (a lone surrogate) throws before the query changes.
        var escapedName = PathEncoding.Escape(name);
        var escapedValue = PathEncoding.Escape(value, name);
        _query ??= new StringBuilder();
        if (_query.Length > 0)
        {
            _query.Append('&');
        }

        _query.Append(escapedName).Append('=').Append(escapedValue);
        if (name == "requestId" && value.Length > 0)
        {
            RequestId = value;
        }
    }

    /// <summary>Adds an int32 query parameter.</summary>
    public void AddQuery(string name, int? value) => AddQuery(name, value is { } v ? WireFormat.Format(v) : null);

    /// <summary>Adds a uint32 query parameter.</summary>
    public void AddQuery(string name, uint? value) => AddQuery(name, value is { } v ? WireFormat.Format(v) : null);

    /// <summary>Adds an int64 query parameter.</summary>
    public void AddQuery(string name, long? value) => AddQuery(name, value is { } v ? WireFormat.Format(v) : null);

    /// <summary>Adds a uint64 query parameter.</summary>
    public void AddQuery(string name, ulong? value) => AddQuery(name, value is { } v ? WireFormat.Format(v) : null);

    /// <summary>Adds a double query parameter.</summary>
    public void AddQuery(string name, double? value) => AddQuery(name, value is { } v ? WireFormat.Format(v) : null);

    /// <summary>Adds a float query parameter.</summary>
    public void AddQuery(string name, float? value) => AddQuery(name, value is { } v ? WireFormat.Format(v) : null);

    /// <summary>Adds a boolean query parameter (<c>true</c>/<c>false</c>).</summary>
    public void AddQuery(string name, bool? value) => AddQuery(name, value is { } v ? WireFormat.Format(v) : null);

    /// <summary>Adds a repeated query parameter as <c>name=a&amp;name=b</c>; null or empty sends nothing.</summary>
    public void AddQuery<T>(string name, IEnumerable<T>? values, Func<T, string> format)
    {
        if (values is null)
        {
            return;
        }

        foreach (var value in values)
        {
            AddQuery(name, format(value));
        }
    }

    /// <summary>
    /// Sets the JSON body written by the model's generated writer. A null body throws as a missing required argument
    /// named <c>body</c> (generated methods whose body argument has that name leave the check to this call).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public void SetJsonBody<T>(T body)
        where T : IJsonModel<T>
    {
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body), "Required parameter 'body' is null.");
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonWire.WriterOptions))
        {
            body.WriteJson(writer);
        }

        JsonBody = buffer.WrittenMemory;
    }

    /// <summary>
    /// Sets a JSON body written by <paramref name="write"/> (request schemas that are not objects, and the
    /// <c>{"data": …}</c> wrapping of a few APIs). A null body throws as <see cref="SetJsonBody{T}(T)"/> does.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> or <paramref name="write"/> is null.</exception>
    public void SetJsonBody<T>(T body, Action<Utf8JsonWriter, T> write)
    {
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body), "Required parameter 'body' is null.");
        }

        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonWire.WriterOptions))
        {
            write(writer, body);
        }

        JsonBody = buffer.WrittenMemory;
    }

    /// <summary>Sets a JSON body of any value (for <c>type: any</c> request schemas).</summary>
    public void SetJsonBody(JsonElement body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonWire.WriterOptions))
        {
            JsonWire.WriteAny(writer, body);
        }

        JsonBody = buffer.WrittenMemory;
    }

    /// <summary>Sets the body <c>{}</c>, for request schemas without properties (as Google's clients send).</summary>
    public void SetEmptyJsonBody() => JsonBody = EmptyObject;
}
