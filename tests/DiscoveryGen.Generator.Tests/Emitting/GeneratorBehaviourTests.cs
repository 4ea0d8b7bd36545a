using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Emitting;

/// <summary>Which files generate, names and namespaces, determinism, and the synthetic snapshot.</summary>
public sealed class GeneratorBehaviourTests
{
    private static InMemoryAdditionalText Minimal(string path = "/p/minimal.v1.json") =>
        InMemoryAdditionalText.FromFile(TestPaths.TestDocument("minimal.v1.json"), path);

    [Fact]
    public void Snapshot_Minimal()
    {
        var output = GeneratorHarness.Run(Minimal());

        Assert.Empty(output.Diagnostics);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        Snapshot.Verify(output.Sources);
    }

    [Theory]
    [InlineData("features.v1.json", "DG0017")]   // things.deep.list takes a pageToken, its response has no token
    [InlineData("datawrapper.v1.json", "")]
    [InlineData("media.v1.json", "")]
    public void Snapshot_Synthetic(string document, string diagnostics)
    {
        var output = GeneratorHarness.Run(InMemoryAdditionalText.FromFile(TestPaths.TestDocument(document), "/p/" + document));

        Assert.Equal(diagnostics, string.Join(",", output.Diagnostics.Select(d => d.Id)));
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        Snapshot.Verify(output.Sources, document.Split('.')[0]);
    }

    [Theory]
    [Trait("Needs", "SharedCorpus")]
    [InlineData("oauth2.v2.json")]
    [InlineData("groupsmigration.v1.json")]
    public void Snapshot_RealDocument(string document)
    {
        var path = TestPaths.RequireShared(TestPaths.SharedDiscovery(document));
        var output = GeneratorHarness.Run(InMemoryAdditionalText.FromFile(path, "/shared/discovery/" + document));

        Assert.Empty(output.Diagnostics);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        Snapshot.Verify(output.Sources, document.Split('.')[0]);
    }

    [Fact]
    public void WithoutNamespaceMetadata_TheNamespaceComesFromTheDocument()
    {
        var output = CloudAICompanionGenerationTests.Generate(@namespace: null);

        Assert.Empty(output.Diagnostics);
        Assert.Contains(output.Sources, s => s.HintName == "CloudAICompanion.V1.CloudAICompanionService.g.cs");
        Assert.Contains("namespace CloudAICompanion.V1;", output.Sources[0].Source, StringComparison.Ordinal);
        Assert.NotNull(output.Compilation.GetTypeByMetadataName("CloudAICompanion.V1.CloudAICompanionService"));
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
    }

    [Fact]
    public void WithoutCanonicalName_TheServiceIsNamedFromName()
    {
        var output = GeneratorHarness.Run(Minimal());

        Assert.NotNull(output.Compilation.GetTypeByMetadataName("Minimal.V1.MinimalService"));
    }

    [Fact]
    public void TwoDocuments_GetTwoNamespacesAndBothCompile()
    {
        var output = GeneratorHarness.Run(
            new AdditionalText[] { Minimal(), InMemoryAdditionalText.FromFile(TestPaths.Discovery("cloudaicompanion.v1.json"), "/p/cloudaicompanion.v1.json") },
            null);

        Assert.Empty(output.Diagnostics);
        Assert.NotNull(output.Compilation.GetTypeByMetadataName("Minimal.V1.MinimalService"));
        Assert.NotNull(output.Compilation.GetTypeByMetadataName("CloudAICompanion.V1.CloudAICompanionService"));
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
    }

    [Fact]
    public void TwoDocumentsInOneNamespace_OneClearError_AndOnlyTheFirstIsGenerated()
    {
        // The later path first: which one is generated depends on ordinal path order, not on the order of the items.
        var output = GeneratorHarness.Run(new AdditionalText[] { Minimal("/b/minimal.v1.json"), Minimal("/a/minimal.v1.json") }, null);

        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("DG0009", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.DefaultSeverity);
        Assert.Equal("/b/minimal.v1.json", diagnostic.Location.GetLineSpan().Path);
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("'/b/minimal.v1.json' generates into namespace 'Minimal.V1', which '/a/minimal.v1.json' already uses", message, StringComparison.Ordinal);
        Assert.Contains("nothing is generated for it", message, StringComparison.Ordinal);

        // One document's files, the same as for /a alone, and they compile: no cascade of types declared twice.
        var alone = GeneratorHarness.Run(new AdditionalText[] { Minimal("/a/minimal.v1.json") }, null);
        Assert.Equal(alone.Sources.Select(s => s.HintName), output.Sources.Select(s => s.HintName));
        Assert.Equal(alone.Sources.Select(s => s.Source), output.Sources.Select(s => s.Source));
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
    }

    [Theory]
    [InlineData("/p/notes.txt", "{\"kind\": \"discovery#restDescription\", \"name\": \"x\", \"rootUrl\": \"https://x/\"}")]
    [InlineData("/p/appsettings.json", "{\"Logging\": {\"LogLevel\": \"Debug\"}}")]
    [InlineData("/p/other.json", "{\"kind\": \"something#else\", \"note\": \"mentions discovery#restDescription in text\"}")]
    [InlineData("/p/array.json", "[1, 2, 3]")]
    [InlineData("/p/broken-but-not-discovery.json", "{ this is not json")]
    public void FilesThatAreNotDiscoveryDocuments_AreIgnoredSilently(string path, string text)
    {
        var output = GeneratorHarness.Run(new InMemoryAdditionalText(path, text));

        Assert.Empty(output.Sources);
        Assert.Empty(output.Diagnostics);
    }

    [Fact]
    public void InvalidNamespaceMetadata_WarnsAndFallsBack()
    {
        var file = Minimal();
        var output = GeneratorHarness.Run(new AdditionalText[] { file }, TestOptionsProvider.WithNamespace(file.Path, "Not A.Namespace!"));

        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("DG0012", diagnostic.Id);
        Assert.NotNull(output.Compilation.GetTypeByMetadataName("Minimal.V1.MinimalService"));
    }

    [Fact]
    public void LongNamespace_GivesTheSameFilesAsAShortOne()
    {
        // The writer leaves room for the header in front of a file's body; a namespace longer than that room takes
        // the other path (one more copy), which must give the same text.
        var file = Minimal();
        var longName = string.Join(".", Enumerable.Repeat("Abcdefghij", 250));
        var shortOutput = GeneratorHarness.Run(new AdditionalText[] { file }, TestOptionsProvider.WithNamespace(file.Path, "Acme.Short"));
        var longOutput = GeneratorHarness.Run(new AdditionalText[] { file }, TestOptionsProvider.WithNamespace(file.Path, longName));

        Assert.Empty(longOutput.Diagnostics);
        Assert.True(longOutput.CompilationErrors().IsEmpty, GeneratorHarness.Format(longOutput.CompilationErrors()));
        Assert.Equal(shortOutput.Sources.Length, longOutput.Sources.Length);
        for (var i = 0; i < shortOutput.Sources.Length; i++)
        {
            Assert.StartsWith("// <auto-generated/>\n", longOutput.Sources[i].Source, StringComparison.Ordinal);
            Assert.Equal(shortOutput.Sources[i].Source.Replace("Acme.Short", longName, StringComparison.Ordinal), longOutput.Sources[i].Source);
        }
    }

    [Fact]
    public void Output_IsDeterministic_AcrossRunsAndCultures()
    {
        var first = CloudAICompanionGenerationTests.Generate().Sources;
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fi-FI");
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fi-FI");
            var second = CloudAICompanionGenerationTests.Generate().Sources;
            Assert.Equal(first.Select(s => s.HintName), second.Select(s => s.HintName));
            for (var i = 0; i < first.Length; i++)
            {
                Assert.Equal(first[i].Source, second[i].Source);
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
            CultureInfo.CurrentUICulture = original;
        }

        Assert.All(first, s => Assert.DoesNotContain('\r', s.Source));
    }

    [Fact]
    public void GeneratedSource_QualifiesEveryNameThroughGlobalOrItsGlobalAliases()
    {
        var sources = CloudAICompanionGenerationTests.Generate().Sources;

        foreach (var (hint, source) in sources)
        {
            var lines = source.Split('\n');
            var usings = lines.Where(l => l.StartsWith("using ", StringComparison.Ordinal)).ToArray();
            var code = string.Join("\n", lines.Where(l => !l.StartsWith("using ", StringComparison.Ordinal)));
            // The only using directives are the namespace aliases the file uses (with ::), in a fixed order, each bound
            // to a global:: name.
            var used = new[] { "_api", "_dg", "_gen", "_json", "_sys", "_tasks" }.Where(a => code.Contains(a + "::", StringComparison.Ordinal)).ToArray();
            Assert.NotEmpty(used);
            Assert.Equal(used, usings.Select(u => u.Split(' ')[1]).ToArray());
            Assert.All(usings, u => Assert.Matches(@"^using _[a-z]+ = global::[A-Za-z.]+;$", u));
            Assert.DoesNotContain(" System.", code.Replace("global::System.", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("DiscoveryGen.Runtime.", code, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"\b_(gen|json|sys|tasks|dg|api)\.", code);
        }
    }
}
