using System;
using System.Collections.Generic;

namespace DiscoveryGen.Build.Tasks.Analysis;

/// <summary>What <see cref="ApiReachability"/> found in one assembly.</summary>
internal sealed class AnalysisResult
{
    public AnalysisResult(string assemblyName, int generatedApiMethodCount, IReadOnlyList<ReachedApiMethod> reached, IReadOnlyList<string>? reachedClientAssemblies = null)
    {
        AssemblyName = assemblyName;
        GeneratedApiMethodCount = generatedApiMethodCount;
        Reached = reached;
        ReachedClientAssemblies = reachedClientAssemblies ?? Array.Empty<string>();
    }

    public string AssemblyName { get; }

    /// <summary>How many methods with <c>[DiscoveryMethod]</c> the assembly holds (0: it contains no generated client).</summary>
    public int GeneratedApiMethodCount { get; }

    /// <summary>The reached discovery methods, one per id, ordered by id.</summary>
    public IReadOnlyList<ReachedApiMethod> Reached { get; }

    /// <summary>The referenced assemblies holding a generated client that the assembly's code reaches into, ordinal order.</summary>
    public IReadOnlyList<string> ReachedClientAssemblies { get; }

    /// <summary>True when there is something to report: a generated client in the assembly, or one in a referenced assembly that its code reaches.</summary>
    public bool HasClient => GeneratedApiMethodCount > 0 || ReachedClientAssemblies.Count > 0;
}
