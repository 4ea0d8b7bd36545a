using System;
using System.Collections.Generic;
using System.Text;

namespace DiscoveryGen.Runtime.Testing;

/// <summary>One request an <see cref="ApiStubHandler"/> received.</summary>
/// <param name="MethodId">The discovery method id, or null for a request not sent by an ApiClient.</param>
/// <param name="HttpMethod">The HTTP verb.</param>
/// <param name="Uri">The full request URI.</param>
/// <param name="Headers">Request and content headers.</param>
/// <param name="Body">The request body as sent (possibly gzip-compressed).</param>
public sealed record ApiStubRequest(string? MethodId, string HttpMethod, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);
}
