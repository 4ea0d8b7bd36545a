using System;
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
public sealed class RootlessDocumentTests : LoopbackTest
{

    [Fact]
    public async Task WithBaseUri_CallsGoThere()
    {
        Server.Responder = _ => CannedResponse.Json("""{"name":"w1","size":"42"}""");
        var service = new RootlessService(Http, new ClientOptions { BaseUri = new Uri(Server.BaseUri, "api/") });

        var widget = await service.Widgets.GetAsync("w1");

        Assert.Equal(42L, widget.Size);
        var request = Assert.Single(Server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/widgets/w1", request.Path);
    }

    [Fact]
    public void WithoutBaseUri_TheServiceCannotBeCreated()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new RootlessService(Http, new ClientOptions()));
        Assert.Contains("ClientOptions.BaseUri", ex.Message, StringComparison.Ordinal);

        var withoutOptions = Assert.Throws<InvalidOperationException>(() => new RootlessService(Http));
        Assert.Contains("ClientOptions.BaseUri", withoutOptions.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public void TheServiceHasNoDefaultBaseUri()
    {
        Assert.Null(typeof(RootlessService).GetProperty("DefaultBaseUri"));
        Assert.NotNull(typeof(Synthetic.Minimal.MinimalService).GetProperty("DefaultBaseUri"));
    }
}
