using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.Packaging.Tests;

/// <summary>
/// How `dotnet pack runtime/Packages.proj` versions packages (README "Install"): a local pack gets a new
/// 0.1.0-dev.&lt;UTC time&gt; each time, the same for all three packages; CI keeps the exact version. Packs with
/// --no-build from the fixture's Release build, so only the versioning is exercised.
/// </summary>
[Collection(PackageCollection.Name)]
[Trait("Category", "Slow")]
public sealed class PackageVersionTests
{
    private static readonly Regex DevVersion = new(@"^0\.1\.0-dev\.\d{14}$", RegexOptions.CultureInvariant);

    private readonly PackageFixture _package;

    public PackageVersionTests(PackageFixture package) => _package = package;

    /// <summary>The machine's CI variables cleared (CI runs these tests with CI=true), or set as given.</summary>
    private static Dictionary<string, string> Environment(string ci) => new() { ["CI"] = ci, ["TF_BUILD"] = "", ["GITHUB_ACTIONS"] = "" };

    private string PackNoBuild(string name, string ci)
    {
        var output = Path.Combine(_package.Root, name);
        using (DotnetCli.RepositoryBuildLock())
        {
            PackageFixture.Pack(output, Environment(ci), "--no-build");
        }

        return output;
    }

    /// <summary>The one version of the three packages in <paramref name="folder"/>, after checking they share it.</summary>
    private static string SharedVersion(string folder)
    {
        var versions = PackageLayout.All
            .Select(p => Directory.GetFiles(folder, p.Id + ".*.nupkg").Select(f => Path.GetFileName(f)[(p.Id.Length + 1)..^".nupkg".Length]).Where(v => char.IsDigit(v[0])).ToArray())
            .ToArray();
        Assert.All(versions, v => Assert.Single(v));
        var version = versions[0][0];
        Assert.All(versions, v => Assert.Equal(version, v[0]));
        foreach (var satellite in new[] { PackageLayout.DependencyInjection.Id, PackageLayout.GoogleApisAuth.Id })
        {
            var (metadata, ns) = Nupkg.Metadata(Path.Combine(folder, $"{satellite}.{version}.nupkg"), satellite);
            var dependency = metadata.Descendants(ns + "dependency").Single(d => (string?)d.Attribute("id") == "DiscoveryGen");
            Assert.Equal(version, (string?)dependency.Attribute("version"));
        }

        return version;
    }

    [Fact]
    public void LocalPacks_GetANewDevVersionEachTime_SharedByAllThreePackages()
    {
        var first = SharedVersion(PackNoBuild("local-1", ci: ""));
        var second = SharedVersion(PackNoBuild("local-2", ci: ""));

        Assert.Matches(DevVersion, first);
        Assert.Matches(DevVersion, second);
        // The UTC timestamp orders them: a later pack never reuses (or undercuts) an earlier version.
        Assert.True(string.CompareOrdinal(second, first) > 0, $"second pack {second} is not newer than {first}");
    }

    [Fact]
    public void CiPacks_KeepTheExactVersion()
    {
        Assert.Equal("0.1.0", SharedVersion(PackNoBuild("ci", ci: "true")));
    }
}
