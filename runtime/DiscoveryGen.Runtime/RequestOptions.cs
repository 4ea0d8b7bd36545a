using System;
using System.Collections.Generic;

namespace DiscoveryGen.Runtime;

/// <summary>
/// Per-call settings: the standard query parameters every Google API accepts, extra headers, and per-call overrides
/// of the service's retry, timeout, auth and compression settings (null keeps the <see cref="ClientOptions"/> value).
/// </summary>
public sealed class RequestOptions
{
    /// <summary>Partial-response selector (<c>fields</c>), e.g. <c>name,done</c>.</summary>
    public string? Fields { get; set; }

    /// <summary>Quota attribution for server-side applications (<c>quotaUser</c>).</summary>
    public string? QuotaUser { get; set; }

    /// <summary>Ask the server for pretty-printed JSON (<c>prettyPrint</c>); null leaves the server default.</summary>
    public bool? PrettyPrint { get; set; }

    /// <summary>Error format version (<c>$.xgafv</c>): "1" or "2".</summary>
    public string? ErrorFormat { get; set; }

    /// <summary>Response format (<c>alt</c>): <c>json</c> (the default), <c>media</c> or <c>proto</c>.</summary>
    public string? Alt { get; set; }

    /// <summary>JSONP callback name (<c>callback</c>).</summary>
    public string? Callback { get; set; }

    /// <summary>An OAuth access token as a query parameter (<c>access_token</c>); prefer the Authorization header.</summary>
    public string? AccessToken { get; set; }

    /// <summary>An OAuth 2.0 token as a query parameter (<c>oauth_token</c>); prefer the Authorization header.</summary>
    public string? OAuthToken { get; set; }

    /// <summary>Legacy upload protocol for media (<c>uploadType</c>), e.g. <c>media</c>, <c>multipart</c>, <c>resumable</c>.</summary>
    public string? UploadType { get; set; }

    /// <summary>Upload protocol for media (<c>upload_protocol</c>), e.g. <c>raw</c>, <c>multipart</c>.</summary>
    public string? UploadProtocol { get; set; }

    /// <summary>
    /// Extra HTTP request headers (they replace the runtime's own of the same name). Values containing CR or LF are
    /// rejected before sending. An <c>If-Match</c> header makes the call an etag-conditioned, retryable one.
    /// </summary>
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Extra query parameters (name → value), appended after the method's own.</summary>
    public IDictionary<string, string>? QueryParameters { get; set; }

    /// <summary>This call's retry policy.</summary>
    public RetryPolicy? Retry { get; set; }

    /// <summary>
    /// Whether this call may be retried: true opts a POST/PATCH in (the caller knows repeating it is harmless),
    /// false forbids retries even for GET. Null classifies by verb, request id and etag.
    /// </summary>
    public bool? Idempotent { get; set; }

    /// <summary>This call's deadline (all attempts); <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>This call's per-attempt deadline.</summary>
    public TimeSpan? AttemptTimeout { get; set; }

    /// <summary>Whether to gzip this call's request body.</summary>
    public bool? GzipRequestBody { get; set; }

    /// <summary>This call's token provider (e.g. another principal).</summary>
    public IAccessTokenProvider? AccessTokenProvider { get; set; }

    /// <summary>This call's API key.</summary>
    public string? ApiKey { get; set; }

    /// <summary>This call's quota project (<c>x-goog-user-project</c>).</summary>
    public string? QuotaProject { get; set; }
}
