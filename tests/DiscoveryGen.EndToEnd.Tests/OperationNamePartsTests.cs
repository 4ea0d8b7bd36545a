using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Synthetic.LroParts;
using Xunit;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>
/// Long-running operations as Cloud Storage has them (tests/Shared/TestDocuments/lroparts.v1.json): the operation is
/// named <c>projects/_/buckets/{bucket}/operations/{operationId}</c>, while <c>operations.get</c> and
/// <c>operations.cancel</c> take <c>b/{bucket}/operations/{operationId}</c>. Against a loopback server on Kestrel, the
/// generated helpers poll and cancel at those paths, and a name without the pieces throws before any request.
/// </summary>
public sealed class OperationNamePartsTests : IAsyncLifetime
{
    private const string OperationName = "projects/_/buckets/b1/operations/op 1";
    private static readonly OperationPolling Fast = new() { InitialDelay = OperationPolling.MinimumDelay, MaxDelay = OperationPolling.MinimumDelay, Timeout = TimeSpan.FromSeconds(20) };
    private int _polls;
    private bool _cancelled;
    private LoopbackServer _server = null!;
    private HttpClient _http = null!;
    private LropartsService _service = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(Handle);
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        _service = new LropartsService(_http, new ClientOptions { BaseUri = _server.BaseUri });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private CannedResponse Handle(RecordedRequest request)
    {
        // The raw path: the operation id's space must arrive escaped, as one segment.
        if (request.Method == "POST" && request.Path == "/b/b1/folders/src/renameTo/folders/dst")
        {
            return CannedResponse.Json($$$"""{"name":"{{{OperationName}}}","done":false,"metadata":{"@type":"type.googleapis.com/google.storage.control.v2.RenameFolderMetadata","sourceFolderId":"src"}}""");
        }

        if (request.Method == "POST" && request.Path == "/b/b1/operations/op%201/cancel")
        {
            _cancelled = true;
            return new CannedResponse(204, string.Empty);
        }

        if (request.Method == "GET" && request.Path == "/b/b1/operations/op%201")
        {
            return Interlocked.Increment(ref _polls) < 2
                ? CannedResponse.Json($$$"""{"name":"{{{OperationName}}}","done":false}""")
                : _cancelled
                    ? CannedResponse.Json($$$"""{"name":"{{{OperationName}}}","done":true,"error":{"code":1,"message":"Cancelled."}}""")
                    : CannedResponse.Json($$$"""{"name":"{{{OperationName}}}","done":true,"response":{"@type":"type.googleapis.com/google.storage.control.v2.Folder","name":"dst/","bucket":"b1"}}""");
        }

        return new CannedResponse(404, """{"error":{"code":404,"message":"no route","status":"NOT_FOUND"}}""");
    }

    [Fact]
    public async Task StartRename_PollsTheBucketsOperationsGet_AndUnpacksTheFolder()
    {
        var handle = await _service.Folders.StartRenameAsync("b1", "src", "dst");

        Assert.Equal(OperationName, handle.Name);
        Assert.Equal("src", Assert.IsType<RenameFolderMetadata>(handle.Metadata()).SourceFolderId);
        var folder = Assert.IsType<Folder>(await handle.WaitAsync(Fast));

        Assert.Equal("dst/", folder.Name);
        Assert.Equal(2, _server.Requests.Count(r => r.Method == "GET" && r.Path == "/b/b1/operations/op%201"));
    }

    [Fact]
    public async Task TrackOperation_ByName_CancelsAtTheBucketsOperationsCancel()
    {
        var handle = _service.TrackOperation(OperationName);

        await handle.CancelAsync();
        var error = await Assert.ThrowsAsync<OperationCancelledException>(() => handle.WaitAsync<Folder>(Fast));

        Assert.Equal(1, error.Error.Code);
        Assert.Contains(_server.Requests, r => r.Method == "POST" && r.Path == "/b/b1/operations/op%201/cancel");
    }

    [Fact]
    public async Task ANameWithoutTheBucket_ThrowsBeforeAnyRequest()
    {
        var error = Assert.Throws<ArgumentException>(() => _service.TrackOperation("projects/_/operations/op-1"));
        Assert.Contains("'bucket", error.Message, StringComparison.Ordinal);

        // A name the server sent that lacks a piece fails the poll, still before a request leaves.
        var handle = _service.TrackOperation(new GoogleLongrunningOperation { Name = "operations/op-1" });
        await Assert.ThrowsAsync<ArgumentException>(() => handle.RefreshAsync());
        Assert.Empty(_server.Requests);
    }
}
