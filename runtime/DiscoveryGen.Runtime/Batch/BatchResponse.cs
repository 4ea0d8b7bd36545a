using System.Collections.Generic;
using System.Net.Http;

namespace DiscoveryGen.Runtime.Batch;

/// <summary>The answers a batch response holds, in the order they came (see <see cref="BatchResponseReader"/>).</summary>
internal sealed class BatchResponse
{
    public BatchResponse(List<Part> parts) => Parts = parts;

    public List<Part> Parts { get; }

    /// <summary>
    /// One answer: its <c>Content-ID</c> (null when the part has none) and the embedded HTTP response, or why the part
    /// could not be read as one.
    /// </summary>
    public sealed record Part(string? ContentId, HttpResponseMessage? Response, string? Problem);
}
