using System;
using System.Linq;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Emitting;

/// <summary>
/// The media siblings (<c>{Name}MediaAsync</c>) for the shapes the snapshot documents do not cover: a dataWrapper API,
/// request bodies that are not objects, a download with a body, a method with both upload and download, protocol paths
/// that do not bind. Each document must generate without diagnostics and compile with warnings as errors.
/// </summary>
public sealed class MediaGenerationTests
{
    private static GeneratorOutput Generate(string methods, bool dataWrapper = false)
    {
        var json = $$"""
        {
          "kind": "discovery#restDescription", "name": "mediashapes", "version": "v1",
          "rootUrl": "https://shapes.example.com/", "servicePath": "shapes/v1/",
          {{(dataWrapper ? "\"features\": [\"dataWrapper\"]," : string.Empty)}}
          "schemas": {
            "Item": { "id": "Item", "type": "object", "properties": { "name": { "type": "string" } } },
            "Names": { "id": "Names", "type": "array", "items": { "type": "string" } },
            "Anything": { "id": "Anything", "type": "any" }
          },
          "resources": { "items": { "methods": { {{methods}} } } }
        }
        """;
        var output = GeneratorHarness.Run(new InMemoryAdditionalText("/p/mediashapes.v1.json", json));
        Assert.Empty(output.Diagnostics);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        return output;
    }

    private static string Upload(string name, string verb, string request, string response, string protocols = """
        "simple": { "path": "/upload/shapes/v1/items/{id}" }, "resumable": { "path": "/resumable/upload/shapes/v1/items/{id}" }
        """) => $$"""
        "{{name}}": {
          "id": "mediashapes.items.{{name}}", "path": "items/{id}", "httpMethod": "{{verb}}",
          "parameters": { "id": { "type": "string", "location": "path", "required": true } }, "parameterOrder": ["id"],
          {{request}} {{response}}
          "mediaUpload": { "accept": ["*/*"], "protocols": { {{protocols}} } }
        }
        """;

    /// <summary>The service class's files (the service shell and its top-level resources), without the models.</summary>
    private static string Service(GeneratorOutput output) =>
        string.Concat(output.Sources.Where(s => !s.HintName.Contains(".Models.", StringComparison.Ordinal)).Select(s => s.Source));

    [Fact]
    public void DataWrapper_UploadAndDownload_ReadAndWriteTheDataEnvelope()
    {
        var output = Generate(
            Upload("insert", "POST", "\"request\": { \"$ref\": \"Item\" },", "\"response\": { \"$ref\": \"Item\" },") + "," + """
            "get": { "id": "mediashapes.items.get", "path": "items/{id}", "httpMethod": "GET",
              "parameters": { "id": { "type": "string", "location": "path", "required": true } }, "parameterOrder": ["id"],
              "response": { "$ref": "Item" }, "supportsMediaDownload": true }
            """,
            dataWrapper: true);

        var service = Service(output);
        Assert.Contains("__r.SetJsonBody<_api::Item>(body, _dg::JsonWire.WriteDataWrapped<_api::Item>);", service, StringComparison.Ordinal);
        Assert.Contains("return __client.UploadMediaAsync<_api::Item>(__r, media, contentType, upload, options, static (ref _json::Utf8JsonReader r) => _dg::JsonWire.ReadDataWrapped<_api::Item>(", service, StringComparison.Ordinal);
        Assert.Contains("public virtual _tasks::Task GetMediaAsync(string id, _sys::IO.Stream destination,", service, StringComparison.Ordinal);
    }

    [Fact]
    public void NonObjectRequestBodies_StayRequired_AndNonModelResponsesUseTheirReader()
    {
        var output = Generate(
            Upload("names", "PUT", "\"request\": { \"$ref\": \"Names\" },", "\"response\": { \"$ref\": \"Names\" },") + "," +
            Upload("any", "PATCH", "\"request\": { \"$ref\": \"Anything\" },", "\"response\": { \"$ref\": \"Anything\" },"));

        var service = Service(output);
        Assert.Contains("NamesMediaAsync(string id, _gen::List<string> body, _sys::IO.Stream media, string contentType,", service, StringComparison.Ordinal);
        Assert.Contains("AnyMediaAsync(string id, _json::JsonElement body, _sys::IO.Stream media, string contentType,", service, StringComparison.Ordinal);
    }

    [Fact]
    public void DownloadWithABody_AndAMethodWithUploadAndDownload_GetDistinctSiblings()
    {
        var output = Generate("""
            "render": { "id": "mediashapes.items.render", "path": "items/{id}:render", "httpMethod": "POST",
              "parameters": { "id": { "type": "string", "location": "path", "required": true } }, "parameterOrder": ["id"],
              "request": { "$ref": "Item" }, "response": { "$ref": "Item" }, "supportsMediaDownload": true,
              "mediaUpload": { "accept": ["*/*"], "protocols": { "simple": { "path": "/upload/shapes/v1/items/{id}:render" } } } }
            """);

        var service = Service(output);
        Assert.Contains("RenderMediaAsync(string id, _api::Item? body, _sys::IO.Stream media, string contentType,", service, StringComparison.Ordinal);
        Assert.Contains("RenderDownloadAsync(string id, _api::Item body, _sys::IO.Stream destination,", service, StringComparison.Ordinal);
    }

    [Fact]
    public void ProtocolPathsThatDoNotBind_AreLeftOut_AndWithNeitherThereIsNoSibling()
    {
        var output = Generate(
            Upload("partial", "POST", string.Empty, "\"response\": { \"$ref\": \"Item\" },", """
                "simple": { "path": "/upload/shapes/v1/items/{id}" }, "resumable": { "path": "/resumable/upload/shapes/v1/items/{unknown}" }
                """) + "," +
            Upload("none", "POST", string.Empty, "\"response\": { \"$ref\": \"Item\" },", """
                "simple": { "path": "/upload/shapes/v1/items/{nope}" }
                """));

        var service = Service(output);
        Assert.Contains("PartialMediaAsync(", service, StringComparison.Ordinal);
        Assert.DoesNotContain("__r.ResumableUploadPath", service, StringComparison.Ordinal);
        Assert.Contains("NoneAsync(", service, StringComparison.Ordinal);
        Assert.DoesNotContain("NoneMediaAsync", service, StringComparison.Ordinal);
    }
}
