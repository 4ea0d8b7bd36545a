using System;
using System.Globalization;
using System.IO;
using System.Linq;
using DiscoveryGen.Tests.Shared;

namespace DiscoveryGen.Packaging.Tests;

/// <summary>
/// Packs every package (runtime/Packages.proj) once per test run into a fresh local folder feed, as CI and releases do:
/// an explicit version, ContinuousIntegrationBuild on. The version is unique per run: NuGet caches a package by id and
/// version, so re-packing one version would silently restore the stale copy.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);

    public PackageFixture()
    {
        Root = DotnetCli.NewTempFolder("discoverygen-pack");
        Feed = Path.Combine(Root, "feed");
        Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using (DotnetCli.RepositoryBuildLock())
        {
            Pack(Feed, environment: null, "-p:Version=" + Version, "-p:ContinuousIntegrationBuild=true");
        }

        foreach (var package in PackageLayout.All)
        {
            if (!File.Exists(PackagePath(package.Id)) || !File.Exists(SymbolPackagePath(package.Id)))
            {
                throw new InvalidOperationException($"dotnet pack succeeded but {package.Id}.{Version}.nupkg/.snupkg is missing from {Feed}: {string.Join(", ", Directory.GetFiles(Feed).Select(Path.GetFileName))}");
            }
        }
    }

    /// <summary>The temp folder of this run (feed, consumers, isolated package cache).</summary>
    public string Root { get; }

    public string Feed { get; }

    public string Version { get; }

    public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    public string SymbolPackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.snupkg");

    /// <summary>`dotnet pack runtime/Packages.proj -o <paramref name="output"/>` from the repository root (caller holds the build lock).</summary>
    public static DotnetCli.Result Pack(string output, System.Collections.Generic.IDictionary<string, string>? environment, params string[] properties) =>
        DotnetCli.Dotnet(DotnetCli.RepoRoot, PackTimeout, environment, new[] { "pack", Path.Combine("runtime", "Packages.proj"), "-o", output }.Concat(properties).ToArray())
            .EnsureSuccess("dotnet pack runtime/Packages.proj " + string.Join(' ', properties));

    public void Dispose() => DotnetCli.TryDelete(Root);
}
