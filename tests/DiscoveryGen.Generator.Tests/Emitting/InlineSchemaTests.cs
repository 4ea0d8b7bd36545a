using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using DiscoveryGen.Generator.Tests.Infrastructure;
using DiscoveryGen.Runtime;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Emitting;

/// <summary>
/// A method's request or response written out in place instead of as a <c>$ref</c> (three methods of the shared corpus:
/// datalineage's <c>processOpenLineageRunEvent</c> and integrations' <c>executeEvent</c> take a map of any values,
/// identitytoolkit's <c>getPublicKeys</c> returns one) is the method's body or result type, not dropped: before, those
/// methods took no body and returned nothing.
/// </summary>
public sealed class InlineSchemaTests
{
    private static GeneratorOutput Generate()
    {
        var output = GeneratorHarness.Run(InMemoryAdditionalText.FromFile(TestPaths.TestDocument("inline.v1.json"), "/p/inline.v1.json"));
        Assert.Empty(output.Diagnostics);
        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        return output;
    }

    private static IMethodSymbol Method(GeneratorOutput output, string name) =>
        output.Compilation.GetTypeByMetadataName("Inline.V1.InlineService+EventsResource")!.GetMembers(name).OfType<IMethodSymbol>().Single();

    [Fact]
    public void InlineSchemas_AreTheMethodsBodyAndResultTypes()
    {
        var output = Generate();

        var process = Method(output, "ProcessAsync");
        Assert.Equal(new[] { "parent", "body", "options", "cancellationToken" }, process.Parameters.Select(p => p.Name));
        Assert.Equal("System.Collections.Generic.Dictionary<string, System.Text.Json.JsonElement>", process.Parameters[1].Type.ToDisplayString());
        Assert.Equal("System.Threading.Tasks.Task<Inline.V1.Thing>", process.ReturnType.ToDisplayString());

        var keys = Method(output, "KeysAsync");
        Assert.Equal("System.Threading.Tasks.Task<System.Collections.Generic.Dictionary<string, System.Text.Json.JsonElement>>", keys.ReturnType.ToDisplayString());

        // An inline object is a class named after the method, beside it; its enum property gets a type of its own.
        var submit = Method(output, "SubmitAsync");
        Assert.Equal("Inline.V1.InlineService.EventsResource.SubmitRequest", submit.Parameters[0].Type.ToDisplayString());
        Assert.Equal("System.Threading.Tasks.Task<System.Collections.Generic.List<Inline.V1.Thing>>", submit.ReturnType.ToDisplayString());
        var request = (INamedTypeSymbol)submit.Parameters[0].Type;
        Assert.Equal(new[] { "Count", "Kind" }, request.GetMembers().OfType<IPropertySymbol>().Where(p => p.DeclaredAccessibility == Accessibility.Public).Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task InlineBodies_AreSent_AndInlineResults_AreRead()
    {
        var output = Generate();
        using var loaded = LoadedAssembly.Load(output, "inline");
        var assembly = loaded.Assembly;
        await using var server = await LoopbackServer.StartAsync(request => CannedResponse.Json(request.Path switch
        {
            "/v1/keys" => """{"k1":"PEM-1","k2":{"n":2}}""",
            "/v1/submit" => """[{"name":"a"},{"name":"b"}]""",
            _ => """{"name":"done"}""",
        }));
        using var http = new HttpClient();
        var serviceType = assembly.GetType("Inline.V1.InlineService", throwOnError: true)!;
        var service = Activator.CreateInstance(serviceType, http, new ClientOptions { BaseUri = server.BaseUri })!;
        var events = serviceType.GetProperty("Events")!.GetValue(service)!;

        var body = new Dictionary<string, JsonElement> { ["eventType"] = JsonDocument.Parse("\"START\"").RootElement, ["run"] = JsonDocument.Parse("""{"runId":"r1"}""").RootElement };
        var thing = await Invoke(events, "ProcessAsync", "projects/p1", body, null, default(System.Threading.CancellationToken));
        Assert.Equal("done", thing!.GetType().GetProperty("Name")!.GetValue(thing));
        var keys = (Dictionary<string, JsonElement>)(await Invoke(events, "KeysAsync", null, default(System.Threading.CancellationToken)))!;
        Assert.Equal("PEM-1", keys["k1"].GetString());
        Assert.Equal(2, keys["k2"].GetProperty("n").GetInt32());

        var requestType = assembly.GetType("Inline.V1.InlineService+EventsResource+SubmitRequest", throwOnError: true)!;
        var submit = Activator.CreateInstance(requestType)!;
        requestType.GetProperty("Count")!.SetValue(submit, 3);
        var things = (System.Collections.IList)(await Invoke(events, "SubmitAsync", submit, null, default(System.Threading.CancellationToken)))!;
        Assert.Equal(2, things.Count);

        var sent = server.Requests;
        Assert.Equal(3, sent.Count);
        Assert.Equal("POST", sent[0].Method);
        Assert.Equal("/v1/projects/p1:process", sent[0].Path);
        Assert.Equal("""{"eventType":"START","run":{"runId":"r1"}}""", sent[0].BodyText);
        Assert.Equal("GET", sent[1].Method);
        Assert.Empty(sent[1].Body);
        Assert.Equal("""{"count":3}""", sent[2].BodyText);
    }

    private static async Task<object?> Invoke(object resource, string name, params object?[] arguments)
    {
        var task = (Task)resource.GetType().GetMethod(name)!.Invoke(resource, arguments)!;
        await task;
        return task.GetType().GetProperty("Result")?.GetValue(task);
    }
}
