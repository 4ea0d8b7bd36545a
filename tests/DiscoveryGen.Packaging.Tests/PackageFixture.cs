using System;
using System.Globalization;
using System.IO;
using DiscoveryGen.Tests.Shared;

namespace DiscoveryGen.Packaging.Tests;

/// <summary>
/// Packs the DiscoveryGen package once per test run into a fresh local folder feed. The version is unique per run:
/// NuGet caches a package by id and version, so re-packing one version would silently restore the stale copy.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        Root = DotnetCli.NewTempFolder("discoverygen-pack");
        Feed = Path.Combine(Root, "feed");
        Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using var buildLock = DotnetCli.RepositoryBuildLock();
        var result = DotnetCli.Dotnet(
            DotnetCli.RepoRoot,
            TimeSpan.FromMinutes(8),
            null,
            "pack", Path.Combine("runtime", "DiscoveryGen.Runtime", "DiscoveryGen.Runtime.csproj"), "-c", "Release", "-o", Feed, "-p:Version=" + Version, "-p:ContinuousIntegrationBuild=true");
        result.EnsureSuccess("dotnet pack");
        PackagePath = Path.Combine(Feed, $"DiscoveryGen.{Version}.nupkg");
        if (!File.Exists(PackagePath))
        {
            throw new InvalidOperationException($"dotnet pack succeeded but {PackagePath} is missing:\n{result.Output}");
        }
    }

    /// <summary>The temp folder of this run (feed, consumer, isolated package cache).</summary>
    public string Root { get; }

    public string Feed { get; }

    public string Version { get; }

    public string PackagePath { get; }

    public void Dispose() => DotnetCli.TryDelete(Root);
}
