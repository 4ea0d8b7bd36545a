using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Acme.Gemini;
using DiscoveryGen.Runtime;
using Moq;
using NSubstitute;
using NSubstitute.Extensions;
using Xunit;
using CodeRepositoryIndexesResource = Acme.Gemini.CloudAICompanionService.ProjectsResource.LocationsResource.CodeRepositoryIndexesResource;
using OperationsResource = Acme.Gemini.CloudAICompanionService.ProjectsResource.LocationsResource.OperationsResource;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>
/// App code tested with the generated client mocked, no server and no HttpClient anywhere (README "Mocking"): every
/// public member of a generated service or resource is virtual and each has a protected parameterless constructor.
/// </summary>
public sealed class MockingTests
{
    private const string Location = "projects/p1/locations/global";

    private static readonly ListOperationsResponse FirstPage = new()
    {
        Operations = new List<Operation>
        {
            new() { Name = Location + "/operations/op-1", Done = false },
            new() { Name = Location + "/operations/op-0", Done = true },
        },
        NextPageToken = "t2",
    };

    private static readonly ListOperationsResponse SecondPage = new()
    {
        Operations = new List<Operation> { new() { Name = Location + "/operations/op-2" } },
    };

    [Fact]
    public async Task NSubstitute_RecursiveMocks_CancelAsyncIsMockedAndVerified()
    {
        var service = Substitute.For<CloudAICompanionService>();

        // The resources are auto-substituted all the way down (every public member is virtual).
        await service.Projects.Locations.Operations.CancelAsync(new OperationName("p1", "global", "op-9"));

        await service.Projects.Locations.Operations.Received(1).CancelAsync(Location + "/operations/op-9", null, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task NSubstitute_MockedListAndCancel_RunTheAppCodeThroughTheRealPagingHelper()
    {
        var service = Substitute.For<CloudAICompanionService>();
        var operations = Substitute.ForPartsOf<OperationsResource>();
        service.Projects.Locations.Operations.Returns(operations);
        operations.Configure().ListAsync(Location, null, null, null, null, null, Arg.Any<CancellationToken>()).Returns(FirstPage);
        operations.Configure().ListAsync(Location, null, null, "t2", null, null, Arg.Any<CancellationToken>()).Returns(SecondPage);
        operations.Configure().CancelAsync(Arg.Any<string>(), Arg.Any<RequestOptions?>(), Arg.Any<CancellationToken>()).Returns(Task.CompletedTask);

        var cancelled = await OperationJanitor.CancelUnfinishedAsync(service, new LocationName("p1", "global"));

        Assert.Equal(new[] { "op-1", "op-2" }, cancelled);
        await operations.Received(1).CancelAsync(Location + "/operations/op-1", null, Arg.Any<CancellationToken>());
        await operations.Received(1).CancelAsync(Location + "/operations/op-2", null, Arg.Any<CancellationToken>());
        await operations.DidNotReceive().CancelAsync(Location + "/operations/op-0", Arg.Any<RequestOptions?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Moq_MockedListAndCancel_RunTheAppCode_WithRecursiveSetups()
    {
        var service = new Mock<CloudAICompanionService>();
        var operations = new Mock<OperationsResource> { CallBase = true };
        service.Setup(s => s.Projects.Locations.Operations).Returns(operations.Object);
        operations.Setup(o => o.ListAsync(Location, null, null, null, null, null, It.IsAny<CancellationToken>())).ReturnsAsync(FirstPage);
        operations.Setup(o => o.ListAsync(Location, null, null, "t2", null, null, It.IsAny<CancellationToken>())).ReturnsAsync(SecondPage);
        operations.Setup(o => o.CancelAsync(It.IsAny<string>(), It.IsAny<RequestOptions?>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var cancelled = await OperationJanitor.CancelUnfinishedAsync(service.Object, new LocationName("p1", "global"));

        Assert.Equal(new[] { "op-1", "op-2" }, cancelled);
        operations.Verify(o => o.CancelAsync(Location + "/operations/op-1", null, It.IsAny<CancellationToken>()), Times.Once);
        operations.Verify(o => o.CancelAsync(Location + "/operations/op-2", null, It.IsAny<CancellationToken>()), Times.Once);
        operations.Verify(o => o.CancelAsync(Location + "/operations/op-0", It.IsAny<RequestOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Moq_AMockedGet_ReceivesTheNameValueAsItsString()
    {
        var indexes = new Mock<CloudAICompanionService.ProjectsResource.LocationsResource.CodeRepositoryIndexesResource>();
        indexes.Setup(i => i.GetAsync(It.IsAny<string>(), null, It.IsAny<CancellationToken>()))
            .ReturnsAsync((string name, RequestOptions? _, CancellationToken _) => new CodeRepositoryIndex { Name = name });

        var index = await indexes.Object.GetAsync(new CodeRepositoryIndexName("p1", "global", "i1"));

        Assert.Equal("projects/p1/locations/global/codeRepositoryIndexes/i1", index.Name);
    }

    [Fact]
    public async Task AMemberNeitherMockedNorOverridden_ThrowsAClearInvalidOperationException_NotANullReference()
    {
        var operations = Substitute.ForPartsOf<OperationsResource>();
        var viaMoq = new Mock<CloudAICompanionService> { CallBase = true };

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => operations.GetAsync(Location + "/operations/op-1"));
        var fromService = await Assert.ThrowsAsync<InvalidOperationException>(() => viaMoq.Object.Projects.Locations.Operations.DeleteAsync(Location + "/operations/op-1"));

        Assert.Contains("protected parameterless constructor", ex.Message, StringComparison.Ordinal);
        Assert.Contains("set up this member", fromService.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => viaMoq.Object.Client);

        // A handle needs no client until it polls; the poll fails the same way.
        var tracked = viaMoq.Object.TrackOperation(Location + "/operations/op-1");
        var poll = await Assert.ThrowsAsync<InvalidOperationException>(() => tracked.RefreshAsync());
        Assert.Contains("has no ApiClient", poll.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moq_StartCreateAsync_WrapsTheMockedOperation_AndADoneOneIsWaitedForWithoutAClient()
    {
        var indexes = new Mock<CodeRepositoryIndexesResource> { CallBase = true };
        indexes.Setup(i => i.CreateAsync(Location, "i1", It.IsAny<CodeRepositoryIndex>(), null, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Operation
            {
                Name = Location + "/operations/op-7",
                Done = true,
                Response = new Dictionary<string, JsonElement>
                {
                    ["@type"] = Json("\"type.googleapis.com/google.cloud.cloudaicompanion.v1.CodeRepositoryIndex\""),
                    ["name"] = Json("\"" + Location + "/codeRepositoryIndexes/i1\""),
                },
            });

        var handle = await indexes.Object.StartCreateAsync(Location, "i1", new CodeRepositoryIndex());
        var typed = await handle.WaitAsync<CodeRepositoryIndex>();
        var unpacked = await handle.WaitAsync();

        Assert.Equal(Location + "/operations/op-7", handle.Name);
        Assert.Equal(Location + "/codeRepositoryIndexes/i1", typed.Name);
        Assert.Equal(Location + "/codeRepositoryIndexes/i1", Assert.IsType<CodeRepositoryIndex>(unpacked).Name);
        indexes.Verify(i => i.CreateAsync(Location, "i1", It.IsAny<CodeRepositoryIndex>(), null, null, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task NSubstitute_StartDeleteAsync_OfAnUnfinishedOperation_FailsAtItsFirstPoll_SayingThereIsNoClient()
    {
        var indexes = Substitute.ForPartsOf<CodeRepositoryIndexesResource>();
        indexes.Configure().DeleteAsync(Arg.Any<string>(), null, null, null, Arg.Any<CancellationToken>())
            .Returns(new Operation { Name = Location + "/operations/op-8", Done = false });

        var handle = await indexes.StartDeleteAsync(Location + "/codeRepositoryIndexes/i1");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => handle.WaitAsync(new OperationPolling { InitialDelay = OperationPolling.MinimumDelay }));

        Assert.False(handle.IsDone);
        Assert.Contains("has no ApiClient", error.Message, StringComparison.Ordinal);
        Assert.Contains("set up this member", error.Message, StringComparison.Ordinal);
    }

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task AHandWrittenTestDouble_OverridesWhatItNeeds()
    {
        var operations = new FakeOperations();

        var cancelled = await OperationJanitor.CancelUnfinishedAsync(new FakeService(operations), new LocationName("p1", "global"));

        Assert.Equal(new[] { "op-1", "op-2" }, cancelled);
        Assert.Equal(new[] { Location + "/operations/op-1", Location + "/operations/op-2" }, operations.Cancelled);
        await Assert.ThrowsAsync<InvalidOperationException>(() => operations.DeleteAsync(Location + "/operations/op-1"));
    }

    private sealed class FakeService : CloudAICompanionService
    {
        private readonly FakeLocations _locations;

        public FakeService(OperationsResource operations) => _locations = new FakeLocations(operations);

        public override ProjectsResource Projects => new FakeProjects(_locations);
    }

    private sealed class FakeProjects(CloudAICompanionService.ProjectsResource.LocationsResource locations) : CloudAICompanionService.ProjectsResource
    {
        public override LocationsResource Locations => locations;
    }

    private sealed class FakeLocations(OperationsResource operations) : CloudAICompanionService.ProjectsResource.LocationsResource
    {
        public override OperationsResource Operations => operations;
    }

    private sealed class FakeOperations : OperationsResource
    {
        public List<string> Cancelled { get; } = new();

        public override Task<ListOperationsResponse> ListAsync(string name, string? filter = null, int? pageSize = null, string? pageToken = null, bool? returnPartialSuccess = null, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(pageToken is null ? FirstPage : SecondPage);

        public override Task CancelAsync(string name, RequestOptions? options = null, CancellationToken cancellationToken = default)
        {
            Cancelled.Add(name);
            return Task.CompletedTask;
        }
    }
}
