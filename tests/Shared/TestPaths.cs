using System;
using System.IO;

namespace DiscoveryGen.Tests.Shared;

/// <summary>
/// The one place tests and benchmarks find the repository and the shared corpus: the repository root is the first
/// folder holding Generator.sln above the running assembly; <c>../shared</c> beside it holds the real discovery
/// documents and reference facts (CI lays it there; a bare clone has none).
/// </summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>A document shipped in the repository's <c>discovery/</c> folder.</summary>
    public static string Discovery(string fileName) => Path.Combine(RepoRoot, "discovery", fileName);

    /// <summary>A synthetic document in <c>tests/Shared/TestDocuments/</c>.</summary>
    public static string TestDocument(string fileName) => Path.Combine(RepoRoot, "tests", "Shared", "TestDocuments", fileName);

    /// <summary>../shared beside the repository.</summary>
    public static string SharedRoot => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string SharedDiscoveryFolder => Path.Combine(SharedRoot, "discovery");

    public static string SharedDiscovery(string fileName) => Path.Combine(SharedDiscoveryFolder, fileName);

    public static string SharedReference(string fileName) => Path.Combine(SharedRoot, "reference", fileName);

    /// <summary>The message every test that needs the shared corpus fails with when <paramref name="path"/> is absent.</summary>
    public static string MissingShared(string path) =>
        $"The shared corpus is missing: expected {path} (../shared beside the repository). " +
        "Tests that need it carry [Trait(\"Needs\", \"SharedCorpus\")]; run `dotnet test Generator.sln --filter Needs!=SharedCorpus` in a bare clone.";

    /// <summary>Returns <paramref name="path"/> when the file exists, else throws naming it.</summary>
    public static string RequireShared(string path) =>
        File.Exists(path) || Directory.Exists(path) ? path : throw new FileNotFoundException(MissingShared(path), path);

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
