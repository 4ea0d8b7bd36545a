using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Building;

/// <summary>
/// The google.longrunning Operation is found by what polls it, not by its schema id: newer documents name it
/// <c>GoogleLongrunningOperation</c> (tests/Shared/TestDocuments/lro.v1.json; aiplatform.v1 and about 40 other shared
/// documents), and their long-running methods get the same <c>Start…Async</c> siblings and <c>TrackOperation</c> as
/// documents whose schema is <c>Operation</c>. An operation's result is unpacked by <c>@type</c> only as the schemas
/// that can be one (what a resource that starts operations returns, a …Response no method returns, google.protobuf.Empty,
/// any …Metadata). An <c>operations.get</c> that takes the name in pieces (Cloud Storage's
/// <c>b/{bucket}/operations/{operationId}</c>; tests/Shared/TestDocuments/lroparts.v1.json) is called with them.
/// </summary>
public sealed class OperationDetectionTests
{
    private static GeneratorOutput Generate() =>
        GeneratorHarness.Run(InMemoryAdditionalText.FromFile(TestPaths.TestDocument("lro.v1.json"), "/p/lro.v1.json"));

    [Fact]
    public void AnOperationSchemaNamedGoogleLongrunningOperation_GetsStartSiblingsAndTrackOperation()
    {
        var output = Generate();

        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        var operation = output.Compilation.GetTypeByMetadataName("Lrotest.V1.GoogleLongrunningOperation")!;
        Assert.Contains(operation.Interfaces, i => i.ToDisplayString() == "DiscoveryGen.Runtime.ILongRunningOperation");
        var widgets = output.Compilation.GetTypeByMetadataName("Lrotest.V1.LrotestService+ProjectsResource+LocationsResource+WidgetsResource")!;
        var start = (IMethodSymbol)Assert.Single(widgets.GetMembers("StartCreateAsync"));
        Assert.Equal("System.Threading.Tasks.Task<DiscoveryGen.Runtime.OperationHandle<Lrotest.V1.GoogleLongrunningOperation>>", start.ReturnType.ToDisplayString());
        Assert.Single(widgets.GetMembers("StartExportAsync"));
        Assert.Empty(widgets.GetMembers("StartGetAsync"));
        Assert.Empty(widgets.GetMembers("StartListAsync"));
        var service = output.Compilation.GetTypeByMetadataName("Lrotest.V1.LrotestService")!;
        Assert.Equal(2, service.GetMembers("TrackOperation").Length);
    }

    [Fact]
    public void OnlySchemasThatCanBeAResult_AreUnpackedByTheirAtType()
    {
        var source = string.Concat(Generate().Sources.Select(s => s.Source));

        // What the resource that starts operations returns (the widget), Empty, a …Response no method returns, any
        // …Metadata: unpacked.
        Assert.Contains("case \"GoogleCloudLrotestV1Widget\":", source, StringComparison.Ordinal);
        Assert.Contains("case \"GoogleProtobufEmpty\":", source, StringComparison.Ordinal);
        Assert.Contains("case \"GoogleCloudLrotestV1ExportWidgetsResponse\":", source, StringComparison.Ordinal);
        Assert.Contains("case \"GoogleCloudLrotestV1CreateWidgetMetadata\":", source, StringComparison.Ordinal);
        // A part of another message, or the …Response of a call that answers at once: stays JSON.
        Assert.DoesNotContain("case \"GoogleCloudLrotestV1Part\":", source, StringComparison.Ordinal);
        Assert.DoesNotContain("case \"GoogleRpcStatus\":", source, StringComparison.Ordinal);
        Assert.DoesNotContain("case \"GoogleCloudLrotestV1ListWidgetsResponse\":", source, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOperationsGetThatTakesTheNameInPieces_IsCalledWithThePiecesOfTheName()
    {
        var output = GeneratorHarness.Run(InMemoryAdditionalText.FromFile(TestPaths.TestDocument("lroparts.v1.json"), "/p/lroparts.v1.json"));

        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        var folders = output.Compilation.GetTypeByMetadataName("Lroparts.V1.LropartsService+FoldersResource")!;
        Assert.Single(folders.GetMembers("StartRenameAsync"));
        var service = output.Compilation.GetTypeByMetadataName("Lroparts.V1.LropartsService")!;
        Assert.Equal(2, service.GetMembers("TrackOperation").Length);
        var source = string.Concat(output.Sources.Select(s => s.Source));
        Assert.Contains("_dg::OperationNameParts.Arguments(name, \"bucket\", \"operationId\");", source, StringComparison.Ordinal);
        Assert.Contains("var __parts0 = _dg::OperationNameParts.Arguments(operationName, \"bucket\", \"operationId\");", source, StringComparison.Ordinal);
        Assert.Contains("return new _api::LropartsService.OperationsResource(client).GetAsync(__parts0[0], __parts0[1], options, cancellationToken);", source, StringComparison.Ordinal);
        Assert.Contains("return new _api::LropartsService.OperationsResource(client).CancelAsync(__parts0[0], __parts0[1], options, cancellationToken);", source, StringComparison.Ordinal);

        // The folder (its resource starts an operation) and the …Metadata are unpacked; the bucket (only a resource
        // without operations returns it) and the operation itself are not.
        Assert.Contains("case \"Folder\":", source, StringComparison.Ordinal);
        Assert.Contains("case \"RenameFolderMetadata\":", source, StringComparison.Ordinal);
        Assert.DoesNotContain("case \"Bucket\":", source, StringComparison.Ordinal);
        Assert.DoesNotContain("case \"GoogleLongrunningOperation\":", source, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralOperationsGetsInPieces_AreTriedInTurnByThePiecesTheNameHolds()
    {
        // App Engine's shape: apps/{appsId}/operations/{operationsId} and projects/{projectsId}/locations/{locationsId}/operations/{operationsId}.
        var json = System.IO.File.ReadAllText(TestPaths.TestDocument("lroparts.v1.json"));
        var document = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        var operations = document["resources"]!["operations"]!.DeepClone();
        var get = operations["methods"]!["get"]!;
        get["id"] = "lroparts.projects.locations.operations.get";
        get["path"] = "v1/projects/{projectsId}/locations/{locationsId}/operations/{operationsId}";
        get["flatPath"] = "v1/projects/{projectsId}/locations/{locationsId}/operations/{operationsId}";
        get["parameters"] = System.Text.Json.Nodes.JsonNode.Parse("""{"projectsId": {"type": "string", "location": "path", "required": true}, "locationsId": {"type": "string", "location": "path", "required": true}, "operationsId": {"type": "string", "location": "path", "required": true}}""");
        get["parameterOrder"] = System.Text.Json.Nodes.JsonNode.Parse("""["projectsId", "locationsId", "operationsId"]""");
        operations["methods"]!.AsObject().Remove("cancel");
        document["resources"]!["projects"] = System.Text.Json.Nodes.JsonNode.Parse("""{"resources": {"locations": {"resources": {}}}}""");
        document["resources"]!["projects"]!["resources"]!["locations"]!["resources"]!["operations"] = operations;

        var output = GeneratorHarness.Run(new InMemoryAdditionalText("/p/lroparts.v1.json", document.ToJsonString()));

        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        var source = string.Concat(output.Sources.Select(s => s.Source));
        Assert.Contains("if (_dg::OperationNameParts.TryArguments(operationName, \"bucket\", \"operationId\") is { } __parts0)", source, StringComparison.Ordinal);
        Assert.Contains("var __parts1 = _dg::OperationNameParts.Arguments(operationName, \"projectsId\", \"locationsId\", \"operationsId\");", source, StringComparison.Ordinal);
        // TrackOperation accepts a name that holds either get's pieces, at once, and nothing else.
        Assert.Contains("if (_dg::OperationNameParts.TryArguments(name, \"bucket\", \"operationId\") is null) _dg::OperationNameParts.Arguments(name, \"projectsId\", \"locationsId\", \"operationsId\");", source, StringComparison.Ordinal);
        Assert.DoesNotContain("_dg::ParameterCheck.Required(name, \"name\");", source, StringComparison.Ordinal);

        using var loaded = LoadedAssembly.Load(output, "lroparts");
        var serviceType = loaded.Assembly.GetType("Lroparts.V1.LropartsService", throwOnError: true)!;
        using var http = new HttpClient();
        var client = Activator.CreateInstance(serviceType, http, null)!;
        var track = serviceType.GetMethod("TrackOperation", [typeof(string), typeof(DiscoveryGen.Runtime.RequestOptions)])!;
        Assert.NotNull(track.Invoke(client, ["projects/_/buckets/b1/operations/op1", null]));
        Assert.NotNull(track.Invoke(client, ["projects/p/locations/l/operations/op1", null]));
        foreach (var bad in new[] { "operations/op1", "projects/p/operations/op1", "projects/p/locations/l", "" })
        {
            var thrown = Assert.Throws<TargetInvocationException>(() => track.Invoke(client, [bad, null]));
            var argument = Assert.IsAssignableFrom<ArgumentException>(thrown.InnerException);
            Assert.Equal("name", argument.ParamName);
        }
    }

    [Fact]
    public void AnOperationsGetWithoutANamePattern_TrackOperationChecksOnlyThatANameIsThere_AndSaysSo()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(System.IO.File.ReadAllText(TestPaths.TestDocument("lro.v1.json")))!;
        var name = document["resources"]!["projects"]!["resources"]!["locations"]!["resources"]!["operations"]!["methods"]!["get"]!["parameters"]!["name"]!.AsObject();
        name.Remove("pattern");

        var output = GeneratorHarness.Run(new InMemoryAdditionalText("/p/lro.v1.json", document.ToJsonString()));

        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        var service = output.Compilation.GetTypeByMetadataName("Lrotest.V1.LrotestService")!;
        var track = service.GetMembers("TrackOperation").OfType<IMethodSymbol>().Single(m => m.Parameters[0].Type.SpecialType == SpecialType.System_String);
        var source = track.DeclaringSyntaxReferences.Single().GetSyntax().ToFullString();
        Assert.Contains("_dg::ParameterCheck.Required(name, \"name\");", source, StringComparison.Ordinal);
        Assert.Contains("checked at once only for being there: an operations.get of this API has no name pattern.", source, StringComparison.Ordinal);
        Assert.DoesNotContain("pattern for operation names", source, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOperationsGetWhosePiecesSpanSeveralSegments_GetsNoHelpers()
    {
        // v1/{+parent}/operations/{operationId}: a parent of several segments cannot be told from the name's collections.
        var document = System.Text.Json.Nodes.JsonNode.Parse(System.IO.File.ReadAllText(TestPaths.TestDocument("lroparts.v1.json")))!;
        var get = document["resources"]!["operations"]!["methods"]!["get"]!;
        get["path"] = "v1/{+bucket}/operations/{operationId}";

        var output = GeneratorHarness.Run(new InMemoryAdditionalText("/p/lroparts.v1.json", document.ToJsonString()));

        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        var service = output.Compilation.GetTypeByMetadataName("Lroparts.V1.LropartsService")!;
        Assert.Empty(service.GetMembers("TrackOperation"));
        Assert.Empty(output.Compilation.GetTypeByMetadataName("Lroparts.V1.LropartsService+FoldersResource")!.GetMembers("StartRenameAsync"));
    }

    [Fact]
    [Trait("Needs", "SharedCorpus")]
    public void Aiplatform_GetsItsLongRunningHelpers()
    {
        var path = TestPaths.SharedDiscovery("aiplatform.v1.json");
        Assert.True(System.IO.File.Exists(path), $"The shared discovery corpus is missing: expected {path}.");

        var source = string.Concat(GeneratorHarness.Run(InMemoryAdditionalText.FromFile(path, "/shared/discovery/aiplatform.v1.json")).Sources.Select(s => s.Source));

        Assert.Contains("public virtual _dg::OperationHandle<_api::GoogleLongrunningOperation> TrackOperation(string name", source, StringComparison.Ordinal);
        Assert.True(source.Split("__Start(__clientOrNull, ").Length - 1 >= 90, "aiplatform.v1's long-running methods get Start…Async siblings.");
    }
}
