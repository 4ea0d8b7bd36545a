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
/// Compute-style operations (a <c>status</c> that ends <c>DONE</c>; tests/Shared/TestDocuments/computeops.v1.json) are
/// known by their <c>selfLink</c>, whose path gives each get and cancel its arguments.
/// </summary>
public sealed class OperationDetectionTests
{
    private static GeneratorOutput Generate() => Run("lro.v1.json");

    /// <summary>A test document as JSON nodes, to change before generating from it.</summary>
    private static System.Text.Json.Nodes.JsonNode TestDocument(string file) =>
        System.Text.Json.Nodes.JsonNode.Parse(System.IO.File.ReadAllText(TestPaths.TestDocument(file)))!;

    private static GeneratorOutput Run(string file) =>
        GeneratorHarness.Run(InMemoryAdditionalText.FromFile(TestPaths.TestDocument(file), "/p/" + file));

    private static GeneratorOutput Run(string file, System.Text.Json.Nodes.JsonNode document) =>
        GeneratorHarness.Run(new InMemoryAdditionalText("/p/" + file, document.ToJsonString()));

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
        var output = Run("lroparts.v1.json");

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
        var document = TestDocument("lroparts.v1.json").AsObject();
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

        var output = Run("lroparts.v1.json", document);

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
        var document = TestDocument("lro.v1.json");
        var name = document["resources"]!["projects"]!["resources"]!["locations"]!["resources"]!["operations"]!["methods"]!["get"]!["parameters"]!["name"]!.AsObject();
        name.Remove("pattern");

        var output = Run("lro.v1.json", document);

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
        var document = TestDocument("lroparts.v1.json");
        var get = document["resources"]!["operations"]!["methods"]!["get"]!;
        get["path"] = "v1/{+bucket}/operations/{operationId}";

        var output = Run("lroparts.v1.json", document);

        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        var service = output.Compilation.GetTypeByMetadataName("Lroparts.V1.LropartsService")!;
        Assert.Empty(service.GetMembers("TrackOperation"));
        Assert.Empty(output.Compilation.GetTypeByMetadataName("Lroparts.V1.LropartsService+FoldersResource")!.GetMembers("StartRenameAsync"));
    }

    [Fact]
    public void Snapshot_ComputeStyleOperations()
    {
        var output = Run("computeops.v1.json");

        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        Snapshot.Verify(output.Sources);
    }

    [Fact]
    public void ComputeStyleOperations_AreTrackedByTheirSelfLink_AndPolledByEveryGetWhosePathTheLinkCanEndWith()
    {
        var output = Run("computeops.v1.json");

        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        Assert.Empty(output.Diagnostics);
        var operation = output.Compilation.GetTypeByMetadataName("Computeops.V1.Operation")!;
        Assert.Contains(operation.Interfaces, i => i.ToDisplayString() == "DiscoveryGen.Runtime.ILongRunningOperation");
        var zonal = output.Compilation.GetTypeByMetadataName("Computeops.V1.ComputeopsService+ProjectsResource+ZonesResource+ClustersResource")!;
        Assert.Single(zonal.GetMembers("StartUpdateAsync"));
        var regional = output.Compilation.GetTypeByMetadataName("Computeops.V1.ComputeopsService+ProjectsResource+LocationsResource+ClustersResource")!;
        Assert.Single(regional.GetMembers("StartDeleteAsync"));
        Assert.Equal(2, output.Compilation.GetTypeByMetadataName("Computeops.V1.ComputeopsService")!.GetMembers("TrackOperation").Length);

        var source = string.Concat(output.Sources.Select(s => s.Source));
        Assert.Contains("string? _dg::ILongRunningOperation.OperationName => SelfLink;", source, StringComparison.Ordinal);
        Assert.Contains("bool _dg::ILongRunningOperation.IsDone => Status?.Value == \"DONE\";", source, StringComparison.Ordinal);
        Assert.Contains("_dg::OperationLink.Check(name, \"projects/{projectsId}/locations/{locationsId}/operations/{operationsId}\", \"projects/{projectId}/zones/{zone}/operations/{operationId}\");", source, StringComparison.Ordinal);
        Assert.Contains("if (_dg::OperationLink.TryName(operationName, \"projects/{projectsId}/locations/{locationsId}/operations/{operationsId}\") is { } __name0)", source, StringComparison.Ordinal);
        Assert.Contains("var __parts1 = _dg::OperationLink.Arguments(operationName, \"projects/{projectId}/zones/{zone}/operations/{operationId}\", \"projectId\", \"zone\", \"operationId\");", source, StringComparison.Ordinal);
        // The cancel takes the pieces of its path without the ":cancel" verb, and an empty body (it requires nothing of
        // it); there is no response to unpack.
        Assert.Contains("var __parts0 = _dg::OperationLink.Arguments(operationName, \"projects/{projectId}/zones/{zone}/operations/{operationId}\", \"projectId\", \"zone\", \"operationId\");", source, StringComparison.Ordinal);
        Assert.Contains(".CancelAsync(__parts0[0], __parts0[1], __parts0[2], new _api::CancelOperationRequest(), options, cancellationToken);", source, StringComparison.Ordinal);
        Assert.DoesNotContain("__Unpack", source, StringComparison.Ordinal);
    }

    [Fact]
    public void AComputeStyleGetTakingOneSegment_ReadsItAsAPieceOfTheLink_NotAsTheLinksPath()
    {
        // v1/global/operations/{operation}: the one argument is the link's last segment, not "operations/op".
        var document = TestDocument("computeops.v1.json");
        var get = document["resources"]!["projects"]!["resources"]!["zones"]!["resources"]!["operations"]!["methods"]!["get"]!;
        get["path"] = "v1/global/operations/{operation}";
        get["flatPath"] = "v1/global/operations/{operation}";
        get["parameters"] = System.Text.Json.Nodes.JsonNode.Parse("""{"operation": {"type": "string", "location": "path", "required": true}}""");
        get["parameterOrder"] = System.Text.Json.Nodes.JsonNode.Parse("""["operation"]""");

        var output = Run("computeops.v1.json", document);

        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        var source = string.Concat(output.Sources.Select(s => s.Source));
        Assert.Contains("var __parts1 = _dg::OperationLink.Arguments(operationName, \"operations/{operation}\", \"operation\");", source, StringComparison.Ordinal);
    }

    [Fact]
    public void ComputeEnginesZoneAndGlobalOperations_AreItsOperationsResources()
    {
        // Compute Engine keeps its operations in zoneOperations, regionOperations and globalOperations.
        var document = TestDocument("computeops.v1.json");
        var projects = document["resources"]!["projects"]!["resources"]!;
        var zoneOperations = projects["zones"]!["resources"]!["operations"]!.DeepClone();
        projects["zones"]!["resources"]!.AsObject().Remove("operations");
        projects["locations"]!["resources"]!.AsObject().Remove("operations");
        var globalOperations = zoneOperations.DeepClone();
        var get = globalOperations["methods"]!["get"]!;
        get["id"] = "computeops.globalOperations.get";
        get["path"] = "projects/{projectId}/global/operations/{operationId}";
        get["flatPath"] = "projects/{projectId}/global/operations/{operationId}";
        get["parameters"]!.AsObject().Remove("zone");
        get["parameterOrder"] = System.Text.Json.Nodes.JsonNode.Parse("""["projectId", "operationId"]""");
        globalOperations["methods"]!.AsObject().Remove("cancel");
        document["resources"]!["zoneOperations"] = zoneOperations;
        document["resources"]!["globalOperations"] = globalOperations;

        var output = Run("computeops.v1.json", document);

        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        Assert.Empty(output.Diagnostics);
        var source = string.Concat(output.Sources.Select(s => s.Source));
        Assert.Contains("_dg::OperationLink.Check(name, \"projects/{projectId}/global/operations/{operationId}\", \"projects/{projectId}/zones/{zone}/operations/{operationId}\");", source, StringComparison.Ordinal);
        Assert.Contains("if (_dg::OperationLink.TryArguments(operationName, \"projects/{projectId}/global/operations/{operationId}\", \"projectId\", \"operationId\") is { } __parts0)", source, StringComparison.Ordinal);
        Assert.Single(output.Compilation.GetTypeByMetadataName("Computeops.V1.ComputeopsService+ProjectsResource+ZonesResource+ClustersResource")!.GetMembers("StartUpdateAsync"));
        // An operations resource's own get returns an Operation without starting one: no Start…Async sibling.
        Assert.Empty(output.Compilation.GetTypeByMetadataName("Computeops.V1.ComputeopsService+ZoneOperationsResource")!.GetMembers("StartGetAsync"));
        Assert.Empty(output.Compilation.GetTypeByMetadataName("Computeops.V1.ComputeopsService+GlobalOperationsResource")!.GetMembers("StartGetAsync"));
    }

    [Fact]
    public void AComputeStyleOperationWithoutASelfLink_GetsNoHandles_AndDG0015SaysSo()
    {
        var document = TestDocument("computeops.v1.json");
        document["schemas"]!["Operation"]!["properties"]!.AsObject().Remove("selfLink");

        var output = Run("computeops.v1.json", document);

        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        Assert.Equal("DG0015", Assert.Single(output.Diagnostics).Id);
        Assert.Empty(output.Compilation.GetTypeByMetadataName("Computeops.V1.ComputeopsService")!.GetMembers("TrackOperation"));
    }

    [Fact]
    public void ComputeStyleGetsThatALinkCannotFeed_GiveNoHandles_AndDG0015SaysSo()
    {
        // Only the {+name} get is left, and without a flat path nothing says which end of a link is its name.
        var document = TestDocument("computeops.v1.json");
        var projects = document["resources"]!["projects"]!["resources"]!;
        projects["zones"]!["resources"]!.AsObject().Remove("operations");
        projects["locations"]!["resources"]!["operations"]!["methods"]!["get"]!.AsObject().Remove("flatPath");

        var output = Run("computeops.v1.json", document);

        Assert.True(output.CompilationErrors().IsEmpty, GeneratorHarness.Format(output.CompilationErrors()));
        Assert.Equal("DG0015", Assert.Single(output.Diagnostics).Id);
        Assert.Empty(output.Compilation.GetTypeByMetadataName("Computeops.V1.ComputeopsService")!.GetMembers("TrackOperation"));
        Assert.Empty(output.Compilation.GetTypeByMetadataName("Computeops.V1.ComputeopsService+ProjectsResource+ZonesResource+ClustersResource")!.GetMembers("StartUpdateAsync"));
    }

    [Theory]
    [InlineData("v1/projects/{projectId}/zones/{zone}/operations/{operationId}", "projects/{projectId}/zones/{zone}/operations/{operationId}")]
    [InlineData("v1/projects/{projectId}/zones/{zone}/operations/{operationId}:cancel", "projects/{projectId}/zones/{zone}/operations/{operationId}")]
    [InlineData("v1/projects/{project}/operations/{operation}/cancel", "projects/{project}/operations/{operation}")]
    [InlineData("deploymentmanager/v2/projects/{project}/global/operations/{operation}", "projects/{project}/global/operations/{operation}")]
    [InlineData("{operation}", "{operation}")]
    [InlineData("v1/{+name}", null)]
    [InlineData("v1/operations", null)]
    [InlineData("v1/operations/op-{operation}", null)]
    public void ALinkTemplate_RunsFromTheCollectionBeforeTheFirstVariableToTheLastVariable(string path, string? template) =>
        Assert.Equal(template, DiscoveryGen.Generator.Building.ClientBuilder.LinkTemplate(path));

    [Theory]
    [Trait("Needs", "SharedCorpus")]
    [InlineData("sqladmin.v1.json", "projects/{project}/operations/{operation}")]
    [InlineData("container.v1.json", "projects/{projectId}/zones/{zone}/operations/{operationId}")]
    [InlineData("deploymentmanager.v2.json", "projects/{project}/global/operations/{operation}")]
    public void CloudSqlGkeAndDeploymentManager_GetOperationHandles(string file, string template)
    {
        var path = TestPaths.SharedDiscovery(file);
        Assert.True(System.IO.File.Exists(path), $"The shared discovery corpus is missing: expected {path}.");

        var output = GeneratorHarness.Run(InMemoryAdditionalText.FromFile(path, "/shared/discovery/" + file));

        Assert.DoesNotContain(output.Diagnostics, d => d.Id == "DG0015");
        var source = string.Concat(output.Sources.Select(s => s.Source));
        Assert.Contains("public virtual _dg::OperationHandle<_api::Operation> TrackOperation(string name", source, StringComparison.Ordinal);
        Assert.Contains(CSharpLiteral(template), source, StringComparison.Ordinal);
        Assert.Contains("__Start(__clientOrNull, ", source, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Needs", "SharedCorpus")]
    public void CloudDnsOperations_HaveNoLinkToPollBy_AndStayDG0015()
    {
        var path = TestPaths.SharedDiscovery("dns.v1.json");
        Assert.True(System.IO.File.Exists(path), $"The shared discovery corpus is missing: expected {path}.");

        var output = GeneratorHarness.Run(InMemoryAdditionalText.FromFile(path, "/shared/discovery/dns.v1.json"));

        Assert.Contains(output.Diagnostics, d => d.Id == "DG0015");
        Assert.DoesNotContain("TrackOperation", string.Concat(output.Sources.Select(s => s.Source)), StringComparison.Ordinal);
    }

    private static string CSharpLiteral(string text) => "\"" + text + "\"";

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
