using System;
using System.Globalization;
using System.Linq;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Building;

/// <summary>The StripSchemaPrefix knob (README "Shorter schema names"): shorter C# names, same JSON, no collisions.</summary>
public sealed class SchemaPrefixTests
{
    private const string DatacatalogPath = "/shared/discovery/datacatalog.v1.json";
    private const string SyntheticPath = "/p/prefixed.v1.json";

    /// <summary>
    /// Schemas with the prefix whose short names would collide (with a schema, a runtime type, the service class, a
    /// generated member) or would not start a word, beside ones that strip cleanly.
    /// </summary>
    private const string Synthetic = """
        {
          "kind": "discovery#restDescription", "discoveryVersion": "v1", "name": "prefixed", "version": "v1",
          "rootUrl": "https://prefixed.example.com/", "servicePath": "",
          "schemas": {
            "AcmeV1Widget": { "id": "AcmeV1Widget", "type": "object", "properties": {
              "widgetName": { "type": "string" },
              "shape": { "type": "string", "enum": ["ROUND", "SQUARE"] },
              "part": { "$ref": "AcmeV1Part" } } },
            "AcmeV1Part": { "id": "AcmeV1Part", "type": "object", "properties": { "size": { "type": "integer", "format": "int32" } } },
            "AcmeV1Thing": { "id": "AcmeV1Thing", "type": "object", "properties": { "a": { "type": "string" } } },
            "Thing": { "id": "Thing", "type": "object", "properties": { "b": { "type": "string" } } },
            "AcmeV1ApiClient": { "id": "AcmeV1ApiClient", "type": "object", "properties": { "c": { "type": "string" } } },
            "AcmeV1PrefixedService": { "id": "AcmeV1PrefixedService", "type": "object", "properties": { "d": { "type": "string" } } },
            "AcmeV1Value": { "id": "AcmeV1Value", "type": "string", "enum": ["X", "Y"] },
            "AcmeV1beta1Gadget": { "id": "AcmeV1beta1Gadget", "type": "object", "properties": { "e": { "type": "string" } } }
          },
          "resources": { "widgets": { "methods": {
            "get": { "id": "prefixed.widgets.get", "path": "v1/widgets/{name}", "httpMethod": "GET",
              "parameters": { "name": { "type": "string", "required": true, "location": "path" } }, "parameterOrder": ["name"],
              "response": { "$ref": "AcmeV1Widget" } } } } }
        }
        """;

    [Fact]
    public void Synthetic_StripsWhereNothingCollides_AndKeepsFullNamesWithDG0018ElsewhereSayingWhy()
    {
        var output = GeneratorHarness.Run(new[] { new InMemoryAdditionalText(SyntheticPath, Synthetic) }, new KnobOptionsProvider().Metadata(SyntheticPath, "StripSchemaPrefix", "AcmeV1"));

        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        Assert.Equal(
            new[] { "Part", "Widget", "WidgetShape" },
            new[] { "Part", "Widget", "WidgetShape", "AcmeV1Widget", "AcmeV1Part" }.Where(n => Type(output, n) is not null).ToArray());
        Assert.All(new[] { "AcmeV1Thing", "Thing", "AcmeV1ApiClient", "AcmeV1PrefixedService", "AcmeV1Value", "AcmeV1beta1Gadget" }, n => Assert.NotNull(Type(output, n)));
        Assert.Null(Type(output, "ApiClient"));
        Assert.Null(Type(output, "Value"));
        Assert.Null(Type(output, "ValueModel"));

        var kept = output.Diagnostics.Where(d => d.Id == "DG0018").Select(d => d.GetMessage(CultureInfo.InvariantCulture)).OrderBy(m => m, StringComparer.Ordinal).ToArray();
        Assert.Equal(
            new[]
            {
                "StripSchemaPrefix leaves schema 'AcmeV1ApiClient' its full name: 'ApiClient' is reserved (a DiscoveryGen.Runtime type, the service class or a generated member)",
                "StripSchemaPrefix leaves schema 'AcmeV1PrefixedService' its full name: 'PrefixedService' is reserved (a DiscoveryGen.Runtime type, the service class or a generated member)",
                "StripSchemaPrefix leaves schema 'AcmeV1Thing' its full name: 'Thing' is another schema's name",
                "StripSchemaPrefix leaves schema 'AcmeV1Value' its full name: 'Value' is reserved (a DiscoveryGen.Runtime type, the service class or a generated member)",
                "StripSchemaPrefix leaves schema 'AcmeV1beta1Gadget' its full name: the rest, 'beta1Gadget', does not start a new word (an upper-case letter)",
            },
            kept);
        Assert.All(output.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        Assert.Equal(SyntheticPath, output.Diagnostics[0].Location.GetLineSpan().Path);

        // The wire is untouched: the JSON names and the schema's own reference stay as the document says.
        var widget = output.Sources.Single(s => s.Source.Contains("sealed partial class Widget ", StringComparison.Ordinal)).Source;
        Assert.Contains("\"widgetName\"", widget, StringComparison.Ordinal);
        Assert.Contains("public _api::Part? Part { get; set; }", widget, StringComparison.Ordinal);
        Assert.Contains("public _api::WidgetShape? Shape { get; set; }", widget, StringComparison.Ordinal);
        Assert.Contains(output.Sources, s => s.Source.Contains("_tasks::Task<_api::Widget> GetAsync(", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutTheKnob_NamesAreTheDocumentsAndNothingIsReported()
    {
        var output = GeneratorHarness.Run(new[] { new InMemoryAdditionalText(SyntheticPath, Synthetic) }, new KnobOptionsProvider());

        Assert.Empty(output.Diagnostics);
        Assert.NotNull(Type(output, "AcmeV1Widget"));
        Assert.NotNull(Type(output, "AcmeV1WidgetShape"));
        Assert.Null(Type(output, "Widget"));
    }

    [Fact]
    public void APrefixNoSchemaStartsWith_WarnsDG0013AndChangesNothing()
    {
        var output = GeneratorHarness.Run(new[] { new InMemoryAdditionalText(SyntheticPath, Synthetic) }, new KnobOptionsProvider().Metadata(SyntheticPath, "StripSchemaPrefix", "GoogleCloud"));

        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("DG0013", diagnostic.Id);
        Assert.Contains("no schema name starts with 'GoogleCloud'", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.NotNull(Type(output, "AcmeV1Widget"));
    }

    [Fact]
    [Trait("Needs", "SharedCorpus")]
    public void Datacatalog_GoogleCloudDatacatalogV1EntryGroup_BecomesEntryGroup_AndCompiles()
    {
        var path = TestPaths.RequireShared(TestPaths.SharedDiscovery("datacatalog.v1.json"));
        var output = GeneratorHarness.Run(
            new[] { InMemoryAdditionalText.FromFile(path, DatacatalogPath) },
            new KnobOptionsProvider().Metadata(DatacatalogPath, "StripSchemaPrefix", "GoogleCloudDatacatalogV1"),
            "public static class Consumer { public static object Make() => new DataCatalog.V1.EntryGroup { DisplayName = \"x\" }; }");

        Assert.Empty(output.Diagnostics);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        Assert.NotNull(Type(output, "EntryGroup", "DataCatalog.V1"));
        Assert.NotNull(Type(output, "Entry", "DataCatalog.V1"));
        Assert.NotNull(Type(output, "TagTemplateDataplexTransferStatus", "DataCatalog.V1")); // inline types follow the short name
        Assert.NotNull(Type(output, "Policy", "DataCatalog.V1")); // unprefixed schemas keep their names
        Assert.Null(Type(output, "GoogleCloudDatacatalogV1EntryGroup", "DataCatalog.V1"));
        var generated = output.Compilation.SyntaxTrees.Where(t => t.FilePath.Contains("DataCatalog", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(generated);
        Assert.DoesNotContain(generated, t => t.ToString().Contains("class GoogleCloudDatacatalogV1", StringComparison.Ordinal));
        // JSON names as the document has them: the entry group's own property names on the wire.
        var entryGroup = output.Sources.Single(s => s.Source.Contains("sealed partial class EntryGroup ", StringComparison.Ordinal)).Source;
        Assert.Contains("\"dataCatalogTimestamps\"", entryGroup, StringComparison.Ordinal);
    }

    private static INamedTypeSymbol? Type(GeneratorOutput output, string name, string @namespace = "Prefixed.V1") =>
        output.Compilation.GetTypeByMetadataName(@namespace + "." + name);
}
