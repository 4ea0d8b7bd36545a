using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Emitting;

/// <summary>
/// A class library that ships its XML docs (<c>GenerateDocumentationFile</c>, the compiler's doc-comment checks on) with
/// warnings as errors builds the generated client, with XML docs on or off, and its documentation file holds the
/// generated docs. Media siblings once failed it: they document their own parameters and take the rest through
/// <c>&lt;inheritdoc&gt;</c>, which the compiler does not expand (CS1573).
/// </summary>
public sealed class DocumentationFileTests
{
    private static readonly CSharpParseOptions DocumentationFile = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>Generates and compiles as such a library does; returns the documentation file.</summary>
    private static XDocument BuildLibrary(string path, string json, bool xmlDocs)
    {
        var knobs = new KnobOptionsProvider().Metadata(path, "XmlDocs", xmlDocs ? "true" : "false");
        var output = GeneratorHarness.Run(new[] { new InMemoryAdditionalText(path, json) }, knobs, parseOptions: DocumentationFile);
        Assert.DoesNotContain(output.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);

        // Nothing suppressed but what the generated files suppress themselves (the harness hides CS1591 of test code).
        var compilation = output.Compilation.WithOptions(output.Compilation.Options.WithSpecificDiagnosticOptions(Array.Empty<System.Collections.Generic.KeyValuePair<string, ReportDiagnostic>>()));
        using var assembly = new MemoryStream();
        using var documentation = new MemoryStream();
        var emitted = compilation.Emit(assembly, xmlDocumentationStream: documentation);
        var problems = emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, GeneratorHarness.Format(problems.Take(10)));
        documentation.Position = 0;
        return XDocument.Load(documentation);
    }

    private static XElement Member(XDocument documentation, string namePart) =>
        Assert.Single(documentation.Descendants("member"), m => ((string)m.Attribute("name")!).Contains(namePart, StringComparison.Ordinal));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MediaSiblings_BuildInADocumentedLibrary_WithWarningsAsErrors(bool xmlDocs)
    {
        var documentation = BuildLibrary("/p/media.v1.json", File.ReadAllText(TestPaths.TestDocument("media.v1.json")), xmlDocs);

        var members = documentation.Descendants("member").ToList();
        if (!xmlDocs)
        {
            Assert.Empty(members);
            return;
        }

        var uploads = members.Where(m => ((string)m.Attribute("name")!).Contains("MediaAsync(", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(uploads);
        Assert.All(uploads, sibling =>
        {
            // The method's own parameters come through <inheritdoc>; the sibling's own are written out.
            Assert.Single(sibling.Elements("inheritdoc"));
            Assert.NotEmpty(sibling.Elements("param"));
        });
    }

    [Theory]
    [InlineData("features.v1.json")]
    [InlineData("lro.v1.json")]
    [InlineData("paging.v2.json")]
    [InlineData("datawrapper.v1.json")]
    public void EveryShape_BuildsInADocumentedLibrary_WithWarningsAsErrors(string document)
    {
        var documentation = BuildLibrary("/p/" + document, File.ReadAllText(TestPaths.TestDocument(document)), xmlDocs: true);

        Assert.NotEmpty(documentation.Descendants("member"));
    }

    [Fact]
    [Trait("Needs", "SharedCorpus")]
    public void StorageV1_BuildsInADocumentedLibrary_AndDocumentsItsDownloadSibling()
    {
        var path = TestPaths.RequireShared(TestPaths.SharedDiscovery("storage.v1.json"));
        var documentation = BuildLibrary("/p/storage.v1.json", File.ReadAllText(path), xmlDocs: true);

        var download = Member(documentation, ".ObjectsResource.GetMediaAsync(");
        Assert.Equal(new[] { "destination", "download" }, download.Elements("param").Select(p => (string)p.Attribute("name")!));
        Assert.StartsWith("M:Storage.V1.StorageService.ObjectsResource.GetAsync(", (string)download.Element("inheritdoc")!.Attribute("cref")!, StringComparison.Ordinal);
    }
}
