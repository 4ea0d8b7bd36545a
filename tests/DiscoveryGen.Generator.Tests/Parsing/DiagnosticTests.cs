using System;
using System.Globalization;
using System.Linq;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Parsing;

/// <summary>Bad input gives diagnostics with IDs and JSON line/column, never a generator exception.</summary>
public sealed class DiagnosticTests
{
    private const string Path = "/p/api.v1.json";

    private static GeneratorOutput Run(string json, params (string Path, string Text)[] extra) =>
        GeneratorHarness.Run(
            new AdditionalText[] { new InMemoryAdditionalText(Path, json) }
                .Concat(extra.Select(e => (AdditionalText)new InMemoryAdditionalText(e.Path, e.Text)))
                .ToArray(),
            null);

    private static string Document(string resources = "{}", string schemas = "{}", string extra = "") =>
        "{\n  \"kind\": \"discovery#restDescription\",\n  \"name\": \"api\",\n  \"version\": \"v1\",\n  \"rootUrl\": \"https://api.example.com/\",\n  \"servicePath\": \"\",\n"
        + extra
        + "  \"schemas\": " + schemas + ",\n  \"resources\": " + resources + "\n}\n";

    [Fact]
    public void MalformedJson_ReportsDG0001AtTheLineAndColumnOfTheError()
    {
        // Line 4 (1-based) is missing a comma after "api".
        var json = "{\n  \"kind\": \"discovery#restDescription\",\n  \"version\": \"v1\",\n  \"name\": \"api\"\n  \"rootUrl\": \"https://x/\"\n}";

        var output = Run(json);

        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("DG0001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.DefaultSeverity);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(Path, span.Path);
        Assert.Equal(4, span.StartLinePosition.Line); // zero-based: the 5th line, where the unexpected token starts
        Assert.Equal(2, span.StartLinePosition.Character);
        Assert.Empty(output.Sources);
    }

    [Fact]
    public void TruncatedDocument_ReportsDG0001()
    {
        var json = Document().Substring(0, 90);

        var output = Run(json);

        Assert.Equal("DG0001", Assert.Single(output.Diagnostics).Id);
        Assert.Empty(output.Sources);
    }

    [Fact]
    public void NonAsciiBeforeTheError_ColumnCountsCharactersNotBytes()
    {
        var json = "{\"kind\": \"discovery#restDescription\", \"title\": \"Grüße ✓\", \"name\": x}";

        var output = Run(json);

        var diagnostic = Assert.Single(output.Diagnostics);
        var start = diagnostic.Location.GetLineSpan().StartLinePosition;
        Assert.Equal(0, start.Line);
        Assert.Equal(json.IndexOf(": x", StringComparison.Ordinal) + 2, start.Character);
    }

    [Fact]
    public void MissingName_ReportsDG0003AndGeneratesNothing()
    {
        var output = Run("{\"kind\": \"discovery#restDescription\", \"rootUrl\": \"https://x/\"}");

        Assert.Equal("DG0003", Assert.Single(output.Diagnostics).Id);
        Assert.Empty(output.Sources);
    }

    [Fact]
    public void NoRootUrlBaseUrlOrServicePath_WarnsDG0020_AndGeneratesAServiceWithoutDefaultBaseUri()
    {
        // A schema-focused document as other generators' tests write them: name, version, schemas, resources only.
        var json = "{\n  \"kind\": \"discovery#restDescription\",\n  \"name\": \"api\",\n  \"version\": \"v1\",\n"
            + "  \"schemas\": {\"Thing\": {\"id\": \"Thing\", \"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"}}}},\n"
            + "  \"resources\": {\"things\": {\"methods\": {\"get\": {\"id\": \"api.things.get\", \"path\": \"things/{name}\", \"httpMethod\": \"GET\","
            + " \"parameters\": {\"name\": {\"location\": \"path\", \"required\": true, \"type\": \"string\"}}, \"response\": {\"$ref\": \"Thing\"}}}}}\n}\n";

        var output = Run(json);

        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("DG0020", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.DefaultSeverity);
        Assert.Contains("ClientOptions.BaseUri", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(Path, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(0, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        var service = output.Compilation.GetTypeByMetadataName("Api.V1.ApiService");
        Assert.NotNull(service);
        Assert.Empty(service!.GetMembers("DefaultBaseUri"));
        Assert.NotNull(output.Compilation.GetTypeByMetadataName("Api.V1.ApiService+ThingsResource"));
    }

    [Fact]
    public void BaseUrlOnly_IsTheDefaultBaseUri_WithoutDiagnostics()
    {
        var json = "{\"kind\": \"discovery#restDescription\", \"name\": \"api\", \"version\": \"v1\", \"baseUrl\": \"https://old.example.com/api/v1/\"}";

        var output = Run(json);

        Assert.Empty(output.Diagnostics);
        Assert.Contains(output.Sources, s => s.Source.Contains("DefaultBaseUri { get; } = new(\"https://old.example.com/api/v1/\")", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("^(unclosed$")]
    [InlineData("[z-a]")]
    [InlineData("a{2,1}")]
    [InlineData("\\")]
    public void PatternDotNetCannotParse_WarnsDG0019AtThePattern_AndTheMethodIsGeneratedUnchecked(string pattern)
    {
        var escaped = pattern.Replace("\\", "\\\\", StringComparison.Ordinal);
        var resources = "{\"things\": {\"methods\": {\"get\": {\"id\": \"api.things.get\", \"path\": \"things/{name}\", \"httpMethod\": \"GET\",\n"
            + "      \"parameters\": {\"name\": {\"location\": \"path\", \"required\": true, \"type\": \"string\",\n        \"pattern\": \"" + escaped + "\"},\n"
            + "        \"filter\": {\"location\": \"query\", \"type\": \"string\", \"pattern\": \"^[a-z]+$\"}}}}}}";

        var output = Run(Document(resources: resources));

        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("DG0019", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.DefaultSeverity);
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains(pattern, message, StringComparison.Ordinal);
        Assert.Contains("'name'", message, StringComparison.Ordinal);
        // The location is the pattern's value: the 10th line (zero-based 9) of the document, after "pattern": .
        var start = diagnostic.Location.GetLineSpan().StartLinePosition;
        Assert.Equal(9, start.Line);
        Assert.Equal(19, start.Character);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        // The method exists; the parseable pattern is still checked, the other one gets no check at all.
        var source = string.Concat(output.Sources.Select(s => s.Source));
        Assert.Contains("GetAsync(string name", source, StringComparison.Ordinal);
        Assert.Contains("ParameterPattern __pattern0 = new(\"^[a-z]+$\")", source, StringComparison.Ordinal);
        Assert.DoesNotContain("__pattern1", source, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownRef_WarnsWithTheLocationOfTheRefAndStillCompiles()
    {
        var schemas = "{\n    \"Thing\": {\"id\": \"Thing\", \"type\": \"object\", \"properties\": {\n      \"other\": {\"$ref\": \"Missing\"}}}}";

        var output = Run(Document(schemas: schemas));

        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("DG0005", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.DefaultSeverity);
        Assert.Contains("Missing", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
        Assert.Contains("\"Missing\"", Document(schemas: schemas).Split('\n')[line], StringComparison.Ordinal);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
    }

    [Theory]
    [InlineData("things/{thingId", "unclosed")]
    [InlineData("things/{other}", "not a path parameter")]
    [InlineData("things/{/thingId}", "unsupported")]
    public void BadPathTemplate_ReportsDG0007AndSkipsOnlyThatMethod(string path, string reason)
    {
        var resources = "{\"things\": {\"methods\": {"
            + "\"get\": {\"id\": \"api.things.get\", \"path\": \"" + path + "\", \"httpMethod\": \"GET\", \"parameters\": {\"thingId\": {\"location\": \"path\", \"type\": \"string\", \"required\": true}}},"
            + "\"list\": {\"id\": \"api.things.list\", \"path\": \"things\", \"httpMethod\": \"GET\"}}}}";

        var output = Run(Document(resources: resources));

        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("DG0007", diagnostic.Id);
        Assert.Contains(reason, diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var service = output.Compilation.GetTypeByMetadataName("Api.V1.ApiService+ThingsResource")!;
        Assert.Empty(service.GetMembers("GetAsync"));
        Assert.Single(service.GetMembers("ListAsync"));
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
    }

    [Fact]
    public void DuplicateMethodId_WarnsDG0008AndKeepsTheFirst()
    {
        var resources = "{\"a\": {\"methods\": {\"get\": {\"id\": \"api.same\", \"path\": \"a\", \"httpMethod\": \"GET\"}}},"
            + " \"b\": {\"methods\": {\"get\": {\"id\": \"api.same\", \"path\": \"b\", \"httpMethod\": \"GET\"}}}}";

        var output = Run(Document(resources: resources));

        Assert.Equal("DG0008", Assert.Single(output.Diagnostics).Id);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
    }

    [Fact]
    public void WrongJsonTypes_WarnDG0004AndAreIgnored()
    {
        var output = Run(Document(resources: "[]", schemas: "\"nope\""));

        Assert.Equal(new[] { "DG0004", "DG0004" }, output.Diagnostics.Select(d => d.Id).ToArray());
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
    }

    [Fact]
    public void UnsupportedType_WarnsDG0006AndMapsToJsonElement()
    {
        var schemas = "{\"Thing\": {\"id\": \"Thing\", \"type\": \"object\", \"properties\": {\"odd\": {\"type\": \"tuple\"}}}}";

        var output = Run(Document(schemas: schemas));

        Assert.Equal("DG0006", Assert.Single(output.Diagnostics).Id);
        var property = (IPropertySymbol)output.Compilation.GetTypeByMetadataName("Api.V1.Thing")!.GetMembers("Odd").Single();
        Assert.Equal("System.Text.Json.JsonElement?", property.Type.ToDisplayString());
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
    }

    [Fact]
    public void PagedResponseWithSeveralArrays_IsInfoDG0014AndGetsPagesOnly()
    {
        var schemas = "{\"Page\": {\"id\": \"Page\", \"type\": \"object\", \"properties\": {\"nextPageToken\": {\"type\": \"string\"},"
            + " \"cats\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}}, \"dogs\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}}}}}";
        var resources = "{\"pets\": {\"methods\": {\"list\": {\"id\": \"api.pets.list\", \"path\": \"pets\", \"httpMethod\": \"GET\","
            + " \"parameters\": {\"pageToken\": {\"location\": \"query\", \"type\": \"string\"}}, \"response\": {\"$ref\": \"Page\"}}}}}";

        var output = Run(Document(resources: resources, schemas: schemas));

        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("DG0014", diagnostic.Id);
        Assert.Contains("cats, dogs", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var pets = output.Compilation.GetTypeByMetadataName("Api.V1.ApiService+PetsResource")!;
        Assert.Single(pets.GetMembers("ListPagesAsync"));
        Assert.Empty(pets.GetMembers("ListAllAsync"));
        Assert.True(output.CompilationErrors(warningsAsErrors: false).IsEmpty, GeneratorHarness.Format(output.CompilationErrors(false)));
    }

    [Fact]
    public void ComputeStyleOperations_AreInfoDG0015WithoutHandles()
    {
        var schemas = "{\"Operation\": {\"id\": \"Operation\", \"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"}, \"status\": {\"type\": \"string\", \"enum\": [\"PENDING\", \"DONE\"]}}}}";
        var resources = "{\"disks\": {\"methods\": {\"insert\": {\"id\": \"api.disks.insert\", \"path\": \"disks\", \"httpMethod\": \"POST\", \"response\": {\"$ref\": \"Operation\"}}}}}";

        var output = Run(Document(resources: resources, schemas: schemas));

        Assert.Equal("DG0015", Assert.Single(output.Diagnostics).Id);
        var disks = output.Compilation.GetTypeByMetadataName("Api.V1.ApiService+DisksResource")!;
        Assert.Empty(disks.GetMembers("StartInsertAsync"));
        Assert.True(output.CompilationErrors(warningsAsErrors: false).IsEmpty, GeneratorHarness.Format(output.CompilationErrors(false)));
    }

    [Fact]
    public void SidecarNamingAnUnknownMethod_WarnsDG0011()
    {
        var sidecar = "{\"kind\": \"discoverygen#iamPermissions\", \"methods\": {\"api.nope\": {\"permissions\": [{\"permission\": \"api.things.get\"}]}}}";

        var output = Run(Document(), ("/p/api.v1.iam.json", sidecar));

        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("DG0011", diagnostic.Id);
        Assert.Equal("/p/api.v1.iam.json", diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void MalformedSidecar_WarnsDG0010WithItsLocation()
    {
        var output = Run(Document(), ("/p/api.v1.iam.json", "{\"methods\": {\"a\": {\"permissions\": [}}"));

        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("DG0010", diagnostic.Id);
        Assert.Equal("/p/api.v1.iam.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(0, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void EveryDescriptor_IsListedInAnalyzerReleasesAndReadme()
    {
        var releases = System.IO.File.ReadAllText(System.IO.Path.Combine(TestPaths.RepoRoot, "generator", "Diagnostics", "AnalyzerReleases.Unshipped.md"));
        var readme = System.IO.File.ReadAllText(System.IO.Path.Combine(TestPaths.RepoRoot, "README.md"));
        var ids = typeof(DiscoveryGen.Generator.DiscoveryClientGenerator).Assembly
            .GetType("DiscoveryGen.Generator.Diagnostics.DiagnosticDescriptors")!
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id)
            .ToList();

        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.Contains(id + " |", releases, StringComparison.Ordinal));
        Assert.All(ids, id => Assert.Contains("</a>" + id + " |", readme, StringComparison.Ordinal));
    }
}
