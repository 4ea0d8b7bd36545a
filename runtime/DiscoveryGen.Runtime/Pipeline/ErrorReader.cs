using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>
/// Turns a response into an <see cref="ApiException"/>: the error body read bounded and redacted, parsed as
/// <c>google.rpc.Status</c> (or kept as a snippet), the response headers (cookies and credentials masked), the server's
/// requested retry delay (<c>RetryInfo</c> or <c>Retry-After</c>).
/// </summary>
internal static class ErrorReader
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private const int MaxErrorBodyChars = 4096;

    // A reader's complaint quotes the value it rejected, which a server can make as long as the body.
    private const int MaxComplaintChars = 512;

    /// <summary>The exception for a non-success status; its body is read here (at most 64 KiB) and disposed by the caller.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ApiException> CreateExceptionAsync(CallContext call, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var request = call.Request;
        var attempt = call.Attempt;
        byte[] buffer;
        int length;
        var truncated = false;
        try
        {
            (buffer, length) = await ResponseReader.ReadBodyAsync(call, response, MaxErrorBodyBytes, throwWhenLarger: false, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The error body broke off: report the status without it.
            (buffer, length, truncated) = (ArrayPool<byte>.Shared.Rent(1), 0, true);
        }

        try
        {
            // A server may echo a credential (an "invalid key: …" message), also JSON-escaped: parse the redacted
            // body, so no part of the exception, parsed status and details included, can carry it.
            ReadOnlySpan<byte> body = buffer.AsSpan(0, length);
            if (call.HasSecrets && length > 0)
            {
                var text = Encoding.UTF8.GetString(body);
                var redacted = call.RedactBody(text);
                if (!ReferenceEquals(text, redacted))
                {
                    body = Encoding.UTF8.GetBytes(redacted);
                }
            }

            var error = RpcStatus.TryParse(body);
            var raw = BoundedText(body);
            var status = (int)response.StatusCode;
            var message = new StringBuilder(128)
                .Append(request.Method.Id).Append(" failed with HTTP ").Append(status);
            if (!string.IsNullOrEmpty(response.ReasonPhrase))
            {
                message.Append(" (").Append(response.ReasonPhrase).Append(')');
            }

            if (error is not null)
            {
                message.Append(": ").Append(error.Status ?? "error").Append(": ").Append(error.Message);
                if (error.ErrorInfo?.Reason is { } reason)
                {
                    message.Append(" [reason ").Append(reason);
                    if (error.ErrorInfo.Domain is { } domain)
                    {
                        message.Append(", domain ").Append(domain);
                    }

                    message.Append(']');
                }
                else if (error.Errors.Count > 0 && error.Errors[0].Reason is { } legacyReason)
                {
                    message.Append(" [reason ").Append(legacyReason).Append(']');
                }
            }
            else if (truncated)
            {
                message.Append("; the error body could not be read (the connection closed early).");
            }
            else if (raw is null)
            {
                message.Append(" and an empty body.");
            }
            else
            {
                var mediaType = response.Content.Headers.ContentType?.MediaType ?? "unknown content type";
                message.Append(" and a non-JSON or truncated body (").Append(mediaType).Append("): ").Append(Snippet(raw));
            }

            if (attempt > 1)
            {
                message.Append(" (after ").Append(attempt.ToString(CultureInfo.InvariantCulture)).Append(" attempts)");
            }

            var headers = SnapshotHeaders(call, response);
            var retryAfter = error?.RetryInfo?.RetryDelay ?? RetryAfterHeader(response, call.Client.Options.TimeProvider);
            return new ApiException(request.Method.Id, response.StatusCode, error, raw, call.Sanitize(message.ToString()))
            {
                HttpMethod = call.VerbName,
                Headers = headers,
                RequestId = error?.RequestInfo?.RequestId ?? First(headers, "x-request-id") ?? First(headers, "x-goog-request-id"),
                ClientRequestId = request.RequestId,
                Attempts = attempt,
                RetryAfter = retryAfter,
            };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A success body larger than <see cref="ClientOptions.MaxResponseBodySize"/> (by Content-Length, or once read past it).</summary>
    public static ApiException TooLarge(CallContext call, HttpResponseMessage response, long limit, long? declared) =>
        new(
            call.Request.Method.Id,
            response.StatusCode,
            error: null,
            rawBody: null,
            $"{call.Request.Method.Id}: the {(int)response.StatusCode} response body " +
            (declared is { } d ? $"({d.ToString(CultureInfo.InvariantCulture)} bytes) " : string.Empty) +
            $"exceeds ClientOptions.MaxResponseBodySize ({limit.ToString(CultureInfo.InvariantCulture)} bytes); it was not read.")
        {
            HttpMethod = call.VerbName,
            Headers = SnapshotHeaders(call, response),
            ClientRequestId = call.Request.RequestId,
        };

    /// <summary>A success body with more JSON values than <see cref="ClientOptions.MaxResponseJsonValues"/>.</summary>
    public static ApiException TooManyValues(CallContext call, HttpResponseMessage response, long limit) =>
        new(
            call.Request.Method.Id,
            response.StatusCode,
            error: null,
            rawBody: null,
            $"{call.Request.Method.Id}: the {(int)response.StatusCode} response body holds more than " +
            $"{limit.ToString("N0", CultureInfo.InvariantCulture)} JSON values (ClientOptions.MaxResponseJsonValues); it was not read. " +
            "Ask for smaller pages, or raise the limit for this service.")
        {
            HttpMethod = call.VerbName,
            Headers = SnapshotHeaders(call, response),
            ClientRequestId = call.Request.RequestId,
            Attempts = call.Attempt,
        };

    /// <summary>
    /// A success body the model's reader rejected (malformed JSON, a value out of range or in the wrong format, trailing
    /// data): the raw text (bounded, redacted), where it failed (<paramref name="path"/>, e.g. <c>$.items[3].timeout</c>)
    /// and the reader's complaint, redacted and on one line. The reader's exception is kept as the inner exception's
    /// cause only when its text carries neither a secret nor a line break.
    /// </summary>
    public static ApiException Unreadable(CallContext call, HttpResponseMessage response, ReadOnlySpan<byte> body, Type resultType, Exception exception, string path)
    {
        var request = call.Request;
        var status = response.StatusCode;
        var complaint = Clip(call.Sanitize(exception.Message), MaxComplaintChars);
        var where = Clip(call.Sanitize(path), MaxComplaintChars);
        var clean = true;
        for (var e = exception; e is not null && clean; e = e.InnerException)
        {
            clean = ReferenceEquals(call.Sanitize(e.Message), e.Message);
        }

        var inner = new System.Text.Json.JsonException(complaint, where, lineNumber: null, bytePositionInLine: null, clean ? exception : null);
        return new ApiException(
            request.Method.Id,
            status,
            error: null,
            rawBody: body.IsEmpty ? null : Cut(call.RedactBody(Encoding.UTF8.GetString(body[..Math.Min(body.Length, MaxErrorBodyBytes)]))),
            $"{request.Method.Id}: the {(int)status} response could not be read as {resultType.Name} at {where}: {complaint}",
            inner)
        {
            HttpMethod = call.VerbName,
            Headers = SnapshotHeaders(call, response),
            ClientRequestId = request.RequestId,
            Attempts = call.Attempt,
        };
    }

    /// <summary>The server's <c>Retry-After</c> as a delay from now (a date in the past is zero); null without one.</summary>
    public static TimeSpan? RetryAfterHeader(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>
    /// Response and content headers by name (case-insensitive): cookies and credentials replaced by the placeholder, and
    /// any secret of the call a server echoed in a header redacted.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> SnapshotHeaders(CallContext call, HttpResponseMessage response)
    {
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
        {
            var redact = header.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) ||
                header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ||
                header.Key.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase);
            map[call.Redact(header.Key)!] = redact
                ? header.Value.Select(static _ => Redaction.Placeholder).ToArray()
                : header.Value.Select(value => call.Redact(value)!).ToArray();
        }

        return map;
    }

    /// <summary>The body as text, cut at 4,096 characters; null when empty.</summary>
    public static string? BoundedText(ReadOnlySpan<byte> body) => body.IsEmpty ? null : Cut(Encoding.UTF8.GetString(body));

    // Cut after redacting, never before: a cut could leave part of a secret that redaction no longer recognizes.
    private static string Cut(string text) => text.Length <= MaxErrorBodyChars ? text : text[..MaxErrorBodyChars];

    private static string? First(IReadOnlyDictionary<string, IReadOnlyList<string>> headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private static string Snippet(string text)
    {
        var single = text.ReplaceLineEndings(" ").Trim();
        return single.Length <= 200 ? single : single[..200] + "…";
    }
}
