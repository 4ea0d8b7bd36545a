using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Synthetic.ComputeOps;
using Xunit;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>
/// Compute-style operations as GKE, Cloud SQL and Deployment Manager have them (tests/Shared/TestDocuments/computeops.v1.json):
/// the operation's <c>status</c> ends <c>DONE</c>, it is known by its <c>selfLink</c>, and <c>operations.get</c> takes the
/// link's pieces (<c>projects/{projectId}/zones/{zone}/operations/{operationId}</c>) or its path as one name
/// (<c>projects/*/locations/*/operations/*</c>). Against a loopback server on Kestrel: the links name another host and
/// another API version, and every poll still goes to the client's endpoint, at the path the get method makes.
/// </summary>
public sealed class ComputeStyleOperationTests : IAsyncLifetime
{
    // The links a server sends name its public host; the client must not follow them there.
    private const string ZonalLink = "https://container.example.invalid/v1beta1/projects/p1/zones/z1/operations/op%201";
    private const string RegionalLink = "https://container.example.invalid/v1/projects/p1/locations/r1/operations/op-2";
    private const string FailingLink = "https://container.example.invalid/v1/projects/p1/zones/z1/operations/op-3";
    private const string HttpFailurePath = "/v1/projects/p1/zones/z1/operations/http-";
    private static readonly OperationPolling Fast = new() { InitialDelay = OperationPolling.MinimumDelay, MaxDelay = OperationPolling.MinimumDelay, Timeout = TimeSpan.FromSeconds(20) };
    private int _zonalPolls;
    private int _regionalPolls;
    private bool _cancelled;
    private LoopbackServer _server = null!;
    private HttpClient _http = null!;
    private ComputeopsService _service = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(Handle);
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        _service = new ComputeopsService(_http, new ClientOptions { BaseUri = _server.BaseUri });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static CannedResponse Operation(string link, string status, string? error = null) =>
        CannedResponse.Json($$"""{"name":"op","status":"{{status}}","selfLink":"{{link}}","targetLink":"https://container.example.invalid/v1/projects/p1/zones/z1/clusters/c1"{{(error is null ? "" : ",\"error\":" + error)}}}""");

    private CannedResponse Handle(RecordedRequest request)
    {
        switch (request.Method, request.Path)
        {
            case ("PUT", "/v1/projects/p1/zones/z1/clusters/c1"):
                return Operation(request.BodyText.Contains("\"nodeCount\":3", StringComparison.Ordinal) ? ZonalLink : FailingLink, "PENDING");
            case ("PUT", "/v1/projects/p1/zones/z1/clusters/nolink"):
                return CannedResponse.Json("""{"name":"op","status":"PENDING"}""");
            case ("DELETE", "/v1/projects/p1/locations/r1/clusters/c2"):
                return Operation(RegionalLink, "RUNNING");
            case ("GET", "/v1/projects/p1/zones/z1/operations/op%201"):
                // The pieces arrive decoded from the link and escaped again: "op 1" as one segment.
                return Interlocked.Increment(ref _zonalPolls) < 2 ? Operation(ZonalLink, "RUNNING")
                    : _cancelled ? Operation(ZonalLink, "DONE", """{"errors":[{"code":"CANCELLED","message":"Cancelled by the user."}]}""")
                    : Operation(ZonalLink, "DONE");
            case ("POST", "/v1/projects/p1/zones/z1/operations/op%201:cancel"):
                _cancelled = true;
                return CannedResponse.Json("{}");
            case ("GET", "/v1/projects/p1/locations/r1/operations/op-2"):
                return Operation(RegionalLink, Interlocked.Increment(ref _regionalPolls) < 3 ? "ABORTING" : "DONE");
            case ("GET", "/v1/projects/p1/zones/z1/operations/op-3"):
                return Operation(FailingLink, "DONE", """{"errors":[{"code":"QUOTA_EXCEEDED","location":"nodeCount","message":"Quota exceeded."},{"code":"INTERNAL","message":"Also this."}]}""");
            case ("GET", var path) when path.StartsWith(HttpFailurePath, StringComparison.Ordinal):
                // "http-404-RESOURCE_NOT_FOUND": a failure with its HTTP status, as Compute Engine reports one.
                var parts = path[HttpFailurePath.Length..].Split('-', 2);
                var link = "https://compute.example.invalid/compute/v1" + path[3..];
                return CannedResponse.Json($$$"""{"name":"op","status":"DONE","selfLink":"{{{link}}}","httpErrorStatusCode":{{{parts[0]}}},"httpErrorMessage":"FAILED","error":{"errors":[{"code":"{{{parts[1]}}}","message":"It failed."}]}}""");
            default:
                return new CannedResponse(404, """{"error":{"code":404,"message":"no route","status":"NOT_FOUND"}}""");
        }
    }

    [Fact]
    public async Task StartUpdate_PollsTheZonalGetWithTheLinksPieces_OnTheClientsEndpoint_UntilDone()
    {
        var handle = await _service.Projects.Zones.Clusters.StartUpdateAsync("p1", "z1", "c1", new Cluster { NodeCount = 3 });

        Assert.Equal(ZonalLink, handle.Name);
        Assert.False(handle.IsDone);
        var done = await handle.PollUntilDoneAsync(Fast);

        Assert.Equal(OperationStatus.Done, done.Status);
        Assert.Null(await handle.WaitAsync(Fast));
        Assert.Equal(2, _zonalPolls);
        // Every request went to the loopback server (the only host the client can reach here) at the get's own path.
        Assert.All(_server.Requests.Where(r => r.Method == "GET"), r => Assert.Equal("/v1/projects/p1/zones/z1/operations/op%201", r.Path));
    }

    [Fact]
    public async Task StartDelete_PollsTheLocationsGetWithTheLinksPathAsTheName_PastAborting()
    {
        var handle = await _service.Projects.Locations.Clusters.StartDeleteAsync("projects/p1/locations/r1/clusters/c2");

        var done = await handle.PollUntilDoneAsync(Fast);

        Assert.Equal("DONE", done.Status?.Value);
        Assert.Equal(3, _regionalPolls);
        Assert.Equal(3, _server.Requests.Count(r => r.Method == "GET" && r.Path == "/v1/projects/p1/locations/r1/operations/op-2"));
    }

    [Fact]
    public async Task AnOperationThatEndsWithErrors_ThrowsOperationFailed_WithEachError()
    {
        var handle = await _service.Projects.Zones.Clusters.StartUpdateAsync("p1", "z1", "c1", new Cluster { NodeCount = 1 });

        var failed = await Assert.ThrowsAsync<OperationFailedException>(() => handle.WaitAsync(Fast));

        Assert.Equal(FailingLink, failed.OperationName);
        Assert.Equal(2, failed.Error.Code);
        Assert.Equal("QUOTA_EXCEEDED", failed.Error.Status);
        Assert.Equal("Quota exceeded.", failed.Error.Message);
        Assert.Equal(["QUOTA_EXCEEDED", "INTERNAL"], failed.Error.Errors.Select(e => e.Reason));
        Assert.Equal("nodeCount", failed.Error.Errors[0].Location);
        Assert.Contains("QUOTA_EXCEEDED: Quota exceeded.", failed.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("404-RESOURCE_NOT_FOUND", 5)] // NOT_FOUND
    [InlineData("403-PERMISSION_DENIED", 7)] // PERMISSION_DENIED
    [InlineData("409-RESOURCE_ALREADY_EXISTS", 6)] // ALREADY_EXISTS
    [InlineData("409-RESOURCE_IN_USE_BY_ANOTHER_RESOURCE", 10)] // ABORTED
    [InlineData("429-RATE_LIMIT_EXCEEDED", 8)] // RESOURCE_EXHAUSTED
    [InlineData("499-CLIENT_CLOSED", 2)] // UNKNOWN: a failure never passes for a cancellation
    [InlineData("418-TEAPOT", 2)] // UNKNOWN
    public async Task AFailureWithItsHttpStatus_GetsTheCodeThatStatusStandsFor(string failure, int code)
    {
        var handle = _service.TrackOperation("projects/p1/zones/z1/operations/http-" + failure);

        var failed = await Assert.ThrowsAsync<OperationFailedException>(() => handle.WaitAsync(Fast));

        Assert.Equal(code, failed.Error.Code);
        Assert.Equal(failure[4..], failed.Error.Status);
        Assert.Equal("It failed.", failed.Error.Message);
        Assert.Equal(int.Parse(failure[..3], System.Globalization.CultureInfo.InvariantCulture), handle.Latest.HttpErrorStatusCode);
    }

    [Fact]
    public async Task TrackOperation_ByLink_CancelsAtTheZonalCancel_AndWaitingReportsTheFailure()
    {
        var handle = _service.TrackOperation(ZonalLink);

        await handle.CancelAsync();
        var failed = await Assert.ThrowsAsync<OperationFailedException>(() => handle.WaitAsync(Fast));

        Assert.Equal("CANCELLED", failed.Error.Status);
        // The cancel's request body requires nothing (deprecated copies of the path's pieces): sent empty.
        var cancel = Assert.Single(_server.Requests, r => r.Method == "POST" && r.Path == "/v1/projects/p1/zones/z1/operations/op%201:cancel");
        Assert.Equal("{}", cancel.BodyText);
    }

    [Fact]
    public async Task TrackOperation_TakesTheLinksPathToo()
    {
        var handle = _service.TrackOperation("projects/p1/locations/r1/operations/op-2");

        await handle.RefreshAsync();

        Assert.Equal(RegionalLink, handle.Latest.SelfLink);
        Assert.Single(_server.Requests, r => r.Path == "/v1/projects/p1/locations/r1/operations/op-2");
    }

    [Fact]
    public async Task AStartedOperationWithoutASelfLink_CannotBeTracked_AndSaysWhy()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _service.Projects.Zones.Clusters.StartUpdateAsync("p1", "z1", "nolink", new Cluster()));

        Assert.Contains("no selfLink", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task ALinkNotEndingWithAGetsPath_ThrowsBeforeAnyRequest()
    {
        foreach (var bad in new[] { "op-1", "https://container.example.invalid/v1/projects/p1/operations/op-1", "projects/p1/zones/z1/operations/", "projects/p1/zones/z1/operations/op-1?alt=json", "" })
        {
            var error = Assert.Throws<ArgumentException>(() => _service.TrackOperation(bad));
            Assert.Equal("name", error.ParamName);
        }

        // A link the server sent that fits no get fails the poll, still before a request leaves.
        var handle = _service.TrackOperation(new Operation { SelfLink = "https://container.example.invalid/v1/projects/p1/global/operations/op-1" });
        var thrown = await Assert.ThrowsAsync<ArgumentException>(() => handle.RefreshAsync());
        Assert.Contains("projects/{projectId}/zones/{zone}/operations/{operationId}", thrown.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }
}
