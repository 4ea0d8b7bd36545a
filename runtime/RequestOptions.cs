using System;
using System.Collections.Generic;

namespace DiscoveryGen.Runtime;

/// <summary>
/// Per-call settings: the standard query parameters every Google API accepts, and extra headers.
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

    /// <summary>An API key (<c>key</c>). Sent as a query parameter; never logged or put in exception messages.</summary>
    public string? Key { get; set; }

    /// <summary>An OAuth access token as a query parameter (<c>access_token</c>); prefer the Authorization header.</summary>
    public string? AccessToken { get; set; }

    /// <summary>An OAuth 2.0 token as a query parameter (<c>oauth_token</c>); prefer the Authorization header.</summary>
    public string? OAuthToken { get; set; }

    /// <summary>Legacy upload protocol for media (<c>uploadType</c>), e.g. <c>media</c>, <c>multipart</c>, <c>resumable</c>.</summary>
    public string? UploadType { get; set; }

    /// <summary>Upload protocol for media (<c>upload_protocol</c>), e.g. <c>raw</c>, <c>multipart</c>.</summary>
    public string? UploadProtocol { get; set; }

    /// <summary>Extra HTTP request headers. Values containing CR or LF are rejected before sending.</summary>
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Extra query parameters (name → value), appended after the method's own.</summary>
    public IDictionary<string, string>? QueryParameters { get; set; }
}
