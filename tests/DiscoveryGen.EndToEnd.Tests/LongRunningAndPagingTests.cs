using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Acme.Gemini;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>
/// A loopback google.longrunning operations service: operations progress on each poll, can fail, and honour cancel
/// (ending with error code 1 unless they already completed).
/// </summary>
internal sealed class FakeOperations
{
    private readonly ConcurrentDictionary<string, (int PollsLeft, bool Cancelled, string? Error)> _operations = new();

    public int PollsUntilDone { get; set; } = 2;

    public string? FailWith { get; set; }

    public bool CompleteDespiteCancel { get; set; }

    public string ResponseJson { get; set; } =
        """{"@type":"type.googleapis.com/google.cloud.cloudaicompanion.v1.CodeRepositoryIndex","name":"projects/p1/locations/l/codeRepositoryIndexes/i1","state":"ACTIVE"}""";

    public CannedResponse Handle(RecordedRequest request)
    {
        var path = Uri.UnescapeDataString(request.Path.TrimStart('/'));
        if (request.Method == "POST" && path.EndsWith("/codeRepositoryIndexes", StringComparison.Ordinal))
        {
            var name = "projects/p1/locations/l/operations/op-" + (_operations.Count + 1);
            _operations[name] = (PollsUntilDone, false, FailWith);
            return CannedResponse.Json($$$"""{"name":"{{{name}}}","done":false,"metadata":{"@type":"type.googleapis.com/google.cloud.cloudaicompanion.v1.OperationMetadata","verb":"create"}}""");
        }

        if (path.EndsWith(":cancel", StringComparison.Ordinal))
        {
            var name = path["v1/".Length..^":cancel".Length];
            _operations.AddOrUpdate(name, _ => (1, true, null), (_, o) => (o.PollsLeft, true, o.Error));
            return CannedResponse.Json("{}");
        }

        if (request.Method == "GET" && path.StartsWith("v1/projects/p1/locations/l/operations/", StringComparison.Ordinal))
        {
            var name = path["v1/".Length..];
            var state = _operations.GetOrAdd(name, _ => (PollsUntilDone, false, FailWith));
            var left = state.PollsLeft - 1;
            _operations[name] = (left, state.Cancelled, state.Error);
            if (left > 0)
            {
                return CannedResponse.Json($$$"""{"name":"{{{name}}}","done":false}""");
            }

            if (state.Cancelled && !CompleteDespiteCancel)
            {
                return CannedResponse.Json($$$"""{"name":"{{{name}}}","done":true,"error":{"code":1,"message":"Operation cancelled by the caller."}}""");
            }

            return state.Error is { } error
                ? CannedResponse.Json($$$"""{"name":"{{{name}}}","done":true,"error":{"code":9,"message":"{{{error}}}","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"INDEX_LIMIT"}]}}""")
                : CannedResponse.Json($$$"""{"name":"{{{name}}}","done":true,"response":{{{ResponseJson}}}}""");
        }

        return new CannedResponse(404, """{"error":{"code":404,"message":"no route","status":"NOT_FOUND"}}""");
    }
}

public sealed class LongRunningOperationTests : IAsyncLifetime
{
    private static readonly OperationPolling Fast = new() { InitialDelay = OperationPolling.MinimumDelay, MaxDelay = OperationPolling.MinimumDelay, Timeout = TimeSpan.FromSeconds(20) };
    private readonly FakeOperations _operations = new();
    private LoopbackServer _server = null!;
    private HttpClient _http = null!;
    private CloudAICompanionService _service = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(_operations.Handle);
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        _service = new CloudAICompanionService(_http, new ClientOptions { BaseUri = _server.BaseUri });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private Task<OperationHandle<Operation>> StartCreateAsync() =>
        _service.Projects.Locations.CodeRepositoryIndexes.StartCreateAsync("projects/p1/locations/l", "i1", new CodeRepositoryIndex());

    [Fact]
    public async Task Create_ThenWait_PollsOperationsGetUntilDone_AndUnpacksTheTypedResponse()
    {
        _operations.PollsUntilDone = 3;

        var operation = await StartCreateAsync();
        Assert.Equal("projects/p1/locations/l/operations/op-1", operation.Name);
        Assert.False(operation.IsDone);
        var result = await operation.WaitAsync(Fast);

        var index = Assert.IsType<CodeRepositoryIndex>(result);
        Assert.Equal(CodeRepositoryIndexState.Active, index.State);
        Assert.True(operation.IsDone);
        var gets = _server.Requests.Where(r => r.Method == "GET").ToList();
        Assert.Equal(3, gets.Count);
        Assert.All(gets, r => Assert.Equal("/v1/projects/p1/locations/l/operations/op-1", r.Path));
    }

    [Fact]
    public async Task WaitGeneric_ReadsTheResponseAsTheRequestedType()
    {
        var operation = await StartCreateAsync();

        var index = await operation.WaitAsync<CodeRepositoryIndex>(Fast);

        Assert.Equal("projects/p1/locations/l/codeRepositoryIndexes/i1", index.Name);
    }

    [Fact]
    public async Task ResponseOfAnUnknownType_IsKeptAsJson()
    {
        _operations.ResponseJson = """{"@type":"type.googleapis.com/google.cloud.other.v9.Mystery","x":1}""";
        var operation = await StartCreateAsync();

        var result = await operation.WaitAsync(Fast);

        var json = Assert.IsType<JsonElement>(result);
        Assert.Equal(1, json.GetProperty("x").GetInt32());
    }

    [Fact]
    public async Task FailedOperation_ThrowsWithItsStatus()
    {
        _operations.FailWith = "Too many indexes.";
        var operation = await StartCreateAsync();

        var ex = await Assert.ThrowsAsync<OperationFailedException>(() => operation.WaitAsync(Fast));

        Assert.IsNotType<OperationCancelledException>(ex);
        Assert.Equal(9, ex.Error.Code);
        Assert.Equal("Too many indexes.", ex.Error.Message);
        Assert.Equal("INDEX_LIMIT", ex.Error.Details[0].GetProperty("reason").GetString());
        Assert.Equal(operation.Name, ex.OperationName);
    }

    [Fact]
    public async Task Cancel_CallsOperationsCancel_AndWaitingReportsCancellation()
    {
        _operations.PollsUntilDone = 5;
        var operation = await StartCreateAsync();

        await operation.CancelAsync();
        var ex = await Assert.ThrowsAsync<OperationCancelledException>(() => operation.WaitAsync(Fast));

        Assert.Equal(1, ex.Error.Code);
        var cancel = Assert.Single(_server.Requests, r => r.Path.EndsWith(":cancel", StringComparison.Ordinal));
        Assert.Equal("POST", cancel.Method);
        Assert.Equal("/v1/projects/p1/locations/l/operations/op-1:cancel", cancel.Path);
        Assert.Equal("{}", cancel.BodyText);
    }

    [Fact]
    public async Task Cancel_OfAnOperationThatCompletesAnyway_ReportsSuccess()
    {
        _operations.CompleteDespiteCancel = true;
        var operation = await StartCreateAsync();

        await operation.CancelAsync();
        var result = await operation.WaitAsync(Fast);

        Assert.IsType<CodeRepositoryIndex>(result);
    }

    [Fact]
    public async Task TrackOperation_ResumesFromANameAlone()
    {
        var operation = _service.TrackOperation("projects/p1/locations/l/operations/op-resumed");

        var index = await operation.WaitAsync<CodeRepositoryIndex>(Fast);

        Assert.Equal("projects/p1/locations/l/codeRepositoryIndexes/i1", index.Name);
        Assert.DoesNotContain(_server.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Timeout_IsReportedAsTimeout()
    {
        _operations.PollsUntilDone = int.MaxValue;
        var operation = await StartCreateAsync();

        await Assert.ThrowsAsync<TimeoutException>(() => operation.WaitAsync(new OperationPolling { InitialDelay = OperationPolling.MinimumDelay, Timeout = TimeSpan.FromMilliseconds(300) }));
    }

    [Fact]
    public async Task CallerCancellation_StopsWaitingAtOnce()
    {
        _operations.PollsUntilDone = int.MaxValue;
        var operation = await StartCreateAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));

        // The first wait lasts half an hour: only the cancellation can end it (a minute's bound turns a hang into a failure).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            operation.WaitAsync(new OperationPolling { InitialDelay = TimeSpan.FromMinutes(30), MaxDelay = TimeSpan.FromMinutes(30) }, cancellationToken: cts.Token).WaitAsync(TimeSpan.FromMinutes(1)));
    }
}

public sealed class PaginationTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;
    private HttpClient _http = null!;
    private CloudAICompanionService _service = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(request =>
        {
            var token = request.QueryValues("pageToken").SingleOrDefault();
            return token switch
            {
                null => CannedResponse.Json("""{"codeRepositoryIndexes":[{"name":"a"},{"name":"b"}],"nextPageToken":"t2"}"""),
                "t2" => CannedResponse.Json("""{"codeRepositoryIndexes":[],"nextPageToken":"t3"}"""),
                "t3" => CannedResponse.Json("""{"nextPageToken":"t4"}"""),
                "t4" => CannedResponse.Json("""{"codeRepositoryIndexes":[{"name":"c"}],"nextPageToken":""}"""),
                "loop" => CannedResponse.Json("""{"codeRepositoryIndexes":[{"name":"x"}],"nextPageToken":"loop"}"""),
                _ => new CannedResponse(400, """{"error":{"code":400,"message":"bad token","status":"INVALID_ARGUMENT"}}"""),
            };
        });
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        _service = new CloudAICompanionService(_http, new ClientOptions { BaseUri = _server.BaseUri });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AllItems_AcrossPages_IncludingEmptyOnes_WithTheCallersParametersOnEveryPage()
    {
        var names = new List<string?>();
        await foreach (var index in _service.Projects.Locations.CodeRepositoryIndexes.ListAllAsync("projects/p1/locations/l", pageSize: 2, options: new RequestOptions { QuotaUser = "u1" }))
        {
            names.Add(index.Name);
        }

        Assert.Equal(new[] { "a", "b", "c" }, names);
        Assert.Equal(4, _server.Requests.Count);
        Assert.Equal(new[] { null, "t2", "t3", "t4" }, _server.Requests.Select(r => r.QueryValues("pageToken").SingleOrDefault()));
        Assert.All(_server.Requests, r => Assert.Equal(new[] { "2" }, r.QueryValues("pageSize")));
        Assert.All(_server.Requests, r => Assert.Equal(new[] { "u1" }, r.QueryValues("quotaUser")));
        Assert.All(_server.Requests, r => Assert.Equal("/v1/projects/p1/locations/l/codeRepositoryIndexes", r.Path));
    }

    [Fact]
    public async Task Pages_AreYieldedOneByOne_StartingFromAGivenToken()
    {
        var pages = new List<ListCodeRepositoryIndexesResponse>();
        await foreach (var page in _service.Projects.Locations.CodeRepositoryIndexes.ListPagesAsync("projects/p1/locations/l", pageToken: "t3"))
        {
            pages.Add(page);
        }

        Assert.Equal(2, pages.Count);
        Assert.Null(pages[0].CodeRepositoryIndexes);
        Assert.Equal("c", pages[1].CodeRepositoryIndexes![0].Name);
    }

    [Fact]
    public async Task Cancellation_MidWay_StopsBeforeTheNextPage()
    {
        using var cts = new CancellationTokenSource();
        var seen = new List<string?>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var index in _service.Projects.Locations.CodeRepositoryIndexes.ListAllAsync("projects/p1/locations/l").WithCancellation(cts.Token))
            {
                seen.Add(index.Name);
                cts.Cancel();
            }
        });

        Assert.Equal(new[] { "a" }, seen);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task ARepeatedToken_StopsInsteadOfLoopingForever()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in _service.Projects.Locations.CodeRepositoryIndexes.ListAllAsync("projects/p1/locations/l", pageToken: "loop"))
            {
            }
        });

        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task AnErrorOnALaterPage_Surfaces()
    {
        await Assert.ThrowsAsync<ApiException>(async () =>
        {
            await foreach (var _ in _service.Projects.Locations.CodeRepositoryIndexes.ListAllAsync("projects/p1/locations/l", pageToken: "nope"))
            {
            }
        });
    }
}
