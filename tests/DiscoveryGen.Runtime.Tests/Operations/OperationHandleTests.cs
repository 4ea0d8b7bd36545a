using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using DiscoveryGen.Tests.Shared;
using Runtime.Gemini;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Operations;

/// <summary>
/// Waiting on an operation against a loopback operations service, on <see cref="LoopbackTest.Clock"/>: the polling
/// timeout bounds the poll in flight, polling settings are checked before any poll, the number of polls is bounded,
/// the handle's request options go with every poll and the cancel, and unpacked results and metadata keep no <c>@type</c>.
/// </summary>
public sealed class OperationHandleTests : LoopbackTest
{
    private const string Pending = $$"""{"name":"{{OperationName}}","done":false}""";
    private const string IndexType = "type.googleapis.com/google.cloud.cloudaicompanion.v1.CodeRepositoryIndex";

    [Fact]
    public async Task Timeout_BoundsThePollInFlight_NotOnlyTheWaits()
    {
        // The first poll is answered only when the client goes away: only the polling timeout can end the wait (the
        // client's own 60 s call timeout is on the same clock, which never gets there).
        Server.Responder = _ => new CannedResponse(200, Pending) { Delay = CannedResponse.Forever };
        var handle = Handle(Service(o => o.TimeProvider = Clock));

        var wait = handle.WaitAsync(new OperationPolling { InitialDelay = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(2) }, cancellationToken: TestTimeout);
        await Clock.WaitForTimerAsync(TimeSpan.FromSeconds(1), TestTimeout);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Server.WaitForRequestsAsync(1, TestTimeout);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<TimeoutException>(() => wait.WaitAsync(TestTimeout));

        Assert.Contains($"Operation {OperationName} was not done after 00:00:02 (OperationPolling.Timeout; 1 poll(s))", error.Message, StringComparison.Ordinal);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task MaxPolls_BoundsThePolls()
    {
        Server.Responder = _ => CannedResponse.Json(Pending);
        var handle = Handle(Service(o => o.TimeProvider = Clock));

        var wait = handle.WaitAsync(new OperationPolling { InitialDelay = TimeSpan.FromSeconds(1), Multiplier = 1, MaxDelay = TimeSpan.FromSeconds(1), MaxPolls = 3 }, cancellationToken: TestTimeout);
        for (var poll = 1; poll <= 3; poll++)
        {
            await Clock.WaitForTimersAsync(TimeSpan.FromSeconds(1), poll, TestTimeout);
            Clock.Advance(TimeSpan.FromSeconds(1));
            await Server.WaitForRequestsAsync(poll, TestTimeout);
        }

        var error = await Assert.ThrowsAsync<TimeoutException>(() => wait.WaitAsync(TestTimeout));

        Assert.Contains("was not done after 3 polls (OperationPolling.MaxPolls)", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, Server.Requests.Count);
    }

    [Fact]
    public async Task Polls_UseTheClientsClock_WithBackoff()
    {
        var polls = 0;
        Server.Responder = _ => CannedResponse.Json(++polls < 3 ? Pending : $$$"""{"name":"{{{OperationName}}}","done":true,"response":{"@type":"{{{IndexType}}}","name":"n"}}""");
        var handle = Handle(Service(o => o.TimeProvider = Clock));

        var wait = handle.WaitAsync<CodeRepositoryIndex>(new OperationPolling { InitialDelay = TimeSpan.FromSeconds(2), Multiplier = 2, MaxDelay = TimeSpan.FromSeconds(5) }, cancellationToken: TestTimeout);
        foreach (var (delay, poll) in new[] { (2, 1), (4, 2), (5, 3) })
        {
            await Clock.WaitForTimerAsync(TimeSpan.FromSeconds(delay), TestTimeout);
            Assert.Equal(poll - 1, Server.Requests.Count);
            Clock.Advance(TimeSpan.FromSeconds(delay));
            await Server.WaitForRequestsAsync(poll, TestTimeout);
        }

        Assert.Equal("n", (await wait.WaitAsync(TestTimeout)).Name);
    }

    public static TheoryData<string, Action<OperationPolling>> NonsensePolling() => new()
    {
        { "InitialDelay", p => p.InitialDelay = TimeSpan.Zero },
        { "InitialDelay", p => p.InitialDelay = TimeSpan.FromMilliseconds(-5) },
        { "InitialDelay", p => p.InitialDelay = System.Threading.Timeout.InfiniteTimeSpan },
        { "InitialDelay", p => p.InitialDelay = TimeSpan.FromMilliseconds(99) },
        { "MaxDelay", p => p.MaxDelay = TimeSpan.FromMilliseconds(500) },
        { "MaxDelay", p => p.MaxDelay = TimeSpan.FromDays(60) },
        { "Multiplier", p => p.Multiplier = 0.5 },
        { "Multiplier", p => p.Multiplier = double.NaN },
        { "Multiplier", p => p.Multiplier = double.PositiveInfinity },
        { "Timeout", p => p.Timeout = TimeSpan.Zero },
        { "Timeout", p => p.Timeout = TimeSpan.FromSeconds(-1) },
        { "Timeout", p => p.Timeout = TimeSpan.FromDays(60) },
        { "MaxPolls", p => p.MaxPolls = 0 },
    };

    [Theory]
    [MemberData(nameof(NonsensePolling))]
    public async Task NonsensePolling_IsRejectedBeforeAnyPoll(string setting, Action<OperationPolling> spoil)
    {
        var polling = new OperationPolling();
        spoil(polling);
        var handle = Handle(Service(o => o.TimeProvider = Clock));

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => handle.WaitAsync(polling, cancellationToken: TestTimeout).WaitAsync(TestTimeout));

        Assert.Equal(setting, error.ParamName);
        Assert.Contains("OperationPolling." + setting, error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task InfiniteTimeout_MeansNone()
    {
        Server.Responder = _ => CannedResponse.Json($$"""{"name":"{{OperationName}}","done":true}""");
        var handle = Handle(Service(o => o.TimeProvider = Clock));

        var wait = handle.PollUntilDoneAsync(new OperationPolling { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, cancellationToken: TestTimeout);
        await Clock.WaitForTimerAsync(TimeSpan.FromSeconds(1), TestTimeout);
        Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True((await wait.WaitAsync(TestTimeout)).Done);
    }

    [Fact]
    public async Task TheHandlesOptions_GoWithEveryPollAndTheCancel_UnlessACallGivesItsOwn()
    {
        var polls = 0;
        Server.Responder = request => request.Method == "POST"
            ? CannedResponse.Json("{}")
            : CannedResponse.Json(++polls < 2 ? Pending : $$"""{"name":"{{OperationName}}","done":true}""");
        var started = new RequestOptions { QuotaProject = "billed-project", Headers = new Dictionary<string, string> { ["x-test"] = "started" } };
        var handle = Handle(Service(o => o.TimeProvider = Clock), started);
        Assert.Same(started, handle.Options);

        var wait = handle.WaitAsync(new OperationPolling { Multiplier = 1 }, cancellationToken: TestTimeout);
        await Clock.WaitForTimerAsync(TimeSpan.FromSeconds(1), TestTimeout);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Server.WaitForRequestsAsync(1, TestTimeout);
        await Clock.WaitForTimersAsync(TimeSpan.FromSeconds(1), 2, TestTimeout);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await wait.WaitAsync(TestTimeout);
        await handle.CancelAsync(cancellationToken: TestTimeout);
        await handle.CancelAsync(new RequestOptions { QuotaProject = "other-project" }, TestTimeout);
        await handle.RefreshAsync(new RequestOptions { Headers = new Dictionary<string, string> { ["x-test"] = "refresh" } }, TestTimeout);

        var requests = Server.Requests;
        Assert.Equal(new[] { "GET", "GET", "POST", "POST", "GET" }, requests.Select(r => r.Method));
        Assert.All(requests.Take(3), r => Assert.Equal("billed-project", r.Headers["x-goog-user-project"]));
        Assert.All(requests.Take(3), r => Assert.Equal("started", r.Headers["x-test"]));
        Assert.Equal("other-project", requests[3].Headers["x-goog-user-project"]);
        Assert.False(requests[3].Headers.ContainsKey("x-test"));
        Assert.Equal("refresh", requests[4].Headers["x-test"]);
        Assert.False(requests[4].Headers.ContainsKey("x-goog-user-project"));
    }

    [Fact]
    public async Task TheOptionsGivenToStart_GoWithEveryPoll()
    {
        Server.Responder = request => request.Method == "POST"
            ? CannedResponse.Json(Pending)
            : CannedResponse.Json($$"""{"name":"{{OperationName}}","done":true}""");
        var service = Service(o => o.TimeProvider = Clock);
        var started = new RequestOptions { QuotaProject = "billed-project", Headers = new Dictionary<string, string> { ["x-test"] = "started" } };

        var handle = await service.Projects.Locations.CodeRepositoryIndexes.StartCreateAsync(
            "projects/p1/locations/l", "i1", new CodeRepositoryIndex(), options: started, cancellationToken: TestTimeout);
        var wait = handle.WaitAsync(cancellationToken: TestTimeout);
        await Clock.WaitForTimerAsync(TimeSpan.FromSeconds(1), TestTimeout);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await wait.WaitAsync(TestTimeout);
        await handle.CancelAsync(cancellationToken: TestTimeout);

        Assert.Same(started, handle.Options);
        var requests = Server.Requests;
        Assert.Equal(new[] { "POST", "GET", "POST" }, requests.Select(r => r.Method));
        Assert.All(requests, r => Assert.Equal("billed-project", r.Headers["x-goog-user-project"]));
        Assert.All(requests, r => Assert.Equal("started", r.Headers["x-test"]));
    }

    [Theory]
    [InlineData("bad")]
    [InlineData("projects/p1/locations/l/codeRepositoryIndexes/i1")]
    [InlineData("projects/p1/locations/l/operations/op-1/extra")]
    public void TrackOperation_RejectsANameThatIsNoOperationName_AtOnce(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => Service().TrackOperation(name));

        Assert.Equal("name", error.ParamName);
        Assert.Contains("^projects/[^/]+/locations/[^/]+/operations/[^/]+$", error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public void TrackOperation_RejectsAnEmptyName() =>
        Assert.Throws<ArgumentException>(() => Service().TrackOperation(string.Empty));

    [Fact]
    public async Task UnpackedResults_KeepNoAtType_SoAReadModifyWriteSendsNoneBack()
    {
        Server.Responder = request => request.Method == "GET"
            ? CannedResponse.Json($$$"""{"name":"{{{OperationName}}}","done":true,"response":{"@type":"{{{IndexType}}}","name":"{{{IndexName}}}","state":"ACTIVE","futureField":7}}""")
            : CannedResponse.Json($$"""{"name":"{{OperationName}}","done":false}""");
        var service = Service();
        var fast = new OperationPolling { InitialDelay = OperationPolling.MinimumDelay };

        var typed = await service.TrackOperation(OperationName).WaitAsync<CodeRepositoryIndex>(fast, cancellationToken: TestTimeout);
        var unpacked = Assert.IsType<CodeRepositoryIndex>(await service.TrackOperation(OperationName).WaitAsync(fast, cancellationToken: TestTimeout));

        foreach (var index in new[] { typed, unpacked })
        {
            Assert.Equal(IndexName, index.Name);
            Assert.Equal(7, index.ExtensionData!["futureField"].GetInt32());
            Assert.False(index.ExtensionData.ContainsKey("@type"));
        }

        // Read-modify-write: the patch body carries the unknown field back, and no "@type".
        typed.State = null;
        await service.Projects.Locations.CodeRepositoryIndexes.PatchAsync(IndexName, typed, cancellationToken: TestTimeout);
        var patch = Server.Requests.Single(r => r.Method == "PATCH");
        using var body = JsonDocument.Parse(patch.Body);
        Assert.False(body.RootElement.TryGetProperty("@type", out _), patch.BodyText);
        Assert.Equal(7, body.RootElement.GetProperty("futureField").GetInt32());
    }

    [Fact]
    public async Task Metadata_IsReadTypedOrUnpacked_WithoutItsAtType()
    {
        Server.Responder = _ => CannedResponse.Json($$$"""{"name":"{{{OperationName}}}","done":false,"metadata":{"@type":"{{{IndexType}}}","name":"progress","state":"CREATING"}}""");
        var handle = Service().TrackOperation(OperationName);
        Assert.Null(handle.Metadata());
        Assert.Null(handle.Metadata<CodeRepositoryIndex>());

        await handle.RefreshAsync(cancellationToken: TestTimeout);

        var typed = handle.Metadata<CodeRepositoryIndex>();
        Assert.NotNull(typed);
        Assert.Equal("progress", typed.Name);
        Assert.Equal(CodeRepositoryIndexState.Creating, typed.State);
        Assert.Null(typed.ExtensionData);
        var unpacked = Assert.IsType<CodeRepositoryIndex>(handle.Metadata());
        Assert.Equal("progress", unpacked.Name);
    }

    [Fact]
    public async Task Metadata_OfAnUnknownType_IsTheJson()
    {
        Server.Responder = _ => CannedResponse.Json($$$"""{"name":"{{{OperationName}}}","done":false,"metadata":{"@type":"type.googleapis.com/x.y.Unknown","percent":40}}""");
        var handle = Service().TrackOperation(OperationName);

        await handle.RefreshAsync(cancellationToken: TestTimeout);

        var json = Assert.IsType<JsonElement>(handle.Metadata());
        Assert.Equal(40, json.GetProperty("percent").GetInt32());
    }

    [Fact]
    public async Task AHandleWithoutAClient_PollsThroughItsGet_OnTheSystemClock()
    {
        // What a test double's Start…Async makes, or a test itself: no ApiClient, so no client clock.
        var names = new List<string>();
        var handle = new OperationHandle<Operation>(
            null,
            new Operation { Name = OperationName, Done = false },
            (name, _, _) =>
            {
                names.Add(name);
                return Task.FromResult(new Operation { Name = name, Done = names.Count == 2 });
            },
            null,
            null,
            null);

        var done = await handle.PollUntilDoneAsync(new OperationPolling { InitialDelay = OperationPolling.MinimumDelay, MaxDelay = OperationPolling.MinimumDelay }, cancellationToken: TestTimeout);

        Assert.True(done.Done);
        Assert.Equal(new[] { OperationName, OperationName }, names);
        Assert.Empty(Server.Requests);
        await Assert.ThrowsAsync<NotSupportedException>(() => handle.CancelAsync());
    }

    private static OperationHandle<Operation> Handle(CloudAICompanionService service, RequestOptions? options = null) =>
        service.TrackOperation(OperationName, options);
}
