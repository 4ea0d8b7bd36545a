using System;
using System.Net;

namespace DiscoveryGen.Runtime;

/// <summary>
/// A Google credential could not be loaded or could not obtain a token: a malformed credential file, no Application
/// Default Credentials, or a refusal by the token endpoint (<see cref="Error"/>, <see cref="ErrorDescription"/>).
/// The message never contains a secret (private key, refresh token, client secret, assertion or token). Transient
/// failures of a token endpoint (HTTP 408, 429, 5xx) are reported as <see cref="System.Net.Http.HttpRequestException"/>
/// instead, which the client retries like any transport failure.
/// </summary>
public sealed class GoogleAuthException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GoogleAuthException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public GoogleAuthException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an endpoint's refusal.</summary>
    public GoogleAuthException(string message, string? endpoint, HttpStatusCode? statusCode, string? error, string? errorDescription)
        : base(message)
    {
        Endpoint = endpoint;
        StatusCode = statusCode;
        Error = error;
        ErrorDescription = errorDescription;
    }

    /// <summary>The endpoint that refused (redacted URI), when one did.</summary>
    public string? Endpoint { get; }

    /// <summary>The endpoint's HTTP status, when one answered.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The endpoint's error code: OAuth's <c>error</c> (e.g. <c>invalid_grant</c>) or a google.rpc status (e.g. <c>PERMISSION_DENIED</c>).</summary>
    public string? Error { get; }

    /// <summary>The endpoint's explanation: OAuth's <c>error_description</c> or the google.rpc message, secrets removed.</summary>
    public string? ErrorDescription { get; }
}
