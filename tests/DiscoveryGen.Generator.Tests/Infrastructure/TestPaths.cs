using System;
using System.IO;

namespace DiscoveryGen.Generator.Tests.Infrastructure;

/// <summary>Where the repository, its shipped documents and the shared corpus are.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Discovery(string fileName) => Path.Combine(RepoRoot, "discovery", fileName);

    /// <summary>../shared beside the repository (CI lays it there).</summary>
    public static string SharedRoot => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string SharedDiscovery(string fileName) => Path.Combine(SharedRoot, "discovery", fileName);

    public static string SharedReference(string fileName) => Path.Combine(SharedRoot, "reference", fileName);

    public static string TestDocument(string fileName) => Path.Combine(AppContext.BaseDirectory, "TestDocuments", fileName);

    private static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Generator.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No Generator.sln above {AppContext.BaseDirectory}.");
    }
}
