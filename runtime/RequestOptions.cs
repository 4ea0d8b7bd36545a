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

    /// <summary>Extra HTTP request headers. Values containing CR or LF are rejected before sending.</summary>
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Extra query parameters (name → value), appended after the method's own.</summary>
    public IDictionary<string, string>? QueryParameters { get; set; }
}
