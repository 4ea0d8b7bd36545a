using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>A call whose answer is read into <see cref="Result"/>: as JSON by default, or by a media transfer's own reader.</summary>
internal sealed class CallContext<T> : CallContext
{
    private readonly JsonReadFunc<T>? _read;
    private readonly Func<CallContext, CancellationToken, ValueTask<T>>? _answer;

    /// <summary>A call whose success body is JSON read with <paramref name="read"/>; null reads nothing (<see cref="Result"/> stays default).</summary>
    public CallContext(ApiClient client, ApiRequest request, RequestOptions? options, JsonReadFunc<T>? read)
        : base(client, request, options) => _read = read;

    /// <summary>A call whose success response <paramref name="answer"/> reads (headers, status, or the body as a stream).</summary>
    public CallContext(ApiClient client, ApiRequest request, RequestOptions? options, Func<CallContext, CancellationToken, ValueTask<T>> answer)
        : base(client, request, options) => _answer = answer;

    /// <summary>What the answer reader produced.</summary>
    public T Result { get; private set; } = default!;

    /// <inheritdoc />
    public override ValueTask ReadAnswerAsync(CancellationToken cancellationToken) =>
        _answer is not null || _read is not null ? ReadResultAsync(cancellationToken) : default;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReadResultAsync(CancellationToken cancellationToken) =>
        Result = _answer is not null
            ? await _answer(this, cancellationToken).ConfigureAwait(false)
            : await ReadJsonAsync(_read!, cancellationToken).ConfigureAwait(false);
}
