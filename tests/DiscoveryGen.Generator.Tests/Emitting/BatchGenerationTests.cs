using System.Linq;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Emitting;

/// <summary><c>CreateBatch()</c>: generated when the document has a <c>batchPath</c>, never colliding with the document's own names.</summary>
public sealed class BatchGenerationTests
{
    private static string Document(string? batchPath, string methodName) => $$"""
        {
          "kind": "discovery#restDescription", "name": "batchy", "version": "v1",
          "rootUrl": "https://batchy.example.com/", "servicePath": "batchy/v1/"{{(batchPath is null ? string.Empty : $", \"batchPath\": \"{batchPath}\"")}},
          "schemas": { "Thing": { "id": "Thing", "type": "object", "properties": { "name": { "type": "string" } } } },
          "methods": {
            "{{methodName}}": { "id": "batchy.{{methodName}}", "path": "things", "httpMethod": "POST", "response": { "$ref": "Thing" } }
          }
        }
        """;

    private static GeneratorOutput Generate(string document)
    {
        var output = GeneratorHarness.Run(new InMemoryAdditionalText("/p/batchy.v1.json", document));
        Assert.Empty(output.Diagnostics);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        return output;
    }

    private static INamedTypeSymbol Service(GeneratorOutput output) => output.Compilation.GetTypeByMetadataName("Batchy.V1.BatchyService")!;

    [Fact]
    public void WithBatchPath_CreateBatchPassesTheBatchPathAndServicePath()
    {
        var output = Generate(Document("batch/batchy/v1", "make"));

        var create = Assert.Single(Service(output).GetMembers("CreateBatch").OfType<IMethodSymbol>());
        Assert.Equal("global::DiscoveryGen.Runtime.BatchRequest<global::Batchy.V1.BatchyService>", create.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        Assert.Empty(create.Parameters);
        Assert.Contains(output.Sources, s => s.Source.Contains("CreateBatch() => new(Client, BatchPath, \"batchy/v1/\", static (h, o) => new BatchyService(h, o));", System.StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutBatchPath_NoCreateBatch()
    {
        var output = Generate(Document(null, "make"));

        Assert.Empty(Service(output).GetMembers("CreateBatch"));
        Assert.Empty(Service(output).GetMembers("BatchPath"));
    }

    [Fact]
    public void AResourceNamedCreateBatch_IsRenamed_AndBothCompile()
    {
        var document = Document("batch", "make").Replace(
            "\"methods\": {",
            "\"resources\": { \"createBatch\": { \"methods\": { \"get\": { \"id\": \"batchy.createBatch.get\", \"path\": \"cb\", \"httpMethod\": \"GET\" } } } },\n  \"methods\": {",
            System.StringComparison.Ordinal);
        var output = Generate(document);

        var service = Service(output);
        Assert.IsAssignableFrom<IMethodSymbol>(Assert.Single(service.GetMembers("CreateBatch")));
        var resource = Assert.Single(service.GetMembers().OfType<IPropertySymbol>(), p => p.Type.Name.StartsWith("CreateBatch", System.StringComparison.Ordinal));
        Assert.NotEqual("CreateBatch", resource.Name);
    }
}
