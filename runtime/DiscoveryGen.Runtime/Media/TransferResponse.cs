using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;

namespace DiscoveryGen.Runtime;

/// <summary>A response a media transfer reads itself (headers, streamed body), with the pipeline's JSON reader at hand.</summary>
internal sealed class TransferResponse
{
    private readonly CallContext _call;
    private readonly int _attempt;

    internal TransferResponse(CallContext call, HttpResponseMessage message, int attempt)
    {
        _call = call;
        _attempt = attempt;
        Message = message;
    }

    /// <summary>The response; disposed by the pipeline unless <see cref="Detach"/> was called.</summary>
    public HttpResponseMessage Message { get; }

    /// <summary>True when the reader took ownership of <see cref="Message"/> (a streamed download).</summary>
    public bool Detached { get; private set; }

    /// <summary>Takes ownership of the response: the pipeline will not dispose it.</summary>
    public HttpResponseMessage Detach()
    {
        Detached = true;
        return Message;
    }

    /// <summary>Reads the body as JSON with <paramref name="read"/>, bounded by <see cref="ClientOptions.MaxResponseBodySize"/>.</summary>
    public Task<T> ReadJsonAsync<T>(JsonReadFunc<T> read, CancellationToken cancellationToken) =>
        ResponseReader.ReadJsonAsync(_call, Message, read, _attempt, cancellationToken);
}
