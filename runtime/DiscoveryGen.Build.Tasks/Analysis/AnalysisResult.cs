using System.Collections.Generic;

namespace DiscoveryGen.Build.Tasks.Analysis;

/// <summary>What <see cref="ApiReachability"/> found in one assembly.</summary>
internal sealed class AnalysisResult
{
    public AnalysisResult(string assemblyName, int generatedApiMethodCount, IReadOnlyList<ReachedApiMethod> reached)
    {
        AssemblyName = assemblyName;
        GeneratedApiMethodCount = generatedApiMethodCount;
        Reached = reached;
    }

    public string AssemblyName { get; }

    /// <summary>How many methods with <c>[DiscoveryMethod]</c> the assembly holds (0: it contains no generated client).</summary>
    public int GeneratedApiMethodCount { get; }

    /// <summary>The reached discovery methods, one per id, ordered by id.</summary>
    public IReadOnlyList<ReachedApiMethod> Reached { get; }
}
