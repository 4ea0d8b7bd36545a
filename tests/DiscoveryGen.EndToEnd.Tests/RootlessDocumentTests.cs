using System;
using System.Net.Http;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Synthetic.Rootless;
using Xunit;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>
/// A document with no rootUrl, baseUrl or servicePath (tests/Shared/TestDocuments/rootless.v1.json, issue 10 item 18)
/// is generated (warning DG0020); its service has no default base URI, so <see cref="ClientOptions.BaseUri"/> is
/// required and its absence is a clear exception before any request.
/// </summary>
public sealed class RootlessDocumentTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task WithBaseUri_CallsGoThere()
    {
        _server.Responder = _ => CannedResponse.Json("""{"name":"w1","size":"42"}""");
        var service = new RootlessService(_http, new ClientOptions { BaseUri = new Uri(_server.BaseUri, "api/") });

        var widget = await service.Widgets.GetAsync("w1");

        Assert.Equal(42L, widget.Size);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/widgets/w1", request.Path);
    }

    [Fact]
    public void WithoutBaseUri_TheServiceCannotBeCreated()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new RootlessService(_http, new ClientOptions()));
        Assert.Contains("ClientOptions.BaseUri", ex.Message, StringComparison.Ordinal);

        var withoutOptions = Assert.Throws<InvalidOperationException>(() => new RootlessService(_http));
        Assert.Contains("ClientOptions.BaseUri", withoutOptions.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void TheServiceHasNoDefaultBaseUri()
    {
        Assert.Null(typeof(RootlessService).GetProperty("DefaultBaseUri"));
        Assert.NotNull(typeof(Synthetic.Minimal.MinimalService).GetProperty("DefaultBaseUri"));
    }
}
