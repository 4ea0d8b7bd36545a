using System;
using System.Collections.Generic;
using System.Net;

namespace DiscoveryGen.Runtime;

/// <summary>
/// A call to a Google API did not succeed: the server answered with a non-2xx status, or a 2xx body could not be read
/// (malformed, truncated, or larger than <see cref="ClientOptions.MaxResponseBodySize"/>).
/// The message never contains credentials, API keys, query strings or headers.
/// </summary>
public class ApiException : Exception
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoHeaders =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the exception.</summary>
    public ApiException(string methodId, HttpStatusCode statusCode, RpcStatus? error, string? rawBody, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        MethodId = methodId;
        StatusCode = statusCode;
        Error = error;
        RawBody = rawBody;
    }

    /// <summary>The discovery method id of the failed call.</summary>
    public string MethodId { get; }

    /// <summary>The HTTP status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The parsed google.rpc.Status (code, message, status, typed details, legacy errors), when the body carried one.</summary>
    public RpcStatus? Error { get; }

    /// <summary>
    /// The response body as text, truncated to a bounded size (at most 64 KiB are read, 4096 characters kept);
    /// null when empty. Any credential of the call that the server echoed is replaced by <c>[REDACTED]</c>.
    /// </summary>
    public string? RawBody { get; }

    /// <summary>The HTTP method of the call (<c>GET</c>, <c>POST</c>, …); null when not recorded.</summary>
    public string? HttpMethod { get; init; }

    /// <summary>The response headers (content headers included). <c>Set-Cookie</c> values are redacted.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; init; } = NoHeaders;

    /// <summary>
    /// The server's id for the request (the <c>google.rpc.RequestInfo</c> detail, else the <c>x-request-id</c> or
    /// <c>x-goog-request-id</c> response header), for support tickets; null when the server gave none.
    /// </summary>
    public string? RequestId { get; init; }

    /// <summary>The idempotency key (<c>requestId</c> query parameter) the call carried, if any.</summary>
    public string? ClientRequestId { get; init; }

    /// <summary>How many attempts were made (1 when not retried).</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>The delay the server asked for (<c>RetryInfo</c> detail, else the <c>Retry-After</c> header), if any.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The first <c>ErrorInfo</c>'s reason, else the first legacy error's reason.</summary>
    public string? Reason => Error?.ErrorInfo?.Reason ?? (Error is { Errors.Count: > 0 } e ? e.Errors[0].Reason : null);

    /// <summary>The first <c>ErrorInfo</c>'s domain, else the first legacy error's domain.</summary>
    public string? Domain => Error?.ErrorInfo?.Domain ?? (Error is { Errors.Count: > 0 } e ? e.Errors[0].Domain : null);
}
