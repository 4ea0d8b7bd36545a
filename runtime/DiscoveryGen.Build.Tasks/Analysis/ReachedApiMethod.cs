using System.Collections.Generic;

namespace DiscoveryGen.Build.Tasks.Analysis;

/// <summary>A discovery method the app's code can reach, and the app's own methods it is reached from.</summary>
internal sealed class ReachedApiMethod
{
    public ReachedApiMethod(ApiMethod method, IReadOnlyList<string> calledFrom)
    {
        Method = method;
        CalledFrom = calledFrom;
    }

    public ApiMethod Method { get; }

    /// <summary>The app's methods (not generated client code) whose calls lead to the method, as <c>Type.Method</c>, ordinal order.</summary>
    public IReadOnlyList<string> CalledFrom { get; }
}
