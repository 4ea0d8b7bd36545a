using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Synthetic.Minimal;
using Xunit;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>
/// A POST or PATCH is retried on 503 only when it carries a precondition the document declares (issue 10 item 6): the
/// request schema's own <c>etag</c> field set, or an <c>if…Match</c> parameter given. The generator tells the runtime
/// which, typed; the body's JSON is never searched, so a user map with a key <c>etag</c> is data, not a precondition.
/// Against tests/Shared/TestDocuments/minimal.v1.json (Thing: top-level bytes <c>etag</c> and a <c>labels</c> map).
/// </summary>
public sealed class PreconditionRetryTests : LoopbackTest
{

    private MinimalService Service() => new(Http, new ClientOptions
    {
        BaseUri = new Uri(Server.BaseUri, "minimal/v1/"),
        Retry = new RetryPolicy { MaxAttempts = 3, InitialDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) },
    });

    /// <summary>503 first, then the thing: a retried call succeeds on its second request.</summary>
    private void UnavailableOnce()
    {
        var calls = 0;
        Server.Responder = _ => ++calls == 1 ? new CannedResponse(503) : CannedResponse.Json("""{"name":"t"}""");
    }

    [Fact]
    public async Task Post_WithKeyEtagInALabelsMap_IsNotRetried()
    {
        UnavailableOnce();
        var thing = new Thing { Labels = new Dictionary<string, string?> { ["etag"] = "user-data" } };

        var ex = await Assert.ThrowsAsync<ApiException>(() => Service().Things.InsertAsync(5, thing));

        Assert.Equal(503, (int)ex.StatusCode);
        var request = Assert.Single(Server.Requests);
        Assert.Contains("\"etag\":\"user-data\"", request.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WithTheSchemasTopLevelEtag_IsRetried()
    {
        UnavailableOnce();

        var result = await Service().Things.InsertAsync(5, new Thing { Etag = new byte[] { 1, 2, 3 } });

        Assert.Equal("t", result.Name);
        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal(Server.Requests[0].BodyText, Server.Requests[1].BodyText);
    }

    [Fact]
    public async Task Post_WithAnEmptyEtag_IsNotRetried()
    {
        UnavailableOnce();

        await Assert.ThrowsAsync<ApiException>(() => Service().Things.InsertAsync(5, new Thing { Etag = Array.Empty<byte>() }));

        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Patch_WithADeclaredIfMetagenerationMatch_IsRetried()
    {
        UnavailableOnce();

        await Service().Things.PatchAsync("abc", new Thing(), ifMetagenerationMatch: 7);

        Assert.Equal(2, Server.Requests.Count);
        Assert.All(Server.Requests, r => Assert.Equal(new[] { "7" }, r.QueryValues("ifMetagenerationMatch")));
    }

    [Fact]
    public async Task Patch_WithADeclaredIfMatch_IsRetried()
    {
        UnavailableOnce();

        await Service().Things.PatchAsync("abc", new Thing(), ifMatch: "\"v1\"");

        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task Patch_WithOnlyIfMetagenerationNotMatch_IsNotRetried()
    {
        // A repeat after success still passes a NotMatch condition: it is no protection against applying twice.
        UnavailableOnce();

        await Assert.ThrowsAsync<ApiException>(() => Service().Things.PatchAsync("abc", new Thing(), ifMetagenerationNotMatch: 7));

        Assert.Single(Server.Requests);
        Assert.Equal(new[] { "7" }, Server.Requests[0].QueryValues("ifMetagenerationNotMatch"));
    }

    [Fact]
    public async Task Patch_WithoutAnyPrecondition_IsNotRetried()
    {
        UnavailableOnce();

        await Assert.ThrowsAsync<ApiException>(() => Service().Things.PatchAsync("abc", new Thing { Name = "etag" }));

        Assert.Single(Server.Requests);
    }
}
