using System;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>
/// One concern of sending a call (tracing, the deadline, retries, the attempt timeout, auth, the HTTP exchange). A stage
/// does its part and hands the call to the stages after it; <see cref="CallPipeline"/> fixes their order. Stages are
/// created once per <see cref="ApiClient"/> and shared by its concurrent calls: per-call state lives in <see cref="CallContext"/>.
/// </summary>
internal abstract class CallStage
{
    /// <summary>Runs this stage for <paramref name="call"/>; <paramref name="next"/> are the stages after it, in order.</summary>
    public abstract ValueTask ProcessAsync(CallContext call, ReadOnlyMemory<CallStage> next);

    /// <summary>Runs the rest of the pipeline.</summary>
    protected static ValueTask ProcessNextAsync(CallContext call, ReadOnlyMemory<CallStage> next) =>
        next.IsEmpty
            ? throw new InvalidOperationException("The pipeline ends without a transport stage.")
            : next.Span[0].ProcessAsync(call, next[1..]);
}
