using System;
using System.Linq;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Building;

/// <summary>
/// The google.longrunning Operation is found by what polls it, not by its schema id: newer documents name it
/// <c>GoogleLongrunningOperation</c> (tests/Shared/TestDocuments/lro.v1.json; aiplatform.v1 and about 40 other shared
/// documents), and their long-running methods get the same <c>Start…Async</c> siblings and <c>TrackOperation</c> as
/// documents whose schema is <c>Operation</c>. An operation's result is unpacked by <c>@type</c> only as the schemas
/// that can be one (a method's response, or a schema named …Response or …Metadata).
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

        // A resource a method returns (the widget; Empty), a …Response no method returns, any …Metadata: unpacked.
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
