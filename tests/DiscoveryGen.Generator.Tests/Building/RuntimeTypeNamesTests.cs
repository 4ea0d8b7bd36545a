using System;
using System.Linq;
using DiscoveryGen.Generator.Building;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Building;

/// <summary>
/// Schemas named like public DiscoveryGen.Runtime types or like root namespaces are renamed, so user code with
/// <c>using DiscoveryGen.Runtime;</c> and the client's namespace stays unambiguous (issue 10 item 17).
/// </summary>
public sealed class RuntimeTypeNamesTests
{
    [Fact]
    public void AvoidList_IsExactlyTheRuntimesExportedTypes()
    {
        // Top-level exported types by their C# names (JsonModel`1 → JsonModel), attributes also by their short names.
        var exported = typeof(DiscoveryGen.Runtime.ApiClient).Assembly.GetExportedTypes()
            .Where(t => !t.IsNested)
            .Select(t => t.Name.Split('`')[0])
            .ToList();
        var expected = exported
            .Concat(exported.Where(n => n.EndsWith("Attribute", StringComparison.Ordinal)).Select(n => n.Substring(0, n.Length - "Attribute".Length)))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();

        var listed = ClientBuilder.RuntimeTypeNames.OrderBy(n => n, StringComparer.Ordinal).ToArray();

        Assert.Equal(expected, listed);
    }

    private const string Document = """
        {
          "kind": "discovery#restDescription",
          "name": "names",
          "version": "v1",
          "rootUrl": "https://names.example.com/",
          "servicePath": "",
          "schemas": {
            "System": { "id": "System", "type": "object", "properties": { "name": { "type": "string" } } },
            "Microsoft": { "id": "Microsoft", "type": "object", "properties": { "name": { "type": "string" } } },
            "Global": { "id": "Global", "type": "object", "properties": { "name": { "type": "string" } } },
            "DiscoveryGen": { "id": "DiscoveryGen", "type": "object", "properties": { "name": { "type": "string" } } },
            "Names": { "id": "Names", "type": "object", "properties": { "name": { "type": "string" } } },
            "RetryPolicy": { "id": "RetryPolicy", "type": "object", "properties": { "maxAttempts": { "type": "integer", "format": "int32" } } },
            "ErrorInfo": { "id": "ErrorInfo", "type": "object", "properties": { "reason": { "type": "string" } } },
            "OperationHandle": { "id": "OperationHandle", "type": "object", "properties": { "name": { "type": "string" } } },
            "Task": { "id": "Task", "type": "object", "properties": {
              "system": { "$ref": "System" }, "policy": { "$ref": "RetryPolicy" }, "info": { "$ref": "ErrorInfo" } } }
          },
          "resources": {
            "tasks": {
              "methods": {
                "run": {
                  "id": "names.tasks.run", "path": "tasks:run", "httpMethod": "POST",
                  "request": { "$ref": "Task" }, "response": { "$ref": "System" }
                }
              }
            }
          }
        }
        """;

    // Consumer code as a user writes it: both namespaces imported, runtime names meaning the runtime's types, and code
    // inside the client's namespace naming System, Microsoft and DiscoveryGen namespaces.
    private const string Consumer = """
        using DiscoveryGen.Runtime;
        using Names.V1;

        public static class Consumer
        {
            public static RetryPolicy Policy() => new RetryPolicy { MaxAttempts = 2 };
            public static ErrorInfo? Info(ApiException e) => e.Error?.ErrorInfo;
            public static System.Type Handle() => typeof(OperationHandle<>);
            public static RetryPolicyModel Schema() => new RetryPolicyModel { MaxAttempts = 1 };
            public static Task Model() => new Task { System = new SystemModel(), Policy = Schema(), Info = new ErrorInfoModel() };
        }

        namespace Names.V1
        {
            public static class InTheClientNamespace
            {
                public static System.String Text() => System.String.Empty;
                public static Microsoft.Win32.SafeHandles.SafeFileHandle? Handle() => null;
                public static DiscoveryGen.Runtime.ApiClient? Client() => null;
                public static Names.V1.NamesService? Service() => null;
                public static System.Uri Base() => NamesService.DefaultBaseUri;
            }
        }
        """;

    [Fact]
    public void SchemasNamedLikeRuntimeTypesOrRootNamespaces_AreRenamed_AndConsumerCodeCompiles()
    {
        var output = GeneratorHarness.Run(new AdditionalText[] { new InMemoryAdditionalText("/p/names.v1.json", Document) }, null, Consumer);

        Assert.Empty(output.Diagnostics);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        var types = output.Compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type)
            .Where(t => t.ContainingNamespace.ToDisplayString() == "Names.V1")
            .Select(t => t.Name)
            .ToHashSet(StringComparer.Ordinal);
        Assert.Superset(
            new[] { "SystemModel", "MicrosoftModel", "GlobalModel", "DiscoveryGenModel", "NamesModel", "RetryPolicyModel", "ErrorInfoModel", "OperationHandleModel", "Task" }.ToHashSet(),
            types);
        Assert.DoesNotContain("System", types);
        Assert.DoesNotContain("RetryPolicy", types);
    }
}
