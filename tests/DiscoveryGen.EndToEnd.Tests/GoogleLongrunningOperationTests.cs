using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Synthetic.Lro;
using Xunit;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>
/// A document whose operation schema is <c>GoogleLongrunningOperation</c> (tests/Shared/TestDocuments/lro.v1.json, as
/// aiplatform.v1 names it) against a loopback operations service on Kestrel: <c>StartCreateAsync</c> polls
/// <c>operations.get</c> until done and unpacks the result by its <c>@type</c>; cancel goes to <c>operations.cancel</c>.
/// </summary>
public sealed class GoogleLongrunningOperationTests : IAsyncLifetime
{
    private const string Parent = "projects/p1/locations/l";
    private const string OperationName = Parent + "/operations/op-1";
    private static readonly OperationPolling Fast = new() { InitialDelay = OperationPolling.MinimumDelay, MaxDelay = OperationPolling.MinimumDelay, Timeout = TimeSpan.FromSeconds(20) };
    private int _polls;
    private bool _cancelled;
    private LoopbackServer _server = null!;
    private HttpClient _http = null!;
    private LrotestService _service = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(Handle);
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        _service = new LrotestService(_http, new ClientOptions { BaseUri = _server.BaseUri });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private CannedResponse Handle(RecordedRequest request)
    {
        var path = Uri.UnescapeDataString(request.Path);
        if (request.Method == "POST" && path == "/v1/" + Parent + "/widgets")
        {
            return CannedResponse.Json($$$"""{"name":"{{{OperationName}}}","done":false,"metadata":{"@type":"type.googleapis.com/google.cloud.lrotest.v1.CreateWidgetMetadata","progressPercent":10}}""");
        }

        if (request.Method == "POST" && path == "/v1/" + OperationName + ":cancel")
        {
            _cancelled = true;
            return CannedResponse.Json("{}");
        }

        if (request.Method == "GET" && path == "/v1/" + OperationName)
        {
            return Interlocked.Increment(ref _polls) < 2
                ? CannedResponse.Json($$$"""{"name":"{{{OperationName}}}","done":false}""")
                : _cancelled
                    ? CannedResponse.Json($$$"""{"name":"{{{OperationName}}}","done":true,"error":{"code":1,"message":"Cancelled."}}""")
                    : CannedResponse.Json($$$"""{"name":"{{{OperationName}}}","done":true,"response":{"@type":"type.googleapis.com/google.cloud.lrotest.v1.Widget","name":"{{{Parent}}}/widgets/w1","color":"blue","parts":[{"label":"x"}]}}""");
        }

        return new CannedResponse(404, """{"error":{"code":404,"message":"no route","status":"NOT_FOUND"}}""");
    }

    [Fact]
    public async Task StartCreate_PollsOperationsGetUntilDone_AndUnpacksTheWidgetByItsAtType()
    {
        var handle = await _service.Projects.Locations.Widgets.StartCreateAsync(Parent, new GoogleCloudLrotestV1Widget { Color = "blue" });

        Assert.Equal(OperationName, handle.Name);
        Assert.Equal(10, Assert.IsType<GoogleCloudLrotestV1CreateWidgetMetadata>(handle.Metadata()).ProgressPercent);
        var widget = Assert.IsType<GoogleCloudLrotestV1Widget>(await handle.WaitAsync(Fast));

        Assert.Equal(Parent + "/widgets/w1", widget.Name);
        Assert.Equal("x", Assert.Single(widget.Parts!).Label);
        var create = Assert.Single(_server.Requests, r => r.Method == "POST");
        Assert.Equal("blue", JsonDocument.Parse(create.BodyText).RootElement.GetProperty("color").GetString());
        Assert.Equal(2, _server.Requests.Count(r => r.Method == "GET"));
    }

    [Fact]
    public async Task TrackOperation_ByName_Cancels_AndWaitingReportsTheCancellation()
    {
        var handle = _service.TrackOperation(OperationName);

        await handle.CancelAsync();
        var error = await Assert.ThrowsAsync<OperationCancelledException>(() => handle.WaitAsync<GoogleCloudLrotestV1Widget>(Fast));

        Assert.Equal(1, error.Error.Code);
        Assert.Contains(_server.Requests, r => r.Method == "POST" && r.Path.EndsWith(":cancel", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => _service.TrackOperation("projects/p1/widgets/w1"));
    }
}
