using System;
using System.Collections.Generic;
using System.Linq;

namespace DiscoveryGen.Packaging.Tests;

/// <summary>A dependency of a package; <see cref="Version"/> null means "the version packed beside it".</summary>
public sealed record PackageDependency(string Id, string? Version);

/// <summary>What one package must hold: its payload files (besides the nuspec and NuGet's own parts) and dependencies.</summary>
public sealed record PackageSpec(string Id, string Assembly, IReadOnlyList<string> Files, IReadOnlyList<PackageDependency> Dependencies)
{
    /// <summary>The files of the .snupkg beside it: the library's portable PDB.</summary>
    public IReadOnlyList<string> SymbolFiles => new[] { $"lib/net10.0/{Assembly}.pdb" };
}

/// <summary>
/// The one place that lists every package and its exact contents. A file added to a package (an MSBuild task, a .targets
/// file) is added here, and the content tests check the .nupkg against it.
/// </summary>
public static class PackageLayout
{
    /// <summary>The generator and the JSON assemblies it loads beside it, as an analyzer.</summary>
    public static readonly IReadOnlyList<string> AnalyzerFiles = new[]
    {
        "analyzers/dotnet/cs/DiscoveryGen.Generator.dll",
        "analyzers/dotnet/cs/Microsoft.Bcl.AsyncInterfaces.dll",
        "analyzers/dotnet/cs/System.Text.Encodings.Web.dll",
        "analyzers/dotnet/cs/System.Text.Json.dll",
    };

    /// <summary>
    /// DiscoveryGen: the generator (analyzer), the runtime (library), the knobs' props, and the least-privilege report's
    /// MSBuild task with the targets that run it. No dependencies.
    /// </summary>
    public static readonly PackageSpec Main = new(
        "DiscoveryGen",
        "DiscoveryGen.Runtime",
        AnalyzerFiles.Concat(new[]
        {
            "README.md",
            "buildTransitive/DiscoveryGen.props",
            "buildTransitive/DiscoveryGen.SeparateAssembly.targets",
            "buildTransitive/DiscoveryGen.targets",
            "lib/net10.0/DiscoveryGen.Runtime.dll",
            "lib/net10.0/DiscoveryGen.Runtime.xml",
            "tasks/netstandard2.0/DiscoveryGen.Build.Tasks.dll",
        }).ToArray(),
        Array.Empty<PackageDependency>());

    public static readonly PackageSpec DependencyInjection = new(
        "DiscoveryGen.Extensions.DependencyInjection",
        "DiscoveryGen.Extensions.DependencyInjection",
        Library("DiscoveryGen.Extensions.DependencyInjection"),
        new[]
        {
            new PackageDependency("DiscoveryGen", null),
            new PackageDependency("Microsoft.Extensions.Http", "11.0.0"),
            new PackageDependency("Microsoft.Extensions.Options.ConfigurationExtensions", "11.0.0"),
        });

    public static readonly PackageSpec GoogleApisAuth = new(
        "DiscoveryGen.Auth.GoogleApis",
        "DiscoveryGen.Auth.GoogleApis",
        Library("DiscoveryGen.Auth.GoogleApis"),
        new[]
        {
            new PackageDependency("DiscoveryGen", null),
            new PackageDependency("Google.Apis.Auth", "1.78.0"),
        });

    public static readonly IReadOnlyList<PackageSpec> All = new[] { Main, DependencyInjection, GoogleApisAuth };

    /// <summary>Package ids as xunit theory data.</summary>
    public static IEnumerable<object[]> Ids => All.Select(p => new object[] { p.Id });

    public static PackageSpec Get(string id) => All.Single(p => p.Id == id);

    private static string[] Library(string assembly) => new[] { "README.md", $"lib/net10.0/{assembly}.dll", $"lib/net10.0/{assembly}.xml" };
}
