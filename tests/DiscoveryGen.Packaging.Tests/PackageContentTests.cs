using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace DiscoveryGen.Packaging.Tests;

/// <summary>What the .nupkg holds: the generator and its JSON DLLs as an analyzer, the runtime as the library, the props, nothing else.</summary>
[Collection(PackageCollection.Name)]
[Trait("Category", "Slow")]
public sealed class PackageContentTests
{
    private static readonly string[] AnalyzerFiles =
    {
        "analyzers/dotnet/cs/DiscoveryGen.Generator.dll",
        "analyzers/dotnet/cs/Microsoft.Bcl.AsyncInterfaces.dll",
        "analyzers/dotnet/cs/System.Text.Encodings.Web.dll",
        "analyzers/dotnet/cs/System.Text.Json.dll",
    };

    private readonly PackageFixture _package;

    public PackageContentTests(PackageFixture package) => _package = package;

    private string[] Entries()
    {
        using var zip = ZipFile.OpenRead(_package.PackagePath);
        return zip.Entries.Select(e => e.FullName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
    }

    private byte[] Read(string entry)
    {
        using var zip = ZipFile.OpenRead(_package.PackagePath);
        using var stream = zip.GetEntry(entry)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public void Package_HoldsExactlyTheAnalyzerTheRuntimeAndTheProps()
    {
        var payload = Entries()
            .Where(e => !e.StartsWith("_rels/", StringComparison.Ordinal) && !e.StartsWith("package/", StringComparison.Ordinal) && e != "[Content_Types].xml")
            .ToArray();

        var expected = AnalyzerFiles
            .Concat(new[] { "DiscoveryGen.nuspec", "buildTransitive/DiscoveryGen.props", "lib/net10.0/DiscoveryGen.Runtime.dll", "lib/net10.0/DiscoveryGen.Runtime.xml" })
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(expected, payload);
    }

    [Fact]
    public void GeneratorIsOnlyAnAnalyzer_AndNoTestOrDependencyDllIsShippedAsALibrary()
    {
        var entries = Entries();

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
            File.WriteAllBytes(path, Read(entry));
            return AssemblyName.GetAssemblyName(path);
        }

        // STJ 8.0.5's netstandard2.0 assembly is 8.0.0.0; 9+ would drag in System.IO.Pipelines, which Visual Studio cannot load.
        Assert.Equal(new Version(8, 0, 0, 0), NameOf("analyzers/dotnet/cs/System.Text.Json.dll").Version);
        Assert.Equal(new Version(8, 0, 0, 0), NameOf("analyzers/dotnet/cs/System.Text.Encodings.Web.dll").Version);
        Assert.Equal(new Version(8, 0, 0, 0), NameOf("analyzers/dotnet/cs/Microsoft.Bcl.AsyncInterfaces.dll").Version);
        Assert.Equal("DiscoveryGen.Generator", NameOf("analyzers/dotnet/cs/DiscoveryGen.Generator.dll").Name);
    }

    [Fact]
    public void Nuspec_HasTheIdAndVersion_AndNoDependencies()
    {
        var nuspec = XDocument.Parse(System.Text.Encoding.UTF8.GetString(Read("DiscoveryGen.nuspec")).TrimStart('\uFEFF'));
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal("DiscoveryGen", metadata.Element(ns + "id")!.Value);
        Assert.Equal(_package.Version, metadata.Element(ns + "version")!.Value);
        var groups = metadata.Element(ns + "dependencies")?.Elements(ns + "group").ToList() ?? new();
        Assert.All(groups, g => Assert.Empty(g.Elements()));
    }

    [Fact]
    public void Props_MakeEveryKnobCompilerVisible()
    {
        var props = XDocument.Parse(System.Text.Encoding.UTF8.GetString(Read("buildTransitive/DiscoveryGen.props")).TrimStart('\uFEFF'));

        var metadata = props.Descendants("CompilerVisibleItemMetadata").Where(e => (string?)e.Attribute("Include") == "AdditionalFiles").Select(e => (string?)e.Attribute("MetadataName")).ToArray();
        var properties = props.Descendants("CompilerVisibleProperty").Select(e => (string?)e.Attribute("Include")).ToArray();
        Assert.Equal(new[] { "Namespace", "Visibility", "XmlDocs", "IncludeResources", "ExcludeResources" }, metadata);
        Assert.Equal(new[] { "DiscoveryGenVisibility", "DiscoveryGenXmlDocs" }, properties);
    }
}
