using System;
using System.Net;

namespace DiscoveryGen.Runtime;

/// <summary>
/// A call to a Google API did not succeed: the server answered with a non-2xx status, or a 2xx body could not be read.
/// The message never contains credentials or query strings.
/// </summary>
public class ApiException : Exception
{
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

    /// <summary>The parsed google.rpc.Status, when the body carried one.</summary>
    public RpcStatus? Error { get; }

    /// <summary>The response body as text, truncated to a bounded size; null when empty.</summary>
    public string? RawBody { get; }
}
