using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.Packaging.Tests;

/// <summary>
/// What each .nupkg and .snupkg holds (checked against <see cref="PackageLayout"/>), its nuspec metadata and dependencies,
/// and the reproducible-build properties of the shipped assemblies.
/// </summary>
[Collection(PackageCollection.Name)]
[Trait("Category", "Slow")]
public sealed class PackageContentTests
{
    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    private readonly PackageFixture _package;

    public PackageContentTests(PackageFixture package) => _package = package;

    public static TheoryData<string> Ids => new(PackageLayout.All.Select(p => p.Id));

    private string Main => _package.PackagePath(PackageLayout.Main.Id);

    [Theory]
    [MemberData(nameof(Ids))]
    public void Package_HoldsExactlyTheListedFiles(string id)
    {
        var expected = PackageLayout.Get(id).Files.OrderBy(n => n, StringComparer.Ordinal).ToArray();

        Assert.Equal(expected, Nupkg.Payload(_package.PackagePath(id), id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Nuspec_HasCompleteMetadata_AndTheReadmeIsThePackagesOwn(string id)
    {
        var path = _package.PackagePath(id);
        var (metadata, ns) = Nupkg.Metadata(path, id);
        string Value(string name) => metadata.Element(ns + name)?.Value ?? throw new Xunit.Sdk.XunitException($"{id}.nuspec has no <{name}>");

        Assert.Equal(id, Value("id"));
        Assert.Equal(_package.Version, Value("version"));
        Assert.Equal("DiscoveryGen contributors", Value("authors"));
        Assert.True(Value("description").Length > 80, $"{id}: description too short: {Value("description")}");
        Assert.Contains("google", Value("tags").Split(' '));
        Assert.Contains("Copyright", Value("copyright"), StringComparison.Ordinal);
        var license = metadata.Element(ns + "license")!;
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));

        Assert.Equal("README.md", Value("readme"));
        var readme = Nupkg.ReadText(path, "README.md");
        Assert.StartsWith("# " + id + "\n", readme.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"<PackageReference Include=\"{id}\"", readme, StringComparison.Ordinal);

        // SourceLink read the commit (and, when the clone has an http remote, its URL) and the nuspec records it.
        var repository = metadata.Element(ns + "repository")!;
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.Equal(GitHead(), (string?)repository.Attribute("commit"));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Nuspec_DependsOnExactlyTheListedPackages_TheSatellitesOnTheDiscoveryGenPackedBesideThem(string id)
    {
        var (metadata, ns) = Nupkg.Metadata(_package.PackagePath(id), id);

        var group = Assert.Single(metadata.Element(ns + "dependencies")!.Elements(ns + "group"));
        Assert.Equal("net10.0", (string?)group.Attribute("targetFramework"));
        var actual = group.Elements(ns + "dependency")
            .Select(d => new PackageDependency((string)d.Attribute("id")!, (string)d.Attribute("version")!))
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToArray();
        var expected = PackageLayout.Get(id).Dependencies
            .Select(d => d with { Version = d.Version ?? _package.Version })
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void SymbolPackage_HoldsThePortablePdb_WithDeterministicPathsAndEmbeddedUntrackedSources(string id)
    {
        var spec = PackageLayout.Get(id);
        var symbols = _package.SymbolPackagePath(id);
        Assert.Equal(spec.SymbolFiles, Nupkg.Payload(symbols, id));

        using var pdb = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(Nupkg.Read(symbols, spec.SymbolFiles[0])));
        var reader = pdb.GetMetadataReader();
        var documents = reader.Documents.Select(h => (Handle: h, Name: reader.GetString(reader.GetDocument(h).Name))).ToArray();
        Assert.NotEmpty(documents);
        // ContinuousIntegrationBuild maps every source path to /_/ (no build machine's folders in the package).
        Assert.All(documents, d => Assert.StartsWith("/_/", d.Name, StringComparison.Ordinal));
        // EmbedUntrackedSources: generated files under obj/ (not in git, so not reachable through SourceLink) are in the PDB.
        var embedded = documents
            .Where(d => reader.GetCustomDebugInformation(d.Handle).Any(c => reader.GetGuid(reader.GetCustomDebugInformation(c).Kind) == EmbeddedSourceKind))
            .Select(d => d.Name)
            .ToArray();
        Assert.Contains(embedded, n => n.Contains("/obj/", StringComparison.Ordinal) && n.EndsWith(".AssemblyInfo.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(embedded, n => !n.Contains("/obj/", StringComparison.Ordinal));

        // The library itself is a reproducible build that points at that PDB by its mapped path.
        using var pe = new PEReader(new MemoryStream(Nupkg.Read(_package.PackagePath(id), $"lib/net10.0/{spec.Assembly}.dll")));
        var debug = pe.ReadDebugDirectory();
        Assert.Contains(debug, e => e.Type == DebugDirectoryEntryType.Reproducible);
        var codeView = pe.ReadCodeViewDebugDirectoryData(debug.First(e => e.Type == DebugDirectoryEntryType.CodeView));
        Assert.StartsWith("/_/", codeView.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void GeneratorIsOnlyAnAnalyzer_AndNoTestOrDependencyDllIsShippedAsALibrary()
    {
        var entries = Nupkg.Entries(Main);

        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generator", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains("Test", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("System.Text.Json", StringComparison.Ordinal));
        Assert.Single(entries, e => e.EndsWith(".dll", StringComparison.Ordinal) && e.StartsWith("lib/", StringComparison.Ordinal));
    }

    [Fact]
    public void AnalyzerJsonDependencies_AreTheConservativeVersionsTheCompilerCanLoad()
    {
        var folder = Path.Combine(_package.Root, "analyzer-check");
        Directory.CreateDirectory(folder);
        AssemblyName NameOf(string entry)
        {
            var path = Path.Combine(folder, Path.GetFileName(entry));
            File.WriteAllBytes(path, Nupkg.Read(Main, entry));
            return AssemblyName.GetAssemblyName(path);
        }

        // STJ 8.0.5's netstandard2.0 assembly is 8.0.0.0; 9+ would drag in System.IO.Pipelines, which Visual Studio cannot load.
        Assert.Equal(new Version(8, 0, 0, 0), NameOf("analyzers/dotnet/cs/System.Text.Json.dll").Version);
        Assert.Equal(new Version(8, 0, 0, 0), NameOf("analyzers/dotnet/cs/System.Text.Encodings.Web.dll").Version);
        Assert.Equal(new Version(8, 0, 0, 0), NameOf("analyzers/dotnet/cs/Microsoft.Bcl.AsyncInterfaces.dll").Version);
        Assert.Equal("DiscoveryGen.Generator", NameOf("analyzers/dotnet/cs/DiscoveryGen.Generator.dll").Name);
    }

    [Fact]
    public void Props_MakeEveryKnobCompilerVisible()
    {
        var props = XDocument.Parse(Nupkg.ReadText(Main, "buildTransitive/DiscoveryGen.props"));

        var metadata = props.Descendants("CompilerVisibleItemMetadata").Where(e => (string?)e.Attribute("Include") == "AdditionalFiles").Select(e => (string?)e.Attribute("MetadataName")).ToArray();
        var properties = props.Descendants("CompilerVisibleProperty").Select(e => (string?)e.Attribute("Include")).ToArray();
        Assert.Equal(new[] { "Namespace", "Visibility", "XmlDocs", "IncludeResources", "ExcludeResources", "Deprecated", "StripSchemaPrefix" }, metadata);
        Assert.Equal(new[] { "DiscoveryGenVisibility", "DiscoveryGenXmlDocs", "DiscoveryGenDeprecated" }, properties);
    }

    private static string GitHead() =>
        DotnetCli.Run("git", new[] { "rev-parse", "HEAD" }, DotnetCli.RepoRoot, TimeSpan.FromSeconds(30)).EnsureSuccess("git rev-parse HEAD").Output.Trim();
}
